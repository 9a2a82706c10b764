"""Typed inputs to the planner (pure data; the adapters build these from storage)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vagal.core.baseline import Baseline
from vagal.core.checkin import CheckinInput, SessionLanding
from vagal.errors import InvalidInput

STRENGTH_DAYS_CHOICES = (2, 3)
SESSION_MINUTES_CHOICES = (5, 10, 15)


class PlanKind(StrEnum):
    """What today holds, from hardest to gentlest."""

    GENTLE_STRENGTH = "gentle_strength"
    REGULATION_ONLY = "regulation_only"
    REST_RECOVERY = "rest_recovery"


#: Hardest first: "one level gentler" moves one step along this tuple.
LEVELS: tuple[PlanKind, ...] = (
    PlanKind.GENTLE_STRENGTH,
    PlanKind.REGULATION_ONLY,
    PlanKind.REST_RECOVERY,
)

KIND_LABELS: dict[PlanKind, str] = {
    PlanKind.GENTLE_STRENGTH: "Gentle strength",
    PlanKind.REGULATION_ONLY: "A regulation practice",
    PlanKind.REST_RECOVERY: "Rest and recovery",
}


def gentleness(kind: PlanKind) -> int:
    """0 for gentle strength, 1 for regulation only, 2 for rest and recovery."""
    return LEVELS.index(kind)


def gentler_of(a: PlanKind, b: PlanKind) -> PlanKind:
    return a if gentleness(a) >= gentleness(b) else b


def one_level_gentler(kind: PlanKind) -> PlanKind:
    return LEVELS[min(gentleness(kind) + 1, len(LEVELS) - 1)]


class ScreeningStatus(StrEnum):
    """The readiness-for-exercise screening, as it stands today."""

    NOT_DONE = "not_done"
    CLEAR = "clear"
    NEEDS_CLEARANCE = "needs_clearance"
    CLEARED_BY_CLINICIAN = "cleared_by_clinician"


STRENGTH_ALLOWED = frozenset({ScreeningStatus.CLEAR, ScreeningStatus.CLEARED_BY_CLINICIAN})


class SessionFeel(StrEnum):
    """How a strength session felt while doing it."""

    EASY = "easy"
    OK = "ok"
    HARD = "hard"


class Equipment(StrEnum):
    NONE = "none"
    BANDS = "bands"
    DUMBBELLS = "dumbbells"
    KETTLEBELL = "kettlebell"


@dataclass(frozen=True, slots=True)
class StrengthSession:
    """A strength session done on ``local_date``; ``landed`` is how it felt the next morning."""

    local_date: date
    felt: SessionFeel | None = None
    landed: SessionLanding | None = None


@dataclass(frozen=True, slots=True)
class Preferences:
    """Training preferences from onboarding (all editable later).

    ``preferred_weekdays`` uses ``date.weekday()`` numbers: 0 is Monday, 6 is Sunday.
    """

    strength_days_per_week: int = 2
    session_minutes: int = 10
    equipment: tuple[Equipment, ...] = (Equipment.NONE,)
    preferred_weekdays: tuple[int, ...] = ()
    cold_exposure_ok: bool = False

    def __post_init__(self) -> None:
        if self.strength_days_per_week not in STRENGTH_DAYS_CHOICES:
            raise InvalidInput(
                f"Strength days per week can be 2 or 3; {self.strength_days_per_week} is not.",
                details={"field": "strength_days_per_week"},
            )
        if self.session_minutes not in SESSION_MINUTES_CHOICES:
            raise InvalidInput(
                f"A session can be 5, 10 or 15 minutes; {self.session_minutes} is not.",
                details={"field": "session_minutes"},
            )
        if any(not 0 <= day <= 6 for day in self.preferred_weekdays):
            raise InvalidInput(
                "Preferred days are weekday numbers from 0 (Monday) to 6 (Sunday).",
                details={"field": "preferred_weekdays"},
            )


@dataclass(frozen=True, slots=True)
class PlanInputs:
    """Everything the planner looks at for one day.

    - ``checkin``: today's check-in, or ``None`` if there is none yet;
    - ``baseline``: from ``vagal.core.baseline.compute_baseline`` for ``today``, or ``None``;
    - ``sessions``: strength sessions done (at least those of the last 7 days and the last one);
    - ``screening``: the readiness-for-exercise screening status.
    """

    today: date
    checkin: CheckinInput | None = None
    baseline: Baseline | None = None
    sessions: tuple[StrengthSession, ...] = ()
    screening: ScreeningStatus = ScreeningStatus.NOT_DONE
    preferences: Preferences = Preferences()

    def __post_init__(self) -> None:
        if self.checkin is not None and self.checkin.local_date != self.today:
            raise InvalidInput(
                f"The check-in is for {self.checkin.local_date.isoformat()}, not for "
                f"{self.today.isoformat()}. Plan with that day's check-in.",
                details={"field": "checkin"},
            )
        if self.baseline is not None and self.baseline.today != self.today:
            raise InvalidInput(
                f"The baseline is for {self.baseline.today.isoformat()}, not {self.today.isoformat()}.",
                details={"field": "baseline"},
            )
        if any(s.local_date > self.today for s in self.sessions):
            raise InvalidInput(
                "A strength session is dated in the future. Choose today or an earlier day.",
                details={"field": "sessions"},
            )
