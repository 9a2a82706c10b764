"""Gentle strength in the pure core: the exercise model, the session builder and progression."""

from vagal.core.training.exercises import (
    AREA,
    BodyArea,
    ExerciseCatalog,
    ExerciseLevel,
    Ladder,
    Pattern,
    Unit,
)
from vagal.core.training.log import EASY_RESERVE, SessionLog, SetLog
from vagal.core.training.progression import (
    CHANGE_MESSAGES,
    Change,
    Target,
    landed_well,
    next_levels,
    next_session_minutes,
)
from vagal.core.training.session import (
    PlannedMovement,
    SessionStep,
    StepKind,
    StrengthSessionPlan,
    build_session,
    check_log,
)

__all__ = [
    "AREA",
    "CHANGE_MESSAGES",
    "EASY_RESERVE",
    "BodyArea",
    "Change",
    "ExerciseCatalog",
    "ExerciseLevel",
    "Ladder",
    "Pattern",
    "PlannedMovement",
    "SessionLog",
    "SessionStep",
    "SetLog",
    "StepKind",
    "StrengthSessionPlan",
    "Target",
    "Unit",
    "build_session",
    "check_log",
    "landed_well",
    "next_levels",
    "next_session_minutes",
]
