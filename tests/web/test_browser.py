"""A real browser (Debian's Chromium driven by Playwright): sign up, log in, check in, history."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_sign_up_log_in_check_in_and_find_it_in_history(
    browser_page: object, live_server: str
) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    page.goto(live_server + "/")
    page.get_by_role("link", name="Create an account").click()
    expect(page.locator("#not-medical")).to_contain_text("not a medical device")
    page.get_by_label("Email").fill("browser@example.org")
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Your time zone").select_option("Europe/Lisbon")
    page.get_by_label("I have read this").check()
    page.get_by_role("button", name="Create account").click()

    # Onboarding: readiness questions (all "no"), then preferences.
    expect(page.get_by_role("heading", name="Before any strength work")).to_be_visible()
    for group in page.locator("fieldset.yesno").all():
        group.get_by_text("No", exact=True).click()
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_role("heading", name="What would help you?")).to_be_visible()
    page.get_by_text("Better sleep").click()
    page.get_by_text("10 minutes").click()
    page.get_by_text("Bands").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Check in")).to_be_visible()

    page.get_by_text("More", exact=True).click()  # secondary places fold away behind "More"
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    page.get_by_label("Email").fill("browser@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today", exact=False)).to_be_visible()

    page.get_by_role("link", name="Check in").first.click()
    page.get_by_label("Hours of sleep last night").fill("6.5")
    page.locator("fieldset.scale", has_text="How well did you sleep?").get_by_text(
        "4", exact=True
    ).click()
    page.locator("fieldset.scale", has_text="Energy").get_by_text("5", exact=True).click()
    # The 0-10 scale works from the keyboard alone: focus a step, then move with the arrows.
    distress = page.locator("fieldset.scale", has_text="Distress")
    distress.locator("input[value='2']").focus()
    page.keyboard.press("ArrowRight")
    expect(distress.locator("input[value='3']")).to_be_checked()
    page.get_by_text("Activated (wired, on edge)").click()
    page.get_by_text("Racing heart").click()
    page.get_by_text("Muscle tension").click()
    page.get_by_label("Anything you'd like to note?").fill("Deadline at work; a walk helped.")
    page.get_by_label("Tags").fill("work, walk")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_role("status").first).to_contain_text("Saved")
    # Today's plan follows, with its reasons and a gentler option in view.
    expect(page.locator(".plan .kind")).to_be_visible()
    expect(page.get_by_role("heading", name="Why this plan")).to_be_visible()
    expect(page.get_by_text("Choose something gentler", exact=True)).to_be_visible()
    expect(page.locator(".plan .kind")).to_have_text("Gentle strength")

    page.get_by_text("More", exact=True).click()
    page.get_by_role("link", name="History").click()
    entry = page.locator("li.entry").first
    expect(entry).to_contain_text("Tuesday 10 March 2026")
    expect(entry).to_contain_text("3/10")
    expect(entry).to_contain_text("Racing heart, Muscle tension")
    expect(entry).to_contain_text("Deadline at work; a walk helped.")
    expect(page.locator("footer")).to_contain_text("vagal is not a medical device")
