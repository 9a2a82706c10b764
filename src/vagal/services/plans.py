"""Today's plan: gather the planner's inputs from storage, then ask the pure planner."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from vagal.core.baseline import Baseline, MorningReading, SleepNight, compute_baseline
from vagal.core.planner import DayPlan, Plan, PlanInputs, plan_day, plan_week
from vagal.errors import InvalidInput, VagalError
from vagal.services import checkins, profile, recordings, strength
from vagal.services.accounts import Account
from vagal.services.recordings import RecordingKind
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
    """Morning recordings, plus RMSSD values imported from other apps, up to ``day``."""
    start = day - timedelta(days=HISTORY_DAYS)
    out: list[MorningReading] = []
    for view in recordings.list_recordings(
        session, account, kind=RecordingKind.MORNING, start=start, end=day, limit=1000
    ):
        if view.ln_rmssd is not None and view.metrics.get("quality") != "poor":
            hr = view.metrics.get("mean_hr_bpm")
            out.append(
                MorningReading(
                    view.local_date, view.ln_rmssd, hr if isinstance(hr, float) else None
                )
            )
    for row in rec_repo.list_summaries(
        session, account.id, metric="rmssd_ms", start=start, end=day
    ):
        if row.value > 0:
            out.append(MorningReading(row.local_date, math.log(row.value)))
    return out


def sleep_nights(session: Session, account: Account, day: date) -> list[SleepNight]:
    start = day - timedelta(days=HISTORY_DAYS)
    return [
        SleepNight(c.local_date, c.sleep_hours)
        for c in checkins.list_checkins(session, account, start=start, end=day)
        if c.sleep_hours is not None
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
    done = strength.history(session, account, through=day, include_day=include_day)
    preferences = profile.get_profile(session, account).preferences
    inputs = PlanInputs(
        today=day,
        checkin=stored.to_input(),
        baseline=baseline,
        sessions=tuple(s.to_planner() for s in done),
        screening=profile.get_screening(session, account).status,
        preferences=replace(
            preferences, session_minutes=strength.session_minutes(done, preferences)
        ),
    )
    return TodayPlan(plan_day(inputs), baseline, day)


def week_plan(session: Session, account: Account, *, week_start: date) -> list[DayPlan]:
    screening = profile.get_screening(session, account).status
    prefs = profile.get_profile(session, account).preferences
    return plan_week(week_start, prefs, screening=screening)
