"""Strength sessions and the exercise catalog through the API."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Clock, Persona
from tests.web.test_api_profile import ALL_NO

TODAY = "2026-03-10"


def start(client: TestClient, persona: Persona, **checkin: object) -> dict[str, Any]:
    """Screened, checked in; returns today's session."""
    client.put("/api/v1/me/screening", json={"answers": ALL_NO}, headers=persona.auth)
    body = {"local_date": TODAY, "sleep_hours": 7.5, "distress": 2, "state": "settled", **checkin}
    assert client.post("/api/v1/checkins", json=body, headers=persona.auth).status_code == 201
    response = client.get("/api/v1/sessions/next", headers=persona.auth)
    assert response.status_code == 200, response.text
    return dict(response.json())


def full_log(session: dict[str, Any], client_id: str = "browser-id-0001") -> dict[str, Any]:
    return {
        "client_id": client_id,
        "local_date": session["date"],
        "started_at": "2026-03-10T09:00:00+00:00",
        "ended_at": "2026-03-10T09:10:00+00:00",
        "sets": [
            {"exercise_id": s["exercise_id"], "reps": s["reps"], "felt": "ok", "reps_in_reserve": 4}
            for s in session["steps"]
            if s["exercise_id"]
        ],
        "felt": "easy",
        "state_before": "settled",
        "state_after": "settled",
        "distress_before": 3,
        "distress_after": 1,
    }


def stored(client: TestClient, persona: Persona) -> list[dict[str, Any]]:
    return list(client.get("/api/v1/sessions", headers=persona.auth).json()["items"])


def test_the_catalog_lists_every_pattern_and_level(
    app_client: TestClient, client_persona: Persona
) -> None:
    body = app_client.get("/api/v1/exercises", headers=client_persona.auth).json()
    assert body["size"] == "8 patterns × 5–6 levels (41 levels)"
    assert len(body["patterns"]) == 8
    assert sum(len(p["levels"]) for p in body["patterns"]) == 41
    squat = app_client.get(
        "/api/v1/exercises?pattern=squat&equipment=none", headers=client_persona.auth
    ).json()
    assert [p["pattern"] for p in squat["patterns"]] == ["squat"]
    assert all(lvl["equipment"] == ["none"] for lvl in squat["patterns"][0]["levels"])
    one = app_client.get("/api/v1/exercises/sit_to_stand", headers=client_persona.auth).json()
    assert one["illustration"] == "sit_to_stand.svg" and len(one["cues"]) >= 2
    missing = app_client.get("/api/v1/exercises/moon_jump", headers=client_persona.auth)
    assert missing.status_code == 404
    assert app_client.get("/api/v1/exercises").status_code == 401
    bad = app_client.get("/api/v1/exercises?pattern=jump", headers=client_persona.auth)
    assert bad.status_code == 422


def test_not_a_strength_day_is_said_plainly(
    app_client: TestClient, client_persona: Persona
) -> None:
    body = {"local_date": TODAY, "distress": 8, "state": "activated"}
    app_client.post("/api/v1/checkins", json=body, headers=client_persona.auth)
    result = app_client.get("/api/v1/sessions/next", headers=client_persona.auth).json()
    assert result["available"] is False and result["session"] is None
    assert result["message"].startswith("Today's plan is a regulation practice")
    assert result["reasons"]


def test_log_a_session_then_find_it_and_resend_it_safely(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    session = start(app_client, client_persona)
    assert session["available"] is True
    plan = session["session"]
    assert plan["steps"][0]["kind"] in ("breath", "grounding")
    assert plan["steps"][-1]["kind"] in ("breath", "grounding")
    created = app_client.post("/api/v1/sessions", json=full_log(plan), headers=client_persona.auth)
    assert created.status_code == 201, created.text
    out = created.json()
    assert out["landed"] is None and out["felt"] == "easy" and out["planned"]["steps"]
    again = app_client.post("/api/v1/sessions", json=full_log(plan), headers=client_persona.auth)
    assert again.status_code == 200 and again.json()["id"] == out["id"]
    assert len(stored(app_client, client_persona)) == 1
    one = app_client.get(f"/api/v1/sessions/{out['id']}", headers=client_persona.auth)
    assert one.status_code == 200 and one.json()["sets"][0]["set_number"] == 1
    # Another person sees nothing of it, and their own client id space is their own.
    theirs = app_client.get(f"/api/v1/sessions/{out['id']}", headers=other_persona.auth)
    assert theirs.status_code == 404
    assert stored(app_client, other_persona) == []
    # Same day again: today is for recovery now.
    after = app_client.get("/api/v1/sessions/next", headers=client_persona.auth).json()
    assert after["available"] is False
    assert "R2.spacing" in {r["rule"] for r in after["reasons"]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ("more_sets", "sets"),
        ("negative_reps", "sets[0].reps"),
        ("unknown_exercise", "sets"),
        ("negative_reserve", "sets[0].reps_in_reserve"),
        ("bad_client_id", "client_id"),
        ("distress", "distress_after"),
        ("felt", "sets"),
    ],
)
def test_bad_logs_are_clear_errors_and_store_nothing(
    app_client: TestClient, client_persona: Persona, change: str, field: str
) -> None:
    plan = start(app_client, client_persona)["session"]
    body = full_log(plan)
    sets = body["sets"]
    if change == "more_sets":
        sets.append(dict(sets[-1]))
    elif change == "negative_reps":
        sets[0]["reps"] = -3
    elif change == "unknown_exercise":
        sets[0]["exercise_id"] = "moon_jump"
    elif change == "negative_reserve":
        sets[0]["reps_in_reserve"] = -1
    elif change == "bad_client_id":
        body["client_id"] = "no spaces allowed"
    elif change == "distress":
        body["distress_after"] = 12
    elif change == "felt":
        sets[0]["felt"] = "terrible"
    response = app_client.post("/api/v1/sessions", json=body, headers=client_persona.auth)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert error["details"]["field"].startswith(field), error
    assert error["message"]
    assert stored(app_client, client_persona) == []


def test_a_log_for_another_day_without_a_strength_plan_is_refused(
    app_client: TestClient, client_persona: Persona
) -> None:
    plan = start(app_client, client_persona)["session"]
    body = full_log(plan) | {"local_date": "2026-03-09"}  # no check-in that day
    response = app_client.post("/api/v1/sessions", json=body, headers=client_persona.auth)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "checkin_needed"
    assert stored(app_client, client_persona) == []


def test_the_next_morning_landing_shows_on_the_session(
    app_client: TestClient, client_persona: Persona, clock: Clock
) -> None:
    plan = start(app_client, client_persona)["session"]
    out = app_client.post("/api/v1/sessions", json=full_log(plan), headers=client_persona.auth)
    clock.advance(days=1)
    body = {"local_date": "2026-03-11", "last_session_landed": "drained"}
    app_client.post("/api/v1/checkins", json=body, headers=client_persona.auth)
    one = app_client.get(f"/api/v1/sessions/{out.json()['id']}", headers=client_persona.auth)
    assert one.json()["landed"] == "drained"
    listed = app_client.get(
        "/api/v1/sessions?from=2026-03-10&to=2026-03-10", headers=client_persona.auth
    ).json()["items"]
    assert [s["landed"] for s in listed] == ["drained"]
