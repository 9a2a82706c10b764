"""Resonance-breathing assessment: which paced rate makes heart rate swing most with the breath.

Protocol (Lehrer, Vaschillo & Vaschillo 2000, *Appl. Psychophysiol. Biofeedback* 25:177–191):
paced breathing at 6.5, 6.0, 5.5, 5.0 and 4.5 breaths per minute, about 2 minutes each, with a
heart-rate strap. Each rate is scored on the criteria of Shaffer & Meehan 2020, "A practical guide
to resonance frequency assessment for heart rate variability biofeedback", *Front. Neurosci.*
14:570400 (doi:10.3389/fnins.2020.570400), which they list in order of importance:

1. **phase**: heart rate and breathing in phase (0°) — ``phase_deg``, the phase of the heart-rate
   wave minus the phase of the pacer's lung-volume wave at the breathing frequency (one-bin
   least-squares fit of a sine and cosine plus a linear trend, over whole breaths);
2. **peak-to-trough amplitude** — ``peak_to_trough_bpm``, the mean over whole breaths of the
   highest minus the lowest heart rate (bpm: each interval's ``60000 / RR`` placed at the middle
   of the interval, linearly resampled at 4 Hz);
3. **LF power** — ``lf_power_ms2``, 0.04–0.15 Hz band power of the RR series (the HRV engine's
   ``rr_psd``: 4-Hz spline, smoothness-priors detrending, Hann window);
4. **LF peak** — ``lf_peak_ms2_hz``, the height of the highest point of that spectrum in the band;
5. **smoothness** — ``smoothness``, the share (0–1) of the detrended heart-rate curve's variance
   that one sine wave per breath explains: 1 for a clean wave, lower when the curve is jagged or
   carries extra peaks.

Combining them is vagal's choice, stated here: each criterion is scaled to 0–1 across the rates
(value ÷ the best rate's value; for phase ``1 − |phase_deg| / 180``) and weighted 5, 4, 3, 2, 1 in
the order above; ``score`` is the weighted mean. The best rate has the highest score.

The phase needs to know when the pacer's breaths began: ``pacer_offset_s`` is the start of the first
inhale, in seconds from the first beat of the recording (the beat that opens the first RR
interval), and ``inhale_share`` the part of each breath spent breathing in. It assumes the person
followed the pacer; with a respiration belt the phase would be measured, not assumed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from vagal.core.hrv.frequency_domain import BANDS_HZ, band_power, rr_psd
from vagal.core.hrv.rr import FloatArray, rr_series
from vagal.errors import InvalidInput

PROTOCOL_RATES_BPM: tuple[float, ...] = (6.5, 6.0, 5.5, 5.0, 4.5)
STEP_DURATION_S = 120.0
#: A rate is scored from at least this much gap-free recording and this many whole breaths.
MIN_STEP_S = 60.0
MIN_BREATHS = 3
RESAMPLE_HZ = 4.0
#: Criteria in Shaffer & Meehan's order and vagal's weights for them.
WEIGHTS: dict[str, float] = {
    "phase": 5.0,
    "peak_to_trough": 4.0,
    "lf_power": 3.0,
    "lf_peak": 2.0,
    "smoothness": 1.0,
}
#: Two rates whose scores differ by less than this are a close call (worth repeating both).
CLOSE_CALL = 0.05


@dataclass(frozen=True, slots=True)
class RateRecording:
    """The RR intervals (ms, oldest first) recorded while the pacer played ``rate_bpm``."""

    rate_bpm: float
    rr_ms: tuple[float, ...]
    inhale_share: float = 0.45
    pacer_offset_s: float = 0.0

    def __post_init__(self) -> None:
        if not 2.0 <= self.rate_bpm <= 20.0:
            raise InvalidInput(
                f"The paced rate should be 2 to 20 breaths per minute, not {self.rate_bpm:g}.",
                details={"field": "rate_bpm"},
            )
        if not 0.2 <= self.inhale_share <= 0.8:
            raise InvalidInput(
                "The inhale should be 20-80 % of each breath.", details={"field": "inhale_share"}
            )
        if not math.isfinite(self.pacer_offset_s) or self.pacer_offset_s < 0:
            raise InvalidInput(
                "The pacer offset is 0 or more seconds.", details={"field": "pacer_offset_s"}
            )


@dataclass(frozen=True, slots=True)
class RateMetrics:
    """The five criteria for one rate, before they are compared with the other rates."""

    rate_bpm: float
    duration_s: float
    breaths: int
    phase_deg: float
    peak_to_trough_bpm: float
    lf_power_ms2: float
    lf_peak_ms2_hz: float
    lf_peak_hz: float
    smoothness: float


@dataclass(frozen=True, slots=True)
class RateScore:
    metrics: RateMetrics
    #: Each criterion scaled to 0–1 across the rates (same keys as ``WEIGHTS``).
    parts: tuple[tuple[str, float], ...]
    score: float

    @property
    def rate_bpm(self) -> float:
        return self.metrics.rate_bpm


@dataclass(frozen=True, slots=True)
class ResonanceAssessment:
    #: Scored rates in the order they were recorded.
    scores: tuple[RateScore, ...]
    #: Rates that could not be scored, with the reason in words.
    unscored: tuple[tuple[float, str], ...]
    best_rate_bpm: float | None
    #: The runner-up is within ``CLOSE_CALL`` of the best: repeating both rates would help.
    close_call: bool

    @property
    def ranking(self) -> tuple[RateScore, ...]:
        return tuple(sorted(self.scores, key=lambda s: -s.score))


def assess_resonance(recordings: Sequence[RateRecording]) -> ResonanceAssessment:
    """Score each paced rate and choose the person's resonance rate (None if none could be scored)."""
    rates = [r.rate_bpm for r in recordings]
    if len(set(rates)) != len(rates):
        raise InvalidInput("Each rate should appear once.", details={"field": "rate_bpm"})
    metrics: list[RateMetrics] = []
    unscored: list[tuple[float, str]] = []
    for recording in recordings:
        try:
            metrics.append(rate_metrics(recording))
        except InvalidInput as error:
            unscored.append((recording.rate_bpm, error.message))
    scores = _combine(metrics)
    ranked = sorted(scores, key=lambda s: (-s.score, -s.metrics.peak_to_trough_bpm))
    best = ranked[0].rate_bpm if ranked else None
    close = len(ranked) > 1 and ranked[0].score - ranked[1].score < CLOSE_CALL
    return ResonanceAssessment(tuple(scores), tuple(unscored), best, close)


