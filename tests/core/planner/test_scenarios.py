"""The scenario table: who arrives with what, and which plan and rules follow."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.core.planner.builders import baseline, checkin, inputs, sessions
from vagal.core.checkin import HealthFlag, NervousSystemState, SessionLanding
from vagal.core.planner import PlanInputs, PlanKind, Preferences, ScreeningStatus, plan_day

STRENGTH = PlanKind.GENTLE_STRENGTH
REGULATION = PlanKind.REGULATION_ONLY
REST = PlanKind.REST_RECOVERY
SHUT = NervousSystemState.SHUT_DOWN
ACTIVATED = NervousSystemState.ACTIVATED

# Steady history, but the last week (today included) around 3.8: below the usual range.
LOW_WEEK = dict.fromkeys(range(1, 7), 3.8)
HIGH_WEEK = dict.fromkeys(range(1, 7), 4.3)
# Two days ago 4.0, yesterday 4.1, so a low today is not also "falling".
NOT_FALLING = {2: 4.0, 1: 4.1}


@dataclass(frozen=True)
class Scenario:
    name: str
    given: PlanInputs
    kind: PlanKind
    rules: frozenset[str]


def s(name: str, given: PlanInputs, kind: PlanKind, *rules: str) -> Scenario:
    return Scenario(name, given, kind, frozenset(rules))


SCENARIOS = [
    s("settled, steady, screened: gentle strength", inputs(), STRENGTH, "default"),
    s("no check-in yet", inputs(checkin=None), REGULATION, "R0.no_checkin"),
    s("screening not done", inputs(screening=ScreeningStatus.NOT_DONE), REGULATION, "R0.screening"),
    s(
        'a "yes" not yet cleared',
        inputs(screening=ScreeningStatus.NEEDS_CLEARANCE),
        REGULATION,
        "R0.clearance",
    ),
    s(
        "cleared by a clinician",
        inputs(screening=ScreeningStatus.CLEARED_BY_CLINICIAN),
        STRENGTH,
        "default",
    ),
    s(
        "ill today",
        inputs(checkin=checkin(health_flags=(HealthFlag.ILLNESS,))),
        REST,
        "R0.acute",
    ),
    s(
        "new injury today",
        inputs(checkin=checkin(health_flags=(HealthFlag.INJURY,))),
        REST,
        "R0.acute",
    ),
    s(
        "chest pain today",
        inputs(checkin=checkin(health_flags=(HealthFlag.CHEST_PAIN,))),
        REST,
        "R0.chest_pain",
    ),
    s(
        "chest pain and ill, screening not done",
        inputs(
            checkin=checkin(health_flags=(HealthFlag.ILLNESS, HealthFlag.CHEST_PAIN)),
            screening=ScreeningStatus.NOT_DONE,
        ),
        REST,
        "R0.acute",
        "R0.chest_pain",
        "R0.screening",
    ),
    s("distress 6", inputs(checkin=checkin(distress=6)), STRENGTH, "default"),
    s("distress 7", inputs(checkin=checkin(distress=7)), REGULATION, "R1.distress"),
    s(
        "distress 9: support too",
        inputs(checkin=checkin(distress=9)),
        REGULATION,
        "R1.distress",
        "R1.support",
    ),
    s(
        "shut down, distress 3",
        inputs(checkin=checkin(state=SHUT, distress=3)),
        REGULATION,
        "R1.shut_down",
    ),
    s(
        "shut down, distress 8",
        inputs(checkin=checkin(state=SHUT, distress=8)),
        REGULATION,
        "R1.distress",
        "R1.shut_down",
        "R1.support",
    ),
    s(
        "activated, distress 5",
        inputs(checkin=checkin(state=ACTIVATED, distress=5)),
        STRENGTH,
        "default",
    ),
    s("strength yesterday", inputs(sessions=sessions(1)), REST, "R2.spacing"),
    s("strength earlier today", inputs(sessions=sessions(0)), REST, "R2.spacing"),
    s("strength two days ago", inputs(sessions=sessions(2)), STRENGTH, "default"),
    s("weekly target of 2 met", inputs(sessions=sessions(3, 5)), REST, "R2.weekly"),
    s(
        "two this week, target 3",
        inputs(sessions=sessions(3, 5), preferences=Preferences(strength_days_per_week=3)),
        STRENGTH,
        "default",
    ),
    s(
        "sessions older than 7 days do not count",
        inputs(sessions=sessions(7, 9)),
        STRENGTH,
        "default",
    ),
    s(
        "last session drained, three days ago",
        inputs(sessions=sessions(3, landed=SessionLanding.DRAINED)),
        STRENGTH,
        "R3.drained",
        "default",
    ),
    s(
        "drained reported this morning, session yesterday",
        inputs(
            sessions=sessions(1),
            checkin=checkin(last_session_landed=SessionLanding.DRAINED),
        ),
        REST,
        "R2.spacing",
        "R3.drained",
    ),
    s(
        "7-day HRV below the usual range",
        inputs(baseline=baseline(today_ln=3.8, overrides=LOW_WEEK)),
        REGULATION,
        "R4.low",
    ),
    s(
        "7-day HRV above the usual range: a note",
        inputs(baseline=baseline(today_ln=4.3, overrides=HIGH_WEEK)),
        STRENGTH,
        "R4.high",
        "default",
    ),
    s(
        "today below the 10-day mean − 1 SD",
        inputs(baseline=baseline(today_ln=3.7, overrides=NOT_FALLING)),
        REGULATION,
        "R5.below_recent",
    ),
    s(
        "falling two days in a row",
        inputs(baseline=baseline(today_ln=3.95)),
        REGULATION,
        "R5.falling",
    ),
    s(
        "low and falling: one level, not two",
        inputs(baseline=baseline(today_ln=3.7)),
        REGULATION,
        "R5.below_recent",
        "R5.falling",
    ),
    s(
        "resting HR 7 bpm up",
        inputs(baseline=baseline(today_rhr=62.0)),
        REGULATION,
        "R6.resting_hr",
    ),
    s(
        "resting HR exactly 5 bpm up",
        inputs(baseline=baseline(today_rhr=60.0)),
        STRENGTH,
        "default",
    ),
    s(
        "acute low and resting HR up: two levels",
        inputs(baseline=baseline(today_ln=3.7, overrides=NOT_FALLING, today_rhr=62.0)),
        REST,
        "R5.below_recent",
        "R6.resting_hr",
    ),
    s(
        "chronic low and acute low",
        inputs(baseline=baseline(today_ln=3.5, overrides=LOW_WEEK)),
        REST,
        "R4.low",
        "R5.below_recent",
    ),
    s(
        "calibrating: 5 readings",
        inputs(baseline=baseline(days=4)),
        STRENGTH,
        "R7.calibrating",
        "default",
    ),
    s(
        "calibrating HRV never changes the plan",
        inputs(baseline=baseline(days=8, today_ln=3.0)),
        STRENGTH,
        "R7.calibrating",
        "default",
    ),
    s(
        "no reading today",
        inputs(baseline=baseline(today_ln=None)),
        STRENGTH,
        "R7.no_reading",
        "default",
    ),
    s(
        "no baseline at all",
        inputs(baseline=None),
        STRENGTH,
        "R7.calibrating",
        "R7.no_reading",
        "default",
    ),
    s(
        "short night",
        inputs(checkin=checkin(sleep_hours=4.5)),
        STRENGTH,
        "R8.short_sleep",
        "default",
    ),
    s(
        "6 h against a usual 7.5 h",
        inputs(checkin=checkin(sleep_hours=6.0)),
        STRENGTH,
        "R8.short_sleep",
        "default",
    ),
    s(
        "chronic low and distressed",
        inputs(baseline=baseline(today_ln=3.8, overrides=LOW_WEEK), checkin=checkin(distress=8)),
        REGULATION,
        "R1.distress",
        "R4.low",
    ),
    s(
        "rest day and distressed: still rest",
        inputs(sessions=sessions(1), checkin=checkin(distress=8)),
        REST,
        "R1.distress",
        "R2.spacing",
    ),
    s(
        "new person: nothing yet",
        inputs(checkin=None, baseline=None, screening=ScreeningStatus.NOT_DONE),
        REGULATION,
        "R0.no_checkin",
        "R0.screening",
        "R7.calibrating",
        "R7.no_reading",
    ),
]


def test_the_table_is_big_enough_and_names_are_unique() -> None:
    assert len(SCENARIOS) >= 25
    assert len({sc.name for sc in SCENARIOS}) == len(SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[sc.name for sc in SCENARIOS])
def test_scenario(scenario: Scenario) -> None:
    plan = plan_day(scenario.given)
    assert (plan.kind, frozenset(plan.rule_ids)) == (scenario.kind, scenario.rules)
    assert len(plan.rule_ids) == len(set(plan.rule_ids))
