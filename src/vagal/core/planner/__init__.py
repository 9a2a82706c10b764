"""Today's plan: rules as data plus a pure evaluator, a week plan, and generated documentation.

The public API:

- inputs: ``PlanInputs``, ``Preferences``, ``StrengthSession``, ``ScreeningStatus``,
  ``SessionFeel``, ``Equipment``, ``PlanKind``;
- ``plan_day(inputs) -> Plan`` (``Plan``, ``Dose``, ``Span``, ``Reason``, ``Prompt``,
  ``GentlerOption``);
- ``plan_week(week_start, preferences, screening=...) -> list[DayPlan]``;
- ``RULES`` (the rule table) and ``render_rules_markdown()`` (docs/planner-rules.md).
"""

from __future__ import annotations

from vagal.core.planner.docs import render_rules_markdown
from vagal.core.planner.evaluate import plan_day
from vagal.core.planner.inputs import (
    Equipment,
    PlanInputs,
    PlanKind,
    Preferences,
    ScreeningStatus,
    SessionFeel,
    StrengthSession,
)
from vagal.core.planner.plan import DayPlan, Dose, GentlerOption, Plan, Prompt, Reason, Span
from vagal.core.planner.rules import RULES, Rule
from vagal.core.planner.week import plan_week

__all__ = [
    "RULES",
    "DayPlan",
    "Dose",
    "Equipment",
    "GentlerOption",
    "Plan",
    "PlanInputs",
    "PlanKind",
    "Preferences",
    "Prompt",
    "Reason",
    "Rule",
    "ScreeningStatus",
    "SessionFeel",
    "Span",
    "StrengthSession",
    "plan_day",
    "plan_week",
    "render_rules_markdown",
]
