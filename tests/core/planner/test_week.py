"""The week plan: 2 or 3 strength days, never back to back, on preferred days when possible."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vagal.core.planner import PlanKind, Preferences, ScreeningStatus, plan_week
from vagal.core.planner.week import choose_strength_weekdays

MONDAY = date(2026, 3, 9)
CLEAR = ScreeningStatus.CLEAR
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


@pytest.mark.parametrize(
    ("count", "preferred", "expected"),
    [
        (2, (), {MON, THU}),
        (3, (), {MON, WED, FRI}),
        (2, (TUE, SAT), {TUE, SAT}),
        (3, (TUE, THU, SAT), {TUE, THU, SAT}),
        (2, (MON, TUE), {MON, THU}),  # back to back: keep Monday, space the other
        (3, (SAT, SUN, MON), {SAT, MON, WED}),  # Sunday sits between Saturday and Monday
        (2, (MON, WED, FRI, SUN), {MON, FRI}),  # more preferred than needed: widest spacing
        (2, (SUN,), {WED, SUN}),
    ],
)
def test_strength_weekdays(count: int, preferred: tuple[int, ...], expected: set[int]) -> None:
    assert choose_strength_weekdays(count, preferred) == expected


def test_a_default_week_from_monday() -> None:
    week = plan_week(MONDAY, Preferences(), screening=CLEAR)
    assert [d.local_date for d in week] == [MONDAY + timedelta(days=k) for k in range(7)]
    kinds = [d.kind for d in week]
    assert kinds[MON] is kinds[THU] is PlanKind.GENTLE_STRENGTH
    assert kinds.count(PlanKind.GENTLE_STRENGTH) == 2
    rest = [d for d in week if d.kind is PlanKind.REST_RECOVERY]
    assert len(rest) == 5
    assert all(
        len(d.practices) == 1 and "Resting today is part of the plan." in d.summary for d in rest
    )
    assert {d.practices[0] for d in rest} == {"gentle_stretching", "foam_rolling", "gentle_yoga"}
    assert week[MON].minutes == 10


def test_the_week_follows_real_weekdays_from_any_start() -> None:
    thursday = MONDAY + timedelta(days=3)
    week = plan_week(thursday, Preferences(strength_days_per_week=3), screening=CLEAR)
    strength = [d.local_date.weekday() for d in week if d.kind is PlanKind.GENTLE_STRENGTH]
    assert sorted(strength) == [MON, WED, FRI]


@pytest.mark.parametrize("screening", [ScreeningStatus.NOT_DONE, ScreeningStatus.NEEDS_CLEARANCE])
def test_no_strength_in_the_week_until_screening_allows(screening: ScreeningStatus) -> None:
    week = plan_week(MONDAY, Preferences(session_minutes=15), screening=screening)
    assert PlanKind.GENTLE_STRENGTH not in {d.kind for d in week}
    regulation = [d for d in week if d.kind is PlanKind.REGULATION_ONLY]
    assert len(regulation) == 2 and all(d.minutes == 10 for d in regulation)


@given(
    st.sampled_from((2, 3)),
    st.lists(st.integers(0, 6), unique=True).map(tuple),
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
)
def test_strength_days_are_never_consecutive(
    count: int, preferred: tuple[int, ...], start: date
) -> None:
    prefs = Preferences(strength_days_per_week=count, preferred_weekdays=preferred)
    days = choose_strength_weekdays(count, preferred)
    assert len(days) == count
    assert all((d + 1) % 7 not in days for d in days)
    two_weeks = plan_week(start, prefs, screening=CLEAR) + plan_week(
        start + timedelta(days=7), prefs, screening=CLEAR
    )
    flags = [d.kind is PlanKind.GENTLE_STRENGTH for d in two_weeks]
    assert not any(a and b for a, b in pairwise(flags))
