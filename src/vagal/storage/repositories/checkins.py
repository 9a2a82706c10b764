"""Daily check-ins. Every query is scoped to the owner's user id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from vagal.storage.rows import CheckinRow


def get_checkin(session: Session, user_id: int, local_date: date) -> CheckinRow | None:
    query = select(CheckinRow).where(
        CheckinRow.user_id == user_id, CheckinRow.local_date == local_date
    )
    return session.scalars(query).one_or_none()


#: The columns a listed check-in shows (all but the ids and ``support_shown``).
LIST_COLUMNS = (
    CheckinRow.local_date,
    CheckinRow.sleep_hours,
    CheckinRow.sleep_quality,
    CheckinRow.energy,
    CheckinRow.distress,
    CheckinRow.state,
    CheckinRow.body_signals,
    CheckinRow.note,
    CheckinRow.tags,
    CheckinRow.health_flags,
    CheckinRow.last_session_landed,
    CheckinRow.created_at,
    CheckinRow.updated_at,
)


def list_checkins(
    session: Session,
    user_id: int,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> Sequence[Row[*tuple[Any, ...]]]:
    """Newest first, optionally within [start, end] (inclusive): plain rows of
    ``LIST_COLUMNS`` (read-only values, cheaper than loading ORM objects)."""
    query = select(*LIST_COLUMNS).where(CheckinRow.user_id == user_id)
    if start is not None:
        query = query.where(CheckinRow.local_date >= start)
    if end is not None:
        query = query.where(CheckinRow.local_date <= end)
    query = query.order_by(CheckinRow.local_date.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return session.execute(query).all()


def add_checkin(session: Session, row: CheckinRow) -> CheckinRow:
    session.add(row)
    session.flush()
    return row


def landings(session: Session, user_id: int, start: date, end: date) -> Sequence[Row[date, str]]:
    """(local_date, last_session_landed) of the check-ins in [start, end] that say how the
    previous day's session landed; only those two columns are read."""
    query = select(CheckinRow.local_date, CheckinRow.last_session_landed).where(
        CheckinRow.user_id == user_id,
        CheckinRow.local_date >= start,
        CheckinRow.local_date <= end,
        CheckinRow.last_session_landed.is_not(None),
    )
    return session.execute(query).all()  # type: ignore[return-value]


def sleep_hours(
    session: Session, user_id: int, start: date, end: date
) -> Sequence[Row[date, float]]:
    """(local_date, sleep_hours) of the check-ins in [start, end] that record sleep, newest
    first; only those two columns are read."""
    query = (
        select(CheckinRow.local_date, CheckinRow.sleep_hours)
        .where(
            CheckinRow.user_id == user_id,
            CheckinRow.local_date >= start,
            CheckinRow.local_date <= end,
            CheckinRow.sleep_hours.is_not(None),
        )
        .order_by(CheckinRow.local_date.desc())
    )
    return session.execute(query).all()  # type: ignore[return-value]
