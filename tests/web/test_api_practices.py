"""Practices, practice logs, custom patterns and what-helps through the API (real database)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.conftest import Clock, Persona
from tests.web.test_api_checkins import assert_error
from vagal.catalog.practices import load_practice_catalog
from vagal.services import profile
from vagal.storage.db import Database
from vagal.storage.rows import ResonanceAssessmentRow

CATALOG = load_practice_catalog()


def log(client: TestClient, persona: Persona, **fields: Any) -> Any:
    body = {"practice_id": "extended_exhale", "planned_minutes": 3, "done_s": 180} | fields
    return client.post("/api/v1/practice-logs", json=body, headers=persona.auth)


def allow_cold(session: Session, persona: Persona) -> None:
    profile.save_profile(
        session,
        persona.account,
        goals=[],
        experience=None,
        equipment=[],
        session_minutes=10,
        strength_days_per_week=2,
        preferred_weekdays=[],
        reminder_time=None,
        cold_exposure_ok=True,
        now=datetime(2026, 3, 1, tzinfo=UTC),
    )


def logs_of(client: TestClient, persona: Persona) -> list[dict[str, Any]]:
    response = client.get("/api/v1/practice-logs", headers=persona.auth)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


def test_list_filters_by_state_and_hides_cold_without_consent(
    app_client: TestClient, client_persona: Persona, db: Database
) -> None:
    response = app_client.get("/api/v1/practices", headers=client_persona.auth)
    assert response.status_code == 200
    ids = [p["id"] for p in response.json()["items"]]
    assert "contrast_shower" not in ids
    assert set(ids) == {p.id for p in CATALOG.practices} - {"contrast_shower"}
    shut = app_client.get("/api/v1/practices?state=shut_down", headers=client_persona.auth)
    shut_ids = {p["id"] for p in shut.json()["items"]}
    assert "box_breathing" not in shut_ids
    assert "orienting" in shut_ids
    assert all("shut_down" in p["states"] for p in shut.json()["items"])
    bad = app_client.get("/api/v1/practices?state=calm", headers=client_persona.auth)
    assert bad.status_code == 422
    with db.session(write=True) as session:
        allow_cold(session, client_persona)
    again = app_client.get("/api/v1/practices", headers=client_persona.auth)
    assert "contrast_shower" in {p["id"] for p in again.json()["items"]}


def test_one_practice_with_its_script(app_client: TestClient, client_persona: Persona) -> None:
    response = app_client.get(
        "/api/v1/practices/box_breathing?minutes=5", headers=client_persona.auth
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["minutes"] == 5
    assert body["script"]["total_s"] == 300
    assert sum(s["seconds"] for s in body["script"]["steps"]) == 300
    paced = [s for s in body["script"]["steps"] if s["breath"]]
    assert paced[0]["breath"]["hold_in_s"] == 4
    assert any("panic" in c for c in body["cautions"])
    wrong = app_client.get("/api/v1/practices/box_breathing?minutes=1", headers=client_persona.auth)
    error = assert_error(wrong, 422, "invalid_input")
    assert "3, 5 minutes" in error["message"]
    missing = app_client.get("/api/v1/practices/no_such_thing", headers=client_persona.auth)
    assert_error(missing, 404, "not_found")
    cold = app_client.get("/api/v1/practices/contrast_shower", headers=client_persona.auth)
    assert_error(cold, 404, "not_found")


def test_resonance_practice_uses_the_stored_rate(
    app_client: TestClient, client_persona: Persona, db: Database, clock: Clock
) -> None:
    url = "/api/v1/practices/resonance_breathing?minutes=5"
    plain = app_client.get(url, headers=client_persona.auth).json()
    assert plain["resonance_rate_bpm"] is None
    assert plain["script"]["steps"][1]["breath"]["breaths_per_min"] == 6.0
    with db.session(write=True) as session:
        for rate, days in ((6.5, 10), (5.5, 1)):
            session.add(
                ResonanceAssessmentRow(
                    user_id=client_persona.account.id,
                    assessed_at=clock.now - timedelta(days=days),
                    rate_bpm=rate,
                    scores=[],
                    recording_ids=[],
                    created_at=clock.now,
                )
            )
    mine = app_client.get(url, headers=client_persona.auth).json()
    assert mine["resonance_rate_bpm"] == 5.5
    steps = mine["script"]["steps"]
    assert math.isclose(sum(s["seconds"] for s in steps), 300)
    paced = [s for s in steps if s["breath"]]
    assert paced and all(s["breath"]["breaths_per_min"] == 5.5 for s in paced)
    for step in paced:
        cycle = 60 / 5.5
        assert math.isclose(step["seconds"], step["breaths"] * cycle)


def test_log_is_stored_and_idempotent_by_client_id(
    app_client: TestClient, client_persona: Persona
) -> None:
    fields = {
        "client_id": "c0ffee-1",
        "distress_before": 7,
        "distress_after": 4,
        "state_before": "activated",
        "state_after": "settled",
        "done_s": 95,
        "completed": False,
    }
    first = log(app_client, client_persona, **fields)
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["practice_id"] == "extended_exhale"
    assert body["completed"] is False
    assert body["started_at"] == "2026-03-10T09:28:25+00:00"
    assert body["local_date"] == "2026-03-10"
    again = log(app_client, client_persona, **fields | {"distress_after": 0})
    assert again.status_code == 200
    assert again.json() == body
    assert len(logs_of(app_client, client_persona)) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"distress_before": 11}, "distress_before"),
        ({"distress_after": -1}, "distress_after"),
        ({"planned_minutes": 10, "practice_id": "physiological_sigh"}, "planned_minutes"),
        ({"done_s": -5}, "done_s"),
        ({"done_s": 60 * 60 * 5}, "done_s"),
        ({"breaths_per_min": 40}, "breaths_per_min"),
        ({"started_at": "2030-01-01T00:00:00Z"}, "started_at"),
        ({"client_id": "   "}, "client_id"),
    ],
)
def test_bad_logs_store_nothing(
    app_client: TestClient, client_persona: Persona, fields: dict[str, Any], field: str
) -> None:
    error = assert_error(log(app_client, client_persona, **fields), 422, "invalid_input")
    assert error["details"]["field"] == field
    assert logs_of(app_client, client_persona) == []


def test_unknown_practice_and_others_custom_or_moment_are_404(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    assert_error(log(app_client, client_persona, practice_id="made_up"), 404, "not_found")
    theirs = app_client.post(
        "/api/v1/custom-practices",
        json={"name": "Mine", "inhale_s": 4, "exhale_s": 8},
        headers=other_persona.auth,
    ).json()
    assert_error(
        log(app_client, client_persona, practice_id=theirs["practice_id"]), 404, "not_found"
    )
    moment = app_client.post(
        "/api/v1/moments", json={"state": "activated"}, headers=other_persona.auth
    ).json()
    error = assert_error(log(app_client, client_persona, moment_id=moment["id"]), 404, "not_found")
    assert error["details"]["field"] == "moment_id"
    assert logs_of(app_client, client_persona) == []
    assert logs_of(app_client, other_persona) == []
    # Their own custom pattern and moment work.
    own = log(app_client, other_persona, practice_id=theirs["practice_id"], moment_id=moment["id"])
    assert own.status_code == 201, own.text
    assert own.json()["moment_id"] == moment["id"]


def test_custom_patterns_create_list_run_delete(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    auth = client_persona.auth
    created = app_client.post(
        "/api/v1/custom-practices",
        json={"name": "  Evening   4-7 ", "inhale_s": 4, "hold_in_s": 7, "exhale_s": 8},
        headers=auth,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["name"] == "Evening 4-7"
    assert body["description"] == "in 4, hold 7, out 8 seconds"
    practice_id = body["practice_id"]
    assert practice_id == f"custom:{body['id']}"
    listed = app_client.get("/api/v1/custom-practices", headers=auth).json()["items"]
    assert [c["id"] for c in listed] == [body["id"]]
    assert app_client.get("/api/v1/custom-practices", headers=other_persona.auth).json() == {
        "items": []
    }
    detail = app_client.get(f"/api/v1/practices/{practice_id}?minutes=3", headers=auth).json()
    assert detail["custom"] is True and detail["intense"] is True
    assert math.isclose(detail["script"]["total_s"], 180, abs_tol=1)
    settled = app_client.get("/api/v1/practices?state=settled", headers=auth).json()["items"]
    assert practice_id in {p["id"] for p in settled}
    duplicate = app_client.post(
        "/api/v1/custom-practices",
        json={"name": "Evening 4-7", "inhale_s": 4, "exhale_s": 6},
        headers=auth,
    )
    assert_error(duplicate, 409, "conflict")
    invalid = app_client.post(
        "/api/v1/custom-practices",
        json={"name": "Too long", "inhale_s": 4, "exhale_s": 40},
        headers=auth,
    )
    error = assert_error(invalid, 422, "invalid_input")
    assert error["details"]["field"] == "exhale_s"
    assert "between 1 and 16 seconds" in error["message"]
    blank = app_client.post(
        "/api/v1/custom-practices",
        json={"name": "   ", "inhale_s": 4, "exhale_s": 6},
        headers=auth,
    )
    assert assert_error(blank, 422, "invalid_input")["details"]["field"] == "name"
    not_theirs = app_client.delete(
        f"/api/v1/custom-practices/{body['id']}", headers=other_persona.auth
    )
    assert_error(not_theirs, 404, "not_found")
    gone = app_client.delete(f"/api/v1/custom-practices/{body['id']}", headers=auth)
    assert gone.status_code == 204
    assert app_client.get("/api/v1/custom-practices", headers=auth).json() == {"items": []}
    assert_error(app_client.get(f"/api/v1/practices/{practice_id}", headers=auth), 404, "not_found")


def test_what_helps_against_hand_computed_values(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    # Longer breath out: drops 2, 3, 4, 1, 5 → mean 3, sd √2.5, d_z = 3 / √2.5.
    for i, (before, after) in enumerate([(8, 6), (7, 4), (9, 5), (5, 4), (8, 3)]):
        response = log(
            app_client,
            client_persona,
            client_id=f"ee-{i}",
            distress_before=before,
            distress_after=after,
            state_before="activated",
        )
        assert response.status_code == 201, response.text
    # Orienting: always 1 point down (sd 0: no effect size; the interval is exactly [1, 1]).
    for i in range(5):
        log(
            app_client,
            client_persona,
            practice_id="orienting",
            client_id=f"or-{i}",
            distress_before=4,
            distress_after=3,
        )
    # Rocking: 2 uses, too few. A log without "after" does not count.
    for i in range(2):
        log(
            app_client,
            client_persona,
            practice_id="rocking",
            client_id=f"ro-{i}",
            distress_before=6,
            distress_after=6,
        )
    log(app_client, client_persona, client_id="no-after", distress_before=9)
    # Someone else's logs never count.
    for i in range(5):
        log(app_client, other_persona, client_id=f"x-{i}", distress_before=0, distress_after=10)

    response = app_client.get("/api/v1/insights/what-helps", headers=client_persona.auth)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [e["practice_id"] for e in body["effects"]] == ["extended_exhale", "orienting"]
    ee, ori = body["effects"]
    assert ee["name"] == "Longer breath out"
    assert ee["uses"] == 5
    assert ee["mean_before"] == pytest.approx(7.4)
    assert ee["mean_after"] == pytest.approx(4.4)
    assert ee["mean_drop"] == pytest.approx(3.0)
    assert ee["sd_drop"] == pytest.approx(math.sqrt(2.5))
    assert ee["effect_size_dz"] == pytest.approx(3 / math.sqrt(2.5))
    assert 1.0 <= ee["ci_low"] < 3.0 < ee["ci_high"] <= 5.0
    assert ee["clearly_helps"] is True
    assert (ori["mean_drop"], ori["effect_size_dz"], ori["ci_low"], ori["ci_high"]) == (
        1.0,
        None,
        1.0,
        1.0,
    )
    assert body["too_few_uses"] == [{"practice_id": "rocking", "name": "Gentle rocking", "uses": 2}]
    assert body["min_uses"] == 5
    # A fixed seed per person: the same answer every time.
    assert app_client.get("/api/v1/insights/what-helps", headers=client_persona.auth).json() == body
    activated = app_client.get(
        "/api/v1/insights/what-helps?state=activated", headers=client_persona.auth
    ).json()
    assert [e["practice_id"] for e in activated["effects"]] == ["extended_exhale"]
    assert activated["effects"][0]["ci_low"] == ee["ci_low"]


def test_api_needs_a_login(app_client: TestClient) -> None:
    for path in ("/api/v1/practices", "/api/v1/practice-logs", "/api/v1/insights/what-helps"):
        assert app_client.get(path).status_code == 401
