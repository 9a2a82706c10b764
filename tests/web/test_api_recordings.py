"""Recordings posted as RR intervals: analysed by the engine, stored compactly, scoped to the owner."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.conftest import Persona
from vagal.core.hrv import analyze_rr
from vagal.services.recordings import decode_rr, encode_rr

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
