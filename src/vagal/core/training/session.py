"""Build today's gentle-strength session from the plan's dose (pure and deterministic).

A session is a list of typed, timed steps a page can run one at a time:

1. an opening breath or grounding block (1-2 minutes) from the plan's bookend practices;
2. 2-4 movements from different body areas, least recently done first, each at the level
   progression chose (or the nearest gentler one the person's equipment allows), for 1-3 sets
   (never more than the dose) of slow reps, stopping with 3 or more reps in reserve;
3. a rest with a breathing cue after every set but the last: the short end of the dose's rest
   range when settled, the middle when shut down, the long end when activated;
4. a closing grounding block, lengthened (up to 3 minutes) by any time left over.

The whole session never runs longer than the dose's minutes. Among the layouts that fit, the
one with the most sets wins, then the one with fewer movements (less to learn in one go).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vagal.core.checkin import NervousSystemState
from vagal.core.planner.inputs import KIND_LABELS, Equipment, PlanKind
from vagal.core.planner.plan import Plan, Span
from vagal.core.training.exercises import AREA, ExerciseCatalog, ExerciseLevel, Pattern, Unit
from vagal.core.training.log import EASY_RESERVE, SessionLog, chronological
from vagal.core.training.progression import Target
from vagal.errors import Conflict, InvalidInput

MOVEMENTS = Span(2, 4)
MAX_SETS = 3
MAX_CLOSING_S = 180
DEFAULT_BOOKENDS = ("feet_on_floor", "extended_exhale")
BREATH_PRACTICES = frozenset({"extended_exhale", "physiological_sigh"})

#: Short guidance for the practices the planner uses as bookends (our own words).
BOOKEND_GUIDANCE: dict[str, str] = {
    "feet_on_floor": "Stand or sit with your feet flat. Press them gently into the floor and "
    "notice the ground holding you up.",
    "extended_exhale": "Breathe in through your nose for about 4, then out slowly for about 6. "
    "Let the out-breath be the longer one.",
    "orienting": "Let your eyes wander slowly around the room and rest on a few things you like "
    "to look at. Turn your head as well, if that feels good.",
    "physiological_sigh": "Take two short breaths in through your nose, then one long, easy "
    "breath out. Repeat a few times, then breathe normally.",
    "rocking": "Sway slowly from side to side, at a pace that feels soothing.",
    "body_scan_short": "Move your attention slowly from your feet up to your head, noticing "
    "without changing anything.",
}
FALLBACK_GUIDANCE = "Find a comfortable position and let your breath slow down by itself."

REST_GUIDANCE: dict[NervousSystemState, str] = {
    NervousSystemState.SETTLED: "Rest. Breathe easily, a little longer on the out-breath, and "
    "notice your feet on the floor.",
    NervousSystemState.ACTIVATED: "Rest. Let each out-breath be slower than the in-breath, and "
    "let your eyes settle on something steady in the room.",
    NervousSystemState.SHUT_DOWN: "Rest. Look around and name a few things you can see. Let "
    "your breath find its own pace.",
}
STOP_NOTE = "You can stop at any moment; stopping is a good choice too."


class StepKind(StrEnum):
    BREATH = "breath"
    EXERCISE = "exercise"
    REST = "rest"
    GROUNDING = "grounding"


@dataclass(frozen=True, slots=True)
class SessionStep:
    """One step. ``timed`` steps count down ``duration_s``; an exercise step's duration is an
    estimate and the person says when the set is done."""

    kind: StepKind
    duration_s: int
    title: str
    text: str
    timed: bool
    practice_id: str | None = None
    exercise_id: str | None = None
    set_number: int | None = None
    of_sets: int | None = None
    reps: int | None = None
    unit: Unit | None = None
    cues: tuple[str, ...] = ()
    breathing: str = ""


@dataclass(frozen=True, slots=True)
class PlannedMovement:
    pattern: Pattern
    exercise_id: str
    name: str
    level: int
    sets: int
    reps: int
    unit: Unit


@dataclass(frozen=True, slots=True)
class StrengthSessionPlan:
    """Today's session: the movements and the steps that run them, within ``minutes``."""

    today: date
    minutes: int
    rest_s: int
    reps_in_reserve: int
    movements: tuple[PlannedMovement, ...]
    steps: tuple[SessionStep, ...]

    @property
    def total_s(self) -> int:
        return sum(step.duration_s for step in self.steps)

    @property
    def planned_sets(self) -> dict[str, int]:
        return {m.exercise_id: m.sets for m in self.movements}


@dataclass(frozen=True, slots=True)
class _Choice:
    level: ExerciseLevel
    reps: int

    @property
    def set_s(self) -> int:
        return self.level.unit.seconds(self.reps)


@dataclass(frozen=True, slots=True)
class _Layout:
    choices: tuple[_Choice, ...]
    sets: int
    rest_s: int

    @property
    def work_s(self) -> int:
        total_sets = len(self.choices) * self.sets
        return self.sets * sum(c.set_s for c in self.choices) + self.rest_s * (total_sets - 1)


