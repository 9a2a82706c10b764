"""The practice model: breath patterns, timed steps and practices (frozen, validated, pure).

A ``BreathPattern`` is what the pacer plays: inhale, hold, exhale, hold, in seconds. The same type
serves the catalog and the breathing patterns a person names and saves themselves
(``custom_breathing_practice``), so the player never needs to know where a pattern came from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from vagal.core.checkin import NervousSystemState
from vagal.errors import InvalidInput

#: The practice lengths a person can choose, in minutes.
DURATIONS_MIN: tuple[int, ...] = (1, 3, 5, 10)
#: How far the steps of a script may add up away from its length (the catalog adds up exactly;
#: the slack is for custom patterns whose breaths are fractions of a second).
DURATION_TOLERANCE_S = 1.0
#: A paced step holds a whole number of breaths, to this many seconds.
WHOLE_BREATH_TOLERANCE_S = 0.01

INHALE_RANGE_S = (1.0, 12.0)
EXHALE_RANGE_S = (1.0, 16.0)
HOLD_RANGE_S = (0.0, 12.0)
#: Slowest and fastest whole breaths the pacer will play (breaths per minute 2–20).
CYCLE_RANGE_S = (3.0, 30.0)

ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

HOLD_CAUTION = (
    "Holding the breath can stir up panic or light-headedness in some people. Skip the holds, or "
    "stop, if that happens. Avoid breath holds in pregnancy or with heart or lung conditions "
    "unless a clinician has said they suit you."
)


class Family(StrEnum):
    BREATHING = "breathing"
    GROUNDING = "grounding"
    BODY_SCAN = "body_scan"
    SOMATIC = "somatic"
    SELF_SOOTHING = "self_soothing"
    JOURNALING = "journaling"
    RECOVERY = "recovery"


FAMILY_LABELS: dict[Family, str] = {
    Family.BREATHING: "Breathing",
    Family.GROUNDING: "Grounding",
    Family.BODY_SCAN: "Body scan",
    Family.SOMATIC: "Somatic",
    Family.SELF_SOOTHING: "Self-soothing",
    Family.JOURNALING: "Journaling",
    Family.RECOVERY: "Recovery",
}


@dataclass(frozen=True, slots=True)
class BreathPattern:
    """One breath for the pacer, in seconds: in, hold (full), out, hold (empty)."""

    inhale_s: float
    exhale_s: float
    hold_in_s: float = 0.0
    hold_out_s: float = 0.0

    def __post_init__(self) -> None:
        for name, value, (low, high) in (
            ("inhale_s", self.inhale_s, INHALE_RANGE_S),
            ("exhale_s", self.exhale_s, EXHALE_RANGE_S),
            ("hold_in_s", self.hold_in_s, HOLD_RANGE_S),
            ("hold_out_s", self.hold_out_s, HOLD_RANGE_S),
        ):
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise InvalidInput(
                    f"{name} should be a number of seconds.", details={"field": name}
                )
            if not math.isfinite(value) or not low <= value <= high:
                raise InvalidInput(
                    f"{name} should be between {low:g} and {high:g} seconds, not {value:g}.",
                    details={"field": name},
                )
        low, high = CYCLE_RANGE_S
        if not low <= self.cycle_s <= high:
            raise InvalidInput(
                f"One whole breath should take {low:g} to {high:g} seconds; this one takes "
                f"{self.cycle_s:g}.",
                details={"field": "cycle_s"},
            )

    @property
    def cycle_s(self) -> float:
        return self.inhale_s + self.hold_in_s + self.exhale_s + self.hold_out_s

    @property
    def breaths_per_min(self) -> float:
        return 60.0 / self.cycle_s

    @property
    def has_hold(self) -> bool:
        return self.hold_in_s > 0 or self.hold_out_s > 0

    @classmethod
    def at_rate(cls, breaths_per_min: float, *, exhale_share: float = 0.55) -> BreathPattern:
        """A hold-free breath at ``breaths_per_min`` with the exhale a little longer (resonance)."""
        if not 2.0 <= breaths_per_min <= 20.0 or not 0.3 <= exhale_share <= 0.7:
            raise InvalidInput(
                "Choose 2 to 20 breaths per minute, with the exhale 30-70 % of each breath.",
                details={"field": "breaths_per_min"},
            )
        cycle = 60.0 / breaths_per_min
        return cls(inhale_s=cycle * (1 - exhale_share), exhale_s=cycle * exhale_share)


@dataclass(frozen=True, slots=True)
class Step:
    """One timed instruction; with ``breath`` set, the pacer plays that pattern for ``seconds``."""

    text: str
    seconds: float
    breath: BreathPattern | None = None

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise InvalidInput("A step needs some words.", details={"field": "text"})
        if not math.isfinite(self.seconds) or self.seconds <= 0:
            raise InvalidInput("A step lasts more than 0 seconds.", details={"field": "seconds"})
        if self.breath is not None:
            breaths = self.seconds / self.breath.cycle_s
            whole = round(breaths)
            if whole < 1 or abs(breaths - whole) * self.breath.cycle_s > WHOLE_BREATH_TOLERANCE_S:
                raise InvalidInput(
                    f"A paced step holds whole breaths: {self.seconds:g} s is {breaths:.2f} "
                    f"breaths of {self.breath.cycle_s:g} s.",
                    details={"field": "seconds"},
                )

    @property
    def breaths(self) -> int:
        """Whole breaths the pacer plays in this step (0 for an unpaced step)."""
        return 0 if self.breath is None else round(self.seconds / self.breath.cycle_s)


@dataclass(frozen=True, slots=True)
class Script:
    """The steps for one length of a practice."""

    minutes: int
    steps: tuple[Step, ...]

    @property
    def total_s(self) -> float:
        return sum(step.seconds for step in self.steps)


@dataclass(frozen=True, slots=True)
class Practice:
    id: str
    name: str
    family: Family
    summary: str
    states: frozenset[NervousSystemState]
    scripts: tuple[Script, ...]
    cautions: tuple[str, ...] = ()
    #: A plain note shown with the practice (e.g. what it is not).
    note: str = ""
    #: Breath holds, cold, or anything that can overwhelm: never the default when a person is
    #: activated or shut down; always carries cautions.
    intense: bool = False

    @property
    def durations(self) -> tuple[int, ...]:
        return tuple(script.minutes for script in self.scripts)

    def script(self, minutes: int) -> Script:
        for script in self.scripts:
            if script.minutes == minutes:
                return script
        offered = ", ".join(str(m) for m in self.durations)
        raise InvalidInput(
            f"{self.name} comes in {offered} minutes, not {minutes}.",
            details={"field": "minutes", "practice": self.id},
        )

    def steps(self, minutes: int) -> tuple[Step, ...]:
        return self.script(minutes).steps

    def suits(self, state: NervousSystemState) -> bool:
        return state in self.states

    @property
    def breath_patterns(self) -> tuple[BreathPattern, ...]:
        seen: list[BreathPattern] = []
        for script in self.scripts:
            for step in script.steps:
                if step.breath is not None and step.breath not in seen:
                    seen.append(step.breath)
        return tuple(seen)

    @property
    def has_breath_hold(self) -> bool:
        return any(p.has_hold for p in self.breath_patterns)


def check_practice(practice: Practice) -> None:
    """The rules every practice keeps, catalog or custom; raises InvalidInput naming the rule."""

    def fail(field: str, problem: str) -> None:
        raise InvalidInput(f"{practice.id}, {field}: {problem}", details={"field": field})

    if not ID_PATTERN.match(practice.id):
        fail("id", "use lower-case words joined by '_'.")
    if not practice.name.strip() or not practice.summary.strip():
        fail("name", "a practice needs a name and a summary.")
    if not practice.states:
        fail("states", "say which states the practice suits.")
    minutes = practice.durations
    if not minutes or len(set(minutes)) != len(minutes) or not set(minutes) <= set(DURATIONS_MIN):
        fail("durations", f"offer one or more of {DURATIONS_MIN} minutes, each once.")
    if list(minutes) != sorted(minutes):
        fail("durations", "list the lengths shortest first.")
    for script in practice.scripts:
        if not script.steps:
            fail(f"steps[{script.minutes} min]", "a script needs at least one step.")
        if abs(script.total_s - 60 * script.minutes) > DURATION_TOLERANCE_S:
            fail(
                f"steps[{script.minutes} min]",
                f"the steps add up to {script.total_s:g} s, not {60 * script.minutes} s.",
            )
    if practice.has_breath_hold and not practice.intense:
        fail("intense", "a practice with breath holds is marked intense.")
    if practice.intense:
        if not practice.cautions:
            fail("cautions", "an intense practice needs its cautions.")
        distressed = {NervousSystemState.ACTIVATED, NervousSystemState.SHUT_DOWN}
        if practice.states & distressed:
            fail(
                "states",
                "an intense practice is never offered by default when activated or shut down.",
            )


def custom_breathing_practice(
    practice_id: str,
    name: str,
    pattern: BreathPattern,
    *,
    durations: Iterable[int] = DURATIONS_MIN,
) -> Practice:
    """A breathing pattern a person named, as a practice the player can run like any other.

    Each length opens with 15 s to settle, paces whole breaths, and gives what is left (at least
    10 s) to a closing step. Patterns with holds carry the hold caution and count as intense.
    """
    opening, closing_min = 15.0, 10.0
    scripts = []
    for minutes in sorted(set(durations)):
        total = 60.0 * minutes
        # At least one breath: the slowest breath (30 s) fits in the shortest length's 35 s.
        breaths = max(1, math.floor((total - opening - closing_min) / pattern.cycle_s))
        paced = breaths * pattern.cycle_s
        scripts.append(
            Script(
                minutes,
                (
                    Step(
                        "Find a comfortable way to sit or lie, and let your breath settle.", opening
                    ),
                    Step(f"Follow the pacer: {describe_pattern(pattern)}.", paced, pattern),
                    Step(
                        "Let the pattern go and breathe however your body likes. Notice how you feel.",
                        total - opening - paced,
                    ),
                ),
            )
        )
    practice = Practice(
        id=practice_id,
        name=name.strip(),
        family=Family.BREATHING,
        summary=f"Your own pattern: {describe_pattern(pattern)}.",
        states=frozenset({NervousSystemState.SETTLED})
        if pattern.has_hold
        else frozenset({NervousSystemState.SETTLED, NervousSystemState.ACTIVATED}),
        scripts=tuple(scripts),
        cautions=(HOLD_CAUTION,) if pattern.has_hold else (),
        intense=pattern.has_hold,
    )
    check_practice(practice)
    return practice


def describe_pattern(pattern: BreathPattern) -> str:
    """Plain words for a pattern, e.g. 'in 4, hold 4, out 4, hold 4 seconds'."""
    parts = [f"in {pattern.inhale_s:g}"]
    if pattern.hold_in_s:
        parts.append(f"hold {pattern.hold_in_s:g}")
    parts.append(f"out {pattern.exhale_s:g}")
    if pattern.hold_out_s:
        parts.append(f"hold {pattern.hold_out_s:g}")
    return ", ".join(parts) + " seconds"


@dataclass(frozen=True, slots=True)
class PacerPhase:
    """Where the pacer is in a breath: the same answer as ``pacerPhase`` in static/pacer.js."""

    phase: str
    phase_elapsed: float
    phase_remaining: float
    #: Lung fill 0 (empty) to 1 (full): rises on the inhale, falls on the exhale.
    fraction: float
    cycle: int


def pacer_phase(pattern: BreathPattern, t: float) -> PacerPhase:
    """The phase at ``t`` seconds from the start; a 0 s phase is skipped and a boundary belongs
    to the phase that begins there (the browser pacer computes exactly this)."""
    lengths = (
        ("inhale", pattern.inhale_s),
        ("hold_in", pattern.hold_in_s),
        ("exhale", pattern.exhale_s),
        ("hold_out", pattern.hold_out_s),
    )
    cycle_s = pattern.cycle_s
    time = t if math.isfinite(t) and t > 0 else 0.0
    cycle = math.floor(time / cycle_s)
    within = max(time - cycle * cycle_s, 0.0)
    present = [(name, length) for name, length in lengths if length > 0]
    start = 0.0
    for index, (name, length) in enumerate(present):
        if within < start + length or index == len(present) - 1:
            elapsed = min(max(within - start, 0.0), length)
            progress = elapsed / length
            fraction = {"inhale": progress, "hold_in": 1.0, "exhale": 1.0 - progress}.get(name, 0.0)
            return PacerPhase(name, elapsed, length - elapsed, fraction, cycle)
        start += length
    raise AssertionError("a pattern always has an inhale")  # pragma: no cover
