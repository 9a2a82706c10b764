"""Master functions: RR intervals, ECG or PPG in, a typed `HRVReport` out."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from vagal.core.hrv.artifacts import ArtifactReport, rr_artifacts, rr_artifacts_many, rr_clean
from vagal.core.hrv.beats import BeatDetection
from vagal.core.hrv.frequency_domain import FrequencyDomain, SpectralMethod, hrv_frequency
from vagal.core.hrv.nonlinear import hrv_nonlinear
from vagal.core.hrv.report import BeatDetectionSummary, HRVReport, grade_quality, reliability
from vagal.core.hrv.rr import MIN_RR_MS, RRSeries, rr_series, rr_series_many
from vagal.core.hrv.time_domain import hrv_time
from vagal.errors import InvalidInput

MIN_BEATS = 10
"""Fewest plausible intervals `analyze_rr` accepts."""
MIN_SIGNAL_S = 10.0
"""Shortest ECG/PPG recording accepted."""
MIN_SAMPLING_HZ = 20.0
MAX_SAMPLING_HZ = 20000.0
NO_SPECTRUM_REASON = (
    "not computed: this series is too coarse for spectral analysis (time domain only)"
)

_Part = TypeVar("_Part")


def analyze_rr(
    rr_ms: npt.ArrayLike,
    *,
    timestamps_s: npt.ArrayLike | None = None,
    correct_artifacts: bool = True,
    spectral_method: SpectralMethod = "welch",
    frequency_domain: bool = True,
) -> HRVReport:
    """Analyse RR intervals (milliseconds): validate, split at gaps, detect (and by default
    correct) artefacts, then compute time-domain, frequency-domain and nonlinear metrics.

    `frequency_domain=False` leaves the spectrum out (every frequency metric unavailable, with
    `NO_SPECTRUM_REASON`, and the spectral method "none"): for series too coarse for spectral
    analysis, such as intervals derived from whole-number bpm values.

    Raises:
        InvalidInput: invalid intervals (see `rr_series`) or fewer than 10 plausible ones.
    """
    if spectral_method not in ("welch", "lomb"):
        raise InvalidInput(f"Unknown spectral method {spectral_method!r}: use 'welch' or 'lomb'.")
    series = rr_series(rr_ms, timestamps_s=timestamps_s)
    return _analyze(series, correct_artifacts, spectral_method if frequency_domain else None)


def analyze_rr_many(
    items: Sequence[tuple[npt.ArrayLike, npt.ArrayLike | None]],
    *,
    frequency_domain: bool = True,
    spectral_method: SpectralMethod = "welch",
) -> list[HRVReport | InvalidInput]:
    """`analyze_rr(rr_ms, timestamps_s=..., correct_artifacts=False, ...)` of each
    (rr_ms, timestamps_s) pair, in order: the report, or the InvalidInput it would raise.

    The results are identical to one call per series; artefact detection runs once over all
    of them (`rr_artifacts_many`), which makes many short series (such as Apple's beat lists)
    much cheaper to analyse. Artefacts are detected, not corrected.
    """
    if spectral_method not in ("welch", "lomb"):
        raise InvalidInput(f"Unknown spectral method {spectral_method!r}: use 'welch' or 'lomb'.")
    out: list[HRVReport | InvalidInput] = []
    usable: list[tuple[int, RRSeries]] = []
    for index, series in enumerate(rr_series_many(items)):
        try:
            if not isinstance(series, InvalidInput):
                _check_length(series)
        except InvalidInput as exc:
            series = exc
        if isinstance(series, InvalidInput):
            out.append(series)
        else:
            usable.append((index, series))
    method = spectral_method if frequency_domain else None
    found = rr_artifacts_many([series for _, series in usable])
    reports = {
        index: _report_of(series, artifacts, method)
        for (index, series), (_, artifacts) in zip(usable, found, strict=True)
    }
    errors = iter(out)
    return [reports[k] if k in reports else next(errors) for k in range(len(items))]


def analyze_ecg(
    signal: npt.ArrayLike,
    sampling_rate_hz: float,
    *,
    correct_artifacts: bool = True,
    spectral_method: SpectralMethod = "welch",
) -> HRVReport:
    """Detect R-peaks with `vagal.core.hrv.ecg.ecg_peaks`, then analyse as `analyze_rr`."""
    values = _check_signal(signal, sampling_rate_hz, "ECG")
    from vagal.core.hrv.ecg import ecg_peaks

    detection = ecg_peaks(values, sampling_rate_hz)
    return _analyze_detection(detection, correct_artifacts, spectral_method)


def analyze_ppg(
    signal: npt.ArrayLike,
    sampling_rate_hz: float,
    *,
    correct_artifacts: bool = True,
    spectral_method: SpectralMethod = "welch",
) -> HRVReport:
    """Detect pulse peaks with `vagal.core.hrv.ppg.ppg_peaks`, then analyse as `analyze_rr`."""
    values = _check_signal(signal, sampling_rate_hz, "PPG")
    from vagal.core.hrv.ppg import ppg_peaks

    detection = ppg_peaks(values, sampling_rate_hz)
    return _analyze_detection(detection, correct_artifacts, spectral_method)


def _check_signal(signal: npt.ArrayLike, rate: float, kind: str) -> npt.NDArray[np.float64]:
    if not (isinstance(rate, int | float) and math.isfinite(rate)) or not (
        MIN_SAMPLING_HZ <= rate <= MAX_SAMPLING_HZ
    ):
        raise InvalidInput(
            f"The sampling rate {rate!r} Hz is not usable for {kind}: give the rate the signal "
            f"was recorded at, between {MIN_SAMPLING_HZ:g} and {MAX_SAMPLING_HZ:g} Hz.",
        )
    try:
        values = np.asarray(signal, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidInput(f"The {kind} signal must be numbers.") from None
    if values.ndim != 1 or values.size == 0:
        raise InvalidInput(f"The {kind} signal must be a non-empty one-dimensional sequence.")
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise InvalidInput(
            f"The {kind} signal has {bad.size} sample(s) that are NaN or infinite, first at "
            f"sample {bad[0] + 1}. Remove or interpolate them.",
        )
    seconds = values.size / rate
    if seconds < MIN_SIGNAL_S:
        raise InvalidInput(
            f"The {kind} signal has {values.size} samples, which at {rate:g} Hz is only "
            f"{seconds:.2f} s; at least {MIN_SIGNAL_S:g} s are needed. Check the sampling rate.",
        )
    return values


def _analyze_detection(
    detection: BeatDetection, correct: bool, method: SpectralMethod
) -> HRVReport:
    times = detection.beat_times_s
    # detections inside the refractory period are double detections of one beat
    keep = np.concatenate([[True], np.diff(times) * 1000.0 >= MIN_RR_MS])
    times = times[keep]
    seconds = times[-1] - times[0] if times.size else 0.0
    if times.size < MIN_BEATS + 1:
        raise InvalidInput(
            f"Only {times.size} beats were detected in the signal ({seconds:.1f} s between the "
            f"first and last); at least {MIN_BEATS + 1} are needed. Check the sampling rate "
            "and that the signal is the right kind.",
        )
    series = rr_series(np.diff(times) * 1000.0, timestamps_s=times[1:] - times[0])
    summary = BeatDetectionSummary(
        method=detection.method,
        quality=float(detection.quality),
        sampling_rate_hz=float(detection.sampling_rate_hz),
        n_peaks=int(detection.peak_indices.size),
    )
    return _analyze(series, correct, method, summary)


def _analyze(
    series: RRSeries,
    correct: bool,
    method: SpectralMethod | None,
    detection: BeatDetectionSummary | None = None,
) -> HRVReport:
    _check_length(series)
    nn, artifacts = rr_clean(series) if correct else (series, rr_artifacts(series)[1])
    return _report_of(nn, artifacts, method, detection)


def _check_length(series: RRSeries) -> None:
    if series.n < MIN_BEATS:
        raise InvalidInput(
            f"The series has {series.n} plausible RR interval(s); at least {MIN_BEATS} are "
            "needed (a few minutes are needed for most metrics).",
            details={"n_intervals": series.n},
        )


def _report_of(
    nn: RRSeries,
    artifacts: ArtifactReport,
    method: SpectralMethod | None,
    detection: BeatDetectionSummary | None = None,
) -> HRVReport:
    """Metrics of the NN series `nn` (after correction, if any) and the full report."""
    freq = hrv_frequency(nn, method) if method is not None else _no_spectrum()
    diffs = nn.successive_differences_ms()
    time, nonlin = hrv_time(nn, diffs=diffs), hrv_nonlinear(nn, diffs=diffs)
    unavailable = {**time.unavailable, **freq.unavailable, **nonlin.unavailable}
    present = [
        k for part in (time, freq, nonlin) for k in _metric_names(part) if k not in unavailable
    ]
    too_many, unreliable = reliability(present, artifacts.artifact_pct)
    if too_many:
        time, freq, nonlin = (
            _blank(time, too_many),
            _blank(freq, too_many),
            _blank(nonlin, too_many),
        )
        unavailable |= too_many
    return HRVReport(
        n_beats=nn.n,
        duration_s=nn.duration_s,
        analysed_s=nn.analysed_s,
        n_segments=int(nn.segment_starts.size),
        gap_count=nn.gap_count,
        gap_s=nn.gap_s,
        time=time,
        frequency=freq,
        nonlinear=nonlin,
        artifacts=artifacts,
        quality=grade_quality(
            artifacts.artifact_pct, detection.quality if detection is not None else None
        ),
        spectral_method=method or "none",
        unavailable=unavailable,
        unreliable=unreliable,
        beat_detection=detection,
    )


def _no_spectrum() -> FrequencyDomain:
    names = _names_of(FrequencyDomain)
    return FrequencyDomain(method="none", unavailable=dict.fromkeys(names, NO_SPECTRUM_REASON))


def _metric_names(part: Any) -> tuple[str, ...]:
    return _names_of(type(part))


def _names_of(kind: type) -> tuple[str, ...]:
    names = _METRIC_NAMES.get(kind)
    if names is None:
        skip = {"unavailable", "method", "n_windows"}
        names = tuple(f.name for f in dataclasses.fields(kind) if f.name not in skip)
        _METRIC_NAMES[kind] = names
    return names


_METRIC_NAMES: dict[type, tuple[str, ...]] = {}


def _blank(part: _Part, reasons: dict[str, str]) -> _Part:
    names = [n for n in _metric_names(part) if n in reasons]
    merged = {**part.unavailable, **{n: reasons[n] for n in names}}  # type: ignore[attr-defined]
    return dataclasses.replace(part, **dict.fromkeys(names), unavailable=merged)  # type: ignore[type-var]
