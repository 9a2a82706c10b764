"""Onboarding through the API: screening and preferences."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.conftest import Clock, Persona
from tests.services.strength_support import check_in, do_session, ready
from tests.web.test_pages import log_in
from vagal.catalog.screening import QUESTION_IDS
from vagal.core.checkin import SessionLanding
from vagal.services import strength
from vagal.storage.db import Database

ALL_NO = dict.fromkeys(QUESTION_IDS, False)


def test_screening_starts_not_done_and_lists_the_questions(
    app_client: TestClient, client_persona: Persona
) -> None:
    body = app_client.get("/api/v1/me/screening", headers=client_persona.auth).json()
    assert body["status"] == "not_done"
    assert body["strength_allowed"] is False
    assert [q["id"] for q in body["questions"]] == list(QUESTION_IDS)


def test_all_no_clears_strength_and_a_yes_needs_clearance(
    app_client: TestClient, client_persona: Persona
) -> None:
    auth = client_persona.auth
    clear = app_client.put("/api/v1/me/screening", json={"answers": ALL_NO}, headers=auth).json()
    assert (clear["status"], clear["strength_allowed"]) == ("clear", True)
    yes = {**ALL_NO, "chest_pain": True}
    held = app_client.put("/api/v1/me/screening", json={"answers": yes}, headers=auth).json()
    assert (held["status"], held["strength_allowed"]) == ("needs_clearance", False)
    cleared = app_client.put(
        "/api/v1/me/screening",
        json={"answers": yes, "clinician_clearance": True},
        headers=auth,
    ).json()
    assert (cleared["status"], cleared["strength_allowed"]) == ("cleared_by_clinician", True)
    again = app_client.put("/api/v1/me/screening", json={"answers": ALL_NO}, headers=auth).json()
    assert again["status"] == "clear"


def test_incomplete_or_unknown_answers_are_rejected(
    app_client: TestClient, client_persona: Persona
) -> None:
    auth = client_persona.auth
    partial = dict.fromkeys(QUESTION_IDS[:-1], False)
    response = app_client.put("/api/v1/me/screening", json={"answers": partial}, headers=auth)
    assert response.status_code == 422
    assert response.json()["error"]["details"]["field"] == QUESTION_IDS[-1]
    unknown = app_client.put(
        "/api/v1/me/screening", json={"answers": {**ALL_NO, "smoker": True}}, headers=auth
    )
    assert unknown.status_code == 422
    assert "'smoker' is not one of the readiness questions" in unknown.json()["error"]["message"]
    status = app_client.get("/api/v1/me/screening", headers=auth).json()["status"]
    assert status == "not_done"


def test_preferences_round_trip_and_validation(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    auth = client_persona.auth
    assert app_client.get("/api/v1/me/preferences", headers=auth).json()["saved"] is False
    prefs = {
        "goals": ["better_sleep", "calmer_days"],
        "experience": "new",
        "equipment": ["bands"],
        "session_minutes": 10,
        "strength_days_per_week": 3,
        "preferred_weekdays": [0, 2, 4],
        "reminder_time": "07:30",
        "cold_exposure_ok": False,
    }
    saved = app_client.put("/api/v1/me/preferences", json=prefs, headers=auth)
    assert saved.status_code == 200, saved.text
    assert saved.json() == {**prefs, "saved": True}
    assert (
        app_client.get("/api/v1/me/preferences", headers=other_persona.auth).json()["saved"]
        is False
    )
    for bad, field in (
        ({"session_minutes": 20}, "session_minutes"),
        ({"strength_days_per_week": 5}, "strength_days_per_week"),
        ({"preferred_weekdays": [7]}, "preferred_weekdays"),
        ({"reminder_time": "7pm"}, "reminder_time"),
        ({"goals": ["get shredded"]}, "goals"),
    ):
        response = app_client.put("/api/v1/me/preferences", json={**prefs, **bad}, headers=auth)
        assert response.status_code == 422, bad
        assert response.json()["error"]["details"]["field"] == field
    assert app_client.get("/api/v1/me/preferences", headers=auth).json()["session_minutes"] == 10


def test_preferences_report_the_length_sessions_have_grown_to(
    app_client: TestClient, client_persona: Persona, db: Database, clock: Clock
) -> None:
    """Read back, `session_minutes` is the length sessions have grown to, so a client that
    sends the preferences back unchanged keeps it; sending a shorter one chooses it."""
    account = client_persona.account
    ready(db, account, clock.now, minutes=5, days=3)
    for index in range(3):
        check_in(db, account, clock.now)
        do_session(db, account, clock.now, client_id=f"api-grow-{index:05d}")
        clock.advance(days=1)
        check_in(db, account, clock.now, landed=SessionLanding.FINE)
        clock.advance(days=1)
    auth = client_persona.auth
    read = app_client.get("/api/v1/me/preferences", headers=auth).json()
    assert read["session_minutes"] == 10
    log_in(app_client, "client@example.org")
    form = app_client.get("/onboarding/preferences").text
    checked = re.findall(r'name="session_minutes" value="(\d+)" checked', form)
    assert checked == ["10"]  # the page offers the grown length, too
    body = {k: v for k, v in read.items() if k != "saved"}
    assert (
        app_client.put("/api/v1/me/preferences", json=body, headers=auth).json()["session_minutes"]
        == 10
    )
    shorter = app_client.put(
        "/api/v1/me/preferences", json={**body, "session_minutes": 5}, headers=auth
    )
    assert shorter.json()["session_minutes"] == 5
    with db.session(write=False) as session:
        day = account.local_today(clock.now).date()
        assert strength.session_minutes_now(session, account, day=day) == 5
