"""Logged strength sessions. Every query is scoped to the owner's user id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Integer, Row, Select, bindparam, case, literal, select
from sqlalchemy.orm import Session

from vagal.storage.repositories import reads
from vagal.storage.rows import StrengthSessionRow


def get_session(session: Session, user_id: int, session_id: int) -> StrengthSessionRow | None:
    query = select(StrengthSessionRow).where(
        StrengthSessionRow.user_id == user_id, StrengthSessionRow.id == session_id
    )
    return session.scalars(query).one_or_none()


def get_by_client_id(session: Session, user_id: int, client_id: str) -> StrengthSessionRow | None:
    query = select(StrengthSessionRow).where(
        StrengthSessionRow.user_id == user_id, StrengthSessionRow.client_id == client_id
    )
    return session.scalars(query).one_or_none()


def list_sessions(
    session: Session,
    user_id: int,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
) -> list[StrengthSessionRow]:
    """Newest first (by day, then by when they started), optionally within [start, end]."""
    query = select(StrengthSessionRow).where(StrengthSessionRow.user_id == user_id)
    if start is not None:
        query = query.where(StrengthSessionRow.local_date >= start)
    if end is not None:
        query = query.where(StrengthSessionRow.local_date <= end)
    query = query.order_by(
        StrengthSessionRow.local_date.desc(),
        StrengthSessionRow.started_at.desc(),
        StrengthSessionRow.id.desc(),
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def _planning_rows() -> Select[date, int, str | None, bool, datetime]:
    second_day = (
        select(StrengthSessionRow.local_date)
        .where(
            StrengthSessionRow.user_id == bindparam("user_id"),
            StrengthSessionRow.local_date <= bindparam("end"),
        )
        .distinct()
        .order_by(StrengthSessionRow.local_date.desc())
        .limit(1)
        .offset(1)
        .scalar_subquery()
    )
    return (
        select(
            StrengthSessionRow.local_date,
            StrengthSessionRow.length_minutes,
            StrengthSessionRow.felt,
            StrengthSessionRow.stopped_early,
            StrengthSessionRow.started_at,
        )
        .where(
            StrengthSessionRow.user_id == bindparam("user_id"),
            StrengthSessionRow.local_date <= bindparam("end"),
            # From the earlier of week_start and the second day (every day when there is no
            # second day), written as one lower bound so the (user_id, local_date) index
            # bounds the scan.
            StrengthSessionRow.local_date
            >= case(
                (second_day.is_(None), literal(date.min)),
                (second_day < bindparam("week_start"), second_day),
                else_=bindparam("week_start"),
            ),
        )
        .order_by(
            StrengthSessionRow.local_date.desc(),
            StrengthSessionRow.started_at.desc(),
            StrengthSessionRow.id.desc(),
        )
        .limit(bindparam("limit", type_=Integer))
    )


#: Built once (bound parameters ``user_id``, ``week_start``, ``end``, ``limit``): building the
#: statement costs more than SQLite takes to run it.
_PLANNING_ROWS = _planning_rows()


def planning_rows(
    session: Session, user_id: int, *, week_start: date, end: date, limit: int
) -> Sequence[Row[date, int, str | None, bool, datetime]]:
    """(local_date, length_minutes, felt, stopped_early, started_at) of the sessions up to ``end`` from the
    earlier of ``week_start`` and the second-newest day with a session (all of them when there
    is no second day), in the order of ``list_sessions``; the sets and the stored plan are not
    read. One query: the second day is a subquery."""
    params = {"user_id": user_id, "week_start": week_start, "end": end, "limit": limit}
    return reads.rows(session, _PLANNING_ROWS, params)
