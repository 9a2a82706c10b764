"""The pure evaluator: ``plan_day(inputs) -> Plan``.

1. Physiology rules (readings and training history), in table order, start from gentle strength:
   a cap keeps the gentler of the two; "one level gentler" moves one step, once per rule family.
   This gives ``physiology_kind``.
2. Check-in and safety rules can only cap: the plan is the gentler of ``physiology_kind`` and
   each cap. So the check-in can make a plan gentler than the physiology suggests, never harder.
3. Dose, practices, prompts and gentler options follow from the kind and the rules that fired.

Missing data never raises: a rule whose numbers are missing simply does not fire.
"""

from __future__ import annotations

from collections.abc import Sequence

from vagal.core.checkin import needs_support
from vagal.core.planner import facts as f
from vagal.core.planner import practices as p
from vagal.core.planner.inputs import (
    LEVELS,
    PlanInputs,
    PlanKind,
    gentleness,
    gentler_of,
    one_level_gentler,
)
from vagal.core.planner.plan import Dose, GentlerOption, Plan, Prompt, Reason
from vagal.core.planner.rules import (
    DEFAULT_EXPLANATION,
    DEFAULT_RULE_ID,
    OUR_CHOICE,
    PROMPTS,
    RULES,
    DoseChange,
    Fill,
    Phase,
    Rule,
)

Fired = tuple[Rule, Fill]


def plan_day(inputs: PlanInputs) -> Plan:
    """Today's plan with the reasons for it."""
    fired = [(rule, fill) for rule in RULES if (fill := rule.condition(inputs)) is not None]
    physiology = physiology_kind([r for r, _ in fired if r.phase is Phase.PHYSIOLOGY])
    kind = apply_caps(physiology, [r for r, _ in fired if r.phase is Phase.CHECKIN])
    reasons = [Reason(rule.id, rule.explain(fill), rule.source) for rule, fill in fired]
    if kind is PlanKind.GENTLE_STRENGTH:
        reasons.append(Reason(DEFAULT_RULE_ID, DEFAULT_EXPLANATION, OUR_CHOICE))
    dose = _dose(kind, inputs, fired)
    return Plan(
        today=inputs.today,
        kind=kind,
        physiology_kind=physiology,
        dose=dose,
        practices=_practices(kind, inputs),
        prompts=_prompts(fired),
        reasons=tuple(reasons),
        gentler_options=gentler_options(kind, inputs),
        show_support=needs_support(f.distress(inputs), f.state(inputs)),
        headline=_headline(kind, dose),
    )


def physiology_kind(rules: Sequence[Rule]) -> PlanKind:
    kind = LEVELS[0]
    lowered: set[str] = set()
    for rule in rules:
        if rule.effect.cap is not None:
            kind = gentler_of(kind, rule.effect.cap)
        if rule.effect.lower_one_level and rule.family not in lowered:
            lowered.add(rule.family)
            kind = one_level_gentler(kind)
    return kind


def apply_caps(kind: PlanKind, rules: Sequence[Rule]) -> PlanKind:
    for rule in rules:
        if rule.effect.cap is not None:
            kind = gentler_of(kind, rule.effect.cap)
    return kind


def gentler_options(kind: PlanKind, inputs: PlanInputs) -> tuple[GentlerOption, ...]:
    """Everything gentler than ``kind``, ending with simply resting (always available)."""
    state, prefs = f.state(inputs), inputs.preferences
    options: list[GentlerOption] = []
    if gentleness(kind) < gentleness(PlanKind.REGULATION_ONLY):
        options.append(
            GentlerOption(
                PlanKind.REGULATION_ONLY,
                p.practices_for(PlanKind.REGULATION_ONLY, state, prefs),
                "A short regulation practice instead, as long or short as you like.",
            )
        )
    if gentleness(kind) < gentleness(PlanKind.REST_RECOVERY):
        options.append(
            GentlerOption(
                PlanKind.REST_RECOVERY,
                p.practices_for(PlanKind.REST_RECOVERY, state, prefs, still=_still(inputs)),
                "Rest and recovery, with a soft practice if you want one.",
            )
        )
    options.append(
        GentlerOption(
            PlanKind.REST_RECOVERY,
            (),
            "Simply rest, with no practice at all. Resting today is part of the plan.",
        )
    )
    return tuple(options)


def _still(inputs: PlanInputs) -> bool:
    return bool(f.health_flags(inputs))


def _practices(kind: PlanKind, inputs: PlanInputs) -> tuple[str, ...]:
    return p.practices_for(kind, f.state(inputs), inputs.preferences, still=_still(inputs))


def _dose(kind: PlanKind, inputs: PlanInputs, fired: Sequence[Fired]) -> Dose:
    changes = {rule.effect.dose for rule, _ in fired}
    if kind is PlanKind.GENTLE_STRENGTH:
        return p.strength_dose(inputs.preferences, regressed=DoseChange.REGRESS in changes)
    short = DoseChange.SHORT_PRACTICE in changes or _still(inputs)
    return p.practice_dose(kind, inputs.preferences, short=short)


def _prompts(fired: Sequence[Fired]) -> tuple[Prompt, ...]:
    ids = dict.fromkeys(pid for rule, _ in fired for pid in rule.effect.prompts)
    return tuple(Prompt(pid, PROMPTS[pid]) for pid in ids)


def _headline(kind: PlanKind, dose: Dose) -> str:
    if kind is PlanKind.GENTLE_STRENGTH:
        lighter = ", lighter than usual" if dose.regressed else ""
        return f"Gentle strength{lighter}: {dose.minutes} minutes, at your own pace."
    if kind is PlanKind.REGULATION_ONLY:
        return f"A regulation practice today: {dose.minutes} minutes, gently."
    return "Rest and recovery. Resting today is part of the plan."
