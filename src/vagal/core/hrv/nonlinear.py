"""Nonlinear HRV metrics: Poincare plot, DFA alpha1/alpha2, sample entropy.

References: Brennan, Palaniswami & Kamen, IEEE TBME 48:1342-1347 (2001) (Poincare);
Peng, Havlin, Stanley & Goldberger, Chaos 5:82-87 (1995) (DFA); Richman & Moorman,
Am J Physiol 278:H2039-H2049 (2000) (sample entropy). Details in docs/hrv-metrics.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from vagal.core.hrv._sampen import count_matches
from vagal.core.hrv.rr import FloatArray, RRSeries
from vagal.core.hrv.time_domain import sd_of

MIN_POINCARE_NN = 10
DFA_ALPHA1_SCALES = tuple(range(4, 17))
DFA_ALPHA2_SCALES = tuple(range(16, 65))
MIN_DFA_BOXES = 6
"""DFA needs at least this many boxes at its largest scale (alpha1: 96 NN, alpha2: 384 NN)."""
SAMPEN_M = 2
SAMPEN_R_FACTOR = 0.2
MIN_SAMPEN_NN = 200
"""Sample entropy needs at least 200 NN (Richman & Moorman suggest 10^m to 20^m points)."""


@dataclass(frozen=True, slots=True)
class Nonlinear:
    """Nonlinear metrics; `None` where unavailable (reason in `unavailable`)."""

    sd1_ms: float | None = None
    sd2_ms: float | None = None
    sd1_sd2: float | None = None
    ellipse_area_ms2: float | None = None
    dfa_alpha1: float | None = None
    dfa_alpha2: float | None = None
    sample_entropy: float | None = None
    unavailable: dict[str, str] = field(default_factory=dict)


def hrv_nonlinear(nn: RRSeries, *, diffs: FloatArray | None = None) -> Nonlinear:
    """Poincare descriptors, DFA alpha1/alpha2 and sample entropy of an NN series; `diffs`:
    its `successive_differences_ms()`, if already known."""
    values: dict[str, float | None] = {}
    missing: dict[str, str] = {}
    if diffs is None:
        diffs = nn.successive_differences_ms()
    if nn.n >= MIN_POINCARE_NN and diffs.size >= MIN_POINCARE_NN - 1:
        values |= poincare(nn.rr_ms, diffs)
    else:
        reason = f"needs at least {MIN_POINCARE_NN} NN intervals"
        missing |= dict.fromkeys(("sd1_ms", "sd2_ms", "sd1_sd2", "ellipse_area_ms2"), reason)
    segments = nn.segments()
    for name, scales in (("dfa_alpha1", DFA_ALPHA1_SCALES), ("dfa_alpha2", DFA_ALPHA2_SCALES)):
        boxes = sum(seg.size // scales[-1] for seg in segments)
        if boxes >= MIN_DFA_BOXES:
            alpha = dfa_alpha(segments, scales)
            if alpha is None:
                missing[name] = "no fluctuation at some box size (series without variability)"
            else:
                values[name] = alpha
        else:
            missing[name] = (
                f"needs at least {MIN_DFA_BOXES} gap-free boxes of {scales[-1]} beats "
                f"({MIN_DFA_BOXES * scales[-1]} NN), got {boxes}"
            )
    _entropy(segments, nn.n, values, missing)
    return Nonlinear(**values, unavailable=missing)


def _entropy(
    segments: list[FloatArray], n: int, values: dict[str, float | None], missing: dict[str, str]
) -> None:
    if n < MIN_SAMPEN_NN:
        missing["sample_entropy"] = f"needs at least {MIN_SAMPEN_NN} NN intervals, got {n}"
        return
    value = sample_entropy(segments)
    if value is None:
        missing["sample_entropy"] = "no template pair of length m + 1 matched (undefined)"
    else:
        values["sample_entropy"] = value


def poincare(rr_ms: FloatArray, diffs_ms: FloatArray) -> dict[str, float | None]:
    """SD1 = SDSD / sqrt(2); SD2 = sqrt(2 SDNN^2 - SD1^2) (Brennan 2001); area = pi SD1 SD2."""
    sd1 = sd_of(diffs_ms) / math.sqrt(2.0)
    sdnn = sd_of(rr_ms)
    sd2 = math.sqrt(max(2.0 * sdnn * sdnn - sd1 * sd1, 0.0))
    return {
        "sd1_ms": sd1,
        "sd2_ms": sd2,
        "sd1_sd2": sd1 / sd2 if sd2 > 0 else None,
        "ellipse_area_ms2": math.pi * sd1 * sd2,
    }


def dfa_fluctuation(
    segments: list[FloatArray], scale: int, profiles: list[FloatArray] | None = None
) -> float:
    """F(n): RMS residual of a least-squares line in each non-overlapping box of n beats of the
    integrated series y(k) = sum(RR_i - mean RR); boxes start at each segment's first beat and
    never span a gap. `profiles`: the integrated series of each segment, if already known."""
    if profiles is None:
        profiles = dfa_profiles(segments)
    centred_x = np.arange(scale) - (scale - 1) / 2.0
    sxx = float(np.dot(centred_x, centred_x))
    total, count = 0.0, 0
    for whole in profiles:
        boxes = whole.size // scale
        if boxes == 0:
            continue
        profile = whole[: boxes * scale].reshape(boxes, scale)
        centred = profile - profile.mean(axis=1, keepdims=True)
        slope = centred @ centred_x / sxx
        resid = centred - slope[:, None] * centred_x
        total += float(np.sum(resid * resid))
        count += boxes * scale
    return math.sqrt(total / count)


def dfa_profiles(segments: list[FloatArray]) -> list[FloatArray]:
    """The integrated series y(k) = sum(RR_i - mean RR) of each segment (computed once for
    all box sizes)."""
    return [np.cumsum(rr - rr.mean()) for rr in segments]


def dfa_alpha(segments: list[FloatArray], scales: tuple[int, ...]) -> float | None:
    """Least-squares slope of log F(n) against log n over `scales` (None if some F(n) = 0)."""
    logn = np.log(np.asarray(scales, dtype=np.float64))
    profiles = dfa_profiles(segments)
    fluct = np.array([dfa_fluctuation(segments, s, profiles) for s in scales])
    if np.any(fluct <= 0):
        return None
    logf = np.log(fluct)
    xc = logn - logn.mean()
    return float(np.dot(xc, logf - logf.mean()) / np.dot(xc, xc))


def sample_entropy(
    segments: list[FloatArray], m: int = SAMPEN_M, r_factor: float = SAMPEN_R_FACTOR
) -> float | None:
    """SampEn(m, r) = -ln(A / B) with r = r_factor * SD (ddof = 1) of all NN.

    B counts pairs of templates of length m, A of length m + 1, among the N - m templates
    starting at each segment's first N - m beats (Richman & Moorman 2000); distances are
    Chebyshev (max |difference|) and a pair matches when the distance is <= r. Templates
    never span a gap. Returns None when A or B is 0 (undefined).
    """
    values = np.concatenate(segments)
    r = r_factor * float(np.std(values, ddof=1))
    parts = [
        np.lib.stride_tricks.sliding_window_view(seg, m + 1)[: seg.size - m]
        for seg in segments
        if seg.size > m
    ]
    if not parts:
        return None
    b, a = count_matches(np.concatenate(parts), r)
    if a == 0 or b == 0:
        return None
    return -math.log(a / b)
