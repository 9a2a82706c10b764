"""What the planner returns: a plan for one day, its dose, practices, prompts and reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vagal.core.planner.inputs import PlanKind


@dataclass(frozen=True, slots=True)
class Span:
    """An inclusive range of whole numbers, e.g. 5 to 8 reps."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}–{self.high}"

    def of(self, unit: str) -> str:
        """``Span(1, 1).of("set")`` is "1 set"; ``Span(1, 2).of("set")`` is "1–2 sets"."""
        return f"{self} {unit}" if self.high == 1 else f"{self} {unit}s"


@dataclass(frozen=True, slots=True)
class Dose:
    """How much: minutes always; sets, reps and rests only for a strength session."""

    minutes: Span
    sets: Span | None = None
    reps: Span | None = None
    rest_s: Span | None = None
    regressed: bool = False


@dataclass(frozen=True, slots=True)
class Prompt:
    """A gentle nudge shown with the plan (stable id, words for a person)."""

    id: str
    message: str


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that fired: its id, a message with the person's numbers, and its source."""

    rule: str
    message: str
    source: str


@dataclass(frozen=True, slots=True)
class GentlerOption:
    """Something gentler the person may choose instead, always available."""

    kind: PlanKind
    practices: tuple[str, ...]
    message: str


@dataclass(frozen=True, slots=True)
class Plan:
    """Today's plan.

    ``physiology_kind`` is what readings and training history alone suggest; ``kind`` is never
    harder than it (the check-in and safety rules can only make a plan gentler).
    """

    today: date
    kind: PlanKind
    physiology_kind: PlanKind
    dose: Dose
    practices: tuple[str, ...]
    prompts: tuple[Prompt, ...]
    reasons: tuple[Reason, ...]
    gentler_options: tuple[GentlerOption, ...]
    show_support: bool
    headline: str

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(reason.rule for reason in self.reasons)


@dataclass(frozen=True, slots=True)
class DayPlan:
    """One day of a week plan: a planned strength day, or a rest day with a recovery practice."""

    local_date: date
    kind: PlanKind
    minutes: int
    practices: tuple[str, ...]
    summary: str
