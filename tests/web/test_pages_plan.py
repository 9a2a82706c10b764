"""Onboarding pages and today's plan in the page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Persona
from tests.web.test_pages import csrf, log_in, sign_up
from vagal.catalog.screening import QUESTION_IDS
from vagal.core.planner import RULES


def test_signup_leads_to_screening_then_preferences_then_checkin(app_client: TestClient) -> None:
    response = sign_up(app_client)
    assert response.headers["location"] == "/onboarding/screening?next=preferences"  # type: ignore[attr-defined]
    form = {"csrf_token": csrf(app_client, "/onboarding/screening"), "next": "preferences"}
    form.update(dict.fromkeys(QUESTION_IDS, "no"))
    form["pregnancy"] = "yes"
    saved = app_client.post("/onboarding/screening", data=form, follow_redirects=False)
    assert saved.headers["location"] == "/onboarding/preferences"
    prefs = app_client.get("/onboarding/preferences").text
    assert "Until a clinician clears you" in prefs
    answers = {
        "csrf_token": csrf(app_client, "/onboarding/preferences"),
        "onboarding": "yes",
        "session_minutes": "5",
        "strength_days_per_week": "2",
        "preferred_weekdays": ["1", "3"],
        "equipment": ["none"],
        "goals": ["calmer_days"],
    }
    done = app_client.post("/onboarding/preferences", data=answers, follow_redirects=False)
    assert done.headers["location"] == "/checkin"
    checkin = {"csrf_token": csrf(app_client, "/checkin"), "distress": "2", "state": "settled"}
    today = app_client.post("/checkin", data=checkin).text
    assert "A regulation practice" in today  # a "yes" without clearance: no strength
    assert "R0.clearance" in today


def test_incomplete_screening_rerenders_with_the_question_named(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, "client@example.org")
    form = {"csrf_token": csrf(app_client, "/onboarding/screening"), "heart_condition": "no"}
    response = app_client.post("/onboarding/screening", data=form)
    assert response.status_code == 422
    assert "Please answer every question" in response.text


def test_bad_preferences_are_named(app_client: TestClient, client_persona: Persona) -> None:
    log_in(app_client, "client@example.org")
    form = {
        "csrf_token": csrf(app_client, "/onboarding/preferences"),
        "session_minutes": "20",
        "strength_days_per_week": "2",
    }
    response = app_client.post("/onboarding/preferences", data=form)
    assert response.status_code == 422
    assert "A session can be 5, 10 or 15 minutes" in response.text


def test_today_asks_for_a_checkin_first(app_client: TestClient, client_persona: Persona) -> None:
    log_in(app_client, "client@example.org")
    page = app_client.get("/today").text
    assert "How are you arriving today?" in page
    assert "readiness questions" in page


def test_rules_page_lists_every_running_rule(app_client: TestClient) -> None:
    page = app_client.get("/how-vagal-decides").text
    for rule in RULES:
        assert f'id="{rule.id}"' in page
