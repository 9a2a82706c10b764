"""Read-only queries for the progress page and report: one query per kind of data per period.

Every query is scoped to the owner's user id and bounded by local dates (inclusive); each selects
only the columns the charts need, so three years of daily data stay cheap to read.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from vagal.storage.rows import (
    CheckinRow,
    DailySummaryRow,
    MomentRow,
    PracticeLogRow,
    StrengthSessionRow,
)


def checkins(
    session: Session, user_id: int, start: date, end: date
) -> Sequence[Row[date, float | None, int | None, int | None, str | None]]:
    query = (
        select(
            CheckinRow.local_date,
            CheckinRow.sleep_hours,
            CheckinRow.sleep_quality,
            CheckinRow.distress,
            CheckinRow.state,
        )
        .where(
            CheckinRow.user_id == user_id,
            CheckinRow.local_date >= start,
            CheckinRow.local_date <= end,
        )
        .order_by(CheckinRow.local_date)
    )
    return session.execute(query).all()


def daily_values(
    session: Session, user_id: int, metrics: Sequence[str], start: date, end: date
) -> Sequence[Row[date, str, float]]:
    """Imported daily values (e.g. "rmssd_ms", "resting_hr_bpm", "sleep_hours")."""
    query = (
        select(DailySummaryRow.local_date, DailySummaryRow.metric, DailySummaryRow.value)
        .where(
            DailySummaryRow.user_id == user_id,
            DailySummaryRow.metric.in_(list(metrics)),
            DailySummaryRow.local_date >= start,
            DailySummaryRow.local_date <= end,
        )
        .order_by(DailySummaryRow.local_date)
    )
    return session.execute(query).all()


def moments(
    session: Session, user_id: int, start: date, end: date
) -> Sequence[Row[date, str, int | None]]:
    query = (
        select(MomentRow.local_date, MomentRow.state, MomentRow.recovery_s)
        .where(
            MomentRow.user_id == user_id,
            MomentRow.local_date >= start,
            MomentRow.local_date <= end,
        )
        .order_by(MomentRow.local_date)
    )
    return session.execute(query).all()


def practice_logs(
    session: Session, user_id: int, start: date, end: date
) -> Sequence[Row[date, str, int, bool, int | None, int | None, str | None]]:
    query = (
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
            PracticeLogRow.user_id == user_id,
            PracticeLogRow.local_date >= start,
            PracticeLogRow.local_date <= end,
        )
        .order_by(PracticeLogRow.local_date, PracticeLogRow.started_at)
    )
    return session.execute(query).all()


def strength_sessions(
    session: Session, user_id: int, start: date, end: date
) -> Sequence[Row[date, datetime, int, str | None, bool]]:
    query = (
        select(
            StrengthSessionRow.local_date,
            StrengthSessionRow.started_at,
            StrengthSessionRow.length_minutes,
            StrengthSessionRow.felt,
            StrengthSessionRow.stopped_early,
        )
        .where(
            StrengthSessionRow.user_id == user_id,
            StrengthSessionRow.local_date >= start,
            StrengthSessionRow.local_date <= end,
        )
        .order_by(StrengthSessionRow.local_date, StrengthSessionRow.started_at)
    )
    return session.execute(query).all()
