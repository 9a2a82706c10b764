"""Small factories for planner inputs: a settled person with a steady baseline, then overrides."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta

from vagal.core.baseline import Baseline, MorningReading, SleepNight, compute_baseline
from vagal.core.checkin import CheckinInput, NervousSystemState
from vagal.core.planner import PlanInputs, Preferences, ScreeningStatus, StrengthSession

TODAY = date(2026, 3, 11)  # a Wednesday
CYCLE = (3.9, 4.0, 4.1)  # ln RMSSD: mean 4.0, a steady usual range
USUAL_RHR = 55.0


def day(offset: int) -> date:
    """``offset`` days before TODAY."""
    return TODAY - timedelta(days=offset)


def history(
    *,
    days: int = 30,
    today_ln: float | None = 4.0,
    overrides: Mapping[int, float] | None = None,
    today_rhr: float = USUAL_RHR,
) -> list[MorningReading]:
    """A steady month of readings (cycling 3.9, 4.0, 4.1), with some days replaced."""
    values = {k: CYCLE[k % 3] for k in range(1, days + 1)}
    values.update(overrides or {})
    readings = [MorningReading(day(k), v, USUAL_RHR) for k, v in values.items()]
    if today_ln is not None:
        readings.append(MorningReading(TODAY, today_ln, today_rhr))
    return readings


def baseline(
    *,
    days: int = 30,
    today_ln: float | None = 4.0,
    overrides: Mapping[int, float] | None = None,
    today_rhr: float = USUAL_RHR,
) -> Baseline:
    readings = history(days=days, today_ln=today_ln, overrides=overrides, today_rhr=today_rhr)
    nights = [SleepNight(day(k), 7.5) for k in range(1, 15)]
    return compute_baseline(readings, today=TODAY, sleep=nights)


def checkin(**fields: object) -> CheckinInput:
    base = CheckinInput(
        local_date=TODAY,
        sleep_hours=7.5,
        sleep_quality=4,
        energy=6,
        distress=2,
        state=NervousSystemState.SETTLED,
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def sessions(*offsets: int, **fields: object) -> tuple[StrengthSession, ...]:
    return tuple(StrengthSession(day(k), **fields) for k in offsets)  # type: ignore[arg-type]


def inputs(**fields: object) -> PlanInputs:
    """A settled person, screened clear, steady baseline, no recent sessions; then ``fields``."""
    base = PlanInputs(
        today=TODAY,
        checkin=checkin(),
        baseline=baseline(),
        sessions=(),
        screening=ScreeningStatus.CLEAR,
        preferences=Preferences(),
    )
    return replace(base, **fields)  # type: ignore[arg-type]
