from __future__ import annotations

from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from tests.conftest import Persona
from tests.web.test_pages import log_in

DATA = Path(__file__).parents[1] / "data" / "rr" / "healthy000_first5000_ms.txt"


def test_recording_pages_show_metrics_artifacts_and_a_tachogram(
    app_client: TestClient, client_persona: Persona, other_persona: Persona
) -> None:
    rr = np.loadtxt(DATA)[:400]
    made = app_client.post(
        "/api/v1/recordings",
        json={"rr_ms": rr.tolist(), "source": "Polar H10"},
        headers=client_persona.auth,
    ).json()
    log_in(app_client, "client@example.org")
    listing = app_client.get("/recordings").text
    assert "Polar H10" in listing
    detail = app_client.get(f"/recordings/{made['id']}").text
    assert "RMSSD" in detail
    assert f"{made['metrics']['rmssd_ms']:.1f} ms" in detail
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in detail
    assert "How did the time between heartbeats change?" in detail
    assert "beats looked out of place" in detail
    log_in(app_client, "other@example.org")
    assert app_client.get(f"/recordings/{made['id']}").status_code == 404


def test_empty_recordings_page_offers_an_import(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, "client@example.org")
    assert "Import a file" in app_client.get("/recordings").text
