"""A real browser opens the progress page, reads a chart's table and downloads the PDF."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import Persona
from tests.progress_data import fill_days, profile
from tests.web.browser_support import log_in
from vagal.storage.db import Database

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TODAY = date(2026, 3, 10)


def test_open_progress_and_download_the_pdf(
    browser_page: object,
    live_server: str,
    db: Database,
    client_persona: Persona,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import Page, expect

    fill_days(db, client_persona.account.id, TODAY - timedelta(days=100), TODAY)
    with db.session(write=True) as session:
        session.add(profile(client_persona.account.id))
    page = browser_page
    assert isinstance(page, Page)
    log_in(page, live_server, client_persona.account.email)
    page.get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
    expect(page.get_by_role("heading", name="This week, in words")).to_be_visible()
    page.get_by_role("link", name="Quarter").click()
    expect(page.get_by_role("link", name="Quarter")).to_have_attribute("aria-current", "page")
    hrv = page.get_by_role("img", name="How is my heart-rate variability (ln RMSSD) moving?")
    expect(hrv).to_be_visible()
    # The table alternative opens from the keyboard.
    summary = page.locator("#chart-hrv-figure summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#chart-hrv-figure table")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download a PDF report").click()
    download = info.value
    assert download.suggested_filename == "vagal-progress-2025-12-10-to-2026-03-10.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
