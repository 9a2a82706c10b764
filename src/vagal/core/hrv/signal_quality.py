"""Input checks and signal-quality indices shared by the ECG and PPG beat detectors.

Quality index (both detectors): **template matching**, after Orphanidou C, Bonnici T, Charlton P,
Clifton D, Vallance D, Tarassenko L, "Signal-quality indices for the electrocardiogram and
photoplethysmogram: derivation and applications to wireless monitoring", IEEE J Biomed Health
Inform 19(3):832–838 (2015). A window is cut around every detected beat, the median of those
windows is the template, and each beat's Pearson correlation with the template is computed.
Orphanidou et al. accept a segment when the *mean* correlation reaches 0.66 (ECG) or 0.86 (PPG);
vagal reports the **fraction of beats whose own correlation reaches the threshold**, which is a
number in [0, 1] that falls gradually as more beats are disturbed by noise or artefact.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from vagal.errors import InvalidInput

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MIN_DURATION_S = 5.0
MIN_BEATS_FOR_QUALITY = 3


def as_signal(
    signal: npt.ArrayLike, sampling_rate_hz: float, *, kind: str, min_rate_hz: float
) -> FloatArray:
    """Check a sampled signal and return it as a contiguous float64 array.

    Raises `InvalidInput` when the signal is not 1-D numbers, holds NaN or infinity, lasts less
    than 5 s, is a flat line, or when the sampling rate is not a finite number ≥ `min_rate_hz`.
    """
    rate = _check_rate(sampling_rate_hz, kind=kind, min_rate_hz=min_rate_hz)
    try:
        x = np.ascontiguousarray(signal, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            f"The {kind} signal must be a sequence of numbers; convert it to a 1-D float array.",
            details={"kind": kind},
        ) from exc
    _check_shape_and_values(x, rate, kind=kind)
    return x


def _check_rate(sampling_rate_hz: float, *, kind: str, min_rate_hz: float) -> float:
    try:
        rate = float(sampling_rate_hz)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            f"The {kind} sampling rate must be a number in Hz, got {sampling_rate_hz!r}.",
            details={"kind": kind},
        ) from exc
    if not math.isfinite(rate) or rate < min_rate_hz:
        raise InvalidInput(
            f"The {kind} sampling rate is {sampling_rate_hz!r} Hz, but beat detection needs a "
            f"finite rate of at least {min_rate_hz:g} Hz; pass the rate the device recorded at "
            "(see its header or export settings).",
            details={"kind": kind, "sampling_rate_hz": rate, "min_rate_hz": min_rate_hz},
        )
    return rate


def _check_shape_and_values(x: FloatArray, rate: float, *, kind: str) -> None:
    if x.ndim != 1:
        raise InvalidInput(
            f"The {kind} signal must be one channel (a 1-D array), got shape {x.shape}; "
            "pass a single lead or channel.",
            details={"kind": kind, "shape": list(x.shape)},
        )
    bad = np.flatnonzero(~np.isfinite(x))
    if bad.size:
        raise InvalidInput(
            f"The {kind} signal has {bad.size} missing or infinite samples (first at index "
            f"{bad[0]}, {bad[0] / rate:.2f} s); interpolate or cut out those samples first.",
            details={"kind": kind, "n_bad": int(bad.size), "first_bad_index": int(bad[0])},
        )
    duration_s = x.size / rate
    if duration_s < MIN_DURATION_S:
        raise InvalidInput(
            f"The {kind} signal lasts {duration_s:.2f} s ({x.size} samples at {rate:g} Hz); "
            f"beat detection needs at least {MIN_DURATION_S:g} s. Record longer.",
            details={"kind": kind, "duration_s": duration_s},
        )
    if np.ptp(x) <= 1e-12 * max(1.0, float(np.abs(x).max())):
        raise InvalidInput(
            f"The {kind} signal is a flat line (every sample is {x[0]:g}); check that the "
            "sensor had contact and that the right channel was exported.",
            details={"kind": kind},
        )


def check_plausible_rate(
    peaks: IntArray, n_samples: int, sampling_rate_hz: float, *, kind: str
) -> None:
    """Raise `InvalidInput` when the detected beats imply an impossible heart rate.

    Two checks: fewer beats than one per 6 s on average (10 bpm), or a median heart rate
    outside 20–300 bpm. Either almost always means the sampling rate passed in is not the rate
    the signal was recorded at, or the channel holds no pulse at all.
    """
    duration_s = n_samples / sampling_rate_hz
    if peaks.size < duration_s / 6.0:
        raise InvalidInput(
            f"Only {peaks.size} beats were found in {duration_s:.1f} s of {kind}: check that "
            f"this is the {kind} channel, that the sensor had contact, and that the signal was "
            f"sampled at {sampling_rate_hz:g} Hz.",
            details={"kind": kind, "n_beats": int(peaks.size), "duration_s": duration_s},
        )
    if peaks.size < MIN_BEATS_FOR_QUALITY:
        return
    bpm = 60.0 * sampling_rate_hz / float(np.median(np.diff(peaks)))
    if not 20.0 <= bpm <= 300.0:
        raise InvalidInput(
            f"The {kind} beats found imply a heart rate of {bpm:.0f} bpm, outside 20–300 bpm: "
            f"the signal was probably not sampled at {sampling_rate_hz:g} Hz. Check the "
            "sampling rate in the recording's header.",
            details={"kind": kind, "median_bpm": bpm, "sampling_rate_hz": sampling_rate_hz},
        )


def beat_template_correlations(
    x: FloatArray, peaks: IntArray, before: int, after: int
) -> FloatArray:
    """Pearson correlation of each beat's window with the median beat (NaN if the window is cut).

    Windows run from `before` samples before to `after` samples after each peak; a beat whose
    window would leave the signal gets NaN. Fewer than 3 whole windows give all NaN.
    """
    r = np.full(peaks.size, np.nan)
    inside = (peaks - before >= 0) & (peaks + after < x.size)
    if np.count_nonzero(inside) < MIN_BEATS_FOR_QUALITY:
        return r
    offsets = np.arange(-before, after + 1, dtype=np.int64)
    windows = x[peaks[inside][:, None] + offsets[None, :]]
    windows = windows - windows.mean(axis=1, keepdims=True)
    template = np.median(windows, axis=0)
    template = template - template.mean()
    norms = np.linalg.norm(windows, axis=1) * np.linalg.norm(template)
    r[inside] = np.divide(
        windows @ template, norms, out=np.zeros(windows.shape[0]), where=norms > 0
    )
    return r


def template_correlation_quality(
    x: FloatArray, peaks: IntArray, before: int, after: int, threshold: float
) -> float:
    """Fraction of beats whose window correlates with the median beat at r ≥ `threshold`.

    Beats whose window would leave the signal count as failures; fewer than 3 beats give 0.
    """
    if peaks.size < MIN_BEATS_FOR_QUALITY:
        return 0.0
    r = beat_template_correlations(x, peaks, before, after)
    return float(np.count_nonzero(r >= threshold)) / float(peaks.size)
