"""/api/v1/resonance-assessments: synthetic RR with a known resonance, real recordings, bad input."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import Persona
from tests.core.test_resonance import protocol
from tests.web.test_pages import log_in
from vagal.core.resonance import PROTOCOL_RATES_BPM
from vagal.storage.db import Database
from vagal.storage.rows import RecordingRow, ResonanceAssessmentRow

RR_DIR = Path(__file__).parents[1] / "data" / "rr"
URL = "/api/v1/resonance-assessments"
START = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def body_for(rr_per_rate: list[tuple[float, list[float]]]) -> dict[str, Any]:
    rates = []
    for i, (rate, rr) in enumerate(rr_per_rate):
        started = START + timedelta(minutes=3 * i)
        rates.append({"breaths_per_min": rate, "rr_ms": rr, "started_at": started.isoformat()})
    return {"rates": rates}


def synthetic_body(resonance_bpm: float) -> dict[str, Any]:
    return body_for([(r.rate_bpm, list(r.rr_ms)) for r in protocol(resonance_bpm)])


def counts(db: Database) -> tuple[int, int]:
    with db.session(write=False) as session:
        recordings = session.scalar(select(func.count()).select_from(RecordingRow)) or 0
        assessments = session.scalar(select(func.count()).select_from(ResonanceAssessmentRow))
        return int(recordings), int(assessments or 0)


@pytest.mark.parametrize("resonance_bpm", [5.5, 4.5])
def test_the_resonant_rate_is_chosen_stored_and_latest(
    app_client: TestClient, client_persona: Persona, db: Database, resonance_bpm: float
) -> None:
    auth = client_persona.auth
    assert app_client.get(URL + "/latest", headers=auth).status_code == 404
    created = app_client.post(URL, json=synthetic_body(resonance_bpm), headers=auth)
    assert created.status_code == 201, created.text
    out = created.json()
    assert out["rate_bpm"] == resonance_bpm
    assert [s["rate_bpm"] for s in out["scores"]] == list(PROTOCOL_RATES_BPM)
    assert sorted(s["rank"] for s in out["scores"]) == [1, 2, 3, 4, 5]
    best = next(s for s in out["scores"] if s["rank"] == 1)
    assert best["rate_bpm"] == resonance_bpm
    assert best["reasons"][0].startswith("Your heart rate rose and fell in step")
    assert "the largest swing of all the rates" in best["reasons"][1]
    assert set(best["parts"]) == {"phase", "peak_to_trough", "lf_power", "lf_peak", "smoothness"}
    # Each rate is also an ordinary recording (kind "practice") of this person.
    assert counts(db) == (5, 1)
    for rid in out["recording_ids"]:
        rec = app_client.get(f"/api/v1/recordings/{rid}", headers=auth).json()
        assert rec["kind"] == "practice"
        assert rec["metrics"]["rmssd_ms"] > 0
    latest = app_client.get(URL + "/latest", headers=auth).json()
    assert latest["id"] == out["id"] and latest["rate_bpm"] == resonance_bpm
    listed = app_client.get(URL, headers=auth).json()["items"]
    assert [a["id"] for a in listed] == [out["id"]]


def test_the_latest_assessment_is_the_newest(
    app_client: TestClient, client_persona: Persona, clock: Any
) -> None:
    auth = client_persona.auth
    first = app_client.post(URL, json=synthetic_body(6.0), headers=auth).json()
    clock.advance(days=7)
    second = app_client.post(URL, json=synthetic_body(5.0), headers=auth)
    assert second.status_code == 201, second.text
    latest = app_client.get(URL + "/latest", headers=auth).json()
    assert latest["rate_bpm"] == 5.0
    assert [a["id"] for a in app_client.get(URL, headers=auth).json()["items"]] == [
        second.json()["id"],
        first["id"],
    ]


def real_segments() -> list[list[float]]:
    """Five 2-minute stretches of real recordings (no paced breathing in them)."""
    healthy = np.loadtxt(RR_DIR / "healthy000_first5000_ms.txt")
    with gzip.open(RR_DIR / "nsr001_rr_secs.txt.gz", "rt") as handle:
        nsr = np.array([float(x) for x in handle.read().split()[1:3000]]) * 1000.0
    segments = []
    for series, offset in ((healthy, 0), (healthy, 400), (healthy, 2000), (nsr, 0), (nsr, 1500)):
        part = series[offset:]
        segments.append([float(x) for x in part[np.cumsum(part) <= 120_000]])
    return segments


def test_real_recordings_give_a_sensible_assessment(
    app_client: TestClient, client_persona: Persona
) -> None:
    body = body_for(list(zip(PROTOCOL_RATES_BPM, real_segments(), strict=True)))
    created = app_client.post(URL, json=body, headers=client_persona.auth)
    assert created.status_code == 201, created.text
    out = created.json()
    assert out["rate_bpm"] in PROTOCOL_RATES_BPM
    scored = [s for s in out["scores"] if s["score"] is not None]
    assert len(scored) >= 2
    for s in scored:
        assert 0.0 <= s["score"] <= 1.0
        assert all(0.0 <= v <= 1.0 for v in s["parts"].values())
        assert s["metrics"]["peak_to_trough_bpm"] > 0
        assert len(s["reasons"]) == 4
    best = max(scored, key=lambda s: s["score"])
    assert best["rate_bpm"] == out["rate_bpm"] and best["rank"] == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda b: b["rates"].__setitem__(slice(1, None), []), "rates", "at least 2"),
        (
            lambda b: b["rates"][2].__setitem__("breaths_per_min", 7.0),
            "rates[2].breaths_per_min",
            "not one of the protocol's rates",
        ),
        (
            lambda b: b["rates"][3].__setitem__("breaths_per_min", 6.5),
            "rates[3].breaths_per_min",
            "appears twice",
        ),
        (
            lambda b: b["rates"][1].__setitem__("rr_ms", b["rates"][1]["rr_ms"][:40]),
            "rates[1].rr_ms",
            "needs at least 60 s",
        ),
        (
            lambda b: b["rates"][0].__setitem__("started_at", "2026-03-11T08:00:00+00:00"),
            "started_at",
            "in the future",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(
    app_client: TestClient,
    client_persona: Persona,
    db: Database,
    change: Any,
    field: str,
    message: str,
) -> None:
    body = synthetic_body(6.0)
    change(body)
    response = app_client.post(URL, json=body, headers=client_persona.auth)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert message in error["message"]
    assert error["details"]["field"] == field
    assert counts(db) == (0, 0)


def test_a_malformed_request_is_refused(app_client: TestClient, client_persona: Persona) -> None:
    body = synthetic_body(6.0)
    body["rates"][0]["rr_ms"] = [800.0, -1.0]
    response = app_client.post(URL, json=body, headers=client_persona.auth)
    assert response.status_code == 422


def test_another_persons_assessment_is_not_found(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    out = app_client.post(URL, json=synthetic_body(6.0), headers=client_persona.auth).json()
    theirs = app_client.get(f"{URL}/{out['id']}", headers=other_persona.auth)
    assert theirs.status_code == 404
    assert app_client.get(URL + "/latest", headers=other_persona.auth).status_code == 404
    assert app_client.get(URL, headers=other_persona.auth).json()["items"] == []
    mine = app_client.get(f"{URL}/{out['id']}", headers=client_persona.auth)
    assert mine.status_code == 200


def test_the_page_shows_the_protocol_and_the_latest_rate(
    app_client: TestClient, client_persona: Persona
) -> None:
    app_client.post(URL, json=synthetic_body(5.5), headers=client_persona.auth)
    log_in(app_client, "client@example.org")
    page = app_client.get("/resonance")
    assert page.status_code == 200
    assert "5.5 breaths per minute" in page.text
    for rate in ("6.5", "6.0", "5.5", "5.0", "4.5"):
        assert rate in page.text
