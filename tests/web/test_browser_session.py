"""A real browser runs a short guided strength session, loses its connection before the end,
and the log arrives exactly once when it is back online."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conftest import PASSWORD, Clock, Persona
from tests.services.strength_support import check_in, ready
from vagal.services import strength
from vagal.storage.db import Database

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def stored(db: Database, persona: Persona) -> list[strength.StoredSession]:
    with db.session(write=False) as s:
        return strength.list_sessions(s, persona.account)


def test_a_short_session_end_to_end_offline_at_the_end(
    browser_page: object,
    live_server: str,
    db: Database,
    clock: Clock,
    client_persona: Persona,
) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    ready(db, client_persona.account, clock.now, minutes=5)
    check_in(db, client_persona.account, clock.now, state=None)
    page.clock.install(time=datetime(2026, 3, 10, 9, 30, tzinfo=UTC))

    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("client@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Start today's session").click()

    expect(page.get_by_role("heading", name="Before you start")).to_be_focused()
    page.get_by_text("Settled", exact=True).click()
    page.locator("fieldset.scale").get_by_text("4", exact=True).click()
    page.get_by_role("button", name="Begin").click()

    # The opening block: a timer that can be paused and resumed, from the keyboard too.
    expect(page.get_by_role("heading", name="Arrive")).to_be_focused()
    expect(page.locator("#timer-live")).to_contain_text("left")
    page.get_by_role("button", name="Pause").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    paused_at = page.locator(".time").text_content()
    page.clock.run_for(30_000)
    expect(page.locator(".time")).to_have_text(paused_at or "")
    page.get_by_role("button", name="Resume").click()

    sets = 0
    for _ in range(60):
        if page.get_by_role("button", name="Save and finish").is_visible():
            break
        if page.get_by_role("button", name="Set done").is_visible():
            page.get_by_text("Easy", exact=True).click()
            page.get_by_role("button", name="Set done").click()
            sets += 1
        else:
            expect(page.get_by_role("button", name="Pause")).to_be_visible()
            page.clock.run_for(300_000)  # the timer runs out and the next step begins
    assert sets >= 2
    page.locator("fieldset.scale").get_by_text("2", exact=True).click()
    page.locator("fieldset", has_text="overall").get_by_text("OK", exact=True).click()

    # The connection drops just before the end: the log stays on the device.
    page.context.set_offline(True)
    page.get_by_role("button", name="Save and finish").click()
    expect(page.get_by_role("heading", name="Thank you for taking this time")).to_be_visible()
    expect(page.locator("#session-sync")).to_contain_text("kept on this device")
    assert stored(db, client_persona) == []
    assert page.evaluate("JSON.parse(localStorage.getItem('vagal.sessions.pending')).length") == 1

    # Back online: it is sent once.
    page.context.set_offline(False)
    expect(page.locator("#session-sync")).to_have_text("Your session log is saved.")
    logs = stored(db, client_persona)
    assert len(logs) == 1
    log = logs[0]
    assert len(log.sets) == sets and log.distress_before == 4 and log.distress_after == 2
    assert log.felt is not None and log.felt.value == "ok" and not log.stopped_early
    assert page.evaluate("localStorage.getItem('vagal.sessions.pending')") == "[]"

    # A log sent again (say a reply was lost) is recognised on the next load: still one.
    page.evaluate(
        "(id) => localStorage.setItem('vagal.sessions.pending', JSON.stringify([{client_id: id,"
        " local_date: '2026-03-10', started_at: '2026-03-10T09:30:00Z', sets: []}]))",
        log.client_id,
    )
    page.goto(live_server + "/session")
    expect(page.locator("#session-sync")).to_have_text("Your session log is saved.")
    assert len(stored(db, client_persona)) == 1
    expect(page.get_by_text("not a strength session, and that is part of the plan")).to_be_visible()


def test_stopping_is_a_good_choice_and_is_logged(
    browser_page: object,
    live_server: str,
    db: Database,
    clock: Clock,
    client_persona: Persona,
) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    ready(db, client_persona.account, clock.now, minutes=10)
    check_in(db, client_persona.account, clock.now)
    page.clock.install(time=datetime(2026, 3, 10, 9, 30, tzinfo=UTC))
    page.goto(live_server + "/login")
    page.get_by_label("Email").fill("client@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server + "/session")
    page.get_by_role("button", name="Begin").click()
    page.get_by_role("button", name="Skip").click()
    page.get_by_role("button", name="Set done").click()
    step = page.locator(".progress").text_content()
    # A reload mid-session (or a browser that was closed) picks up where it was, log and all.
    page.reload()
    expect(page.locator(".progress")).to_have_text(step or "")
    page.get_by_role("button", name="Stop here").click()
    expect(page.get_by_role("heading", name="Stopping here is a good choice")).to_be_focused()
    page.get_by_role("button", name="Settle for a moment first").click()
    expect(page.get_by_role("heading", name="Settle")).to_be_visible()
    page.clock.run_for(300_000)
    page.get_by_role("button", name="Save and finish").click()
    expect(page.locator("#session-sync")).to_have_text("Your session log is saved.")
    logs = stored(db, client_persona)
    assert len(logs) == 1 and logs[0].stopped_early and len(logs[0].sets) == 1

    # A session left unfinished on another day is sent as stopped early; one the server can
    # never accept (no check-in that day) is explained once and let go, not retried forever.
    page.evaluate(
        "localStorage.setItem('vagal.sessions.current', JSON.stringify({index: 2, log: {"
        "client_id: 'left-over-0001', local_date: '2026-03-08', started_at: "
        "'2026-03-08T09:30:00Z', sets: [{exercise_id: 'sit_to_stand', reps: 5}]}}))"
    )
    page.reload()
    expect(page.locator("#session-sync")).to_contain_text(
        "This session log could not be saved: There is no check-in for 2026-03-08"
    )
    assert page.evaluate("localStorage.getItem('vagal.sessions.pending')") == "[]"
    assert page.evaluate("localStorage.getItem('vagal.sessions.current')") is None
    assert len(stored(db, client_persona)) == 1
