"""vagal's HRV engine: pure functions from RR intervals (or ECG/PPG) to typed reports.

Import cost is NumPy only; SciPy's rank filter is loaded lazily for long series, and the
ECG/PPG detectors only when `analyze_ecg` / `analyze_ppg` are called.
"""

from vagal.core.hrv.artifacts import ArtifactReport, classify_beats, rr_artifacts, rr_clean
from vagal.core.hrv.beats import BeatDetection
from vagal.core.hrv.frequency_domain import (
    FrequencyDomain,
    Spectrum,
    hrv_frequency,
    lomb_scargle_psd,
    rr_psd,
)
from vagal.core.hrv.nonlinear import Nonlinear, dfa_alpha, hrv_nonlinear, poincare, sample_entropy
from vagal.core.hrv.pipeline import analyze_ecg, analyze_ppg, analyze_rr
from vagal.core.hrv.report import BeatDetectionSummary, HRVReport, grade_quality
from vagal.core.hrv.rr import RRSeries, rr_from_beat_times, rr_series
from vagal.core.hrv.time_domain import TimeDomain, hrv_time

__all__ = [
    "ArtifactReport",
    "BeatDetection",
    "BeatDetectionSummary",
    "FrequencyDomain",
    "HRVReport",
    "Nonlinear",
    "RRSeries",
    "Spectrum",
    "TimeDomain",
    "analyze_ecg",
    "analyze_ppg",
    "analyze_rr",
    "classify_beats",
    "dfa_alpha",
    "grade_quality",
    "hrv_frequency",
    "hrv_nonlinear",
    "hrv_time",
    "lomb_scargle_psd",
    "poincare",
    "rr_artifacts",
    "rr_clean",
    "rr_from_beat_times",
    "rr_psd",
    "rr_series",
    "sample_entropy",
]
