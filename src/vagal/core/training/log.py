"""What a person did in a strength session, as the guided page logs it (the lead stores these)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from vagal.core.checkin import SessionLanding
from vagal.core.planner.inputs import SessionFeel
from vagal.errors import InvalidInput

#: A set asks for an easy effort: stop with at least this many reps still in reserve.
EASY_RESERVE = 3
MAX_REPS = 100
MAX_SESSION_MINUTES = 120


@dataclass(frozen=True, slots=True)
class SetLog:
    """One set: the reps (or slow breaths) done, how it felt and the reps left in reserve."""

    exercise_id: str
    reps: int
    felt: SessionFeel | None = None
    reps_in_reserve: int | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.reps <= MAX_REPS:
            raise InvalidInput(
                f"A set counts 0 to {MAX_REPS} reps; {self.reps} is outside that.",
                details={"field": "reps"},
            )
        if self.reps_in_reserve is not None and not 0 <= self.reps_in_reserve <= MAX_REPS:
            raise InvalidInput(
                "Reps in reserve is a number from 0 upwards: how many more you could have done.",
                details={"field": "reps_in_reserve"},
            )

    @property
    def easy(self) -> bool:
        """Done at the intended effort: not felt hard, and with enough left in reserve."""
        reserve_ok = self.reps_in_reserve is None or self.reps_in_reserve >= EASY_RESERVE
        return self.felt is not SessionFeel.HARD and reserve_ok


@dataclass(frozen=True, slots=True)
class SessionLog:
    """One session: its sets, how it felt, how it landed the next morning (``None`` until then).

    ``length_minutes`` is the planned length; ``stopped_early`` is a choice with value, never a
    mark against the person: progression simply holds where it was.
    """

    local_date: date
    sets: tuple[SetLog, ...]
    felt: SessionFeel | None = None
    landed: SessionLanding | None = None
    length_minutes: int = 5
    stopped_early: bool = False
    #: When it began (None when not known): a session length chosen later is not overruled by
    #: sessions before the choice.
    started_at: datetime | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.length_minutes <= MAX_SESSION_MINUTES:
            raise InvalidInput(
                f"A session lasts 1 to {MAX_SESSION_MINUTES} minutes; "
                f"{self.length_minutes} is outside that.",
                details={"field": "length_minutes"},
            )

    @property
    def hard(self) -> bool:
        return self.felt is SessionFeel.HARD

    @property
    def drained(self) -> bool:
        return self.landed is SessionLanding.DRAINED

    def sets_of(self, exercise_ids: Iterable[str]) -> tuple[SetLog, ...]:
        wanted = set(exercise_ids)
        return tuple(s for s in self.sets if s.exercise_id in wanted)


def chronological(history: Sequence[SessionLog]) -> list[SessionLog]:
    """Oldest first; sessions on the same day keep the order they were given in."""
    return sorted(history, key=lambda log: log.local_date)
