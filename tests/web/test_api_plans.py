"""Today's plan through the API: needs a check-in, explains itself, follows screening and HRV."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from fastapi.testclient import TestClient

from tests.conftest import Clock, Persona
from tests.web.test_api_profile import ALL_NO

TODAY = "2026-03-10"


def checkin(client: TestClient, persona: Persona, **fields: object) -> None:
    body = {"local_date": TODAY, "sleep_hours": 7.5, "distress": 2, "state": "settled", **fields}
    assert client.post("/api/v1/checkins", json=body, headers=persona.auth).status_code in (
        200,
        201,
    )


def plan(client: TestClient, persona: Persona) -> dict[str, object]:
    response = client.get("/api/v1/plan/today", headers=persona.auth)
    assert response.status_code == 200, response.text
    return dict(response.json())


def rules(body: dict[str, object]) -> set[str]:
    return {r["rule"] for r in body["reasons"]}  # type: ignore[attr-defined, index]


def test_no_checkin_is_a_clear_error(app_client: TestClient, client_persona: Persona) -> None:
    response = app_client.get("/api/v1/plan/today", headers=client_persona.auth)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "checkin_needed"
    future = app_client.get("/api/v1/plan/today?date=2026-04-01", headers=client_persona.auth)
    assert future.status_code == 422


def test_screening_not_done_means_no_strength(
    app_client: TestClient, client_persona: Persona
) -> None:
    checkin(app_client, client_persona)
    body = plan(app_client, client_persona)
    assert body["kind"] != "gentle_strength"
    assert any(r.startswith("R0") for r in rules(body))
    assert body["baseline_status"] == "calibrating"


def test_a_settled_screened_person_gets_gentle_strength_with_reasons(
    app_client: TestClient, client_persona: Persona
) -> None:
    app_client.put("/api/v1/me/screening", json={"answers": ALL_NO}, headers=client_persona.auth)
    checkin(app_client, client_persona)
    body = plan(app_client, client_persona)
    assert body["kind"] == "gentle_strength"
    dose = body["dose"]
    assert dose["sets"]["high"] <= 2  # type: ignore[index]
    assert dose["rest_s"]["low"] >= 90  # type: ignore[index]
    assert body["reasons"]
    assert all(r["source"] for r in body["reasons"])  # type: ignore[attr-defined]
    assert body["gentler_options"]


def test_high_distress_makes_it_regulation_only_with_support(
    app_client: TestClient, client_persona: Persona
) -> None:
    app_client.put("/api/v1/me/screening", json={"answers": ALL_NO}, headers=client_persona.auth)
    checkin(app_client, client_persona, distress=9, state="activated")
    body = plan(app_client, client_persona)
    assert body["kind"] == "regulation_only"
    assert body["show_support"] is True
    assert "extended_exhale" in [p["id"] for p in body["practices"]]  # type: ignore[attr-defined]


def test_chest_pain_today_means_rest(app_client: TestClient, client_persona: Persona) -> None:
    app_client.put("/api/v1/me/screening", json={"answers": ALL_NO}, headers=client_persona.auth)
    checkin(app_client, client_persona, health_flags=["chest_pain"])
    assert plan(app_client, client_persona)["kind"] == "rest_recovery"


def test_low_hrv_against_an_established_baseline_is_gentler(
    app_client: TestClient, client_persona: Persona, clock: Clock
) -> None:
    auth = client_persona.auth
    app_client.put("/api/v1/me/screening", json={"answers": ALL_NO}, headers=auth)
    rng = np.random.default_rng(7)
    start = date(2026, 3, 10) - timedelta(days=30)
    for offset in range(31):
        day = start + timedelta(days=offset)
        level = 60.0 if offset < 24 else 22.0  # the last week well below the usual range
        rr = 950 + rng.normal(0, level / 1.4, 300)  # white noise: RMSSD about `level`
        body = {
            "rr_ms": [float(x) for x in rr],
            "started_at": f"{day.isoformat()}T06:30:00+00:00",
            "kind": "morning",
            "source": "test strap",
        }
        assert app_client.post("/api/v1/recordings", json=body, headers=auth).status_code == 201
    checkin(app_client, client_persona)
    result = plan(app_client, client_persona)
    assert result["baseline_status"] == "established"
    assert result["kind"] != "gentle_strength"
    assert any(r.startswith(("R4", "R5")) for r in rules(result))


def test_week_plan_and_calendar(app_client: TestClient, client_persona: Persona) -> None:
    auth = client_persona.auth
    app_client.put("/api/v1/me/screening", json={"answers": ALL_NO}, headers=auth)
    prefs = {"strength_days_per_week": 3, "session_minutes": 10, "preferred_weekdays": [0, 2, 4]}
    assert app_client.put("/api/v1/me/preferences", json=prefs, headers=auth).status_code == 200
    week = app_client.get("/api/v1/plan/week?start=2026-03-09", headers=auth).json()
    assert len(week) == 7
    strength = [d["date"] for d in week if d["kind"] == "gentle_strength"]
    assert strength == ["2026-03-09", "2026-03-11", "2026-03-13"]
    ics = app_client.get("/api/v1/plan/week.ics?start=2026-03-09", headers=auth)
    assert ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.count("BEGIN:VEVENT") == 7
    assert "DTSTART;VALUE=DATE:20260309" in ics.text
