"""The rules' conditions and thresholds: pure functions of the inputs.

Each condition returns the numbers its explanation needs when the rule fires, else ``None``.
"""

from __future__ import annotations

from collections.abc import Mapping

from vagal.core.baseline import BAND_SD_FRACTION, CALIBRATION_READINGS
from vagal.core.checkin import HealthFlag, NervousSystemState, needs_support
from vagal.core.planner import facts as f
from vagal.core.planner.inputs import PlanInputs, ScreeningStatus
from vagal.core.planner.practices import REGRESSED_REPS, REGRESSED_REST_S, REGRESSED_SETS

__all__ = ["BAND_SD_FRACTION", "CALIBRATION_READINGS"]

#: Strength sessions are at least this many calendar days apart (48 h; ACSM 2009).
MIN_DAYS_BETWEEN_SESSIONS = 2
#: Distress (0–10) at or above which the plan is a short regulation practice (our choice).
DISTRESS_REGULATION_ONLY = 7
#: Today's ln RMSSD below the 10-day mean minus this many SDs is one level gentler (Kiviniemi 2007).
ACUTE_SD_MULTIPLIER = 1.0
#: Resting heart rate more than this many bpm over its 30-day mean is one level gentler (our choice).
RESTING_HR_RISE_BPM = 5.0
#: Sleep under this many hours earns a sleep note (our choice).
SHORT_SLEEP_HOURS = 5.0
#: Sleep this many hours or more below the 14-day mean earns a sleep note (our choice).
SLEEP_DROP_HOURS = 1.5

Fill = Mapping[str, str]


def too_soon_after_last_session(inputs: PlanInputs) -> Fill | None:
    days = f.days_since_last_session(inputs)
    if days is None or days >= MIN_DAYS_BETWEEN_SESSIONS:
        return None
    return {"when": "earlier today" if days == 0 else "yesterday"}


def weekly_target_met(inputs: PlanInputs) -> Fill | None:
    count = f.sessions_this_week(inputs)
    target = inputs.preferences.strength_days_per_week
    return {"count": str(count), "target": str(target)} if count >= target else None


def last_session_drained(inputs: PlanInputs) -> Fill | None:
    last = f.last_session(inputs)
    if last is None or not f.last_session_drained(inputs):
        return None
    return {
        "session_date": f.day_words(last.local_date),
        "sets": REGRESSED_SETS.of("set"),
        "reps": str(REGRESSED_REPS),
        "rest": str(REGRESSED_REST_S),
    }


def calibrating(inputs: PlanInputs) -> Fill | None:
    base = inputs.baseline
    if base is not None and not base.calibrating:
        return None
    count = 0 if base is None else base.readings_count
    return {"count": str(count), "needed": str(CALIBRATION_READINGS)}


def no_reading_today(inputs: PlanInputs) -> Fill | None:
    if inputs.baseline is not None and inputs.baseline.today_ln_rmssd is not None:
        return None
    basis = "your check-in and your recent days" if inputs.checkin else "your recent days"
    return {"basis": basis}


def chronic_low(inputs: PlanInputs) -> Fill | None:
    fill = _chronic(inputs)
    return fill if fill and fill["side"] == "low" else None


def chronic_high(inputs: PlanInputs) -> Fill | None:
    fill = _chronic(inputs)
    return fill if fill and fill["side"] == "high" else None


def _chronic(inputs: PlanInputs) -> Fill | None:
    base = f.established(inputs)
    if base is None or base.rolling_7d is None or base.band_low is None or base.band_high is None:
        return None
    mean = base.rolling_7d.mean
    if base.band_low <= mean <= base.band_high:
        return None
    return {
        "side": "low" if mean < base.band_low else "high",
        "mean_7d": f.ln(mean),
        "n_7d": str(base.rolling_7d.n),
        "band_low": f.ln(base.band_low),
        "band_high": f.ln(base.band_high),
    }


def acute_low(inputs: PlanInputs) -> Fill | None:
    base = f.established(inputs)
    if base is None or base.today_ln_rmssd is None:
        return None
    ref = base.reference_10d
    if ref is None or ref.sd is None:
        return None
    limit = ref.mean - ACUTE_SD_MULTIPLIER * ref.sd
    if base.today_ln_rmssd >= limit:
        return None
    return {
        "today": f.ln(base.today_ln_rmssd),
        "mean_10d": f.ln(ref.mean),
        "sd_10d": f.ln(ref.sd),
        "limit": f.ln(limit),
    }


def falling_two_days(inputs: PlanInputs) -> Fill | None:
    base = f.established(inputs)
    if base is None or not base.falling_two_days or base.today_ln_rmssd is None:
        return None
    values = (base.two_days_ago_ln_rmssd, base.yesterday_ln_rmssd, base.today_ln_rmssd)
    if None in values:
        return None
    first, second, third = (f.ln(v) for v in values if v is not None)
    return {"first": first, "second": second, "third": third}


def resting_hr_up(inputs: PlanInputs) -> Fill | None:
    base = inputs.baseline
    if base is None or base.resting_hr_delta is None or base.resting_hr_today is None:
        return None
    if base.resting_hr_baseline is None or base.resting_hr_delta <= RESTING_HR_RISE_BPM:
        return None
    return {
        "rhr": f.bpm(base.resting_hr_today),
        "delta": f.bpm(base.resting_hr_delta),
        "usual": f.bpm(base.resting_hr_baseline.mean),
    }


def short_sleep(inputs: PlanInputs) -> Fill | None:
    slept = f.sleep_last_night(inputs)
    if slept is None:
        return None
    usual = inputs.baseline.sleep_baseline if inputs.baseline else None
    dropped = usual is not None and usual.mean - slept >= SLEEP_DROP_HOURS
    if slept >= SHORT_SLEEP_HOURS and not dropped:
        return None
    compared = "" if usual is None else f", against your usual {f.hours(usual.mean)}"
    return {"hours": f.hours(slept), "compared": compared}


def no_checkin(inputs: PlanInputs) -> Fill | None:
    return {} if inputs.checkin is None else None


def screening_not_done(inputs: PlanInputs) -> Fill | None:
    return {} if inputs.screening is ScreeningStatus.NOT_DONE else None


def needs_clearance(inputs: PlanInputs) -> Fill | None:
    return {} if inputs.screening is ScreeningStatus.NEEDS_CLEARANCE else None


def ill_or_injured(inputs: PlanInputs) -> Fill | None:
    flags = [x for x in f.health_flags(inputs) if x is not HealthFlag.CHEST_PAIN]
    if not flags:
        return None
    return {"flags": " and ".join(HEALTH_FLAG_LABELS_SHORT[x] for x in flags)}


HEALTH_FLAG_LABELS_SHORT: dict[HealthFlag, str] = {
    HealthFlag.ILLNESS: "feeling ill",
    HealthFlag.INJURY: "a new injury or pain",
    HealthFlag.CHEST_PAIN: "chest pain",
}


def chest_pain(inputs: PlanInputs) -> Fill | None:
    return {} if HealthFlag.CHEST_PAIN in f.health_flags(inputs) else None


def high_distress(inputs: PlanInputs) -> Fill | None:
    distress = f.distress(inputs)
    if distress is None or distress < DISTRESS_REGULATION_ONLY:
        return None
    return {"distress": str(distress)}


def shut_down(inputs: PlanInputs) -> Fill | None:
    return {} if f.state(inputs) is NervousSystemState.SHUT_DOWN else None


def support(inputs: PlanInputs) -> Fill | None:
    return {} if needs_support(f.distress(inputs), f.state(inputs)) else None
