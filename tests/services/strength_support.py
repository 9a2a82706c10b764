"""Helpers for strength tests: a screened person, check-ins, and doing the planned session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from vagal.catalog.screening import QUESTION_IDS
from vagal.core.checkin import CheckinInput, NervousSystemState, SessionLanding
from vagal.core.planner.inputs import SessionFeel
from vagal.core.training import SetLog
from vagal.services import checkins, profile
from vagal.services import strength as service
from vagal.services.accounts import Account
from vagal.services.strength import LogInput, StoredSession
from vagal.storage.db import Database


def ready(
    db: Database,
    account: Account,
    now: datetime,
    *,
    equipment: Sequence[str] = ("none",),
    minutes: int = 10,
    days: int = 3,
) -> None:
    """Screening all "no" and preferences saved: strength sessions are open."""
    with db.session(write=True) as s:
        profile.save_screening(
            s, account, dict.fromkeys(QUESTION_IDS, False), clinician_clearance=False, now=now
        )
        profile.save_profile(
            s,
            account,
            goals=[],
            experience=None,
            equipment=list(equipment),
            session_minutes=minutes,
            strength_days_per_week=days,
            preferred_weekdays=[],
            reminder_time=None,
            cold_exposure_ok=False,
            now=now,
        )


def check_in(
    db: Database,
    account: Account,
    now: datetime,
    *,
    state: NervousSystemState | None = NervousSystemState.SETTLED,
    distress: int = 2,
    landed: SessionLanding | None = None,
) -> date:
    day = checkins.local_today(account, now)
    with db.session(write=True) as s:
        checkins.save_checkin(
            s,
            account,
            CheckinInput(
                local_date=day,
                sleep_hours=7.5,
                distress=distress,
                state=state,
                last_session_landed=landed,
            ),
            now=now,
        )
    return day


def do_session(
    db: Database,
    account: Account,
    now: datetime,
    *,
    client_id: str = "client-0001",
    felt: SessionFeel | None = SessionFeel.EASY,
    set_felt: SessionFeel = SessionFeel.EASY,
    reserve: int = 4,
) -> StoredSession:
    """Every planned set of today's session, done as planned, then logged."""
    day = checkins.local_today(account, now)
    with db.session(write=False) as s:
        result = service.next_session(s, account, day=day, now=now)
    assert result.session is not None, result.message
    sets = tuple(
        SetLog(step.exercise_id, step.reps or 0, set_felt, reserve)
        for step in result.session.steps
        if step.exercise_id
    )
    with db.session(write=True) as s:
        stored, created = service.log_session(
            s,
            account,
            LogInput(client_id, day, now, sets, felt=felt, ended_at=now),
            now=now,
        )
    assert created
    return stored
