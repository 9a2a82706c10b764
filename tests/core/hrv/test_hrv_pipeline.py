"""analyze_rr / analyze_ecg / analyze_ppg and the report shape."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from vagal.core.hrv import HRVReport, analyze_rr
from vagal.core.hrv.report import grade_quality, reliability
from vagal.errors import InvalidInput

JSON_KEYS = {
    "n_beats", "duration_s", "mean_hr_bpm", "mean_rr_ms", "sdnn_ms", "rmssd_ms", "ln_rmssd",
    "pnn50_pct", "lf_ms2", "hf_ms2", "lf_hf", "sd1_ms", "sd2_ms", "dfa_alpha1",
    "sample_entropy", "artifacts", "quality", "unavailable",
}  # fmt: skip


def finite_or_none(value: object) -> bool:
    if isinstance(value, dict):
        return all(finite_or_none(v) for v in value.values())
    if isinstance(value, list):
        return all(finite_or_none(v) for v in value)
    return not isinstance(value, float) or math.isfinite(value)


def test_report_shape_on_a_short_reading(clean_5min: np.ndarray) -> None:
    report = analyze_rr(clean_5min[:250])  # under 5 minutes: no VLF
    data = report.to_dict()
    assert set(data) >= JSON_KEYS
    assert set(data["artifacts"]) >= {
        "total",
        "ectopic",
        "missed",
        "extra",
        "long_short",
        "corrected_pct",
    }
    assert data["quality"] == "good"
    assert data["vlf_ms2"] is None and "vlf_ms2" in data["unavailable"]
    assert all(data[k] is not None for k in JSON_KEYS - {"unavailable", "artifacts", "quality"})
    assert finite_or_none(data)
    json.dumps(data, allow_nan=False)


def test_too_short_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="at least 10"):
        analyze_rr([800.0] * 5)


def test_unknown_spectral_method() -> None:
    with pytest.raises(InvalidInput, match="welch"):
        analyze_rr([800.0] * 50, spectral_method="ar")  # type: ignore[arg-type]


def test_constant_series_reports_reasons_not_nan() -> None:
    data = analyze_rr([800.0] * 400).to_dict()
    assert finite_or_none(data)
    assert data["rmssd_ms"] == 0.0
    assert data["ln_rmssd"] is None and "ln_rmssd" in data["unavailable"]


def test_without_correction_and_with_lomb(clean_5min: np.ndarray) -> None:
    corrupted = clean_5min.copy()
    corrupted[50] *= 0.6
    corrupted[51] += clean_5min[50] * 0.4
    raw = analyze_rr(corrupted, correct_artifacts=False, spectral_method="lomb")
    fixed = analyze_rr(corrupted)
    assert raw.artifacts.total >= 1 and raw.artifacts.corrected_pct == 0.0
    assert raw.spectral_method == "lomb"
    assert fixed.time.rmssd_ms is not None and raw.time.rmssd_ms is not None
    assert fixed.time.rmssd_ms < raw.time.rmssd_ms


def test_many_artefacts_make_metrics_unreliable(clean_5min: np.ndarray) -> None:
    pieces = []
    for i, value in enumerate(clean_5min):
        pieces.extend([value * 0.45, value * 0.55] if i % 8 == 4 else [value])
    report = analyze_rr(np.array(pieces), correct_artifacts=False)
    assert report.artifacts.extra >= 40
    assert report.artifacts.artifact_pct > 5
    assert report.quality == "poor"
    assert report.time.rmssd_ms is not None
    assert "more than 5 %" in report.unreliable["rmssd_ms"]
    assert "more than 5 %" in report.to_dict()["unreliable"]["dfa_alpha1"]


def test_reliability_thresholds() -> None:
    names = ["rmssd_ms", "dfa_alpha1"]
    assert reliability(names, 0.5) == ({}, {})
    assert set(reliability(names, 4.0)[1]) == {"dfa_alpha1"}
    assert set(reliability(names, 6.0)[1]) == {"rmssd_ms", "dfa_alpha1"}
    unavailable, unreliable = reliability(names, 25.0)
    assert set(unavailable) == set(names) and unreliable == {}
    assert grade_quality(0.5) == "good"
    assert grade_quality(3.0) == "acceptable"
    assert grade_quality(0.5, detection_quality=0.4) == "poor"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["nsr001", "chf202"])
def test_24h_holter_reports_are_sensible(name: str, request: pytest.FixtureRequest) -> None:
    rr = request.getfixturevalue(name)
    report: HRVReport = analyze_rr(rr)
    data = report.to_dict()
    assert finite_or_none(data)
    assert report.n_segments == report.gap_count + 1
    assert 50 < data["mean_hr_bpm"] < 100
    assert 20 < data["sdnn_ms"] < 250
    assert 10 < data["rmssd_ms"] < 60
    assert 0.5 < data["lf_hf"] < 4
    assert 0.7 < data["dfa_alpha1"] < 1.5
    assert data["unavailable"] == {}
    assert data["quality"] in {"good", "acceptable"}
    assert report.duration_s > 20 * 3600
    assert analyze_rr(rr, spectral_method="lomb").frequency.lf_hf is not None


def test_ecg_and_ppg_need_a_sensible_sampling_rate() -> None:
    from vagal.core.hrv import analyze_ecg, analyze_ppg

    with pytest.raises(InvalidInput, match="sampling rate"):
        analyze_ecg(np.zeros(1000), 0.0)
    with pytest.raises(InvalidInput, match="only 0.50 s"):
        analyze_ppg(np.zeros(500), 1000.0)
    with pytest.raises(InvalidInput, match="NaN"):
        analyze_ecg(np.full(5000, np.nan), 250.0)


def signal_modules_present() -> bool:
    here = Path(__file__).parents[3] / "src" / "vagal" / "core" / "hrv"
    return (here / "ecg.py").exists() and (here / "ppg.py").exists()


def synthetic_pulse_train(rate: float, seconds: float, shape: str) -> tuple[np.ndarray, np.ndarray]:
    """A tiny synthetic signal with beats at known times (~70 bpm with some variability)."""
    rng = np.random.default_rng(7)
    beats = np.cumsum(0.85 + 0.05 * np.sin(np.arange(200) / 3.0) + rng.normal(0, 0.01, 200))
    beats = beats[beats < seconds - 1]
    t = np.arange(int(seconds * rate)) / rate
    width = 0.012 if shape == "ecg" else 0.12
    sig = np.zeros_like(t)
    for b in beats:
        sig += np.exp(-0.5 * ((t - b) / width) ** 2)
    return sig + rng.normal(0, 0.01, t.size), beats


@pytest.mark.skipif(not signal_modules_present(), reason="ECG/PPG detectors not merged yet")
@pytest.mark.parametrize("kind", ["ecg", "ppg"])
def test_signal_paths_expose_the_detection(kind: str) -> None:
    from vagal.core.hrv import analyze_ecg, analyze_ppg

    sig, beats = synthetic_pulse_train(250.0, 120.0, kind)
    analyze = analyze_ecg if kind == "ecg" else analyze_ppg
    report = analyze(sig, 250.0)
    assert report.beat_detection is not None
    assert report.beat_detection.method
    assert 0.0 <= report.beat_detection.quality <= 1.0
    assert report.time.mean_rr_ms == pytest.approx(np.mean(np.diff(beats)) * 1000, rel=0.05)
    assert report.to_dict()["beat_detection"]["sampling_rate_hz"] == 250.0
