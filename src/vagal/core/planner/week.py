"""The week plan (pure): 2 or 3 strength days that never fall on consecutive days.

Days are chosen among all non-consecutive sets of weekdays (Sunday and Monday count as
consecutive, since weeks follow one another), preferring, in order: the most preferred weekdays,
the widest spacing, then the earliest days (so with no preference: Monday and Thursday, or
Monday, Wednesday and Friday). Every other day is a rest day carrying a recovery practice.
Each day's own plan (``plan_day``) still has the final say on the morning.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import combinations, pairwise

from vagal.core.planner import practices as p
from vagal.core.planner.inputs import (
    KIND_LABELS,
    STRENGTH_ALLOWED,
    PlanKind,
    Preferences,
    ScreeningStatus,
)
from vagal.core.planner.plan import DayPlan

WEEKDAYS = tuple(range(7))


def plan_week(
    week_start: date, preferences: Preferences, *, screening: ScreeningStatus
) -> list[DayPlan]:
    """Seven days from ``week_start``; strength days become regulation days until screening
    allows strength (clear, or cleared by a clinician)."""
    strength_days = choose_strength_weekdays(
        preferences.strength_days_per_week, preferences.preferred_weekdays
    )
    plans: list[DayPlan] = []
    rest_count = 0
    for offset in range(7):
        day = week_start + timedelta(days=offset)
        if day.weekday() in strength_days:
            plans.append(_training_day(day, preferences, screening))
        else:
            plans.append(_rest_day(day, rest_count))
            rest_count += 1
    return plans


def choose_strength_weekdays(count: int, preferred: tuple[int, ...]) -> frozenset[int]:
    """``count`` weekdays (0 = Monday), no two consecutive, fitting ``preferred`` best."""
    wanted = set(preferred)
    candidates = [combo for combo in combinations(WEEKDAYS, count) if _min_gap(combo) >= 2]
    best = min(candidates, key=lambda combo: (-len(wanted & set(combo)), -_min_gap(combo), combo))
    return frozenset(best)


def _min_gap(combo: tuple[int, ...]) -> int:
    """The smallest distance between neighbouring days, around the week."""
    wrapped = (*combo, combo[0] + 7)
    return min(b - a for a, b in pairwise(wrapped))


def _training_day(day: date, preferences: Preferences, screening: ScreeningStatus) -> DayPlan:
    if screening in STRENGTH_ALLOWED:
        minutes = preferences.session_minutes
        return DayPlan(
            local_date=day,
            kind=PlanKind.GENTLE_STRENGTH,
            minutes=minutes,
            practices=p.practices_for(PlanKind.GENTLE_STRENGTH, None, preferences),
            summary=f"{KIND_LABELS[PlanKind.GENTLE_STRENGTH]}, {minutes} minutes. "
            "Your morning check-in has the final say.",
        )
    minutes = min(preferences.session_minutes, p.REGULATION_MINUTES_MAX)
    return DayPlan(
        local_date=day,
        kind=PlanKind.REGULATION_ONLY,
        minutes=minutes,
        practices=p.practices_for(PlanKind.REGULATION_ONLY, None, preferences),
        summary=f"{KIND_LABELS[PlanKind.REGULATION_ONLY]}, up to {minutes} minutes. Strength "
        "sessions open once the readiness questions allow them.",
    )


def _rest_day(day: date, index: int) -> DayPlan:
    practice = p.RECOVERY_PRACTICES[index % len(p.RECOVERY_PRACTICES)]
    minutes = p.REST_PRACTICE_MINUTES.high
    label = practice.replace("_", " ")
    return DayPlan(
        local_date=day,
        kind=PlanKind.REST_RECOVERY,
        minutes=minutes,
        practices=(practice,),
        summary=f"Rest day, with {label} for up to {minutes} minutes if you like. "
        "Resting today is part of the plan.",
    )
