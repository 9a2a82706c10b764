"""Time-domain HRV metrics (Task Force 1996).

Reference: Task Force of the ESC and NASPE, "Heart rate variability: standards of
measurement, physiological interpretation and clinical use", Circulation 93(5):1043-1065
(1996). Formulas, units and minimum lengths are listed in docs/hrv-metrics.md.
Successive differences are taken within gap-free segments only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from vagal.core.hrv.rr import FloatArray, RRSeries

MIN_NN = 10
"""SDNN, RMSSD, SDSD, pNNx need at least this many NN intervals (and 9 within-segment
successive differences)."""
MIN_TRIANGULAR_S = 1200.0
"""The HRV triangular index needs at least 20 minutes of NN intervals (Task Force)."""
TRIANGULAR_BIN_MS = 1000.0 / 128.0
"""Histogram bin width of the triangular index: 1/128 s = 7.8125 ms (Task Force)."""


@dataclass(frozen=True, slots=True)
class TimeDomain:
    """Time-domain metrics; `None` where unavailable (reason in `unavailable`)."""

    mean_rr_ms: float | None = None
    mean_hr_bpm: float | None = None
    min_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    sdnn_ms: float | None = None
    rmssd_ms: float | None = None
    ln_rmssd: float | None = None
    sdsd_ms: float | None = None
    nn50: int | None = None
    pnn50_pct: float | None = None
    nn20: int | None = None
    pnn20_pct: float | None = None
    hrv_triangular_index: float | None = None
    unavailable: dict[str, str] = field(default_factory=dict)


def hrv_time(nn: RRSeries, *, diffs: FloatArray | None = None) -> TimeDomain:
    """All time-domain metrics of an NN series (see the individual functions); `diffs`: its
    `successive_differences_ms()`, if already known."""
    rr = nn.rr_ms
    if diffs is None:
        diffs = nn.successive_differences_ms()
    out: dict[str, float | int | None] = {}
    missing: dict[str, str] = {}
    if rr.size >= 1:
        mean = mean_rr_ms(rr)
        out |= {
            "mean_rr_ms": mean,
            "mean_hr_bpm": 60000.0 / mean,  # mean_hr_bpm(rr)
            "min_hr_bpm": 60000.0 / float(rr.max()),
            "max_hr_bpm": 60000.0 / float(rr.min()),
        }
    if rr.size >= MIN_NN:
        out["sdnn_ms"] = sdnn_ms(rr)
    else:
        missing["sdnn_ms"] = f"needs at least {MIN_NN} NN intervals, got {rr.size}"
    if rr.size >= MIN_NN and diffs.size >= MIN_NN - 1:
        out |= _difference_metrics(diffs)
    else:
        reason = f"needs at least {MIN_NN - 1} successive differences within segments"
        missing |= dict.fromkeys(_DIFF_METRICS, reason)
    if nn.analysed_s >= MIN_TRIANGULAR_S:
        out["hrv_triangular_index"] = hrv_triangular_index(rr)
    else:
        missing["hrv_triangular_index"] = (
            f"needs at least {MIN_TRIANGULAR_S / 60:g} minutes of NN intervals, "
            f"got {nn.analysed_s / 60:.1f}"
        )
    if out.get("ln_rmssd", 0.0) is None:
        del out["ln_rmssd"]
        missing["ln_rmssd"] = "undefined: RMSSD is 0 (no beat-to-beat variability)"
    return TimeDomain(**out, unavailable=missing)  # type: ignore[arg-type]


_DIFF_METRICS = ("rmssd_ms", "ln_rmssd", "sdsd_ms", "nn50", "pnn50_pct", "nn20", "pnn20_pct")


def _difference_metrics(diffs: np.ndarray) -> dict[str, float | int | None]:
    rmssd = rmssd_ms(diffs)
    return {
        "rmssd_ms": rmssd,
        "ln_rmssd": math.log(rmssd) if rmssd > 0 else None,
        "sdsd_ms": sdsd_ms(diffs),
        "nn50": int(np.count_nonzero(np.abs(diffs) > 50.0)),
        "pnn50_pct": pnnx_pct(diffs, 50.0),
        "nn20": int(np.count_nonzero(np.abs(diffs) > 20.0)),
        "pnn20_pct": pnnx_pct(diffs, 20.0),
    }


def mean_of(values: np.ndarray) -> float:
    """`float(np.mean(values))` of a non-empty 1-D float64 array, bit for bit (the same
    pairwise sum divided by the count), without `np.mean`'s per-call overhead, which
    dominates for short series analysed by the thousand."""
    return float(_ADD(values) / values.size)


def sd_of(values: np.ndarray) -> float:
    """`float(np.std(values, ddof=1))` of a 1-D float64 array of 2 or more values, bit for bit
    (NumPy's own steps: mean, deviations, pairwise sum of their squares, / (N - 1), sqrt)."""
    deviations = values - _ADD(values) / values.size
    return math.sqrt(_ADD(deviations * deviations) / (values.size - 1))


_ADD = np.add.reduce


def mean_rr_ms(rr_ms: np.ndarray) -> float:
    """Mean NN interval, ms: sum(NN) / N."""
    return mean_of(rr_ms)


def mean_hr_bpm(rr_ms: np.ndarray) -> float:
    """Mean heart rate, bpm: 60000 / mean(NN) (not the mean of instantaneous rates)."""
    return 60000.0 / mean_of(rr_ms)


def sdnn_ms(rr_ms: np.ndarray) -> float:
    """SDNN, ms: sample standard deviation of NN (ddof = 1). Minimum 10 NN."""
    return sd_of(rr_ms)


def rmssd_ms(diffs_ms: np.ndarray) -> float:
    """RMSSD, ms: sqrt(mean(dNN^2)) over within-segment successive differences."""
    return math.sqrt(_ADD(diffs_ms * diffs_ms) / diffs_ms.size)


def sdsd_ms(diffs_ms: np.ndarray) -> float:
    """SDSD, ms: sample standard deviation (ddof = 1) of successive differences."""
    return sd_of(diffs_ms)


def pnnx_pct(diffs_ms: np.ndarray, threshold_ms: float) -> float:
    """pNNx, %: 100 * count(|dNN| > x) / number of successive differences.

    Denominator: the number of successive differences (N - 1 per segment), i.e. of the
    comparisons that could qualify. The Task Force text divides by N; the two differ by 1/N.
    """
    return 100.0 * float(np.count_nonzero(np.abs(diffs_ms) > threshold_ms)) / diffs_ms.size


def hrv_triangular_index(rr_ms: np.ndarray) -> float:
    """HRV triangular index (dimensionless): N / height of the NN histogram's highest bin.

    Bins are 1/128 s (7.8125 ms) wide and centred on multiples of 1/128 s, so Holter data
    quantised to 1/128 s never fall on a bin edge.
    """
    bins = np.floor(rr_ms / TRIANGULAR_BIN_MS + 0.5).astype(np.int64)
    counts = np.bincount(bins - bins.min())
    return float(rr_ms.size / counts.max())
