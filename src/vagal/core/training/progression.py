"""Progression from how sessions went and landed (pure; the rules are ours, erring on easy).

Per movement pattern, from the last session that included it:

1. the session landed "drained" the next morning → one level gentler, reps back to the bottom;
2. it felt hard and so did the session before it → one level gentler, reps back to the bottom;
3. it felt hard → the same level and reps again;
4. it was stopped early, or a set felt hard or left fewer than 3 reps in reserve → the same again;
5. otherwise double progression: one more rep next time, and past the top of the range
   (8) the next level the person's equipment allows, starting again at the bottom (5).

Session length grows one step (5 → 10 → 15 minutes) only after two sessions in a row at the
current length that landed well (energised or fine, not felt hard, not stopped early).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from vagal.core.checkin import SessionLanding
from vagal.core.planner.inputs import SESSION_MINUTES_CHOICES, Equipment
from vagal.core.planner.plan import Span
from vagal.core.planner.practices import STRENGTH_REPS
from vagal.core.training.exercises import ExerciseCatalog, ExerciseLevel, Ladder, Pattern
from vagal.core.training.log import SessionLog, SetLog, chronological
from vagal.errors import InvalidInput

#: The rep range double progression climbs through before moving up a level.
REPS: Span = STRENGTH_REPS
LANDED_WELL = frozenset({SessionLanding.ENERGISED, SessionLanding.FINE})


class Change(StrEnum):
    """Why a pattern's next target is what it is (stable ids for reasons shown to a person)."""

    START = "start"
    MORE_REPS = "more_reps"
    NEXT_LEVEL = "next_level"
    TOP_OF_LADDER = "top_of_ladder"
    REPEAT_HARD = "repeat_hard"
    HOLD_EFFORT = "hold_effort"
    HOLD_STOPPED = "hold_stopped"
    REGRESS_DRAINED = "regress_drained"
    REGRESS_TWO_HARD = "regress_two_hard"


CHANGE_MESSAGES: dict[Change, str] = {
    Change.START: "A first time: the gentlest level, a few slow reps.",
    Change.MORE_REPS: "Last time went easily, so one more rep.",
    Change.NEXT_LEVEL: "The reps went easily at the top of the range, so the next level.",
    Change.TOP_OF_LADDER: "You are at the top of this ladder with your equipment; it stays here.",
    Change.REPEAT_HARD: "Last time felt hard, so the same level and reps again.",
    Change.HOLD_EFFORT: "A set took more effort than intended, so the same again.",
    Change.HOLD_STOPPED: "You chose to stop early last time; it stays where it was.",
    Change.REGRESS_DRAINED: "The last session left you drained, so one level gentler.",
    Change.REGRESS_TWO_HARD: "Two sessions in a row felt hard, so one level gentler.",
}


@dataclass(frozen=True, slots=True)
class Target:
    """What to do next for one pattern: the level (and its exercise) and the reps per set."""

    pattern: Pattern
    level: int
    exercise_id: str
    reps: int
    change: Change

    @property
    def message(self) -> str:
        return CHANGE_MESSAGES[self.change]


def next_levels(
    history: Sequence[SessionLog],
    *,
    catalog: ExerciseCatalog,
    equipment: Iterable[Equipment],
) -> dict[Pattern, Target]:
    """The next target for every pattern in the catalog, from the session logs (any order).

    Levels that need equipment the person lacks are stepped over. Sets naming exercises no
    longer in the catalog are ignored.
    """
    ordered = chronological(history)
    owned = tuple(equipment)
    return {ladder.pattern: _next_for(ladder, ordered, owned) for ladder in catalog.ladders}


def _next_for(ladder: Ladder, ordered: list[SessionLog], owned: tuple[Equipment, ...]) -> Target:
    ids = {level.id for level in ladder.levels}
    found = next(
        ((i, ordered[i]) for i in range(len(ordered) - 1, -1, -1) if ordered[i].sets_of(ids)),
        None,
    )
    if found is None:
        return _target(ladder.highest_fitting(1, owned), REPS.low, Change.START)
    index, session = found
    previous = ordered[index - 1] if index > 0 else None
    sets = session.sets_of(ids)
    done = ladder.at(max(_level_of(ladder, s) for s in sets))
    sets = tuple(s for s in sets if s.exercise_id == done.id)
    reps = min(s.reps for s in sets)
    held = ladder.highest_fitting(done.level, owned)
    if session.drained:
        return _regress(ladder, done, owned, Change.REGRESS_DRAINED)
    if session.hard and previous is not None and previous.hard:
        return _regress(ladder, done, owned, Change.REGRESS_TWO_HARD)
    if session.hard:
        return _target(held, _within(reps), Change.REPEAT_HARD)
    if session.stopped_early:
        return _target(held, _within(reps), Change.HOLD_STOPPED)
    if not all(s.easy for s in sets):
        return _target(held, _within(reps), Change.HOLD_EFFORT)
    return _climb(ladder, done, reps, owned)


def _level_of(ladder: Ladder, set_log: SetLog) -> int:
    return next(level.level for level in ladder.levels if level.id == set_log.exercise_id)


def _within(reps: int) -> int:
    return min(max(reps, REPS.low), REPS.high)


def _target(level: ExerciseLevel, reps: int, change: Change) -> Target:
    return Target(level.pattern, level.level, level.id, reps, change)


def _regress(
    ladder: Ladder, done: ExerciseLevel, owned: tuple[Equipment, ...], change: Change
) -> Target:
    return _target(ladder.highest_fitting(done.level - 1, owned), REPS.low, change)


def _climb(ladder: Ladder, done: ExerciseLevel, reps: int, owned: tuple[Equipment, ...]) -> Target:
    if reps + 1 <= REPS.high:
        return _target(
            ladder.highest_fitting(done.level, owned), _within(reps + 1), Change.MORE_REPS
        )
    up = ladder.next_fitting(done.level, owned)
    if up is None:
        return _target(ladder.highest_fitting(done.level, owned), REPS.high, Change.TOP_OF_LADDER)
    return _target(up, REPS.low, Change.NEXT_LEVEL)


def landed_well(session: SessionLog) -> bool:
    """Energised or fine the next morning, not felt hard, and not stopped early."""
    return session.landed in LANDED_WELL and not session.hard and not session.stopped_early


def next_session_minutes(history: Sequence[SessionLog], *, current: int) -> int:
    """The session length to offer next: one step longer only after two good sessions in a row.

    ``current`` is the person's session length now (5, 10 or 15). Both of the last two sessions
    must have landed well and been at least ``current`` minutes long, so each step up needs two
    good sessions at the length before it.
    """
    if current not in SESSION_MINUTES_CHOICES:
        raise InvalidInput(
            f"A session can be 5, 10 or 15 minutes; {current} is not.",
            details={"field": "current"},
        )
    last_two = chronological(history)[-2:]
    if len(last_two) < 2 or not all(
        landed_well(s) and s.length_minutes >= current for s in last_two
    ):
        return current
    longer = [m for m in SESSION_MINUTES_CHOICES if m > current]
    return longer[0] if longer else current
