"""The session builder: bookends, balance, rotation, equipment, rests and the dose."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.core.training.builders import (
    ALL,
    CATALOG,
    NONE,
    TODAY,
    all_at,
    plan,
    session,
    target,
)
from vagal.core.checkin import NervousSystemState
from vagal.core.planner.inputs import Equipment, PlanKind
from vagal.core.planner.plan import Dose, Span
from vagal.core.training.exercises import AREA, Pattern
from vagal.core.training.log import SessionLog, SetLog
from vagal.core.training.session import (
    StepKind,
    StrengthSessionPlan,
    build_session,
    check_log,
)
from vagal.errors import Conflict, InvalidInput

BOOKEND_KINDS = {StepKind.BREATH, StepKind.GROUNDING}


def build(**overrides: object) -> StrengthSessionPlan:
    arguments: dict[str, object] = {
        "catalog": CATALOG,
        "equipment": NONE,
        "levels": all_at(1),
        "history": (),
        "state": NervousSystemState.SETTLED,
    }
    arguments.update(overrides)
    chosen = arguments.pop("plan", plan())
    return build_session(chosen, **arguments)  # type: ignore[arg-type]


def test_opens_and_closes_with_the_plans_bookend_practices() -> None:
    built = build(plan=plan(practices=("orienting", "extended_exhale")))
    first, last = built.steps[0], built.steps[-1]
    assert (first.kind, first.practice_id, first.title) == (
        StepKind.GROUNDING,
        "orienting",
        "Arrive",
    )
    assert (last.kind, last.practice_id, last.title) == (
        StepKind.BREATH,
        "extended_exhale",
        "Settle",
    )
    assert 60 <= first.duration_s <= 180
    assert 60 <= last.duration_s <= 180
    assert "stop at any moment" in first.text
    assert all(step.kind not in BOOKEND_KINDS for step in built.steps[1:-1])


def test_a_plan_without_practices_still_gets_bookends() -> None:
    built = build(plan=plan(practices=()))
    assert built.steps[0].practice_id == "feet_on_floor"
    assert built.steps[-1].practice_id == "extended_exhale"


def test_first_session_balances_lower_body_and_pressing() -> None:
    built = build()
    assert [m.exercise_id for m in built.movements][:2] == ["sit_to_stand", "wall_push_up"]
    assert all(m.level == 1 and m.reps == 5 for m in built.movements)


def test_patterns_rotate_with_history() -> None:
    history: tuple[SessionLog, ...] = (
        session(3, ("sit_to_stand", [5, 5]), ("wall_push_up", [5, 5])),
    )
    built = build(history=history, plan=plan(5))
    assert [m.pattern for m in built.movements] == [Pattern.HINGE, Pattern.PULL]
    history = (*history, session(1, ("glute_bridge", [5, 5]), ("doorway_row", [5, 5])))
    built = build(history=history, plan=plan(5))
    assert [m.pattern for m in built.movements] == [Pattern.SPLIT_STANCE, Pattern.VERTICAL_PUSH]


def test_movements_come_from_different_body_areas() -> None:
    for minutes in (5, 10, 15):
        built = build(plan=plan(minutes))
        areas = [AREA[m.pattern] for m in built.movements]
        assert len(areas) == len(set(areas))
        assert 2 <= len(built.movements) <= 4


def test_ten_minutes_settled_is_two_movements_of_two_sets() -> None:
    built = build(plan=plan(10))
    assert [(m.sets, m.reps) for m in built.movements] == [(2, 5), (2, 5)]
    kinds = [s.kind for s in built.steps]
    assert kinds == [
        StepKind.GROUNDING,
        StepKind.EXERCISE,
        StepKind.REST,
        StepKind.EXERCISE,
        StepKind.REST,
        StepKind.EXERCISE,
        StepKind.REST,
        StepKind.EXERCISE,
        StepKind.BREATH,
    ]
    assert built.total_s <= 600


def test_activation_brings_longer_rests() -> None:
    settled = build(plan=plan(15), state=NervousSystemState.SETTLED)
    shut_down = build(plan=plan(15), state=NervousSystemState.SHUT_DOWN)
    activated = build(plan=plan(15), state=NervousSystemState.ACTIVATED)
    assert settled.rest_s == 90
    assert shut_down.rest_s == 135
    assert activated.rest_s == 180
    rest = next(s for s in activated.steps if s.kind is StepKind.REST)
    assert rest.duration_s == 180
    assert "slower than the in-breath" in rest.text


def test_a_short_activated_session_still_rests_longer_than_a_settled_one() -> None:
    activated = build(plan=plan(5), state=NervousSystemState.ACTIVATED)
    settled = build(plan=plan(5), state=NervousSystemState.SETTLED)
    assert activated.total_s <= 300
    assert activated.rest_s > settled.rest_s >= 90


def test_equipment_decides_between_loaded_and_bodyweight_levels() -> None:
    levels = {
        Pattern.SQUAT: target(Pattern.SQUAT, 5),
        Pattern.HORIZONTAL_PUSH: target(Pattern.HORIZONTAL_PUSH, 5),
    }
    with_weights = build(levels=levels, equipment=(Equipment.DUMBBELLS,))
    without = build(levels=levels, equipment=NONE)
    assert [m.exercise_id for m in with_weights.movements] == [
        "goblet_squat",
        "dumbbell_floor_press",
    ]
    assert [m.exercise_id for m in without.movements] == ["pause_squat", "knee_push_up"]


def test_reps_stay_inside_the_doses_range() -> None:
    built = build(plan=plan(10, regressed=True), levels=all_at(2, reps=8))
    assert {m.reps for m in built.movements} == {6}
    assert all(m.sets == 1 for m in built.movements)
    low = build(levels=all_at(2, reps=1))
    assert {m.reps for m in low.movements} == {5}


def test_exercise_steps_carry_cues_and_say_stopping_is_fine() -> None:
    built = build()
    step = next(s for s in built.steps if s.kind is StepKind.EXERCISE)
    level = CATALOG.level("sit_to_stand")
    assert step.cues == level.cues
    assert step.breathing == level.breathing
    assert (step.set_number, step.of_sets, step.reps, step.timed) == (1, 2, 5, False)
    assert "5 slow reps" in step.text
    assert "ending a set early is a good choice" in step.text
    assert step.duration_s == 20


def test_rests_come_between_sets_and_name_what_is_next() -> None:
    built = build(plan=plan(10))
    steps = built.steps[1:-1]
    for before, rest, after in zip(steps[::2], steps[1::2], steps[2::2], strict=False):
        assert before.kind is StepKind.EXERCISE and after.kind is StepKind.EXERCISE
        assert rest.kind is StepKind.REST and rest.timed
        assert rest.text.endswith(f"Next: {CATALOG.level(after.exercise_id or '').name}.")


def test_same_inputs_same_session() -> None:
    history = (session(2, ("chair_squat", [6]), ("counter_push_up", [6])),)
    assert build(history=history) == build(history=history)


def test_a_tight_regressed_dose_still_fits_with_slow_one_sided_movements() -> None:
    levels = {
        p: target(p, 5, reps=8)
        for p in (Pattern.SPLIT_STANCE, Pattern.CARRY, Pattern.TRUNK, Pattern.PULL)
    }
    history = (
        session(
            2,
            ("sit_to_stand", [5]),
            ("wall_push_up", [5]),
            ("glute_bridge", [5]),
            ("wall_slide", [5]),
        ),
    )
    built = build(
        plan=plan(5, regressed=True),
        levels=levels,
        history=history,
        equipment=ALL,
        state=NervousSystemState.ACTIVATED,
    )
    assert built.total_s <= 300
    assert len(built.movements) == 2
    assert 120 <= built.rest_s <= 240


def test_not_a_strength_day_builds_nothing() -> None:
    for kind in (PlanKind.REGULATION_ONLY, PlanKind.REST_RECOVERY):
        with pytest.raises(Conflict) as caught:
            build(plan=plan(kind=kind))
        assert caught.value.code == "not_a_strength_day"
        assert "part of the plan" in caught.value.message


def test_a_dose_without_sets_or_too_short_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="no sets"):
        build(plan=plan(custom=Dose(Span(10, 10))))
    tiny = Dose(Span(2, 2), Span(1, 1), Span(5, 8), Span(90, 180))
    with pytest.raises(InvalidInput, match="too short"):
        build(plan=plan(custom=tiny))
    none = Dose(Span(10, 10), Span(0, 0), Span(5, 8), Span(90, 180))
    with pytest.raises(InvalidInput, match="too short"):
        build(plan=plan(custom=none))


def test_sets_never_exceed_the_dose_even_when_it_allows_many() -> None:
    generous = Dose(Span(15, 15), Span(1, 5), Span(5, 5), Span(90, 90))
    built = build(plan=plan(custom=generous))
    assert all(m.sets <= 3 for m in built.movements)
    one = Dose(Span(15, 15), Span(1, 1), Span(5, 8), Span(90, 180))
    assert all(m.sets == 1 for m in build(plan=plan(custom=one)).movements)


# --- checking a log against its session ---------------------------------------------------------


def test_a_log_of_the_session_passes_even_when_stopped_early() -> None:
    built = build(plan=plan(10))
    first = built.movements[0].exercise_id
    log = SessionLog(TODAY, (SetLog(first, 5),), stopped_early=True, length_minutes=10)
    assert check_log(log, built) is log


def test_a_log_with_an_unplanned_exercise_extra_sets_or_another_day_is_refused() -> None:
    built = build(plan=plan(5))
    first = built.movements[0].exercise_id
    with pytest.raises(InvalidInput, match="'goblet_squat' was not part of this session"):
        check_log(SessionLog(TODAY, (SetLog("goblet_squat", 5),)), built)
    with pytest.raises(InvalidInput, match="more sets of Sit to stand from a chair than the 1"):
        check_log(SessionLog(TODAY, (SetLog(first, 5), SetLog(first, 5))), built)
    with pytest.raises(InvalidInput, match="planned for 2026-03-11") as caught:
        check_log(SessionLog(TODAY - timedelta(days=1), ()), built)
    assert caught.value.details == {"field": "local_date"}


def test_a_set_with_negative_reps_is_refused() -> None:
    with pytest.raises(InvalidInput, match="0 to 100 reps"):
        SetLog("sit_to_stand", -1)
    with pytest.raises(InvalidInput, match="in reserve"):
        SetLog("sit_to_stand", 5, reps_in_reserve=-2)
    with pytest.raises(InvalidInput, match="1 to 120 minutes"):
        replace(SessionLog(TODAY, ()), length_minutes=0)
