"""ECG R-peak detection: synthetic exact recovery, bad inputs, and MIT-BIH record 100."""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from scipy.signal import resample_poly

from vagal.core.hrv.beats import BeatDetection
from vagal.core.hrv.ecg import ecg_peaks
from vagal.errors import InvalidInput

DATA = Path(__file__).resolve().parents[2] / "data" / "ecg"
# MIT-BIH beat annotation codes (wfdb "ann_label_table"); rhythm '+', noise '~', '|' etc. are not beats.
BEAT_SYMBOLS = frozenset("NLRBAaJSVrFejnE/fQ?")

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def synthetic_ecg(fs: float, beat_indices: IntArray, n: int) -> FloatArray:
    """ECG-like train: narrow R, small Q/S, P and T waves, baseline wander; R exactly at the index."""
    t = np.arange(n) / fs
    x = 0.3 * np.sin(2 * np.pi * 0.2 * t)
    for b in beat_indices / fs:
        x += np.exp(-0.5 * ((t - b) / 0.010) ** 2)
        x -= 0.15 * np.exp(-0.5 * ((t - b - 0.03) / 0.008) ** 2)
        x -= 0.10 * np.exp(-0.5 * ((t - b + 0.03) / 0.008) ** 2)
        x += 0.25 * np.exp(-0.5 * ((t - b - 0.25) / 0.04) ** 2)
        x += 0.10 * np.exp(-0.5 * ((t - b + 0.16) / 0.025) ** 2)
    return x


def beat_train(fs: float, duration_s: float, seed: int) -> IntArray:
    rng = np.random.default_rng(seed)
    times = 0.5 + np.cumsum(rng.uniform(0.55, 1.1, size=int(duration_s)))
    times = times[times < duration_s - 0.5]
    return np.round(times * fs).astype(np.int64)


def match_beats(
    detected: IntArray, reference: IntArray, tolerance: int
) -> tuple[int, npt.NDArray[np.int64]]:
    """One-to-one matching of two ascending index lists; returns (true positives, offsets)."""
    i = j = 0
    offsets: list[int] = []
    while i < detected.size and j < reference.size:
        d = int(detected[i] - reference[j])
        if abs(d) <= tolerance:
            offsets.append(d)
            i += 1
            j += 1
        elif d < 0:
            i += 1
        else:
            j += 1
    return len(offsets), np.asarray(offsets, dtype=np.int64)


# ---------------------------------------------------------------- synthetic


@pytest.mark.parametrize("fs", [100.0, 130.0, 250.0, 360.0, 500.0, 1000.0])
@pytest.mark.parametrize("polarity", [1.0, -1.0])
def test_synthetic_train_is_recovered_exactly(fs: float, polarity: float) -> None:
    beats = beat_train(fs, 30.0, seed=int(fs))
    result = ecg_peaks(polarity * synthetic_ecg(fs, beats, int(31 * fs)), fs)
    assert isinstance(result, BeatDetection)
    assert result.peak_indices.dtype == np.int64
    np.testing.assert_array_equal(result.peak_indices, beats)
    assert result.sampling_rate_hz == fs
    assert result.quality == pytest.approx(1.0)
    assert "Elgendi" in result.method


def test_noise_gives_low_quality() -> None:
    fs = 250.0
    beats = beat_train(fs, 60.0, seed=3)
    clean = synthetic_ecg(fs, beats, int(60 * fs))
    noisy = clean + np.random.default_rng(4).normal(scale=0.6, size=clean.size)
    assert ecg_peaks(noisy, fs).quality < ecg_peaks(clean, fs).quality - 0.3


def test_accepts_lists_and_integer_counts() -> None:
    fs = 250.0
    beats = beat_train(fs, 20.0, seed=5)
    counts = np.round(1000 * synthetic_ecg(fs, beats, int(20 * fs))).astype(np.int16)
    np.testing.assert_array_equal(ecg_peaks(counts.tolist(), fs).peak_indices, beats)


# ---------------------------------------------------------------- bad input


def _ok_signal(fs: float = 250.0, seconds: float = 10.0) -> FloatArray:
    return synthetic_ecg(fs, beat_train(fs, seconds, seed=1), int(seconds * fs))


