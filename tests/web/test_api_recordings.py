"""Recordings posted as RR intervals: analysed by the engine, stored compactly, scoped to the owner."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.conftest import Persona
from vagal.core.hrv import analyze_rr
from vagal.services import recordings as service
from vagal.services.recordings import RecordingInput, RecordingKind, decode_rr, encode_rr
from vagal.storage.db import Database

DATA = Path(__file__).parents[1] / "data" / "rr" / "healthy000_first5000_ms.txt"


@pytest.fixture(scope="module")
def five_minutes() -> list[float]:
    rr = np.loadtxt(DATA)
    return [float(x) for x in rr[np.cumsum(rr) <= 300_000]]


def test_rr_blob_round_trips_exactly() -> None:
    rr = np.loadtxt(DATA)
    blob = encode_rr(rr)
    assert np.array_equal(decode_rr(blob), rr)
    assert len(blob) < rr.size * 8


def test_post_a_morning_reading_and_read_it_back(
    app_client: TestClient, client_persona: Persona, five_minutes: list[float]
) -> None:
    body = {"rr_ms": five_minutes, "started_at": "2026-03-10T07:05:00+01:00", "source": "Polar H10"}
    created = app_client.post("/api/v1/recordings", json=body, headers=client_persona.auth)
    assert created.status_code == 201, created.text
    out = created.json()
    assert out["kind"] == "morning"
    assert out["local_date"] == "2026-03-10"
    assert out["n_beats"] == len(five_minutes)
    expected = analyze_rr(np.asarray(five_minutes)).to_dict()
    assert out["metrics"]["rmssd_ms"] == pytest.approx(expected["rmssd_ms"], rel=1e-12)
    assert 20 < out["metrics"]["rmssd_ms"] < 80
    assert out["algorithm_version"]
    again = app_client.post("/api/v1/recordings", json=body, headers=client_persona.auth)
    assert again.status_code == 200  # same source and start time: nothing new
    listed = app_client.get("/api/v1/recordings", headers=client_persona.auth).json()["items"]
    assert len(listed) == 1
    one = app_client.get(
        f"/api/v1/recordings/{out['id']}?include_rr=true", headers=client_persona.auth
    ).json()
    assert one["rr_ms"] == five_minutes


def test_another_persons_recording_is_not_found(
    app_client: TestClient,
    client_persona: Persona,
    other_persona: Persona,
    five_minutes: list[float],
) -> None:
    made = app_client.post(
        "/api/v1/recordings", json={"rr_ms": five_minutes}, headers=client_persona.auth
    ).json()
    response = app_client.get(f"/api/v1/recordings/{made['id']}", headers=other_persona.auth)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rr_ms": [800.0]}, "rr_ms"),
        ({"rr_ms": [800.0, 810.0, 790.0]}, "rr_ms"),
        ({"rr_ms": [800.0, -3.0, 810.0]}, "rr_ms.1"),
        ({"rr_ms": [800.0, 810.0], "kind": "nap"}, "kind"),
        ({"rr_ms": [800.0, 810.0], "started_at": "2026-03-10T07:05:00"}, "started_at"),
        ({"rr_ms": [800.0, 810.0], "started_at": "2030-03-10T07:05:00+00:00"}, "started_at"),
    ],
)
def test_bad_recordings_are_rejected_and_store_nothing(
    app_client: TestClient, client_persona: Persona, body: dict[str, object], field: str
) -> None:
    response = app_client.post("/api/v1/recordings", json=body, headers=client_persona.auth)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"]["field"] == field
    assert app_client.get("/api/v1/recordings", headers=client_persona.auth).json()["items"] == []


def _many(db: Database, person: Persona, count: int) -> list[int]:
    """``count`` recordings a minute apart (metrics given: no analysis), newest id last."""
    start = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    ids = []
    with db.session(write=True) as session:
        for k in range(count):
            view, _ = service.add_recording(
                session,
                person.account,
                RecordingInput(
                    started_at=start + timedelta(minutes=k),
                    source="strap",
                    kind=RecordingKind.MORNING,
                    rr_ms=np.full(10, 1000.0),
                ),
                now=datetime(2026, 3, 10, tzinfo=UTC),
                metrics={"ln_rmssd": 3.0 + k / 100, "quality": "good"},
            )
            ids.append(view.id)
    return ids


def test_the_list_comes_in_pages_newest_first(
    app_client: TestClient, db: Database, client_persona: Persona, other_persona: Persona
) -> None:
    mine = _many(db, client_persona, 57)
    _many(db, other_persona, 3)
    auth = client_persona.auth
    first = app_client.get("/api/v1/recordings", headers=auth).json()
    assert len(first["items"]) == 50 and first["next_offset"] == 50
    rest = app_client.get("/api/v1/recordings?offset=50", headers=auth).json()
    assert len(rest["items"]) == 7 and rest["next_offset"] is None
    listed = [r["id"] for r in first["items"] + rest["items"]]
    assert listed == mine[::-1]
    small = app_client.get("/api/v1/recordings?limit=7&offset=50", headers=auth).json()
    assert [r["id"] for r in small["items"]] == listed[50:] and small["next_offset"] is None
    exact = app_client.get("/api/v1/recordings?limit=57", headers=auth).json()
    assert len(exact["items"]) == 57 and exact["next_offset"] is None
    for item in first["items"][:3] + rest["items"][-2:]:
        one = app_client.get(f"/api/v1/recordings/{item['id']}", headers=auth).json()
        assert item == one and item["rr_ms"] is None
    for query, field in (("limit=201", "limit"), ("limit=0", "limit"), ("offset=-1", "offset")):
        response = app_client.get(f"/api/v1/recordings?{query}", headers=auth)
        assert response.status_code == 422, query
        assert field in json.dumps(response.json()["error"]["details"])
