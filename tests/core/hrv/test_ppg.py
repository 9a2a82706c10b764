"""PPG systolic-peak detection: synthetic recovery, bad inputs, and PPG vs ECG on real ICU records.

Real data: PhysioNet/CinC Challenge 2015 records a103l and v102s (simultaneous ECG and PLETH at
250 Hz, both labelled *false* alarms). Mean heart rate from the PPG must be within 1 bpm of the
mean heart rate from the ECG over the stretches where both signals are usable.

How "usable" is decided (the same rule for both records, fixed before looking at the agreement):
the record is cut into 10-s segments (the segment length of Orphanidou et al., IEEE JBHI
19(3):832–838, 2015) and a segment is kept when

* both beat series pass Orphanidou's physiological feasibility rules within it (mean HR
  40–180 bpm, longest RR < 3 s, longest/shortest RR < 2.2), and
* the PPG passes vagal's own quality index on that segment (`ppg_peaks(segment).quality ≥ 0.8`).

The ECG's template quality is not used as a gate: in v102s the ECG overflowed the 12-bit ADC
range on almost every QRS (the samples wrap around), which spoils QRS *morphology* everywhere but
not QRS *timing*, and the ECG is the reference here. What is excluded in a103l: ~260–300 s,
where the ECG is saturated and noisy (the cause of its false asystole alarm), and ~160–260 s,
where the PPG loses every other pulse. Data defects repaired before detection: v102s PLETH
wraps around its 12-bit range (undone with `numpy.unwrap`, period 4096 ADC units), and its ECG
has 3 isolated invalid samples (linearly interpolated).
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from vagal.core.hrv.beats import BeatDetection
from vagal.core.hrv.ecg import ecg_peaks
from vagal.core.hrv.ppg import ppg_peaks
from vagal.errors import InvalidInput

DATA = Path(__file__).resolve().parents[2] / "data" / "ecg"
SEGMENT_S = 10.0

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def synthetic_ppg(fs: float, beat_indices: IntArray, n: int) -> FloatArray:
    """PPG-like train: systolic wave exactly at the index, a dicrotic wave 300 ms later, breathing."""
    t = np.arange(n) / fs
    x = 0.2 * np.sin(2 * np.pi * 0.25 * t)
    for b in beat_indices / fs:
        x += np.exp(-0.5 * ((t - b) / 0.08) ** 2)
        x += 0.35 * np.exp(-0.5 * ((t - b - 0.3) / 0.08) ** 2)
    return x


def beat_train(fs: float, duration_s: float, seed: int) -> IntArray:
    rng = np.random.default_rng(seed)
    times = 0.5 + np.cumsum(rng.uniform(0.55, 1.1, size=int(duration_s)))
    times = times[times < duration_s - 0.5]
    return np.round(times * fs).astype(np.int64)


# ---------------------------------------------------------------- synthetic


@pytest.mark.parametrize("fs", [25.0, 50.0, 64.0, 100.0, 125.0, 250.0, 500.0])
def test_synthetic_train_is_recovered(fs: float) -> None:
    """Exact below 500 Hz; within 2 ms at 500 Hz (the dicrotic wave skews the filtered pulse)."""
    beats = beat_train(fs, 60.0, seed=int(fs))
    result = ppg_peaks(synthetic_ppg(fs, beats, int(60 * fs)), fs)
    assert isinstance(result, BeatDetection)
    assert result.peak_indices.dtype == np.int64
    assert result.peak_indices.size == beats.size
    assert np.abs(result.peak_indices - beats).max() <= round(0.002 * fs)
    assert result.quality == pytest.approx(1.0)
    assert "Elgendi" in result.method


def test_noise_lowers_quality() -> None:
    fs = 100.0
    clean = synthetic_ppg(fs, beat_train(fs, 60.0, seed=7), int(60 * fs))
    noisy = clean + np.random.default_rng(8).normal(scale=0.5, size=clean.size)
    assert ppg_peaks(noisy, fs).quality < ppg_peaks(clean, fs).quality - 0.3


# ---------------------------------------------------------------- bad input


def _ok_signal(fs: float = 100.0, seconds: float = 10.0) -> FloatArray:
    return synthetic_ppg(fs, beat_train(fs, seconds, seed=1), int(seconds * fs))


@pytest.mark.parametrize(
    ("signal", "fs", "words"),
    [
        (np.zeros((1000, 3)), 100.0, "1-D"),
        (np.r_[_ok_signal()[:10], np.nan, _ok_signal()[11:]], 100.0, "missing or infinite"),
        (_ok_signal()[:400], 100.0, "at least 5 s"),
        (np.zeros(1000), 100.0, "flat line"),
        (_ok_signal(), 0.0, "sampling rate"),
        (_ok_signal(), float("nan"), "sampling rate"),
        (_ok_signal(), 15.0, "at least 20 Hz"),
        (_ok_signal(), "fast", "sampling rate"),
    ],
)
def test_bad_input_raises_invalid_input(signal: object, fs: object, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        ppg_peaks(signal, fs)  # type: ignore[arg-type]


@pytest.mark.parametrize("declared_fs", [20.0, 25.0])
def test_wrong_sampling_rate_is_caught(declared_fs: float) -> None:
    """A 500 Hz recording declared as 20–25 Hz implies a heart rate far below 20 bpm."""
    signal = synthetic_ppg(500.0, beat_train(500.0, 120.0, seed=2), 120 * 500)
    with pytest.raises(InvalidInput, match="sampled at"):
        ppg_peaks(signal, declared_fs)


# ---------------------------------------------------------------- Challenge 2015


def _read_record(name: str) -> Any:
    """wfdb (a dev dependency) warns about pandas deprecations; keep that out of -W error."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wfdb = importlib.import_module("wfdb")
        return wfdb.rdrecord(str(DATA / name), physical=False)


