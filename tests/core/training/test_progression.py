"""Progression: double progression, hard sessions, drained mornings and the session length."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.training.builders import ALL, CATALOG, NONE, day, session
from tests.core.training.test_session_properties import histories
from vagal.core.checkin import SessionLanding
from vagal.core.planner.inputs import Equipment, SessionFeel
from vagal.core.training.exercises import Pattern
from vagal.core.training.log import SessionLog, SetLog
from vagal.core.training.progression import (
    CHANGE_MESSAGES,
    Change,
    landed_well,
    next_levels,
    next_session_minutes,
)
from vagal.errors import InvalidInput

HARD = SessionFeel.HARD


def squat_after(
    *history: SessionLog, equipment: tuple[Equipment, ...] = NONE
) -> tuple[str, int, Change]:
    t = next_levels(history, catalog=CATALOG, equipment=equipment)[Pattern.SQUAT]
    return t.exercise_id, t.reps, t.change


def test_everyone_starts_at_the_gentlest_level() -> None:
    targets = next_levels((), catalog=CATALOG, equipment=NONE)
    assert set(targets) == set(Pattern)
    assert all(t.level == 1 and t.reps == 5 and t.change is Change.START for t in targets.values())
    assert targets[Pattern.PULL].exercise_id == "doorway_row"


def test_easy_sets_add_one_rep() -> None:
    assert squat_after(session(2, ("sit_to_stand", [6, 6]))) == (
        "sit_to_stand",
        7,
        Change.MORE_REPS,
    )


def test_the_fewest_reps_of_the_sets_set_the_pace() -> None:
    assert squat_after(session(2, ("sit_to_stand", [7, 5]))) == (
        "sit_to_stand",
        6,
        Change.MORE_REPS,
    )


def test_top_of_the_range_moves_to_the_next_level_at_the_bottom() -> None:
    assert squat_after(session(2, ("sit_to_stand", [8, 8]))) == (
        "chair_squat",
        5,
        Change.NEXT_LEVEL,
    )


def test_a_whole_ladder_climbs_by_double_progression() -> None:
    history: list[SessionLog] = []
    seen = []
    for k in range(30):
        target = next_levels(history, catalog=CATALOG, equipment=ALL)[Pattern.SQUAT]
        seen.append((target.level, target.reps))
        history.append(session(60 - 2 * k, (target.exercise_id, [target.reps, target.reps])))
    assert seen[:5] == [(1, 5), (1, 6), (1, 7), (1, 8), (2, 5)]
    assert seen[-1] == (5, 8)
    assert (
        next_levels(history, catalog=CATALOG, equipment=ALL)[Pattern.SQUAT].change
        is Change.TOP_OF_LADDER
    )


def test_levels_that_need_missing_equipment_are_stepped_over() -> None:
    done = session(2, ("steep_towel_row", [8, 8]))
    pull = {
        eq: next_levels((done,), catalog=CATALOG, equipment=eq)[Pattern.PULL]
        for eq in (NONE, (Equipment.BANDS,), (Equipment.DUMBBELLS,))
    }
    assert (pull[NONE].exercise_id, pull[NONE].reps, pull[NONE].change) == (
        "steep_towel_row",
        8,
        Change.TOP_OF_LADDER,
    )
    assert pull[(Equipment.BANDS,)].exercise_id == "band_row"
    assert pull[(Equipment.DUMBBELLS,)].exercise_id == "one_arm_row"


def test_a_session_rated_hard_repeats_the_level() -> None:
    hard = session(2, ("chair_squat", [6, 6]), felt=HARD)
    assert squat_after(hard) == ("chair_squat", 6, Change.REPEAT_HARD)


def test_two_hard_sessions_in_a_row_step_back_a_level() -> None:
    first = session(4, ("wall_push_up", [5]), felt=HARD)
    second = session(2, ("chair_squat", [6, 6]), felt=HARD)
    assert squat_after(first, second) == ("sit_to_stand", 5, Change.REGRESS_TWO_HARD)
    assert squat_after(second, first) == (
        "sit_to_stand",
        5,
        Change.REGRESS_TWO_HARD,
    )  # any order in


def test_hard_sessions_with_an_easier_one_between_only_repeat() -> None:
    first = session(6, ("wall_push_up", [5]), felt=HARD)
    easy = session(4, ("glute_bridge", [5]), felt=SessionFeel.EASY)
    second = session(2, ("chair_squat", [6, 6]), felt=HARD)
    assert squat_after(first, easy, second) == ("chair_squat", 6, Change.REPEAT_HARD)


def test_a_drained_morning_steps_back_a_level() -> None:
    drained = session(
        2, ("pause_squat", [8, 8]), felt=SessionFeel.EASY, landed=SessionLanding.DRAINED
    )
    assert squat_after(drained) == ("bodyweight_squat", 5, Change.REGRESS_DRAINED)
    at_the_bottom = session(2, ("sit_to_stand", [5]), landed=SessionLanding.DRAINED)
    assert squat_after(at_the_bottom) == ("sit_to_stand", 5, Change.REGRESS_DRAINED)


def test_stepping_back_skips_levels_the_equipment_does_not_allow() -> None:
    drained = session(2, ("dumbbell_romanian_deadlift", [6]), landed=SessionLanding.DRAINED)
    hinge = next_levels((drained,), catalog=CATALOG, equipment=(Equipment.DUMBBELLS,))[
        Pattern.HINGE
    ]
    assert hinge.exercise_id == "free_hip_hinge"  # not the band hinge


def test_stopping_early_holds_without_stepping_back() -> None:
    stopped = session(2, ("chair_squat", [6, 3]), stopped_early=True)
    assert squat_after(stopped) == ("chair_squat", 5, Change.HOLD_STOPPED)


def test_too_little_in_reserve_or_a_hard_set_holds() -> None:
    close = session(2, ("chair_squat", [7, 7]), reserve=2)
    assert squat_after(close) == ("chair_squat", 7, Change.HOLD_EFFORT)
    hard_set = SessionLog(
        day(2), (SetLog("chair_squat", 7, SessionFeel.OK, 4), SetLog("chair_squat", 7, HARD, 3))
    )
    assert squat_after(hard_set) == ("chair_squat", 7, Change.HOLD_EFFORT)


def test_the_latest_session_with_the_pattern_counts_and_unknown_ids_are_ignored() -> None:
    older = session(6, ("sit_to_stand", [8, 8]))
    newer = session(4, ("chair_squat", [5, 5]))
    other = session(2, ("doorway_row", [5]), ("retired_exercise", [5]), felt=SessionFeel.EASY)
    assert squat_after(newer, other, older) == ("chair_squat", 6, Change.MORE_REPS)


def test_every_change_has_a_gentle_message() -> None:
    assert set(CHANGE_MESSAGES) == set(Change)
    words = " ".join(CHANGE_MESSAGES.values()).lower()
    assert "fail" not in words and "push" not in words


# --- session length --------------------------------------------------------------------------


def good(offset: int, minutes: int = 5, landed: SessionLanding = SessionLanding.FINE) -> SessionLog:
    return session(offset, ("sit_to_stand", [5]), minutes=minutes, landed=landed)


def test_length_grows_only_after_two_sessions_in_a_row_that_landed_well() -> None:
    assert next_session_minutes((), current=5) == 5
    assert next_session_minutes((good(4),), current=5) == 5
    assert (
        next_session_minutes((good(4), good(2, landed=SessionLanding.ENERGISED)), current=5) == 10
    )
    assert next_session_minutes((good(6, 10), good(4, 10)), current=10) == 15
    assert next_session_minutes((good(6, 15), good(4, 15)), current=15) == 15


def test_each_step_needs_two_good_sessions_at_the_current_length() -> None:
    assert next_session_minutes((good(4), good(2)), current=10) == 10
    assert next_session_minutes((good(4), good(2, 10)), current=10) == 10


@pytest.mark.parametrize(
    "second",
    [
        session(2, ("sit_to_stand", [5]), landed=SessionLanding.DRAINED),
        session(2, ("sit_to_stand", [5]), landed=None),
        session(2, ("sit_to_stand", [5]), felt=HARD),
        session(2, ("sit_to_stand", [5]), stopped_early=True),
    ],
    ids=["drained", "not-yet-known", "felt-hard", "stopped-early"],
)
def test_length_holds_unless_both_landed_well(second: SessionLog) -> None:
    assert not landed_well(second)
    assert next_session_minutes((good(4), second), current=5) == 5
    assert next_session_minutes((second, good(4)), current=5) == 5  # order given does not matter


def test_a_length_that_is_not_offered_is_refused() -> None:
    with pytest.raises(InvalidInput, match="5, 10 or 15"):
        next_session_minutes((), current=7)


@settings(max_examples=200, deadline=None)
@given(history=histories(), equipment=st.sets(st.sampled_from(list(Equipment))).map(tuple))
def test_targets_fit_the_equipment_and_stay_in_range(
    history: tuple[SessionLog, ...], equipment: tuple[Equipment, ...]
) -> None:
    targets = next_levels(history, catalog=CATALOG, equipment=equipment)
    for pattern, target in targets.items():
        level = CATALOG.level(target.exercise_id)
        assert (level.pattern, level.level) == (pattern, target.level)
        assert level.fits(equipment)
        assert 5 <= target.reps <= 8
        done = [
            CATALOG.level(s.exercise_id).level
            for log in history
            for s in log.sets
            if CATALOG.level(s.exercise_id).pattern is pattern
        ]
        if not done:
            assert target.level == 1
    assert next_session_minutes(history, current=5) in (5, 10)
