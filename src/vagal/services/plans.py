"""Today's plan: gather the planner's inputs from storage, then ask the pure planner."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from vagal.core.baseline import Baseline, MorningReading, SleepNight, compute_baseline
from vagal.core.planner import DayPlan, Plan, PlanInputs, StrengthSession, plan_day, plan_week
from vagal.errors import InvalidInput, VagalError
from vagal.services import checkins, profile, strength
from vagal.services.accounts import Account
from vagal.storage.repositories import checkins as checkin_repo
from vagal.storage.repositories import progress as progress_repo
from vagal.storage.repositories import recordings as rec_repo

HISTORY_DAYS = 60


class CheckinNeeded(VagalError):
    """Today's plan needs today's check-in first."""

    status = 409
    code = "checkin_needed"


@dataclass(frozen=True, slots=True)
class TodayPlan:
    plan: Plan
    baseline: Baseline
    day: date


def morning_readings(session: Session, account: Account, day: date) -> list[MorningReading]:
    """Morning recordings, plus RMSSD values imported from other apps, up to ``day``.

    Only each recording's day and three copied metrics are read (never the RR series).
    """
    start = day - timedelta(days=HISTORY_DAYS)
    out: list[MorningReading] = []
    for local_date, ln_rmssd, hr, quality in rec_repo.morning_values(
        session, account.id, start, day
    ):
        if ln_rmssd is not None and quality != "poor":
            out.append(MorningReading(local_date, ln_rmssd, hr))
    for local_date, _metric, value in progress_repo.daily_values(
        session, account.id, ("rmssd_ms",), start, day
    ):
        if value > 0:
            out.append(MorningReading(local_date, math.log(value)))
    return out


def sleep_nights(session: Session, account: Account, day: date) -> list[SleepNight]:
    start = day - timedelta(days=HISTORY_DAYS)
    return [
        SleepNight(local_date, hours)
        for local_date, hours in checkin_repo.sleep_hours(session, account.id, start, day)
    ]


def today_plan(
    session: Session, account: Account, *, day: date, now: datetime, include_day: bool = True
) -> TodayPlan:
    """The plan for ``day`` (the person's local day), explained; needs that day's check-in.

    Logged strength sessions feed it (how each felt and how it landed the next morning), and
    progression sets the session length. ``include_day=False`` leaves out sessions logged on
    ``day`` itself: the plan as it stood before that day's session (to check its log).
    """
    if day > checkins.local_today(account, now):
        raise InvalidInput(
            "That date is in the future. Plans are made on the day, from that day's check-in.",
            details={"field": "date"},
        )
    stored = checkins.find_checkin(session, account, day)
    if stored is None:
        raise CheckinNeeded(
            f"There is no check-in for {day.isoformat()} yet. Check in first (it takes a "
            "minute), and your plan will follow from how you are.",
        )
    baseline = compute_baseline(
        morning_readings(session, account, day),
        today=day,
        sleep=sleep_nights(session, account, day),
    )
    done = strength.planning_history(session, account, through=day, include_day=include_day)
    person, screening = profile.get_profile_and_screening(session, account)
    preferences = person.preferences
    inputs = PlanInputs(
        today=day,
        checkin=stored.to_input(),
        baseline=baseline,
        sessions=tuple(StrengthSession(s.local_date, s.felt, s.landed) for s in done),
        screening=screening.status,
        preferences=replace(preferences, session_minutes=strength.minutes_after(done, preferences)),
    )
    return TodayPlan(plan_day(inputs), baseline, day)


def week_plan(session: Session, account: Account, *, week_start: date) -> list[DayPlan]:
    person, screening = profile.get_profile_and_screening(session, account)
    return plan_week(week_start, person.preferences, screening=screening.status)
