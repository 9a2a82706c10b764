"""Progress numbers and the weekly summary in plain, gentle words (pure).

The service gathers one value per day (``DayNumbers``) and one set of counts per week
(``WeekNumbers``); this module derives the HRV trend (7-day mean and the normal band, with the
same windows and rules as ``vagal.core.baseline``) and writes the weekly summary.

The summary only compares weeks when the comparison is good news, and says it with both numbers.
When a number moved the other way it is stated neutrally (or left out): progress is not a line,
and a harder week is information, not a verdict.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from vagal.core.baseline import (
    BAND_DAYS,
    CALIBRATION_READINGS,
    ROLLING_DAYS,
    ROLLING_MIN_READINGS,
    MeanSd,
    normal_band,
)
from vagal.core.checkin import NervousSystemState

#: Smallest changes worth a sentence (smaller ones are "about the same").
RECOVERY_MINUTES_STEP = 2.0
SLEEP_HOURS_STEP = 0.25
DISTRESS_STEP = 0.5


@dataclass(frozen=True, slots=True)
class HrvDay:
    """ln RMSSD on one day (``None``: no reading), its 7-day mean and the 60-day normal band."""

    local_date: date
    ln_rmssd: float | None
    mean_7d: float | None
    band_low: float | None
    band_high: float | None


@dataclass(frozen=True, slots=True)
class DayNumbers:
    """Everything known about one day; ``None`` means nothing was recorded (a gap, not a zero)."""

    local_date: date
    ln_rmssd: float | None = None
    mean_7d: float | None = None
    band_low: float | None = None
    band_high: float | None = None
    resting_hr_bpm: float | None = None
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    distress: int | None = None
    state: NervousSystemState | None = None


@dataclass(frozen=True, slots=True)
class WeekNumbers:
    """Counts and medians for the seven days from ``start``."""

    start: date
    settled_days: int = 0
    activated_days: int = 0
    shut_down_days: int = 0
    moments: int = 0
    recovery_median_min: float | None = None
    strength_done: int = 0
    strength_planned: int = 0
    practices_done: int = 0
    sleep_mean_hours: float | None = None
    distress_mean: float | None = None
    ln_rmssd_mean: float | None = None

    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def has_data(self) -> bool:
        return bool(
            self.settled_days
            or self.activated_days
            or self.shut_down_days
            or self.moments
            or self.recovery_median_min is not None
            or self.strength_done
            or self.practices_done
            or self.sleep_mean_hours is not None
            or self.distress_mean is not None
            or self.ln_rmssd_mean is not None
        )


def hrv_trend(values: Mapping[date, float], first: date, last: date) -> list[HrvDay]:
    """Per day from ``first`` to ``last``: the value, the 7-day mean and the normal band.

    ``values`` holds one ln RMSSD per day (days before ``first`` feed the windows). Windows
    follow ``vagal.core.baseline``: the 7-day mean needs 3 readings in the 7 days ending that
    day (Plews 2014); the band is the 60-day mean ± 0.5 SD (sample SD) once there are 14
    readings. Running sums over the days keep this linear in the number of days.
    """
    if last < first:
        return []
    origin = first - timedelta(days=BAND_DAYS - 1)
    size = (last - origin).days + 1
    known = {d: v for d, v in values.items() if origin <= d <= last and math.isfinite(v)}
    shift = statistics.fmean(known.values()) if known else 0.0  # keeps the sums well scaled
    x = np.zeros(size)
    present = np.zeros(size)
    for day, value in known.items():
        x[(day - origin).days] = value - shift
        present[(day - origin).days] = 1.0
    counts = np.concatenate(([0.0], np.cumsum(present)))
    sums = np.concatenate(([0.0], np.cumsum(x)))
    squares = np.concatenate(([0.0], np.cumsum(x * x)))
    out: list[HrvDay] = []
    for k in range((last - first).days + 1):
        i = BAND_DAYS - 1 + k  # index of this day; the band window starts at i - 59 >= 0
        day = first + timedelta(days=k)
        r0 = i - ROLLING_DAYS + 1
        n7 = counts[i + 1] - counts[r0]
        b0 = i - BAND_DAYS + 1
        n60 = counts[i + 1] - counts[b0]
        mean_7d = None
        if n7 >= ROLLING_MIN_READINGS:
            mean_7d = float((sums[i + 1] - sums[r0]) / n7 + shift)
        low = high = None
        if n60 >= CALIBRATION_READINGS:
            total = sums[i + 1] - sums[b0]
            var = max(0.0, float((squares[i + 1] - squares[b0] - total * total / n60) / (n60 - 1)))
            band = MeanSd(float(total / n60 + shift), math.sqrt(var), int(n60))
            low, high = normal_band(band)
        out.append(HrvDay(day, values.get(day), mean_7d, low, high))
    return out


def median_or_none(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def mean_or_none(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _minutes(value: float) -> str:
    return _plural(round(value), "minute")


def weekly_summary(
    this_week: WeekNumbers,
    last_week: WeekNumbers | None,
    *,
    band: tuple[float | None, float | None] = (None, None),
) -> list[str]:
    """A few short, kind sentences about ``this_week``, compared with ``last_week`` when that is
    good news. Never a sentence about what was missed."""
    if not this_week.has_data:
        return [
            "There is nothing to look back on for this week yet. A check-in takes a minute, "
            "and it is a good place to start."
        ]
    lines: list[str] = []
    lines += _recovery_line(this_week, last_week)
    lines += _practice_lines(this_week)
    lines += _settled_line(this_week, last_week)
    lines += _sleep_line(this_week, last_week)
    lines += _distress_line(this_week, last_week)
    lines += _hrv_line(this_week, band)
    if not lines:
        lines.append("You kept showing up for yourself this week, and that counts.")
    return lines


def _recovery_line(week: WeekNumbers, before: WeekNumbers | None) -> list[str]:
    now = week.recovery_median_min
    if now is None:
        return []
    then = before.recovery_median_min if before else None
    if then is not None and then - now >= RECOVERY_MINUTES_STEP:
        return [
            f"You settled faster after hard moments this week: {_minutes(now)} at the median, "
            f"{round(then)} the week before."
        ]
    if then is not None and abs(then - now) < RECOVERY_MINUTES_STEP:
        return [
            f"After hard moments, settling took about {_minutes(now)} at the median, "
            "much like the week before."
        ]
    return [
        f"After hard moments this week, settling took about {_minutes(now)} at the median. "
        "Each time you came back is worth noticing."
    ]


def _practice_lines(week: WeekNumbers) -> list[str]:
    lines = []
    if week.practices_done:
        lines.append(
            f"You made time for {_plural(week.practices_done, 'regulation practice')} this week."
        )
    if week.strength_done:
        planned = (
            f" ({week.strength_planned} {'was' if week.strength_planned == 1 else 'were'} in the plan)"
            if week.strength_planned and week.strength_done >= week.strength_planned
            else ""
        )
        lines.append(f"You did {_plural(week.strength_done, 'gentle strength session')}{planned}.")
    return lines


def _settled_line(week: WeekNumbers, before: WeekNumbers | None) -> list[str]:
    if not week.settled_days:
        return []
    then = before.settled_days if before else 0
    if before is not None and week.settled_days > then:
        return [
            f"You checked in as settled on {_plural(week.settled_days, 'day')}, "
            f"{then} the week before."
        ]
    return [f"You checked in as settled on {_plural(week.settled_days, 'day')}."]


def _sleep_line(week: WeekNumbers, before: WeekNumbers | None) -> list[str]:
    now = week.sleep_mean_hours
    then = before.sleep_mean_hours if before else None
    if now is None or then is None or now - then < SLEEP_HOURS_STEP:
        return []
    return [
        f"You slept a little more this week: {now:.1f} hours a night on average, "
        f"{then:.1f} the week before."
    ]


def _distress_line(week: WeekNumbers, before: WeekNumbers | None) -> list[str]:
    now = week.distress_mean
    then = before.distress_mean if before else None
    if now is None or then is None or then - now < DISTRESS_STEP:
        return []
    return [
        f"Distress was lower on average this week: {now:.1f} out of 10, {then:.1f} the week before."
    ]


def _hrv_line(week: WeekNumbers, band: tuple[float | None, float | None]) -> list[str]:
    low, high = band
    value = week.ln_rmssd_mean
    if value is None or low is None or high is None or not math.isfinite(value):
        return []
    if value > high:
        return ["Your heart-rate variability was above your usual range this week."]
    if value >= low:
        return ["Your heart-rate variability stayed within your usual range this week."]
    return []