def rate_metrics(recording: RateRecording) -> RateMetrics:
    """The five criteria for one rate, from its longest gap-free stretch of RR intervals."""
    series = rr_series(np.asarray(recording.rr_ms, dtype=np.float64))
    segments, times = series.segments(), series.segment_times()
    longest = max(range(len(segments)), key=lambda k: times[k][-1] - times[k][0] + segments[k][0])
    rr, beat_t = segments[longest], times[longest]
    start = float(beat_t[0] - rr[0] / 1000.0)
    duration = float(beat_t[-1] - start)
    if duration < MIN_STEP_S:
        raise InvalidInput(
            f"{recording.rate_bpm:g} breaths per minute: {duration:.0f} s of clean recording, "
            f"and at least {MIN_STEP_S:.0f} s are needed.",
            details={"field": "rr_ms"},
        )
    period = 60.0 / recording.rate_bpm
    # Whole pacer breaths inside the recording: the first inhale at or after its start.
    first = recording.pacer_offset_s + period * math.ceil(
        (start - recording.pacer_offset_s) / period - 1e-9
    )
    breaths = math.floor((float(beat_t[-1]) - first) / period + 1e-9)
    if breaths < MIN_BREATHS:
        raise InvalidInput(
            f"{recording.rate_bpm:g} breaths per minute: {breaths} whole breath(s) recorded, "
            f"and at least {MIN_BREATHS} are needed.",
            details={"field": "rr_ms"},
        )
    per_breath = round(period * RESAMPLE_HZ)
    grid: FloatArray = first + np.arange(breaths * per_breath, dtype=np.float64) * (
        period / per_breath
    )
    # Each interval's heart rate belongs to its middle, not to the beat that ends it.
    hr = np.interp(grid, beat_t - rr / 2000.0, 60000.0 / rr)
    volume = _lung_volume(grid - recording.pacer_offset_s, period, recording.inhale_share)
    hr_phase, smoothness = _fit_wave(grid, hr, period)
    volume_phase, _ = _fit_wave(grid, volume, period)
    spectrum = rr_psd(series)
    low, high = BANDS_HZ["lf"]
    band = (spectrum.freqs_hz >= low) & (spectrum.freqs_hz < high)
    peak = int(np.argmax(np.where(band, spectrum.psd_ms2_hz, -np.inf)))
    return RateMetrics(
        rate_bpm=recording.rate_bpm,
        duration_s=duration,
        breaths=breaths,
        phase_deg=_wrap_deg(hr_phase - volume_phase),
        peak_to_trough_bpm=float(np.ptp(hr.reshape(breaths, per_breath), axis=1).mean()),
        lf_power_ms2=band_power(spectrum, (low, high)),
        lf_peak_ms2_hz=float(spectrum.psd_ms2_hz[peak]),
        lf_peak_hz=float(spectrum.freqs_hz[peak]),
        smoothness=smoothness,
    )


