"""The player and a moment in Chromium: a 1-minute practice with the clock sped up, the log
stored (also after a failed send), and a moment through to "I feel settled now"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import Clock, Persona
from tests.web.browser_support import log_in
from vagal.services import moments, practices
from vagal.storage.db import Database

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BROWSER_TIME = datetime(2026, 3, 10, 9, 29, tzinfo=UTC)


def test_one_minute_practice_runs_with_the_pacer_and_is_logged_once(
    browser_page: object,
    live_server: str,
    client_persona: Persona,
    db: Database,
) -> None:
    from playwright.sync_api import Page, Route, expect

    page = browser_page
    assert isinstance(page, Page)
    page.clock.install(time=BROWSER_TIME)
    log_in(page, live_server, client_persona.account.email)
    page.get_by_role("link", name="Practices").first.click()
    page.locator("#extended_exhale").get_by_role("link", name="1 min").click()
    expect(page.get_by_role("heading", name="Longer breath out")).to_be_visible()

    page.locator("fieldset.scale", has_text="Distress right now").get_by_text(
        "7", exact=True
    ).click()
    page.get_by_text("Activated (wired, on edge)").first.click()
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#steps li").nth(0)).to_have_class("current")
    expect(page.locator("#pacer")).to_be_hidden()

    # Into the paced step: 2 s into a 4-in, 6-out breath is the in-breath ...
    page.clock.run_for(12_000)
    expect(page.locator("#pacer")).to_be_visible()
    expect(page.locator("#pacer .pacer-phase")).to_have_text("Breathe in")
    expect(page.locator("#pacer")).to_have_attribute("data-phase", "inhale")
    shape = page.locator("#pacer .pacer-shape")
    scale = float(shape.evaluate("e => e.style.transform").removeprefix("scale(").rstrip(")"))
    assert 0.65 < scale < 0.8  # about half full (0.725), give or take real time passing
    # ... and 6 s in, the out-breath.
    page.clock.run_for(4_000)
    expect(page.locator("#pacer .pacer-phase")).to_have_text("Breathe out")
    # Pausing holds the time; resuming carries on.
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(30_000)
    expect(page.locator("#run-status")).to_contain_text("Paused")
    page.get_by_role("button", name="Resume").click()
    page.clock.run_for(46_000)
    expect(page.locator("#run-status")).to_contain_text("end of the practice")
    expect(page.locator("#pacer")).to_be_hidden()
    assert page.locator("input[name='done_s']").input_value() == "60"

    page.locator("fieldset.scale", has_text="Distress now").get_by_text("4", exact=True).click()
    page.locator("fieldset.choices", has_text="closest now").get_by_text("Settled").click()

    # The first send fails (offline): the log waits on the device, then goes once.
    def offline(route: Route) -> None:
        route.abort("internetdisconnected")

    page.route("**/api/v1/practice-logs", offline)
    page.get_by_role("button", name="Save how it went").click()
    expect(page.locator("#save-status")).to_contain_text("Saved on this device")
    page.unroute("**/api/v1/practice-logs")
    page.get_by_role("button", name="Save how it went").click()
    expect(page.locator("#save-status")).to_contain_text("Thank you")
    page.reload()  # flushes the queued copy: the same client_id, so no second row
    page.wait_for_function("() => !localStorage.getItem('vagal.pendingPracticeLogs')")

    with db.session(write=False) as session:
        logs = practices.list_logs(session, client_persona.account)
    assert len(logs) == 1
    log = logs[0]
    assert (log.practice_id, log.planned_minutes, log.done_s, log.completed) == (
        "extended_exhale",
        1,
        60,
        True,
    )
    assert (log.distress_before, log.distress_after) == (7, 4)
    assert log.state_before is not None and log.state_before.value == "activated"
    # The browser's (installed) clock also runs in real time between the steps above.
    assert BROWSER_TIME <= log.started_at < BROWSER_TIME + timedelta(minutes=1)


def test_reduced_motion_pacer_and_stopping_early(
    browser_page: object,
    live_server: str,
    client_persona: Persona,
    db: Database,
) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    page.emulate_media(reduced_motion="reduce")
    page.clock.install(time=BROWSER_TIME)
    log_in(page, live_server, client_persona.account.email)
    page.goto(live_server + "/practices/box_breathing?minutes=3")
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(26_000)  # 20 s settling, then 6 s into a 4-4-4-4 box: holding full
    expect(page.locator("#pacer .pacer-phase")).to_have_text("Hold gently")
    expect(page.locator("#pacer progress.pacer-progress")).to_be_visible()
    assert page.locator("#pacer .pacer-shape").evaluate("e => e.style.transform") == "scale(0.8)"
    page.get_by_role("button", name="Stop here").click()
    expect(page.locator("#run-status")).to_contain_text("Stopping when you need to is a good")
    page.get_by_role("button", name="Save how it went").click()
    expect(page.locator("#save-status")).to_contain_text("Thank you")
    with db.session(write=False) as session:
        (log,) = practices.list_logs(session, client_persona.account)
    assert (log.practice_id, log.done_s, log.completed) == ("box_breathing", 26, False)


def test_moment_to_settled(
    browser_page: object,
    live_server: str,
    client_persona: Persona,
    db: Database,
    clock: Clock,
) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    page.clock.install(time=BROWSER_TIME)
    log_in(page, live_server, client_persona.account.email)
    page.get_by_role("link", name="Moment", exact=True).click()
    page.get_by_text("Add what happened (optional)").click()
    page.get_by_label("What set it off, if you know").fill("A sharp message")
    page.get_by_role("button", name="I'm activated").click()
    expect(page.get_by_role("heading", name="Something to try now")).to_be_visible()
    page.get_by_role("link", name="Start longer breath out").click()
    expect(page.get_by_role("link", name="Back to your moment")).to_be_visible()
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(181_000)
    page.get_by_role("button", name="Save how it went").click()
    page.locator("#after-save").click()
    clock.advance(minutes=8)
    page.get_by_role("button", name="I feel settled now").click()
    expect(page.locator("#recovery")).to_contain_text("about 8 minutes")

    with db.session(write=False) as session:
        (moment,) = moments.list_moments(session, client_persona.account)
        (log,) = practices.list_logs(session, client_persona.account)
    assert moment.trigger_note == "A sharp message"
    assert moment.recovery_s == 8 * 60
    assert log.moment_id == moment.id and log.done_s == 180