@pytest.mark.parametrize(
    ("signal", "fs", "words"),
    [
        (np.zeros((2500, 2)), 250.0, "1-D"),
        (np.array([[1.0]]), 250.0, "1-D"),
        (np.full(2500, np.nan), 250.0, "missing or infinite"),
        (np.r_[_ok_signal()[:100], np.inf, _ok_signal()[101:]], 250.0, "missing or infinite"),
        (_ok_signal(seconds=10)[: 4 * 250], 250.0, "at least 5 s"),
        (np.zeros(0), 250.0, "at least 5 s"),
        (np.full(5000, 3.0), 250.0, "flat line"),
        (_ok_signal(), 0.0, "sampling rate"),
        (_ok_signal(), -250.0, "sampling rate"),
        (_ok_signal(), float("nan"), "sampling rate"),
        (_ok_signal(), float("inf"), "sampling rate"),
        (_ok_signal(), 40.0, "at least 50 Hz"),
        (["a", "b"], 250.0, "numbers"),
    ],
)
def test_bad_input_raises_invalid_input(signal: object, fs: float, words: str) -> None:
    with pytest.raises(InvalidInput, match=words) as info:
        ecg_peaks(signal, fs)  # type: ignore[arg-type]
    assert info.value.status == 422


@pytest.mark.parametrize("declared_fs", [50.0, 100.0])
def test_wrong_sampling_rate_is_caught(declared_fs: float) -> None:
    signal = synthetic_ecg(500.0, beat_train(500.0, 120.0, seed=2), 120 * 500)
    with pytest.raises(InvalidInput, match="sampled at"):
        ecg_peaks(signal, declared_fs)


# ---------------------------------------------------------------- MIT-BIH 100


def _wfdb() -> ModuleType:
    """wfdb (a dev dependency) warns about pandas deprecations on import; keep that out of -W error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return importlib.import_module("wfdb")


def _read(name: str, annotation: str | None = None) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if annotation is None:
            return _wfdb().rdrecord(str(DATA / name))
        return _wfdb().rdann(str(DATA / name), annotation)


def _mitdb_100() -> tuple[FloatArray, IntArray]:
    record = _read("100")
    ann = _read("100", "atr")
    beats = np.array(
        [s for s, sym in zip(ann.sample, ann.symbol, strict=True) if sym in BEAT_SYMBOLS],
        dtype=np.int64,
    )
    mlii = record.sig_name.index("MLII")
    return np.asarray(record.p_signal[:, mlii], dtype=np.float64), beats


def _score(detected: IntArray, reference: IntArray, fs: float) -> dict[str, float]:
    tp, offsets = match_beats(detected, reference, tolerance=round(0.150 * fs))
    q1, median, q3 = np.percentile(offsets * 1000.0 / fs, [25, 50, 75])
    return {
        "se": 100.0 * tp / reference.size,
        "ppv": 100.0 * tp / detected.size,
        "median_ms": float(median),
        "iqr_ms": float(q3 - q1),
    }


@pytest.mark.slow
@pytest.mark.parametrize("fs", [360.0, 500.0])
def test_mitdb_100_whole_record(fs: float) -> None:
    """Se and +P ≥ 99.5 % (±150 ms, one-to-one) and at most one sample of jitter."""
    x, reference = _mitdb_100()
    assert reference.size == 2273  # 2,239 N + 33 A + 1 V
    if fs == 500.0:
        x = resample_poly(x, 25, 18)
        reference = np.round(reference * 500.0 / 360.0).astype(np.int64)
    result = ecg_peaks(x, fs)
    score = _score(result.peak_indices, reference, fs)
    print(f"MIT-BIH 100 @ {fs:g} Hz: {score}")  # shown with pytest -s
    assert score["se"] >= 99.5
    assert score["ppv"] >= 99.5
    assert abs(score["median_ms"]) <= 1000.0 / fs
    assert score["iqr_ms"] <= 2 * 1000.0 / fs + 1e-9
    assert result.quality >= 0.95


def test_mitdb_100_inverted_lead() -> None:
    x, reference = _mitdb_100()
    first_5_min = 5 * 60 * 360
    result = ecg_peaks(-x[:first_5_min], 360.0)
    score = _score(result.peak_indices, reference[reference < first_5_min], 360.0)
    assert score["se"] >= 99.5
    assert score["ppv"] >= 99.5