def _lung_volume(t: FloatArray, period: float, inhale_share: float) -> FloatArray:
    """The pacer's lung volume, 0 (empty) to 1 (full): straight up on the inhale, down on the exhale."""
    phase = np.mod(t, period) / period
    rising = phase / inhale_share
    falling = (1.0 - phase) / (1.0 - inhale_share)
    result: FloatArray = np.where(phase < inhale_share, rising, falling)
    return result


def _fit_wave(t: FloatArray, y: FloatArray, period: float) -> tuple[float, float]:
    """Phase (radians, of a cosine peaking at t = phase·period/2π) and the variance share of one
    sine per breath, after removing a straight line."""
    w = 2.0 * math.pi / period
    trend = np.column_stack([np.ones_like(t), t - t.mean()])
    wave = np.column_stack([np.cos(w * t), np.sin(w * t)])
    coef, *_ = np.linalg.lstsq(np.column_stack([trend, wave]), y, rcond=None)
    detrended = y - trend @ np.linalg.lstsq(trend, y, rcond=None)[0]
    fitted = wave @ coef[2:]
    total = float(np.sum(detrended**2))
    share = 0.0 if total == 0 else min(1.0, float(np.sum(fitted**2)) / total)
    return math.atan2(float(coef[3]), float(coef[2])), share


def _wrap_deg(radians: float) -> float:
    degrees = math.degrees(radians)
    return (degrees + 180.0) % 360.0 - 180.0


def _combine(metrics: list[RateMetrics]) -> list[RateScore]:
    if not metrics:
        return []
    best = {
        "peak_to_trough": max(m.peak_to_trough_bpm for m in metrics),
        "lf_power": max(m.lf_power_ms2 for m in metrics),
        "lf_peak": max(m.lf_peak_ms2_hz for m in metrics),
        "smoothness": max(m.smoothness for m in metrics),
    }

    def scaled(value: float, key: str) -> float:
        return value / best[key] if best[key] > 0 else 0.0

    total = sum(WEIGHTS.values())
    scores = []
    for m in metrics:
        parts = {
            "phase": 1.0 - abs(m.phase_deg) / 180.0,
            "peak_to_trough": scaled(m.peak_to_trough_bpm, "peak_to_trough"),
            "lf_power": scaled(m.lf_power_ms2, "lf_power"),
            "lf_peak": scaled(m.lf_peak_ms2_hz, "lf_peak"),
            "smoothness": scaled(m.smoothness, "smoothness"),
        }
        score = sum(WEIGHTS[k] * v for k, v in parts.items()) / total
        scores.append(RateScore(m, tuple(parts.items()), score))
    return scores


def reasons(score: RateScore, assessment: ResonanceAssessment) -> tuple[str, ...]:
    """Plain-language sentences on what each criterion showed at this rate (for a person)."""
    m = score.metrics
    scored = assessment.scores
    lines: list[str] = []
    lag = abs(m.phase_deg)
    if lag <= 30:
        lines.append(f"Your heart rate rose and fell in step with your breath ({lag:.0f}° apart).")
    else:
        side = "behind" if m.phase_deg > 0 else "ahead of"
        lines.append(
            f"Your heart rate moved {side} your breath rather than with it ({lag:.0f}° apart)."
        )
    biggest = max(s.metrics.peak_to_trough_bpm for s in scored)
    swing = f"Heart rate swung by {m.peak_to_trough_bpm:.1f} bpm within each breath"
    if m.peak_to_trough_bpm >= biggest:
        lines.append(swing + ", the largest swing of all the rates.")
    else:
        lines.append(swing + f" (the largest was {biggest:.1f} bpm).")
    most = max(s.metrics.lf_power_ms2 for s in scored)
    share = 100.0 * m.lf_power_ms2 / most if most > 0 else 0.0
    lines.append(
        f"Slow-wave (LF) power was {m.lf_power_ms2:.0f} ms², {share:.0f} % of the highest, "
        f"peaking at {m.lf_peak_hz * 60:.1f} waves per minute."
    )
    lines.append(
        f"{100 * m.smoothness:.0f} % of the heart-rate curve followed one smooth wave per breath."
    )
    return tuple(lines)
