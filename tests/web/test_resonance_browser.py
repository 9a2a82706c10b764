"""The resonance page in Chromium with the fake strap: five paces, the pacer, a stored result."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import make_account
from tests.web.browser_support import log_in
from tests.web.test_live_browser import BROWSER_START, real_rr, strap_script
from vagal.storage.db import Database
from vagal.storage.rows import RecordingRow, ResonanceAssessmentRow

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_assessment_runs_five_paces_and_shows_the_chosen_rate(
    browser_page: object, live_server: str, db: Database
) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    make_account(db, "resonance@example.org")
    script, malformed = strap_script(real_rr(1200))
    page.emulate_media(reduced_motion="reduce")
    page.clock.install(time=BROWSER_START)
    page.add_init_script(script)
    log_in(page, live_server, "resonance@example.org")
    page.goto(live_server + "/resonance")
    expect(page.get_by_role("heading", name="How it works")).to_be_visible()

    page.get_by_role("button", name="Connect a strap").click()
    expect(page.locator("#connect-status")).to_contain_text("Connected to Fake strap")
    page.get_by_role("button", name="Begin the assessment").click()
    expect(page.locator("#step-title")).to_have_text("Pace 1 of 5: 6.5 breaths per minute")
    page.clock.run_for(3_000)
    expect(page.locator(".pacer-phase")).to_have_text("Breathe in")  # 45 % of 9.2 s is 4.2 s
    expect(page.get_by_role("button", name="Stop")).to_be_visible()
    page.clock.run_for(120_000)
    expect(page.get_by_role("heading", name="Rest")).to_be_visible()
    page.get_by_role("button", name="Start the next pace now").click()
    expect(page.locator("#step-title")).to_have_text("Pace 2 of 5: 6 breaths per minute")
    for _ in range(4):
        page.clock.run_for(160_000)

    expect(page.locator("#chosen-rate")).to_contain_text("The breath pacer will offer this rate")
    expect(page.locator("#ranking > li")).to_have_count(5)
    expect(page.locator("#live-malformed")).to_have_text(str(malformed))
    with db.session(write=False) as session:
        assessments = session.scalars(select(ResonanceAssessmentRow)).all()
        assert len(assessments) == 1
        rate = assessments[0].rate_bpm
        kinds = [r.kind for r in session.scalars(select(RecordingRow))]
    assert kinds == ["practice"] * 5
    expect(page.locator("#chosen-rate")).to_contain_text(f"{rate:g} breaths per minute")

    page.goto(live_server + "/resonance")
    expect(page.locator("#latest-rate")).to_contain_text(f"{rate:g} breaths per minute")
