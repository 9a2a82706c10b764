"""Recordings service: the lighter analysis for coarse series, kept across engine updates."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from tests.conftest import Persona
from vagal.core.hrv.version import ALGORITHM_VERSION
from vagal.services import recordings
from vagal.services.recordings import RecordingInput, RecordingKind
from vagal.storage.db import Database
from vagal.storage.rows import RecordingRow

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def _rr() -> np.ndarray:
    rng = np.random.default_rng(3)
    return 60000.0 / rng.integers(55, 70, 300).astype(np.float64)  # whole-bpm intervals


def test_coarse_analysis_leaves_out_the_spectrum_and_does_not_correct() -> None:
    rr = _rr()
    full = recordings.analyze(rr)
    coarse = recordings.analyze(rr, coarse=True)
    assert full["hf_ms2"] is not None and coarse["hf_ms2"] is None
    assert all(
        "too coarse" in coarse["unavailable"][name] for name in ("vlf_ms2", "lf_ms2", "lf_hf")
    )
    assert coarse["spectral"] == {
        "method": "none",
        "n_windows": 0,
        "resampling_hz": None,
        "window_s": None,
    }
    assert coarse["artifacts"]["corrected"] is False
    assert coarse["artifacts"]["total"] == full["artifacts"]["total"]  # still counted
    assert coarse["mean_rr_ms"] == pytest.approx(float(np.mean(rr)))
    assert recordings.is_coarse(coarse) and not recordings.is_coarse(full)


@pytest.mark.parametrize("coarse", [True, False])
def test_a_stale_report_is_recomputed_the_same_way(
    db: Database, client_persona: Persona, coarse: bool
) -> None:
    account = client_persona.account
    recording = RecordingInput(NOW, "Watch", RecordingKind.IMPORTED, _rr())
    with db.session(write=True) as session:
        metrics = recordings.analyze(recording.rr_ms, coarse=coarse)
        view, created = recordings.add_recording(
            session, account, recording, now=NOW, metrics=metrics
        )
        assert created
        row = session.get(RecordingRow, view.id)
        assert row is not None
        row.algorithm_version = "0.0.1"
        row.metrics = {**row.metrics, "rmssd_ms": -1.0}
    with db.session(write=False) as session:
        fresh, _ = recordings.get_recording(session, account, view.id)
    assert fresh.algorithm_version == ALGORITHM_VERSION
    assert fresh.metrics["rmssd_ms"] == pytest.approx(metrics["rmssd_ms"])
    assert recordings.is_coarse(fresh.metrics) is coarse
    with db.session(write=True) as session:
        recordings.refresh_stale(session, account, view.id)
    with db.session(write=False) as session:
        row = session.get(RecordingRow, view.id)
        assert row is not None
        assert row.algorithm_version == ALGORITHM_VERSION
        assert recordings.is_coarse(row.metrics) is coarse
        assert (row.metrics["hf_ms2"] is None) is coarse
