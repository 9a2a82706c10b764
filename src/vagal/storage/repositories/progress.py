"""Read-only queries for the progress page and report: one query per kind of data per period.

Every query is scoped to the owner's user id and bounded by local dates (inclusive); each selects
only the columns the charts need, so three years of daily data stay cheap to read. The statements
are built once, with bound parameters (``user_id``, ``start``, ``end``): building a statement
costs more than SQLite takes to run it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from vagal.storage.rows import (
    CheckinRow,
    MomentRow,
    PracticeLogRow,
    StrengthSessionRow,
)

_CHECKINS = (
    select(
        CheckinRow.local_date,
        CheckinRow.sleep_hours,
        CheckinRow.sleep_quality,
        CheckinRow.distress,
        CheckinRow.state,
    )
    .where(
        CheckinRow.user_id == bindparam("user_id"),
        CheckinRow.local_date >= bindparam("start"),
        CheckinRow.local_date <= bindparam("end"),
    )
    .order_by(CheckinRow.local_date)
)


def checkins(
    session: Session, user_id: int, start: date, end: date
) -> Sequence[Row[date, float | None, int | None, int | None, str | None]]:
    params = {"user_id": user_id, "start": start, "end": end}
    return session.execute(_CHECKINS, params).all()


_MOMENTS = (
    select(MomentRow.local_date, MomentRow.state, MomentRow.recovery_s)
    .where(
        MomentRow.user_id == bindparam("user_id"),
        MomentRow.local_date >= bindparam("start"),
        MomentRow.local_date <= bindparam("end"),
    )
    .order_by(MomentRow.local_date)
)


def moments(
    session: Session, user_id: int, start: date, end: date
) -> Sequence[Row[date, str, int | None]]:
    params = {"user_id": user_id, "start": start, "end": end}
    return session.execute(_MOMENTS, params).all()


_PRACTICE_LOGS = (
    select(
        PracticeLogRow.local_date,
        PracticeLogRow.practice_id,
        PracticeLogRow.done_s,
        PracticeLogRow.completed,
        PracticeLogRow.distress_before,
        PracticeLogRow.distress_after,
        PracticeLogRow.state_before,
    )
    .where(
        PracticeLogRow.user_id == bindparam("user_id"),
        PracticeLogRow.local_date >= bindparam("start"),
        PracticeLogRow.local_date <= bindparam("end"),
    )
    .order_by(PracticeLogRow.local_date, PracticeLogRow.started_at)
)


def practice_logs(
    session: Session, user_id: int, start: date, end: date
) -> Sequence[Row[date, str, int, bool, int | None, int | None, str | None]]:
    params = {"user_id": user_id, "start": start, "end": end}
    return session.execute(_PRACTICE_LOGS, params).all()


_STRENGTH_SESSIONS = (
    select(
        StrengthSessionRow.local_date,
        StrengthSessionRow.started_at,
        StrengthSessionRow.length_minutes,
        StrengthSessionRow.felt,
        StrengthSessionRow.stopped_early,
    )
    .where(
        StrengthSessionRow.user_id == bindparam("user_id"),
        StrengthSessionRow.local_date >= bindparam("start"),
        StrengthSessionRow.local_date <= bindparam("end"),
    )
    .order_by(StrengthSessionRow.local_date, StrengthSessionRow.started_at)
)


def strength_sessions(
    session: Session, user_id: int, start: date, end: date
) -> Sequence[Row[date, datetime, int, str | None, bool]]:
    params = {"user_id": user_id, "start": start, "end": end}
    return session.execute(_STRENGTH_SESSIONS, params).all()
