"""Small factories for training tests: plans with the planner's own doses, logs, targets."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from vagal.catalog.exercises import load_exercise_catalog
from vagal.core.checkin import SessionLanding
from vagal.core.planner.inputs import Equipment, PlanKind, Preferences, SessionFeel
from vagal.core.planner.plan import Dose, Plan
from vagal.core.planner.practices import practice_dose, strength_dose
from vagal.core.training.exercises import ExerciseCatalog, Pattern
from vagal.core.training.log import SessionLog, SetLog
from vagal.core.training.progression import Change, Target

TODAY = date(2026, 3, 11)
CATALOG: ExerciseCatalog = load_exercise_catalog()
NONE = (Equipment.NONE,)
ALL = tuple(Equipment)


def day(offset: int) -> date:
    return TODAY - timedelta(days=offset)


def dose(minutes: int = 10, *, regressed: bool = False) -> Dose:
    return strength_dose(Preferences(session_minutes=minutes), regressed=regressed)


def plan(
    minutes: int = 10,
    *,
    regressed: bool = False,
    kind: PlanKind = PlanKind.GENTLE_STRENGTH,
    practices: tuple[str, ...] = ("feet_on_floor", "extended_exhale"),
    custom: Dose | None = None,
) -> Plan:
    chosen = custom or (
        dose(minutes, regressed=regressed)
        if kind is PlanKind.GENTLE_STRENGTH
        else practice_dose(kind, Preferences(session_minutes=minutes), short=False)
    )
    return Plan(
        today=TODAY,
        kind=kind,
        physiology_kind=kind,
        dose=chosen,
        practices=practices,
        prompts=(),
        reasons=(),
        gentler_options=(),
        show_support=False,
        headline="",
    )


def target(pattern: Pattern, level: int, reps: int = 5) -> Target:
    ladder = CATALOG.ladder(pattern)
    chosen = ladder.at(level)
    return Target(pattern, chosen.level, chosen.id, reps, Change.START)


def all_at(level: int, reps: int = 5) -> dict[Pattern, Target]:
    return {p: target(p, level, reps) for p in Pattern}


def sets(
    exercise_id: str, reps: Sequence[int], *, reserve: int = 4, felt: SessionFeel = SessionFeel.OK
) -> tuple[SetLog, ...]:
    return tuple(SetLog(exercise_id, r, felt, reserve) for r in reps)


def session(
    offset: int,
    *exercise_reps: tuple[str, Sequence[int]],
    felt: SessionFeel | None = SessionFeel.OK,
    landed: SessionLanding | None = SessionLanding.FINE,
    minutes: int = 5,
    stopped_early: bool = False,
    reserve: int = 4,
) -> SessionLog:
    logged = tuple(s for ex, reps in exercise_reps for s in sets(ex, reps, reserve=reserve))
    return SessionLog(day(offset), logged, felt, landed, minutes, stopped_early)
