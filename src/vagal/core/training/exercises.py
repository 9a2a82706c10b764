"""The exercise model: movement patterns, each a ladder of levels from gentlest to loaded (pure).

The words live in ``vagal.catalog.exercises`` (data files); this module only says what a level is,
so the session builder and progression can work on it without reading any file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from vagal.core.planner.inputs import Equipment
from vagal.errors import InvalidInput


class Pattern(StrEnum):
    """A movement pattern, in the order a balanced session alternates them."""

    SQUAT = "squat"
    HORIZONTAL_PUSH = "horizontal_push"
    HINGE = "hinge"
    PULL = "pull"
    SPLIT_STANCE = "split_stance"
    VERTICAL_PUSH = "vertical_push"
    CARRY = "carry"
    TRUNK = "trunk"


class BodyArea(StrEnum):
    """Groups of patterns: a session takes at most one pattern from a group while it can."""

    LOWER = "lower"
    PRESS = "press"
    PULL = "pull"
    WHOLE = "whole"


AREA: dict[Pattern, BodyArea] = {
    Pattern.SQUAT: BodyArea.LOWER,
    Pattern.HINGE: BodyArea.LOWER,
    Pattern.SPLIT_STANCE: BodyArea.LOWER,
    Pattern.HORIZONTAL_PUSH: BodyArea.PRESS,
    Pattern.VERTICAL_PUSH: BodyArea.PRESS,
    Pattern.PULL: BodyArea.PULL,
    Pattern.CARRY: BodyArea.WHOLE,
    Pattern.TRUNK: BodyArea.WHOLE,
}


class Unit(StrEnum):
    """What a set counts: slow reps, or slow breaths while holding or walking."""

    REPS = "reps"
    REPS_EACH_SIDE = "reps_each_side"
    BREATHS = "breaths"
    BREATHS_EACH_SIDE = "breaths_each_side"

    @property
    def sides(self) -> int:
        return 2 if self in (Unit.REPS_EACH_SIDE, Unit.BREATHS_EACH_SIDE) else 1

    @property
    def seconds_each(self) -> int:
        """About 2 s down and 2 s up for a slow rep; about 6 s for a slow breath."""
        return 4 if self in (Unit.REPS, Unit.REPS_EACH_SIDE) else 6

    def seconds(self, count: int) -> int:
        """An estimate of how long ``count`` takes, both sides included."""
        return count * self.seconds_each * self.sides

    def describe(self, count: int) -> str:
        """``Unit.REPS.describe(6)`` is "6 slow reps"."""
        return {
            Unit.REPS: f"{count} slow reps",
            Unit.REPS_EACH_SIDE: f"{count} slow reps on each side",
            Unit.BREATHS: f"about {count} slow breaths",
            Unit.BREATHS_EACH_SIDE: f"about {count} slow breaths on each side",
        }[self]


@dataclass(frozen=True, slots=True)
class ExerciseLevel:
    """One rung of a pattern's ladder.

    ``equipment`` lists alternatives: any one of them is enough. ``(Equipment.NONE,)`` means no
    equipment at all; ``props`` are household things most homes have (a chair, a wall, a towel).
    """

    id: str
    pattern: Pattern
    level: int
    name: str
    equipment: tuple[Equipment, ...]
    props: tuple[str, ...]
    unit: Unit
    setup: str
    cues: tuple[str, ...]
    breathing: str
    mistakes: tuple[str, ...]
    cautions: tuple[str, ...]
    regression: str | None
    progression: str | None
    illustration: str | None = None

    def fits(self, equipment: Iterable[Equipment]) -> bool:
        """Whether a person with ``equipment`` can do this level."""
        return Equipment.NONE in self.equipment or bool(set(self.equipment) & set(equipment))


@dataclass(frozen=True, slots=True)
class Ladder:
    """A pattern's levels, gentlest first (level 1 needs no equipment)."""

    pattern: Pattern
    name: str
    summary: str
    levels: tuple[ExerciseLevel, ...]

    @property
    def top(self) -> int:
        return len(self.levels)

    def at(self, level: int) -> ExerciseLevel:
        return self.levels[min(max(level, 1), self.top) - 1]

    def highest_fitting(self, level: int, equipment: Iterable[Equipment]) -> ExerciseLevel:
        """The level itself if it fits, else the nearest gentler one that does."""
        owned = tuple(equipment)
        for candidate in reversed(self.levels[: min(max(level, 1), self.top)]):
            if candidate.fits(owned):
                return candidate
        return self.levels[0]

    def next_fitting(self, level: int, equipment: Iterable[Equipment]) -> ExerciseLevel | None:
        """The next harder level the person can do, or ``None`` at the top of their ladder."""
        owned = tuple(equipment)
        return next((c for c in self.levels[level:] if c.fits(owned)), None)


@dataclass(frozen=True, slots=True)
class ExerciseCatalog:
    """Every ladder, one per pattern; look levels up by id with ``level``."""

    ladders: tuple[Ladder, ...]
    _by_id: dict[str, ExerciseLevel] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_by_id", {lvl.id: lvl for ladder in self.ladders for lvl in ladder.levels}
        )

    @property
    def patterns(self) -> tuple[Pattern, ...]:
        return tuple(ladder.pattern for ladder in self.ladders)

    @property
    def size(self) -> int:
        """How many levels in all."""
        return len(self._by_id)

    def ladder(self, pattern: Pattern) -> Ladder:
        for ladder in self.ladders:
            if ladder.pattern is pattern:
                return ladder
        raise InvalidInput(
            f"The exercise catalog has no '{pattern}' pattern.", details={"field": "pattern"}
        )

    def level(self, exercise_id: str) -> ExerciseLevel:
        try:
            return self._by_id[exercise_id]
        except KeyError:
            raise InvalidInput(
                f"'{exercise_id}' is not an exercise in the catalog. Choose one from the list.",
                details={"field": "exercise_id"},
            ) from None

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id
