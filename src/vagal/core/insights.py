"""What helps me: how much each practice has eased this person's distress (pure statistics).

Every logged practice use carries a distress rating (SUDS, 0–10 whole numbers) before and after.
For each practice with at least ``MIN_USES`` uses, ``what_helps`` reports:

- ``mean_drop``: the mean of the paired differences ``before − after`` (points on the 0–10
  scale; positive means distress went down);
- ``effect_size_dz``: **Cohen's d_z** for paired differences, ``mean(d) / sd(d)`` with the sample
  standard deviation (``ddof = 1``) of the differences (Cohen 1988; Lakens 2013, *Front. Psychol.*
  4:863, eq. 7). ``None`` when every difference is the same (sd = 0: the ratio is undefined);
- ``ci_low``/``ci_high``: a **percentile bootstrap 95 % interval** of ``mean_drop`` (Efron &
  Tibshirani 1993, ch. 13): ``resamples`` resamples of the differences with replacement, the
  2.5th and 97.5th percentiles of their means (``numpy.quantile``, linear interpolation).

Randomness is an input: the caller passes ``seed``. Each practice draws from its own stream,
seeded by ``(seed, crc32(practice_id))``, so one practice's interval does not move when another
practice gets a new log. With few uses the interval is wide; it is a description of this person's
own logs, not a clinical claim.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vagal.core.checkin import NervousSystemState
from vagal.errors import InvalidInput

MIN_USES = 5
DEFAULT_RESAMPLES = 10_000
CONFIDENCE = 0.95
DISTRESS_RANGE = (0, 10)
#: Bootstrap resamples are drawn in blocks of about this many indices, to bound memory.
_BLOCK_INDICES = 1_000_000


@dataclass(frozen=True, slots=True)
class PracticeUse:
    """One logged use: distress before and after (0–10) and, if known, the state before."""

    practice_id: str
    distress_before: int
    distress_after: int
    state_before: NervousSystemState | None = None

    def __post_init__(self) -> None:
        low, high = DISTRESS_RANGE
        for name in ("distress_before", "distress_after"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise InvalidInput(
                    f"{name} should be a whole number from {low} to {high}, not {value!r}.",
                    details={"field": name, "practice": self.practice_id},
                )

    @property
    def drop(self) -> int:
        """How far distress went down (negative when it went up)."""
        return self.distress_before - self.distress_after


@dataclass(frozen=True, slots=True)
class PracticeEffect:
    practice_id: str
    uses: int
    mean_before: float
    mean_after: float
    mean_drop: float
    sd_drop: float
    #: Cohen's d_z = mean_drop / sd_drop (None when sd_drop is 0).
    effect_size_dz: float | None
    ci_low: float
    ci_high: float

    @property
    def clearly_helps(self) -> bool:
        """The whole 95 % interval lies above 0: distress went down, beyond the noise."""
        return self.ci_low > 0


@dataclass(frozen=True, slots=True)
class WhatHelps:
    #: Practices with enough uses, the largest mean drop first (ties: more uses, then id).
    effects: tuple[PracticeEffect, ...]
    #: Practices with fewer than ``min_uses`` uses, and how many they have.
    too_few_uses: tuple[tuple[str, int], ...]
    min_uses: int
    resamples: int
    seed: int
    state: NervousSystemState | None = None


def what_helps(
    uses: Iterable[PracticeUse],
    *,
    seed: int,
    state: NervousSystemState | None = None,
    min_uses: int = MIN_USES,
    resamples: int = DEFAULT_RESAMPLES,
) -> WhatHelps:
    """Per practice with at least ``min_uses`` uses (optionally only uses begun in ``state``)."""
    if min_uses < 2:
        raise InvalidInput("An effect needs at least 2 uses.", details={"field": "min_uses"})
    if resamples < 100:
        raise InvalidInput("Use at least 100 resamples.", details={"field": "resamples"})
    by_practice: dict[str, list[PracticeUse]] = {}
    for use in uses:
        if state is None or use.state_before is state:
            by_practice.setdefault(use.practice_id, []).append(use)
    effects = [
        practice_effect(practice_id, logged, seed=seed, resamples=resamples)
        for practice_id, logged in by_practice.items()
        if len(logged) >= min_uses
    ]
    effects.sort(key=lambda e: (-e.mean_drop, -e.uses, e.practice_id))
    too_few = sorted((pid, len(u)) for pid, u in by_practice.items() if len(u) < min_uses)
    return WhatHelps(tuple(effects), tuple(too_few), min_uses, resamples, seed, state)


def practice_effect(
    practice_id: str, uses: Iterable[PracticeUse], *, seed: int, resamples: int = DEFAULT_RESAMPLES
) -> PracticeEffect:
    """The statistics for one practice's uses (at least 2)."""
    logged = list(uses)
    if len(logged) < 2:
        raise InvalidInput("An effect needs at least 2 uses.", details={"practice": practice_id})
    if any(u.practice_id != practice_id for u in logged):
        raise InvalidInput(
            "Every use must belong to the practice.", details={"practice": practice_id}
        )
    drops = np.array([u.drop for u in logged], dtype=np.float64)
    mean = float(drops.mean())
    sd = float(drops.std(ddof=1))
    rng = np.random.default_rng([seed, zlib.crc32(practice_id.encode("utf-8"))])
    low, high = bootstrap_mean_interval(drops, rng=rng, resamples=resamples)
    return PracticeEffect(
        practice_id=practice_id,
        uses=len(logged),
        mean_before=float(np.mean([u.distress_before for u in logged])),
        mean_after=float(np.mean([u.distress_after for u in logged])),
        mean_drop=mean,
        sd_drop=sd,
        effect_size_dz=None if sd == 0 or not math.isfinite(sd) else mean / sd,
        ci_low=low,
        ci_high=high,
    )


def bootstrap_mean_interval(
    values: npt.NDArray[np.float64],
    *,
    rng: np.random.Generator,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """Percentile bootstrap interval of the mean of ``values`` (resampled with replacement)."""
    n = len(values)
    block = max(1, _BLOCK_INDICES // max(n, 1))
    means = np.empty(resamples, dtype=np.float64)
    for start in range(0, resamples, block):
        stop = min(start + block, resamples)
        idx = rng.integers(0, n, size=(stop - start, n))
        means[start:stop] = values[idx].mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(low), float(high)
