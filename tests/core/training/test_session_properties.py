"""Properties of every built session: within the dose, bookended, fitted to equipment, balanced."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.training.builders import CATALOG, day, plan
from vagal.core.checkin import NervousSystemState, SessionLanding
from vagal.core.planner.inputs import Equipment, PlanKind, SessionFeel
from vagal.core.training.exercises import AREA, Pattern
from vagal.core.training.log import SessionLog, SetLog
from vagal.core.training.progression import Change, Target, next_levels
from vagal.core.training.session import StepKind, build_session
from vagal.errors import Conflict

ALL_IDS = [level.id for ladder in CATALOG.ladders for level in ladder.levels]
BOOKENDS = ("feet_on_floor", "extended_exhale", "orienting", "physiological_sigh", "rocking")

equipment_st = st.sets(st.sampled_from(list(Equipment))).map(tuple)
state_st = st.none() | st.sampled_from(list(NervousSystemState))


@st.composite
def targets(draw: st.DrawFn) -> dict[Pattern, Target]:
    chosen = draw(st.sets(st.sampled_from(list(Pattern))))
    out = {}
    for pattern in chosen:
        level = CATALOG.ladder(pattern).at(draw(st.integers(1, 6)))
        out[pattern] = Target(
            pattern, level.level, level.id, draw(st.integers(0, 12)), Change.START
        )
    return out


@st.composite
def histories(draw: st.DrawFn) -> tuple[SessionLog, ...]:
    count = draw(st.integers(0, 6))
    logs = []
    for k in range(count):
        sets = draw(
            st.lists(
                st.builds(
                    SetLog,
                    st.sampled_from(ALL_IDS),
                    st.integers(0, 10),
                    st.none() | st.sampled_from(list(SessionFeel)),
                    st.none() | st.integers(0, 6),
                ),
                max_size=6,
            )
        )
        logs.append(
            SessionLog(
                day(2 * (count - k)),
                tuple(sets),
                draw(st.none() | st.sampled_from(list(SessionFeel))),
                draw(st.none() | st.sampled_from(list(SessionLanding))),
                draw(st.sampled_from((5, 10, 15))),
                draw(st.booleans()),
            )
        )
    return tuple(logs)


@settings(max_examples=300, deadline=None)
@given(
    minutes=st.sampled_from((5, 10, 15)),
    regressed=st.booleans(),
    state=state_st,
    equipment=equipment_st,
    levels=targets(),
    history=histories(),
    practices=st.lists(st.sampled_from(BOOKENDS), max_size=2, unique=True).map(tuple),
)
def test_every_session_stays_within_the_dose_and_the_persons_equipment(
    minutes: int,
    regressed: bool,
    state: NervousSystemState | None,
    equipment: tuple[Equipment, ...],
    levels: dict[Pattern, Target],
    history: tuple[SessionLog, ...],
    practices: tuple[str, ...],
) -> None:
    today = plan(minutes, regressed=regressed, practices=practices)
    dose = today.dose
    assert dose.sets is not None and dose.reps is not None and dose.rest_s is not None
    built = build_session(
        today, catalog=CATALOG, equipment=equipment, levels=levels, history=history, state=state
    )
    # Never above the planned dose, in minutes or in sets.
    assert built.total_s <= dose.minutes.high * 60
    counted = Counter(s.exercise_id for s in built.steps if s.kind is StepKind.EXERCISE)
    assert all(n <= dose.sets.high for n in counted.values())
    assert all(dose.sets.low <= m.sets <= dose.sets.high for m in built.movements)
    assert dict(counted) == built.planned_sets
    # Opens and closes with breath or grounding, 1-3 minutes each.
    first, last = built.steps[0], built.steps[-1]
    for step in (first, last):
        assert step.kind in (StepKind.BREATH, StepKind.GROUNDING)
        assert 60 <= step.duration_s <= 180
        assert step.timed
    # Respects equipment: nothing needs what the person does not have.
    for movement in built.movements:
        assert CATALOG.level(movement.exercise_id).fits(equipment)
    if Equipment.DUMBBELLS not in equipment and Equipment.KETTLEBELL not in equipment:
        for movement in built.movements:
            assert Equipment.DUMBBELLS not in CATALOG.level(movement.exercise_id).equipment
    # Balanced: 2-4 movements from different patterns and body areas.
    assert 2 <= len(built.movements) <= 4
    assert len({AREA[m.pattern] for m in built.movements}) == len(built.movements)
    # Slow reps in the dose's range; rests in the dose's range, between sets only.
    assert all(dose.reps.low <= m.reps <= dose.reps.high for m in built.movements)
    assert dose.rest_s.low <= built.rest_s <= dose.rest_s.high
    middle = built.steps[1:-1]
    assert [s.kind for s in middle[::2]] == [StepKind.EXERCISE] * len(middle[::2])
    assert [s.kind for s in middle[1::2]] == [StepKind.REST] * len(middle[1::2])
    assert all(s.duration_s > 0 and s.text for s in built.steps)


@settings(max_examples=100, deadline=None)
@given(
    equipment=equipment_st,
    state=state_st,
    history=histories(),
    kind=st.sampled_from((PlanKind.REGULATION_ONLY, PlanKind.REST_RECOVERY)),
)
def test_never_a_strength_session_on_a_day_that_is_not_for_strength(
    equipment: tuple[Equipment, ...],
    state: NervousSystemState | None,
    history: tuple[SessionLog, ...],
    kind: PlanKind,
) -> None:
    levels = next_levels(history, catalog=CATALOG, equipment=equipment)
    with pytest.raises(Conflict):
        build_session(
            plan(kind=kind),
            catalog=CATALOG,
            equipment=equipment,
            levels=levels,
            history=history,
            state=state,
        )


@settings(max_examples=100, deadline=None)
@given(equipment=equipment_st, history=histories(), minutes=st.sampled_from((5, 10, 15)))
def test_progression_feeds_the_builder_and_the_result_is_deterministic(
    equipment: tuple[Equipment, ...], history: tuple[SessionLog, ...], minutes: int
) -> None:
    levels = next_levels(history, catalog=CATALOG, equipment=equipment)
    one = build_session(
        plan(minutes), catalog=CATALOG, equipment=equipment, levels=levels, history=history
    )
    two = build_session(
        plan(minutes),
        catalog=CATALOG,
        equipment=equipment,
        levels=levels,
        history=tuple(reversed(history)),
    )
    assert one == two
    for movement in one.movements:
        assert movement.level <= levels[movement.pattern].level
