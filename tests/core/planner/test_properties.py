"""Properties that hold for every input: the invariants of the planner."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.planner.builders import TODAY, day
from vagal.catalog.screening import QUESTION_IDS, screening_status
from vagal.core.baseline import MorningReading, SleepNight, compute_baseline
from vagal.core.checkin import (
    BodySignal,
    CheckinInput,
    HealthFlag,
    NervousSystemState,
    SessionLanding,
)
from vagal.core.planner import (
    PlanInputs,
    PlanKind,
    Preferences,
    ScreeningStatus,
    SessionFeel,
    StrengthSession,
    plan_day,
)
from vagal.core.planner.inputs import gentleness
from vagal.core.planner.practices import COLD_PRACTICE
from vagal.errors import InvalidInput

STATES_MILD_TO_HARD = (
    NervousSystemState.SETTLED,
    NervousSystemState.ACTIVATED,
    NervousSystemState.SHUT_DOWN,
)

optional = st.none

checkins = st.builds(
    CheckinInput,
    local_date=st.just(TODAY),
    sleep_hours=optional() | st.floats(0, 14),
    sleep_quality=optional() | st.integers(1, 5),
    energy=optional() | st.integers(0, 10),
    distress=optional() | st.integers(0, 10),
    state=optional() | st.sampled_from(NervousSystemState),
    body_signals=st.lists(st.sampled_from(BodySignal), unique=True).map(tuple),
    health_flags=st.lists(st.sampled_from(HealthFlag), unique=True, max_size=2).map(tuple),
    last_session_landed=optional() | st.sampled_from(SessionLanding),
)

readings = st.lists(
    st.builds(
        MorningReading,
        local_date=st.integers(0, 70).map(day),
        ln_rmssd=st.floats(2.0, 5.5),
        resting_hr_bpm=optional() | st.floats(40, 90),
    ),
    max_size=60,
)
nights = st.lists(
    st.builds(SleepNight, local_date=st.integers(0, 20).map(day), hours=st.floats(0, 12)),
    max_size=20,
)
baselines = optional() | st.builds(
    lambda r, n: compute_baseline(r, today=TODAY, sleep=n), readings, nights
)
strength_sessions = st.lists(
    st.builds(
        StrengthSession,
        local_date=st.integers(0, 14).map(day),
        felt=optional() | st.sampled_from(SessionFeel),
        landed=optional() | st.sampled_from(SessionLanding),
    ),
    max_size=6,
).map(tuple)
preferences = st.builds(
    Preferences,
    strength_days_per_week=st.sampled_from((2, 3)),
    session_minutes=st.sampled_from((5, 10, 15)),
    preferred_weekdays=st.lists(st.integers(0, 6), unique=True, max_size=4).map(tuple),
    cold_exposure_ok=st.booleans(),
)
plan_inputs = st.builds(
    PlanInputs,
    today=st.just(TODAY),
    checkin=optional() | checkins,
    baseline=baselines,
    sessions=strength_sessions,
    screening=st.sampled_from(ScreeningStatus),
    preferences=preferences,
)
with_checkin = plan_inputs.filter(lambda i: i.checkin is not None)


def level(inputs: PlanInputs) -> int:
    return gentleness(plan_day(inputs).kind)


def with_(inputs: PlanInputs, **fields: object) -> PlanInputs:
    assert inputs.checkin is not None
    return replace(inputs, checkin=replace(inputs.checkin, **fields))  # type: ignore[arg-type]


@given(plan_inputs)
def test_every_plan_is_explained_and_offers_something_gentler(inputs: PlanInputs) -> None:
    plan = plan_day(inputs)
    assert plan.reasons, "every plan says why"
    assert all(r.message and r.source for r in plan.reasons)
    assert "{" not in " ".join(r.message for r in plan.reasons), "templates are filled"
    assert plan.gentler_options
    assert all(gentleness(o.kind) >= gentleness(plan.kind) for o in plan.gentler_options)
    assert plan.gentler_options[-1].practices == ()  # simply resting is always there


@given(plan_inputs)
def test_the_checkin_never_makes_a_plan_harder_than_the_physiology(inputs: PlanInputs) -> None:
    plan = plan_day(inputs)
    assert gentleness(plan.kind) >= gentleness(plan.physiology_kind)


@given(with_checkin, st.integers(0, 10), st.integers(0, 10))
def test_more_distress_never_makes_a_plan_harder(inputs: PlanInputs, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert level(with_(inputs, distress=high)) >= level(with_(inputs, distress=low))


@given(with_checkin, st.integers(0, 2), st.integers(0, 2))
def test_a_worse_state_never_makes_a_plan_harder(inputs: PlanInputs, a: int, b: int) -> None:
    mild, hard = (STATES_MILD_TO_HARD[i] for i in sorted((a, b)))
    assert level(with_(inputs, state=hard)) >= level(with_(inputs, state=mild))


@given(with_checkin, st.sampled_from(HealthFlag))
def test_a_health_flag_always_means_rest(inputs: PlanInputs, flag: HealthFlag) -> None:
    plan = plan_day(with_(inputs, health_flags=(flag,)))
    assert plan.kind is PlanKind.REST_RECOVERY
    assert COLD_PRACTICE not in plan.practices


@settings(max_examples=200)
@given(plan_inputs, readings)
def test_missing_hrv_never_raises(inputs: PlanInputs, history: list[MorningReading]) -> None:
    without_today = [r for r in history if r.local_date != TODAY]
    for base in (None, compute_baseline(without_today, today=TODAY)):
        plan = plan_day(replace(inputs, baseline=base))
        assert "R7.no_reading" in plan.rule_ids


@given(
    plan_inputs,
    st.dictionaries(st.sampled_from(QUESTION_IDS), st.booleans()).filter(lambda a: any(a.values())),
)
def test_any_yes_in_screening_never_yields_strength(
    inputs: PlanInputs, answers: dict[str, bool]
) -> None:
    status = screening_status(answers)
    assert status in (ScreeningStatus.NOT_DONE, ScreeningStatus.NEEDS_CLEARANCE)
    assert plan_day(replace(inputs, screening=status)).kind is not PlanKind.GENTLE_STRENGTH


@given(plan_inputs)
def test_cold_exposure_only_when_settled_and_allowed(inputs: PlanInputs) -> None:
    plan = plan_day(inputs)
    offered = {p for o in plan.gentler_options for p in o.practices} | set(plan.practices)
    if COLD_PRACTICE in offered:
        assert inputs.preferences.cold_exposure_ok
        assert inputs.checkin is not None
        assert inputs.checkin.state is NervousSystemState.SETTLED
        assert not inputs.checkin.health_flags
    assert not plan.practices or plan.practices[0] != COLD_PRACTICE


@given(plan_inputs)
def test_strength_doses_stay_easy(inputs: PlanInputs) -> None:
    plan = plan_day(inputs)
    dose = plan.dose
    if plan.kind is PlanKind.GENTLE_STRENGTH:
        assert dose.sets is not None and dose.reps is not None and dose.rest_s is not None
        assert dose.sets.high <= 2 and dose.reps.high <= 8 and dose.rest_s.low >= 90
        assert dose.minutes.high <= inputs.preferences.session_minutes
    else:
        assert dose.sets is None and dose.minutes.high <= 10


@given(plan_inputs)
def test_planning_is_pure(inputs: PlanInputs) -> None:
    assert plan_day(inputs) == plan_day(inputs)


def test_a_session_dated_tomorrow_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="future"):
        PlanInputs(today=TODAY, sessions=(StrengthSession(TODAY + timedelta(days=1)),))
