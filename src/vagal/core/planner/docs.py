"""Generate docs/planner-rules.md from the running rules (pure: returns a string).

Regenerate with::

    .venv/bin/python -c "import sys; from vagal.core.planner.docs import render_rules_markdown as r; sys.stdout.write(r())" > docs/planner-rules.md
"""

from __future__ import annotations

from vagal.core import baseline as b
from vagal.core.checkin import NervousSystemState
from vagal.core.planner import practices as p
from vagal.core.planner.inputs import KIND_LABELS, LEVELS, Preferences
from vagal.core.planner.plan import Dose
from vagal.core.planner.rules import (
    DEFAULT_EXPLANATION,
    DEFAULT_RULE_ID,
    PROMPTS,
    RULES,
    Phase,
    Rule,
)

REGENERATE = (
    '.venv/bin/python -c "import sys; from vagal.core.planner.docs import render_rules_markdown '
    'as r; sys.stdout.write(r())" > docs/planner-rules.md'
)

PHASE_WORDS = {
    Phase.PHYSIOLOGY: "readings and history",
    Phase.CHECKIN: "check-in and safety",
}

BASELINE_CONSTANTS = (
    ("CALIBRATION_READINGS", "valid morning readings in the band window before it is trusted"),
    ("ROLLING_DAYS", "days in the rolling mean and CV, today included (Plews 2014)"),
    ("ROLLING_MIN_READINGS", "readings needed in those days (Plews 2014)"),
    ("BAND_DAYS", "days in the normal-band window, today included (Javaloyes 2019)"),
    ("BAND_SD_FRACTION", "half-width of the band in SDs, the smallest worthwhile change"),
    ("ACUTE_DAYS", "days in the acute reference, ending yesterday (Kiviniemi 2007)"),
    ("ACUTE_MIN_READINGS", "readings needed in the acute reference (our choice)"),
    ("RESTING_HR_DAYS", "days in the resting-heart-rate baseline, ending yesterday (our choice)"),
    ("RESTING_HR_MIN_READINGS", "values needed for it (our choice)"),
    ("SLEEP_DAYS", "nights in the sleep baseline, ending the night before last (our choice)"),
    ("SLEEP_MIN_NIGHTS", "nights needed for it (our choice)"),
)


def render_rules_markdown() -> str:
    """The whole page, ending with one newline."""
    parts = [
        _intro(),
        _table(),
        *(_rule_section(rule) for rule in RULES),
        _default_section(),
        _baseline_section(),
        _practice_section(),
        _prompt_section(),
    ]
    return "\n\n".join(parts) + "\n"


def _intro() -> str:
    levels = " > ".join(f"`{kind.value}`" for kind in LEVELS)
    return f"""# How vagal plans your day

<!-- Generated from src/vagal/core/planner/rules.py; do not edit by hand. Regenerate with:
{REGENERATE}
A test fails when this file and the rules disagree. -->

Every plan is one of three kinds, from hardest to gentlest: {levels}.
"One level gentler" moves one step to the right.

The planner starts from gentle strength and applies the rules below in two phases:

1. **Readings and history** (your heart-rate variability, resting heart rate, sleep and recent
   strength sessions). A rule may cap the plan at a kind, or make it one level gentler; rules of
   one family (such as the two R5 rules) lower it at most once together.
2. **Check-in and safety** (today's check-in and the readiness questions). These rules can only
   cap the plan: your check-in can make a plan gentler than your readings suggest, never harder.

You can always choose something gentler than the plan, down to simply resting. Every rule that
fires is shown with your own numbers and its source. Missing data never stops a plan: a rule
whose numbers are missing does not fire, and the plan says what it was based on."""


