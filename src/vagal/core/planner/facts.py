"""Small pure helpers that read derived facts from the planner inputs."""

from __future__ import annotations

from datetime import date, timedelta

from vagal.core.baseline import Baseline
from vagal.core.checkin import HealthFlag, NervousSystemState, SessionLanding
from vagal.core.planner.inputs import PlanInputs, StrengthSession

#: Days in the "last 7 days" window for counting strength sessions, today included.
WEEK_DAYS = 7


def last_session(inputs: PlanInputs) -> StrengthSession | None:
    if not inputs.sessions:
        return None
    return max(inputs.sessions, key=lambda s: s.local_date)


def days_since_last_session(inputs: PlanInputs) -> int | None:
    last = last_session(inputs)
    return None if last is None else (inputs.today - last.local_date).days


def sessions_this_week(inputs: PlanInputs) -> int:
    """Distinct days with a strength session in the 7 days ending today."""
    first = inputs.today - timedelta(days=WEEK_DAYS - 1)
    return len({s.local_date for s in inputs.sessions if first <= s.local_date <= inputs.today})


def last_session_drained(inputs: PlanInputs) -> bool:
    """The last session landed "drained", as stored with it or as reported in today's check-in."""
    last = last_session(inputs)
    if last is not None and last.landed is SessionLanding.DRAINED:
        return True
    reported = inputs.checkin.last_session_landed if inputs.checkin else None
    return last is not None and reported is SessionLanding.DRAINED


def distress(inputs: PlanInputs) -> int | None:
    return inputs.checkin.distress if inputs.checkin else None


def state(inputs: PlanInputs) -> NervousSystemState | None:
    return inputs.checkin.state if inputs.checkin else None


def health_flags(inputs: PlanInputs) -> tuple[HealthFlag, ...]:
    return inputs.checkin.health_flags if inputs.checkin else ()


def established(inputs: PlanInputs) -> Baseline | None:
    """The baseline when it is past calibration, else ``None``."""
    base = inputs.baseline
    return base if base is not None and not base.calibrating else None


def sleep_last_night(inputs: PlanInputs) -> float | None:
    """Hours from today's check-in, else from the sleep data in the baseline."""
    if inputs.checkin is not None and inputs.checkin.sleep_hours is not None:
        return inputs.checkin.sleep_hours
    return inputs.baseline.sleep_last_night_hours if inputs.baseline else None


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day_words(day: date) -> str:
    """ "Sunday 8 March", in English whatever the process locale."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


def ln(value: float) -> str:
    """ln RMSSD as shown to a person: two decimals."""
    return f"{value:.2f}"


def bpm(value: float) -> str:
    return f"{value:.0f}"


def hours(value: float) -> str:
    return f"{value:.1f}"
