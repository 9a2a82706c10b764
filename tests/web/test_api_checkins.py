"""The check-in API on the real database (SQLite, or PostgreSQL in the second CI pass)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Clock, Persona
from vagal.storage.db import Database

FULL = {
    "local_date": "2026-03-10",
    "sleep_hours": 6.5,
    "sleep_quality": 3,
    "energy": 4,
    "distress": 5,
    "state": "activated",
    "body_signals": ["racing_heart", "muscle_tension"],
    "note": "Busy morning.",
    "tags": ["Work", "commute"],
    "health_flags": ["injury"],
    "last_session_landed": "drained",
}


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    return dict(body["error"])


def count_checkins(client: TestClient, persona: Persona) -> int:
    response = client.get("/api/v1/checkins", headers=persona.auth)
    return len(response.json()["items"])


def test_create_then_read_back(app_client: TestClient, client_persona: Persona) -> None:
    created = app_client.post("/api/v1/checkins", json=FULL, headers=client_persona.auth)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["tags"] == ["work", "commute"]
    assert body["needs_support"] is False
    fetched = app_client.get("/api/v1/checkins/2026-03-10", headers=client_persona.auth)
    assert fetched.status_code == 200
    assert {k: fetched.json()[k] for k in FULL if k != "tags"} == {
        k: v for k, v in FULL.items() if k != "tags"
    }


def test_saving_the_same_day_again_updates_never_duplicates(
    app_client: TestClient, client_persona: Persona
) -> None:
    auth = client_persona.auth
    assert app_client.post("/api/v1/checkins", json=FULL, headers=auth).status_code == 201
    again = app_client.post("/api/v1/checkins", json={**FULL, "distress": 2}, headers=auth)
    assert again.status_code == 200
    assert again.json()["distress"] == 2
    put = app_client.put("/api/v1/checkins/2026-03-10", json={"distress": 1}, headers=auth)
    assert put.status_code == 200
    assert put.json()["energy"] is None  # PUT replaces the whole day
    assert count_checkins(app_client, client_persona) == 1


def test_local_day_follows_the_persons_time_zone(
    app_client: TestClient, client_persona: Persona, clock: Clock
) -> None:
    clock.now = clock.now.replace(hour=23, minute=30)  # 00:30 the next day in Berlin
    response = app_client.post(
        "/api/v1/checkins", json={"distress": 2}, headers=client_persona.auth
    )
    assert response.json()["local_date"] == "2026-03-11"


def test_list_with_range_is_newest_first(app_client: TestClient, client_persona: Persona) -> None:
    for day in ("2026-03-01", "2026-03-05", "2026-03-09"):
        app_client.put(f"/api/v1/checkins/{day}", json={"energy": 5}, headers=client_persona.auth)
    response = app_client.get(
        "/api/v1/checkins?from=2026-03-02&to=2026-03-09", headers=client_persona.auth
    )
    assert [c["local_date"] for c in response.json()["items"]] == ["2026-03-09", "2026-03-05"]


def test_reversed_range_is_a_clear_error(app_client: TestClient, client_persona: Persona) -> None:
    response = app_client.get(
        "/api/v1/checkins?from=2026-03-09&to=2026-03-01", headers=client_persona.auth
    )
    assert "Swap the two dates" in assert_error(response, 422, "invalid_input")["message"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"distress": 11}, "distress"),
        ({"energy": -1}, "energy"),
        ({"sleep_quality": 9}, "sleep_quality"),
        ({"sleep_hours": 30}, "sleep_hours"),
        ({"state": "frozen"}, "state"),
        ({"body_signals": ["sweaty_palms"]}, "body_signals.0"),
        ({"local_date": "2026-03-12"}, "local_date"),
        ({"local_date": "10/03/2026"}, "local_date"),
        ({"mood": 3}, "mood"),
        ({"distress": "high"}, "distress"),
        ({"health_flags": ["flu"]}, "health_flags.0"),
        ({"last_session_landed": "great"}, "last_session_landed"),
    ],
)
def test_bad_values_are_rejected_naming_the_field_and_store_nothing(
    app_client: TestClient, client_persona: Persona, payload: dict[str, Any], field: str
) -> None:
    response = app_client.post("/api/v1/checkins", json=payload, headers=client_persona.auth)
    error = assert_error(response, 422, "invalid_input")
    assert error["details"]["field"] == field
    assert field.split(".")[0] in error["message"] or "future" in error["message"]
    assert count_checkins(app_client, client_persona) == 0


def test_malformed_json_gets_the_error_shape(
    app_client: TestClient, client_persona: Persona
) -> None:
    response = app_client.post(
        "/api/v1/checkins",
        content=b"{not json",
        headers={**client_persona.auth, "content-type": "application/json"},
    )
    assert "not valid JSON" in assert_error(response, 422, "invalid_input")["message"]


def test_another_persons_checkin_is_not_found(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    app_client.put("/api/v1/checkins/2026-03-09", json={"distress": 4}, headers=client_persona.auth)
    theirs = app_client.get("/api/v1/checkins/2026-03-09", headers=other_persona.auth)
    missing = app_client.get("/api/v1/checkins/2026-03-08", headers=client_persona.auth)
    assert (
        assert_error(theirs, 404, "not_found").keys()
        == assert_error(missing, 404, "not_found").keys()
    )
    assert app_client.get("/api/v1/checkins", headers=other_persona.auth).json()["items"] == []


def test_extreme_distress_flags_support(app_client: TestClient, client_persona: Persona) -> None:
    response = app_client.put(
        "/api/v1/checkins/2026-03-10",
        json={"distress": 8, "state": "shut_down"},
        headers=client_persona.auth,
    )
    assert response.json()["needs_support"] is True


def test_revoked_and_expired_tokens_get_401(
    app_client: TestClient, client_persona: Persona, clock: Clock, db: Database
) -> None:
    auth = client_persona.auth
    made = app_client.post(
        "/api/v1/tokens", json={"name": "short", "expires_in_days": 1}, headers=auth
    )
    assert made.status_code == 201
    short = {"Authorization": f"Bearer {made.json()['token']}"}
    assert app_client.get("/api/v1/me", headers=short).status_code == 200
    clock.advance(days=2)
    assert_error(app_client.get("/api/v1/me", headers=short), 401, "invalid_token")
    tokens = app_client.get("/api/v1/tokens", headers=auth).json()["items"]
    first = next(t for t in tokens if t["name"] == "test")
    assert app_client.delete(f"/api/v1/tokens/{first['id']}", headers=auth).status_code == 200
    assert_error(app_client.get("/api/v1/me", headers=auth), 401, "invalid_token")


def test_tokens_of_others_cannot_be_revoked(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    mine = app_client.get("/api/v1/tokens", headers=client_persona.auth).json()["items"][0]
    response = app_client.delete(f"/api/v1/tokens/{mine['id']}", headers=other_persona.auth)
    assert_error(response, 404, "not_found")
    assert app_client.get("/api/v1/me", headers=client_persona.auth).status_code == 200


def test_every_api_endpoint_uses_the_error_shape_without_credentials(
    app_client: TestClient, client_persona: Persona
) -> None:
    """No credentials, an unknown token, a revoked token: 401 everywhere (whether the route
    checks the caller in its own transaction or in one shared with its reads)."""
    spec = app_client.get("/api/v1/openapi.json").json()
    revoked = client_persona.auth
    token_id = app_client.get("/api/v1/tokens", headers=revoked).json()["items"][0]["id"]
    assert app_client.delete(f"/api/v1/tokens/{token_id}", headers=revoked).status_code == 200
    checked = 0
    for path, operations in spec["paths"].items():
        for method in operations:
            if path == "/api/v1/health":
                continue
            url = re.sub(
                r"\{(\w+)\}", lambda m: "2026-03-01" if m[1] == "local_date" else "1", path
            )
            for headers in ({}, {"Authorization": "Bearer nope"}, revoked):
                response = app_client.request(method.upper(), url, json={}, headers=headers)
                assert_error(response, 401, response.json()["error"]["code"])
            checked += 1
    assert checked >= 40
    assert_error(app_client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_bad_authorization_header_is_401(app_client: TestClient) -> None:
    assert_error(
        app_client.get("/api/v1/me", headers={"Authorization": "Basic abc"}), 401, "invalid_token"
    )
    assert_error(
        app_client.get("/api/v1/me", headers={"Authorization": "Bearer nope"}), 401, "invalid_token"
    )


def test_listed_checkins_match_the_single_checkin_shape(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    """The list is built without a model per item: each item must still be exactly what
    ``GET /checkins/{day}`` returns, empty lists and absent values included."""
    sparse = {"local_date": "2026-03-08", "distress": 2}
    for body in (FULL, sparse, {**FULL, "local_date": "2026-03-09", "state": "shut_down"}):
        response = app_client.post("/api/v1/checkins", json=body, headers=client_persona.auth)
        assert response.status_code == 201, response.text
    other = {**FULL, "note": "Not yours."}
    assert app_client.post("/api/v1/checkins", json=other, headers=other_persona.auth).is_success
    listed = app_client.get("/api/v1/checkins", headers=client_persona.auth)
    assert listed.status_code == 200
    assert listed.headers["content-type"] == "application/json"
    items = listed.json()["items"]
    assert [i["local_date"] for i in items] == ["2026-03-10", "2026-03-09", "2026-03-08"]
    for item in items:
        single = app_client.get(
            f"/api/v1/checkins/{item['local_date']}", headers=client_persona.auth
        )
        assert item == single.json()
    assert items[2]["body_signals"] == [] and items[2]["state"] is None
    assert items[0]["body_signals"] == FULL["body_signals"]
    assert items[0]["health_flags"] == ["injury"] and items[0]["last_session_landed"] == "drained"
    assert items[0]["needs_support"] is False and items[0]["note"] == "Busy morning."