def _load(name: str) -> tuple[FloatArray, FloatArray, float]:
    """ECG lead II and PLETH in physical units, with the record's data defects repaired."""
    record = _read_record(name)
    channels: dict[str, FloatArray] = {}
    for i, label in enumerate(record.sig_name):
        digital = record.d_signal[:, i].astype(np.float64)
        if label == "PLETH" and record.fmt[i] == "212":
            digital = np.unwrap(digital, period=4096.0)  # 12-bit samples that wrapped around
        elif record.fmt[i] == "212":
            invalid = digital == -2048.0  # WFDB's "invalid sample" code in format 212
            good = np.flatnonzero(~invalid)
            digital[invalid] = np.interp(np.flatnonzero(invalid), good, digital[good])
        channels[label] = (digital - record.baseline[i]) / record.adc_gain[i]
    return channels["II"], channels["PLETH"], float(record.fs)


def _feasible(rr_s: FloatArray) -> bool:
    """Orphanidou et al. (2015) physiological feasibility rules for a 10-s segment."""
    if rr_s.size < 2:
        return False
    return bool(
        40.0 <= 60.0 / rr_s.mean() <= 180.0 and rr_s.max() < 3.0 and rr_s.max() / rr_s.min() < 2.2
    )


def _segment_rr(peaks: IntArray, seg: int, n: int, fs: float) -> FloatArray:
    inside = peaks[(peaks >= seg * n) & (peaks < (seg + 1) * n)]
    return np.diff(inside) / fs


def _usable_segments(ecg: BeatDetection, ppg: BeatDetection, pleth: FloatArray) -> list[int]:
    fs = ecg.sampling_rate_hz
    n = int(SEGMENT_S * fs)
    keep = []
    for seg in range(pleth.size // n):
        if not _feasible(_segment_rr(ecg.peak_indices, seg, n, fs)):
            continue
        if not _feasible(_segment_rr(ppg.peak_indices, seg, n, fs)):
            continue
        if ppg_peaks(pleth[seg * n : (seg + 1) * n], fs).quality >= 0.8:
            keep.append(seg)
    return keep


def _mean_hr(detection: BeatDetection, segments: list[int]) -> float:
    """60000 / mean RR (ms) over the intervals that lie inside the kept segments."""
    fs = detection.sampling_rate_hz
    n = int(SEGMENT_S * fs)
    rr_s = np.concatenate([_segment_rr(detection.peak_indices, s, n, fs) for s in segments])
    return 60.0 / float(rr_s.mean())


@pytest.mark.slow
@pytest.mark.parametrize("record", ["a103l", "v102s"])
def test_ppg_mean_hr_matches_ecg(record: str) -> None:
    ecg_signal, pleth, fs = _load(record)
    ecg = ecg_peaks(ecg_signal, fs)
    ppg = ppg_peaks(pleth, fs)
    segments = _usable_segments(ecg, ppg, pleth)
    assert len(segments) * SEGMENT_S >= 150.0  # at least half of the 5-min alarm window
    hr_ecg, hr_ppg = _mean_hr(ecg, segments), _mean_hr(ppg, segments)
    whole = 60000.0 / ecg.rr_ms.mean(), 60000.0 / ppg.rr_ms.mean()
    print(
        f"{record}: {len(segments)} x 10 s kept; mean HR ECG {hr_ecg:.2f}, PPG {hr_ppg:.2f} bpm "
        f"(whole record: ECG {whole[0]:.2f}, PPG {whole[1]:.2f})"
    )
    assert abs(hr_ppg - hr_ecg) <= 1.0
