"""Today's plan: gather the planner's inputs from storage, then ask the pure planner."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from vagal.core.baseline import Baseline, MorningReading, SleepNight, compute_baseline
from vagal.core.checkin import SessionLanding
from vagal.core.planner import DayPlan, Plan, PlanInputs, StrengthSession, plan_day, plan_week
from vagal.errors import InvalidInput, VagalError
from vagal.services import checkins, profile, strength
from vagal.services.accounts import Account
from vagal.services.checkins import StoredCheckin
from vagal.storage.repositories import checkins as checkin_repo
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
    #: What the plan was made from (pages show them beside it).
    checkin: StoredCheckin
    screening: profile.Screening


def morning_readings(session: Session, account: Account, day: date) -> list[MorningReading]:
    """Morning recordings, plus RMSSD values imported from other apps, up to ``day``.

    Only each recording's day and three copied metrics are read (never the RR series).
    """
    start = day - timedelta(days=HISTORY_DAYS)
    morning, daily = rec_repo.morning_and_daily_values(
        session, account.id, ("rmssd_ms",), start, day
    )
    out = [
        MorningReading(local_date, ln_rmssd, hr)
        for local_date, ln_rmssd, hr, quality in morning
        if ln_rmssd is not None and quality != "poor"
    ]
    out += [MorningReading(d, math.log(value)) for d, _metric, value in daily if value > 0]
    return out


@dataclass(frozen=True, slots=True)
class RecentCheckins:
    """What the plan takes from the check-ins of the ``HISTORY_DAYS`` up to its day, read in
    one query: that day's check-in, the nights' sleep (newest first), and the landings of the
    sessions (the next day's check-in says how a session landed, so the read goes one day
    further: a session on the plan's own day may have landed already when the plan is for an
    earlier day)."""

    today: StoredCheckin | None
    sleep: list[SleepNight]
    landings: strength.KnownLandings


def recent_checkins(session: Session, account: Account, day: date) -> RecentCheckins:
    start = day - timedelta(days=HISTORY_DAYS)
    after = day + timedelta(days=1)
    rows = checkin_repo.list_checkins(session, account.id, start=start, end=after)
    landed = {row[0]: SessionLanding(row[10]) for row in rows if row[10]}
    rows = [row for row in rows if row[0] <= day]
    today = StoredCheckin.from_values(rows[0]) if rows and rows[0][0] == day else None
    sleep = [SleepNight(row[0], row[1]) for row in rows if row[1] is not None]
    return RecentCheckins(today, sleep, strength.KnownLandings(start, after, landed))


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
    recent = recent_checkins(session, account, day)
    stored = recent.today
    if stored is None:
        raise CheckinNeeded(
            f"There is no check-in for {day.isoformat()} yet. Check in first (it takes a "
            "minute), and your plan will follow from how you are.",
        )
    baseline = compute_baseline(
        morning_readings(session, account, day),
        today=day,
        sleep=recent.sleep,
    )
    done = strength.planning_history(
        session, account, through=day, include_day=include_day, known=recent.landings
    )
    person, screening = profile.get_profile_and_screening(session, account)
    preferences = person.preferences
    inputs = PlanInputs(
        today=day,
        checkin=stored.to_input(),
        baseline=baseline,
        sessions=tuple(StrengthSession(s.local_date, s.felt, s.landed) for s in done),
        screening=screening.status,
        preferences=replace(
            preferences,
            session_minutes=strength.minutes_after(
                done, preferences, chosen_at=person.session_minutes_set_at
            ),
        ),
    )
    return TodayPlan(plan_day(inputs), baseline, day, stored, screening)


def week_plan(session: Session, account: Account, *, week_start: date) -> list[DayPlan]:
    person, screening = profile.get_profile_and_screening(session, account)
    return plan_week(week_start, person.preferences, screening=screening.status)
