"""The planner's rules, as data.

Each rule has an id, the phase it belongs to, its condition (a pure function of the inputs that
returns the person's numbers when it fires, else ``None``), its effect, a plain-language
explanation template filled with those numbers, a source, and its thresholds. The evaluator in
``vagal.core.planner.evaluate`` applies them; ``vagal.core.planner.docs`` publishes them.

Two phases keep the invariant structural: physiology rules (readings and training history) may
cap or lower the plan; check-in and safety rules may only cap it, so today's check-in can make a
plan gentler than the physiology suggests, never harder.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from vagal.core.planner import conditions as c
from vagal.core.planner.inputs import KIND_LABELS, PlanInputs, PlanKind

OUR_CHOICE = "our choice"
PARQ = "our choice; questions modelled on the PAR-Q+ (Warburton et al. 2011), in our own words"
ACSM_2009 = (
    "American College of Sports Medicine (2009). Progression models in resistance training for "
    "healthy adults. Med Sci Sports Exerc 41(3):687-708 (48 h between sessions for a muscle group)"
)
VESTERINEN_JAVALOYES = (
    "Vesterinen V et al. (2016). Individual endurance training prescription with heart rate "
    "variability. Med Sci Sports Exerc 48(7):1347-1354; Javaloyes A et al. (2019). Training "
    "prescription guided by heart rate variability in cycling. Int J Sports Physiol Perform "
    "14(1):23-32"
)
KIVINIEMI = (
    "Kiviniemi AM et al. (2007). Endurance training guided individually by daily heart rate "
    "variability measurements. Eur J Appl Physiol 101(6):743-751"
)
PLEWS_2014 = (
    "our choice (14 readings); the 7-day window and its 3 readings follow Plews DJ et al. (2014), "
    "Int J Sports Physiol Perform 9(5):783-790"
)

Fill = Mapping[str, str]
Condition = Callable[[PlanInputs], Fill | None]


class Phase(StrEnum):
    PHYSIOLOGY = "physiology"
    CHECKIN = "checkin"


class DoseChange(StrEnum):
    REGRESS = "regress"
    SHORT_PRACTICE = "short_practice"


PROMPTS: dict[str, str] = {
    "fuel": "Eat a proper meal today, with some protein and some carbohydrate.",
    "hydration": "Keep a glass of water nearby and sip through the day.",
    "sleep": "Give yourself a wind-down hour tonight and an early night if you can.",
    "support": "Support is beside this page if you would like to talk to someone.",
    "chest_pain": (
        "Please talk to a doctor about chest pain. If it is severe, spreading, or comes with "
        "breathlessness or sweating, call your local emergency number now."
    ),
    "checkin": "A short check-in lets vagal fit today's plan to how you are.",
    "screening": "The readiness questions take about a minute, in settings.",
    "clearance": "When a clinician has said exercise is fine for you, mark it in settings.",
}


@dataclass(frozen=True, slots=True)
class Effect:
    """What a rule does to the plan when it fires."""

    cap: PlanKind | None = None
    lower_one_level: bool = False
    dose: DoseChange | None = None
    prompts: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = []
        if self.cap is PlanKind.REST_RECOVERY:
            parts.append("rest and recovery")
        elif self.cap is not None:
            parts.append(f"at most {KIND_LABELS[self.cap].lower()}")
        if self.lower_one_level:
            parts.append("one level gentler")
        if self.dose is DoseChange.REGRESS:
            parts.append("the next strength session is regressed")
        if self.dose is DoseChange.SHORT_PRACTICE:
            parts.append("a short practice (1–5 min) matched to the state")
        if self.prompts:
            parts.append("prompts: " + ", ".join(self.prompts))
        return "; ".join(parts) if parts else "a note only"


@dataclass(frozen=True, slots=True)
class Threshold:
    name: str
    value: float | int
    meaning: str


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    phase: Phase
    when: str
    condition: Condition
    effect: Effect
    explanation: str
    source: str
    thresholds: tuple[Threshold, ...] = ()
    cite: str = OUR_CHOICE

    @property
    def family(self) -> str:
        """R5.falling -> R5: "one level gentler" counts once per family."""
        return self.id.split(".")[0]

    def explain(self, fill: Fill) -> str:
        return self.explanation.format_map(fill)


def _t(name: str, meaning: str) -> Threshold:
    return Threshold(name, getattr(c, name), meaning)


RULES: tuple[Rule, ...] = (
    Rule(
        id="R0.no_checkin",
        phase=Phase.CHECKIN,
        when="there is no check-in for today",
        condition=c.no_checkin,
        effect=Effect(cap=PlanKind.REGULATION_ONLY, prompts=("checkin",)),
        explanation=(
            "You have not checked in today, so vagal cannot know how you are or whether anything "
            "hurts. Until you do, the plan stays gentle."
        ),
        source=OUR_CHOICE,
    ),
    Rule(
        id="R0.screening",
        phase=Phase.CHECKIN,
        when="the readiness-for-exercise screening is not done yet",
        condition=c.screening_not_done,
        effect=Effect(cap=PlanKind.REGULATION_ONLY, prompts=("screening",)),
        explanation=(
            "Strength sessions open once you have answered the readiness questions. Regulation "
            "and recovery practices are yours now."
        ),
        source=PARQ,
        cite="our choice; PAR-Q+",
    ),
    Rule(
        id="R0.clearance",
        phase=Phase.CHECKIN,
        when='a screening answer was "yes" and no clinician clearance is recorded',
        condition=c.needs_clearance,
        effect=Effect(cap=PlanKind.REGULATION_ONLY, prompts=("clearance",)),
        explanation=(
            "One of your readiness answers was yes, so strength sessions wait until a clinician "
            "has said exercise is fine for you. Regulation and recovery practices are yours now."
        ),
        source=PARQ,
        cite="our choice; PAR-Q+",
    ),
    Rule(
        id="R0.acute",
        phase=Phase.CHECKIN,
        when="illness or a new injury reported today",
        condition=c.ill_or_injured,
        effect=Effect(cap=PlanKind.REST_RECOVERY),
        explanation=(
            "You mentioned {flags} today. Your body heals best with rest, so today is rest and "
            "recovery. Resting today is part of the plan."
        ),
        source=OUR_CHOICE,
    ),
    Rule(
        id="R0.chest_pain",
        phase=Phase.CHECKIN,
        when="chest pain reported today",
        condition=c.chest_pain,
        effect=Effect(cap=PlanKind.REST_RECOVERY, prompts=("chest_pain",)),
        explanation=(
            "You mentioned chest pain today, so today is rest, with no exercise until a doctor "
            "has had a look."
        ),
        source=OUR_CHOICE,
    ),
    Rule(
        id="R1.distress",
        phase=Phase.CHECKIN,
        when="distress is 7 or more out of 10",
        condition=c.high_distress,
        effect=Effect(cap=PlanKind.REGULATION_ONLY, dose=DoseChange.SHORT_PRACTICE),
        explanation=(
            "Your distress is {distress} out of 10 today. A short practice, 1 to 5 minutes, to "
            "help your body settle fits better than a workout."
        ),
        source=OUR_CHOICE,
        thresholds=(_t("DISTRESS_REGULATION_ONLY", "distress on the 0–10 scale"),),
    ),
    Rule(
        id="R1.shut_down",
        phase=Phase.CHECKIN,
        when="the state is shut down",
        condition=c.shut_down,
        effect=Effect(cap=PlanKind.REGULATION_ONLY, dose=DoseChange.SHORT_PRACTICE),
        explanation=(
            "You feel shut down today. Gentle movement and looking around the room, 1 to 5 "
            "minutes, can help your body come back online at its own pace."
        ),
        source=OUR_CHOICE,
    ),
    Rule(
        id="R1.support",
        phase=Phase.CHECKIN,
        when="distress is 9 or more, or 8 or more while shut down (when the support panel shows)",
        condition=c.support,
        effect=Effect(prompts=("support",)),
        explanation="That is a lot to carry today. You do not have to carry it alone.",
        source=OUR_CHOICE,
    ),
    Rule(
        id="R2.spacing",
        phase=Phase.PHYSIOLOGY,
        when="the last strength session was less than 48 hours ago (today or yesterday)",
        condition=c.too_soon_after_last_session,
        effect=Effect(cap=PlanKind.REST_RECOVERY),
        explanation=(
            "Your last strength session was {when}. Muscles and nerves get stronger in the rest "
            "between sessions, so today is for recovery. Resting today is part of the plan."
        ),
        source=ACSM_2009,
        cite="ACSM 2009",
        thresholds=(_t("MIN_DAYS_BETWEEN_SESSIONS", "calendar days from one session to the next"),),
    ),
    Rule(
        id="R2.weekly",
        phase=Phase.PHYSIOLOGY,
        when="strength sessions in the last 7 days (today included) already reach the weekly "
        "target from preferences",
        condition=c.weekly_target_met,
        effect=Effect(cap=PlanKind.REST_RECOVERY),
        explanation=(
            "You have done {count} strength sessions in the last 7 days, which meets your aim of "
            "{target} a week. Resting today is part of the plan."
        ),
        source=OUR_CHOICE,
    ),
    Rule(
        id="R3.drained",
        phase=Phase.PHYSIOLOGY,
        when='the last strength session landed "drained" the next morning',
        condition=c.last_session_drained,
        effect=Effect(dose=DoseChange.REGRESS, prompts=("fuel", "hydration", "sleep")),
        explanation=(
            "Your last strength session ({session_date}) left you drained. Your next one is "
            "lighter: {sets} of {reps} slow reps, resting {rest} seconds between sets. Food, "
            "water and sleep help your body catch up."
        ),
        source=OUR_CHOICE,
    ),
    Rule(
        id="R4.low",
        phase=Phase.PHYSIOLOGY,
        when="the 7-day mean of ln RMSSD is below the normal band (60-day mean − 0.5 SD)",
        condition=c.chronic_low,
        effect=Effect(cap=PlanKind.REGULATION_ONLY),
        explanation=(
            "Your 7-day average heart-rate variability (ln RMSSD {mean_7d}, from {n_7d} readings) "
            "is below your usual range ({band_low} to {band_high}). Your body may be carrying "
            "extra load, so a regulation practice fits today better than strength."
        ),
        source=VESTERINEN_JAVALOYES,
        cite="Vesterinen 2016; Javaloyes 2019",
        thresholds=(_t("BAND_SD_FRACTION", "half-width of the normal band in SDs"),),
    ),
    Rule(
        id="R4.high",
        phase=Phase.PHYSIOLOGY,
        when="the 7-day mean of ln RMSSD is above the normal band (60-day mean + 0.5 SD)",
        condition=c.chronic_high,
        effect=Effect(),
        explanation=(
            "Your 7-day average heart-rate variability (ln RMSSD {mean_7d}) is above your usual "
            "range ({band_low} to {band_high}). This is a note only: on its own it does not "
            "change the plan."
        ),
        source=VESTERINEN_JAVALOYES,
        cite="Vesterinen 2016; Javaloyes 2019",
        thresholds=(_t("BAND_SD_FRACTION", "half-width of the normal band in SDs"),),
    ),
    Rule(
        id="R5.below_recent",
        phase=Phase.PHYSIOLOGY,
        when="today's ln RMSSD is below the mean of the 10 days before today minus 1 SD",
        condition=c.acute_low,
        effect=Effect(lower_one_level=True),
        explanation=(
            "This morning's ln RMSSD ({today}) is below your recent range: the 10-day average "
            "{mean_10d} minus one SD ({sd_10d}) is {limit}. One level gentler today."
        ),
        source=KIVINIEMI,
        cite="Kiviniemi 2007",
        thresholds=(_t("ACUTE_SD_MULTIPLIER", "SDs below the 10-day mean"),),
    ),
    Rule(
        id="R5.falling",
        phase=Phase.PHYSIOLOGY,
        when="ln RMSSD fell two mornings in a row (three consecutive days of readings)",
        condition=c.falling_two_days,
        effect=Effect(lower_one_level=True),
        explanation=(
            "Your ln RMSSD has gone down two mornings in a row ({first}, then {second}, then "
            "{third} today). One level gentler today."
        ),
        source=f"our choice, a trend check beside {KIVINIEMI}",
        cite="our choice, beside Kiviniemi 2007",
    ),
    Rule(
        id="R6.resting_hr",
        phase=Phase.PHYSIOLOGY,
        when="resting heart rate this morning is more than 5 bpm above its 30-day mean",
        condition=c.resting_hr_up,
        effect=Effect(lower_one_level=True),
        explanation=(
            "Your resting heart rate this morning ({rhr} bpm) is {delta} bpm above your usual "
            "{usual} bpm. One level gentler today."
        ),
        source=OUR_CHOICE,
        thresholds=(_t("RESTING_HR_RISE_BPM", "bpm above the 30-day mean"),),
    ),
    Rule(
        id="R7.calibrating",
        phase=Phase.PHYSIOLOGY,
        when="fewer than 14 valid morning readings in the last 60 days",
        condition=c.calibrating,
        effect=Effect(),
        explanation=(
            "vagal is still learning your usual range: {count} of {needed} morning readings so "
            "far. Until then your readings do not change the plan."
        ),
        source=PLEWS_2014,
        cite="our choice; Plews 2014",
        thresholds=(_t("CALIBRATION_READINGS", "valid readings in 60 days before trusting them"),),
    ),
    Rule(
        id="R7.no_reading",
        phase=Phase.PHYSIOLOGY,
        when="no valid morning reading today",
        condition=c.no_reading_today,
        effect=Effect(),
        explanation=(
            "There is no heart-rate variability reading this morning, so this plan comes from "
            "{basis}."
        ),
        source=OUR_CHOICE,
    ),
    Rule(
        id="R8.short_sleep",
        phase=Phase.PHYSIOLOGY,
        when="last night's sleep was under 5 hours, or 1.5 hours or more below the 14-day mean",
        condition=c.short_sleep,
        effect=Effect(prompts=("sleep",)),
        explanation=(
            "You slept {hours} hours last night{compared}. A shorter or gentler session is "
            "always fine on a day like this."
        ),
        source=OUR_CHOICE,
        thresholds=(
            _t("SHORT_SLEEP_HOURS", "hours of sleep"),
            _t("SLEEP_DROP_HOURS", "hours below the 14-day mean"),
        ),
    ),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

DEFAULT_RULE_ID = "default"
DEFAULT_EXPLANATION = (
    "Nothing today asks for a gentler plan, so a gentle strength session fits. You can still "
    "choose something gentler."
)
