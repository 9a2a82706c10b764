"""What a plan carries besides its kind: dose, practices, prompts, messages, gentler options."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.core.planner.builders import TODAY, baseline, checkin, day, inputs, sessions
from vagal.core.checkin import HealthFlag, NervousSystemState, SessionLanding
from vagal.core.planner import (
    RULES,
    Dose,
    PlanInputs,
    PlanKind,
    Preferences,
    Span,
    plan_day,
)
from vagal.core.planner.practices import COLD_PRACTICE
from vagal.core.planner.rules import DEFAULT_EXPLANATION, PROMPTS
from vagal.errors import InvalidInput

ACTIVATED = NervousSystemState.ACTIVATED
SHUT = NervousSystemState.SHUT_DOWN


def test_the_default_dose_is_easy_and_follows_preferences() -> None:
    plan = plan_day(inputs(preferences=Preferences(session_minutes=15)))
    assert plan.dose == Dose(Span(15, 15), Span(1, 2), Span(5, 8), Span(90, 180))
    assert plan.headline == "Gentle strength: 15 minutes, at your own pace."
    assert plan.practices == ("feet_on_floor", "extended_exhale")
    assert plan.reasons[-1].message == DEFAULT_EXPLANATION


def test_after_a_drained_session_the_dose_is_regressed_with_prompts() -> None:
    plan = plan_day(inputs(sessions=sessions(3, landed=SessionLanding.DRAINED)))
    assert plan.dose == Dose(Span(5, 5), Span(1, 1), Span(4, 6), Span(120, 240), regressed=True)
    assert [p.id for p in plan.prompts] == ["fuel", "hydration", "sleep"]
    message = plan.reasons[0].message
    assert message.startswith(f"Your last strength session ({day(3):%A} 8 March) left you")
    assert "1 set of 4–6 slow reps, resting 120–240 seconds" in message
    assert plan.headline.startswith("Gentle strength, lighter than usual")


def test_a_drained_landing_without_any_session_on_record_is_ignored() -> None:
    plan = plan_day(inputs(checkin=checkin(last_session_landed=SessionLanding.DRAINED)))
    assert "R3.drained" not in plan.rule_ids


def test_distress_gives_a_short_practice_matched_to_the_state() -> None:
    activated = plan_day(inputs(checkin=checkin(distress=8, state=ACTIVATED)))
    assert activated.dose == Dose(Span(1, 5))
    assert activated.practices[:2] == ("extended_exhale", "orienting")
    shut = plan_day(inputs(checkin=checkin(distress=3, state=SHUT)))
    assert shut.practices == ("orienting", "rocking", "gentle_stretching")
    assert shut.headline == "A regulation practice today: 1–5 minutes, gently."


def test_regulation_from_readings_uses_the_preferred_length_up_to_ten() -> None:
    low = baseline(today_ln=3.8, overrides=dict.fromkeys(range(1, 7), 3.8))
    plan = plan_day(inputs(baseline=low, preferences=Preferences(session_minutes=15)))
    assert plan.kind is PlanKind.REGULATION_ONLY
    assert plan.dose == Dose(Span(5, 10))


def test_messages_carry_the_persons_numbers() -> None:
    low = baseline(today_ln=3.8, overrides=dict.fromkeys(range(1, 7), 3.8))
    assert low.band_low is not None and low.band_high is not None
    plan = plan_day(inputs(baseline=low))
    (reason,) = plan.reasons
    assert (reason.rule, reason.source.startswith("Vesterinen")) == ("R4.low", True)
    assert "(ln RMSSD 3.80, from 7 readings)" in reason.message
    assert f"({low.band_low:.2f} to {low.band_high:.2f})" in reason.message
    rhr = plan_day(inputs(baseline=baseline(today_rhr=62.0))).reasons[0].message
    assert rhr.startswith(
        "Your resting heart rate this morning (62 bpm) is 7 bpm above your usual 55"
    )


def test_the_calibrating_reason_says_how_far_along() -> None:
    plan = plan_day(inputs(baseline=baseline(days=8)))
    assert plan.reasons[0].message.startswith(
        "vagal is still learning your usual range: 9 of 14 morning readings so far."
    )


def test_no_reading_says_what_the_plan_is_based_on() -> None:
    with_checkin = plan_day(inputs(baseline=baseline(today_ln=None)))
    assert "comes from your check-in and your recent days." in with_checkin.reasons[0].message
    without = plan_day(inputs(baseline=None, checkin=None))
    assert any(r.message.endswith("comes from your recent days.") for r in without.reasons)


def test_health_flags_give_still_practices_and_a_chest_pain_prompt() -> None:
    plan = plan_day(inputs(checkin=checkin(health_flags=(HealthFlag.CHEST_PAIN,))))
    assert plan.practices == ("extended_exhale", "body_scan_short")
    assert plan.dose == Dose(Span(1, 5))
    assert [p.id for p in plan.prompts] == ["chest_pain"]
    ill = plan_day(inputs(checkin=checkin(health_flags=(HealthFlag.ILLNESS, HealthFlag.INJURY))))
    assert "You mentioned feeling ill and a new injury or pain today." in ill.reasons[0].message


def test_rest_days_offer_recovery_and_cold_only_when_settled_and_allowed() -> None:
    cold_ok = Preferences(cold_exposure_ok=True)
    settled = plan_day(inputs(sessions=sessions(1), preferences=cold_ok))
    assert settled.practices == (
        "extended_exhale",
        "gentle_stretching",
        "foam_rolling",
        "gentle_yoga",
        COLD_PRACTICE,
    )
    activated = plan_day(
        inputs(sessions=sessions(1), preferences=cold_ok, checkin=checkin(state=ACTIVATED))
    )
    assert COLD_PRACTICE not in activated.practices
    assert COLD_PRACTICE not in plan_day(inputs(sessions=sessions(1))).practices


def test_gentler_options_step_down_to_simply_resting() -> None:
    options = plan_day(inputs()).gentler_options
    assert [o.kind for o in options] == [
        PlanKind.REGULATION_ONLY,
        PlanKind.REST_RECOVERY,
        PlanKind.REST_RECOVERY,
    ]
    assert options[-1].practices == ()
    assert "Resting today is part of the plan." in options[-1].message
    rest = plan_day(inputs(sessions=sessions(1)))
    assert rest.headline == "Rest and recovery. Resting today is part of the plan."
    assert len(rest.gentler_options) == 1


def test_support_shows_with_very_high_distress() -> None:
    plan = plan_day(inputs(checkin=checkin(distress=9)))
    assert plan.show_support
    assert [p.id for p in plan.prompts] == ["support"]
    assert not plan_day(inputs(checkin=checkin(distress=8))).show_support


def test_reasons_follow_the_rule_table_order() -> None:
    plan = plan_day(inputs(checkin=checkin(distress=8), sessions=sessions(1)))
    order = [r.id for r in RULES]
    assert list(plan.rule_ids) == sorted(plan.rule_ids, key=order.index)


def test_contradictory_inputs_are_rejected_with_a_clear_message() -> None:
    with pytest.raises(InvalidInput, match="not for 2026-03-11") as err:
        PlanInputs(today=TODAY, checkin=checkin(local_date=day(1)))
    assert err.value.details == {"field": "checkin"}
    with pytest.raises(InvalidInput, match="baseline"):
        PlanInputs(today=TODAY + timedelta(days=1), baseline=baseline(), checkin=None)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"strength_days_per_week": 4}, "strength_days_per_week"),
        ({"session_minutes": 20}, "session_minutes"),
        ({"preferred_weekdays": (7,)}, "preferred_weekdays"),
    ],
)
def test_preferences_out_of_range(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        Preferences(**fields)  # type: ignore[arg-type]
    assert err.value.details == {"field": field}


AVOID = re.compile(
    r"\b(push|crush|beast|no excuses|failure|fail|bad day|streak|missed|must|should)\b", re.I
)


def test_the_words_stay_gentle() -> None:
    texts = [rule.explanation for rule in RULES] + list(PROMPTS.values()) + [DEFAULT_EXPLANATION]
    plan = plan_day(inputs())
    texts += [o.message for o in plan.gentler_options] + [plan.headline]
    assert [t for t in texts if AVOID.search(t)] == []