def build_session(
    plan: Plan,
    *,
    catalog: ExerciseCatalog,
    equipment: Iterable[Equipment],
    levels: Mapping[Pattern, Target],
    history: Sequence[SessionLog] = (),
    state: NervousSystemState | None = None,
) -> StrengthSessionPlan:
    """Today's session for a gentle-strength ``plan``.

    ``levels`` comes from ``progression.next_levels`` (a missing pattern starts at level 1);
    ``history`` decides which patterns are due; ``state`` is today's check-in state.
    Raises ``Conflict`` when today's plan is not gentle strength, and ``InvalidInput`` when the
    dose has no sets or is too short for even the smallest session.
    """
    if plan.kind is not PlanKind.GENTLE_STRENGTH:
        raise Conflict(
            f"Today's plan is {KIND_LABELS[plan.kind].lower()}, not a strength session. "
            "That is part of the plan; the suggested practice is ready when you are.",
            code="not_a_strength_day",
            details={"field": "kind"},
        )
    dose = plan.dose
    if dose.sets is None or dose.reps is None or dose.rest_s is None:
        raise InvalidInput(
            "This plan's dose has no sets, reps or rests, so no strength session can be built.",
            details={"field": "dose"},
        )
    budget_s = dose.minutes.high * 60
    bookend_s = 60 * min(3, 1 + dose.minutes.high // 10)
    owned = tuple(equipment)
    opening_id, closing_id = _bookends(plan.practices)
    ranked = _ranked_choices(catalog, levels, history, owned, dose.reps)
    rest_s = _rest_for(state, dose.rest_s)
    layout = _fit(ranked, dose.sets, dose.rest_s, dose.reps, rest_s, budget_s - 2 * bookend_s)
    if layout is None:
        raise InvalidInput(
            f"A {dose.minutes.high}-minute session is too short for movements with rests. "
            "A regulation practice fits today instead.",
            details={"field": "dose"},
        )
    closing_s = min(MAX_CLOSING_S, max(bookend_s, budget_s - bookend_s - layout.work_s))
    steps = (
        _bookend_step(opening_id, bookend_s, opening=True),
        *_work_steps(layout, state),
        _bookend_step(closing_id, closing_s, opening=False),
    )
    movements = tuple(
        PlannedMovement(
            c.level.pattern,
            c.level.id,
            c.level.name,
            c.level.level,
            layout.sets,
            c.reps,
            c.level.unit,
        )
        for c in layout.choices
    )
    return StrengthSessionPlan(
        plan.today, dose.minutes.high, layout.rest_s, EASY_RESERVE, movements, steps
    )


def _bookends(practices: Sequence[str]) -> tuple[str, str]:
    chosen = tuple(practices) or DEFAULT_BOOKENDS
    return chosen[0], chosen[1] if len(chosen) > 1 else chosen[0]


def _rest_for(state: NervousSystemState | None, rest: Span) -> int:
    """Longer rests when activated; the middle when shut down; the short end when settled."""
    if state is NervousSystemState.ACTIVATED:
        return rest.high
    if state is NervousSystemState.SHUT_DOWN:
        return (rest.low + rest.high) // 2
    return rest.low


def _ranked_choices(
    catalog: ExerciseCatalog,
    levels: Mapping[Pattern, Target],
    history: Sequence[SessionLog],
    owned: tuple[Equipment, ...],
    reps: Span,
) -> list[_Choice]:
    """One choice per pattern, least recently done first (never done comes first of all)."""
    last_done: dict[Pattern, int] = {}
    for index, session in enumerate(chronological(history)):
        for set_log in session.sets:
            if set_log.exercise_id in catalog:
                last_done[catalog.level(set_log.exercise_id).pattern] = index
    order = list(Pattern)
    patterns = sorted(catalog.patterns, key=lambda p: (last_done.get(p, -1), order.index(p)))
    choices = []
    for pattern in patterns:
        target = levels.get(pattern)
        ladder = catalog.ladder(pattern)
        level = ladder.highest_fitting(target.level if target else 1, owned)
        wanted = target.reps if target else reps.low
        choices.append(_Choice(level, min(max(wanted, reps.low), reps.high)))
    return choices


def _balanced(ranked: Sequence[_Choice], count: int) -> tuple[_Choice, ...]:
    """``count`` choices in rank order, one per body area first, then filling up by rank."""
    picked: list[_Choice] = []
    for choice in ranked:
        if len(picked) < count and AREA[choice.level.pattern] not in {
            AREA[p.level.pattern] for p in picked
        }:
            picked.append(choice)
    for choice in ranked:
        if len(picked) < count and choice not in picked:
            picked.append(choice)
    order = list(Pattern)
    return tuple(sorted(picked, key=lambda c: order.index(c.level.pattern)))


def _fit(
    ranked: Sequence[_Choice], sets: Span, rest: Span, reps: Span, rest_s: int, work_budget_s: int
) -> _Layout | None:
    """The best layout that fits, or ``None``; see the module docstring for the order."""
    set_counts = range(max(1, sets.low), min(sets.high, MAX_SETS) + 1)
    counts = range(MOVEMENTS.low, min(MOVEMENTS.high, len(ranked)) + 1)
    if not set_counts or not counts:
        return None
    options = sorted(
        ((m, s) for m in counts for s in set_counts), key=lambda o: (-o[0] * o[1], o[0])
    )
    for movements, set_count in options:
        layout = _Layout(_balanced(ranked, movements), set_count, rest_s)
        if layout.work_s <= work_budget_s:
            return layout
    return _smallest(ranked, set_counts[0], rest, reps, rest_s, work_budget_s)


def _smallest(
    ranked: Sequence[_Choice], sets: int, rest: Span, reps: Span, rest_s: int, work_budget_s: int
) -> _Layout | None:
    """Two movements, fewest sets: shorten the rest (not below the dose), then choose the
    quickest movements, then fewer reps (not below the dose's range)."""
    shortest = sorted(ranked, key=lambda c: c.set_s)
    for pool in (ranked, shortest):
        layout = _shortened(_balanced(pool, MOVEMENTS.low), sets, rest, rest_s, work_budget_s)
        if layout is not None:
            return layout
    picked = _balanced(shortest, MOVEMENTS.low)
    while any(c.reps > reps.low for c in picked):
        picked = tuple(_Choice(c.level, max(reps.low, c.reps - 1)) for c in picked)
        layout = _shortened(picked, sets, rest, rest_s, work_budget_s)
        if layout is not None:
            return layout
    return None


def _shortened(
    picked: tuple[_Choice, ...], sets: int, rest: Span, rest_s: int, work_budget_s: int
) -> _Layout | None:
    layout = _Layout(picked, sets, rest.low)
    if layout.work_s > work_budget_s:
        return None
    spare = work_budget_s - layout.work_s
    rests = len(picked) * sets - 1
    longer = min(rest_s, rest.low + (spare // rests if rests else 0))
    return _Layout(picked, sets, max(rest.low, longer))


def _bookend_step(practice_id: str, duration_s: int, *, opening: bool) -> SessionStep:
    kind = StepKind.BREATH if practice_id in BREATH_PRACTICES else StepKind.GROUNDING
    guidance = BOOKEND_GUIDANCE.get(practice_id, FALLBACK_GUIDANCE)
    if opening:
        title, text = "Arrive", f"{guidance} Take this time to arrive. {STOP_NOTE}"
    else:
        title = "Settle"
        text = f"{guidance} Notice how your body feels now, without needing it to be any particular way."
    return SessionStep(kind, duration_s, title, text, timed=True, practice_id=practice_id)


def _work_steps(layout: _Layout, state: NervousSystemState | None) -> list[SessionStep]:
    rest_text = REST_GUIDANCE[state or NervousSystemState.SETTLED]
    sets = [(c, n) for c in layout.choices for n in range(1, layout.sets + 1)]
    steps: list[SessionStep] = []
    for index, (choice, number) in enumerate(sets):
        steps.append(_exercise_step(choice, number, layout.sets))
        if index + 1 < len(sets):
            upcoming = sets[index + 1][0].level.name
            steps.append(
                SessionStep(
                    StepKind.REST,
                    layout.rest_s,
                    "Rest",
                    f"{rest_text} Next: {upcoming}.",
                    timed=True,
                )
            )
    return steps


def _exercise_step(choice: _Choice, number: int, of_sets: int) -> SessionStep:
    level = choice.level
    text = (
        f"{level.setup} Then {level.unit.describe(choice.reps)}. Stop while you could still do "
        f"{EASY_RESERVE} or more; ending a set early is a good choice."
    )
    return SessionStep(
        StepKind.EXERCISE,
        choice.set_s,
        f"{level.name}, set {number} of {of_sets}",
        text,
        timed=False,
        exercise_id=level.id,
        set_number=number,
        of_sets=of_sets,
        reps=choice.reps,
        unit=level.unit,
        cues=level.cues,
        breathing=level.breathing,
    )


def check_log(log: SessionLog, session: StrengthSessionPlan) -> SessionLog:
    """The log if it fits the session it records, else ``InvalidInput`` naming the problem.

    A set of an exercise the session did not hold, or more sets of one than were planned, is an
    error; fewer sets (a session stopped early) is fine.
    """
    if log.local_date != session.today:
        raise InvalidInput(
            f"This log is for {log.local_date.isoformat()}, but the session was planned for "
            f"{session.today.isoformat()}. Log it against that day's session.",
            details={"field": "local_date"},
        )
    planned = session.planned_sets
    names = {m.exercise_id: m.name for m in session.movements}
    done: dict[str, int] = {}
    for set_log in log.sets:
        if set_log.exercise_id not in planned:
            raise InvalidInput(
                f"'{set_log.exercise_id}' was not part of this session. Log only its movements.",
                details={"field": "sets"},
            )
        done[set_log.exercise_id] = done.get(set_log.exercise_id, 0) + 1
        if done[set_log.exercise_id] > planned[set_log.exercise_id]:
            raise InvalidInput(
                f"The log has more sets of {names[set_log.exercise_id]} than the "
                f"{planned[set_log.exercise_id]} planned. Check the sets and try again.",
                details={"field": "sets"},
            )
    return log