def _table() -> str:
    rows = [
        "## The rules at a glance",
        "",
        "| id | phase | when | effect | source |",
        "|---|---|---|---|---|",
    ]
    for rule in RULES:
        rows.append(
            f"| `{rule.id}` | {PHASE_WORDS[rule.phase]} | {rule.when} | "
            f"{rule.effect.describe()} | {rule.cite} |"
        )
    rows.append(
        f"| `{DEFAULT_RULE_ID}` | — | nothing above makes the plan gentler | "
        "gentle strength | our choice |"
    )
    return "\n".join(rows)


def _rule_section(rule: Rule) -> str:
    lines = [
        f"## `{rule.id}`",
        "",
        f"- **When:** {rule.when}.",
        f"- **Phase:** {PHASE_WORDS[rule.phase]}.",
        f"- **Effect:** {rule.effect.describe()}.",
        f"- **What you read:** “{rule.explanation}”",
        f"- **Source:** {rule.source}.",
    ]
    lines.extend(
        f"- **Threshold:** `{t.name}` = {t.value:g} ({t.meaning})." for t in rule.thresholds
    )
    return "\n".join(lines)


def _default_section() -> str:
    dose = p.strength_dose(Preferences(), regressed=False)
    light = p.strength_dose(Preferences(), regressed=True)
    return "\n".join(
        [
            f"## `{DEFAULT_RULE_ID}`",
            "",
            f"- **What you read:** “{DEFAULT_EXPLANATION}”",
            f"- **Dose:** {_dose_words(dose)}; minutes from your preferences (5, 10 or 15).",
            f"- **Lighter dose after a drained session (R3):** {_dose_words(light)}; five "
            "minutes shorter, never under five.",
        ]
    )


def _dose_words(dose: Dose) -> str:
    assert dose.sets is not None
    return f"{dose.sets.of('set')} of {dose.reps} slow reps, resting {dose.rest_s} seconds"


def _baseline_section() -> str:
    rows = [
        "## Your baseline",
        "",
        "Computed by `vagal.core.baseline.compute_baseline` from morning readings "
        "(ln RMSSD, resting heart rate) and sleep. Standard deviations are sample SDs "
        "(ddof = 1). Several readings on one day count as one (their mean).",
        "",
        "| constant | value | meaning |",
        "|---|---|---|",
    ]
    rows.extend(
        f"| `{name}` | {getattr(b, name):g} | {what} |" for name, what in BASELINE_CONSTANTS
    )
    return "\n".join(rows)


def _practice_section() -> str:
    rows = [
        "## Practices",
        "",
        "| situation | practices |",
        "|---|---|",
    ]
    for state, ids in p.STATE_PRACTICES.items():
        rows.append(f"| {KIND_LABELS[LEVELS[1]].lower()}, {_state(state)} | {_ids(ids)} |")
    for state, ids in p.STRENGTH_BOOKENDS.items():
        rows.append(f"| around a strength session, {_state(state)} | {_ids(ids)} |")
    rows.append(
        f"| rest and recovery | one practice matched to the state, then {_ids(p.RECOVERY_PRACTICES)} |"
    )
    rows.append(f"| rest when ill, injured or with chest pain | {_ids(p.STILL_PRACTICES)} |")
    rows.append(
        f"| cold exposure | `{p.COLD_PRACTICE}` only on rest days, only when settled and only "
        "if you said cold is fine for you; never first |"
    )
    rows += [
        "",
        f"A short practice (R1) lasts {p.SHORT_PRACTICE_MINUTES} minutes; other regulation days "
        f"up to {p.REGULATION_MINUTES_MAX}; recovery practices {p.REST_PRACTICE_MINUTES}.",
    ]
    return "\n".join(rows)


def _prompt_section() -> str:
    rows = ["## Prompts", "", "| id | words |", "|---|---|"]
    rows.extend(f"| `{pid}` | {text} |" for pid, text in PROMPTS.items())
    return "\n".join(rows)


def _state(state: NervousSystemState) -> str:
    return state.value.replace("_", " ")


def _ids(ids: tuple[str, ...]) -> str:
    return ", ".join(f"`{x}`" for x in ids)
