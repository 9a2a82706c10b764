"""Recordings, imports and daily summaries. Every query is scoped to the owner's user id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from vagal.storage.rows import DailySummaryRow, ImportRow, RecordingRow


def get_recording(session: Session, user_id: int, recording_id: int) -> RecordingRow | None:
    query = select(RecordingRow).where(
        RecordingRow.id == recording_id, RecordingRow.user_id == user_id
    )
    return session.scalars(query).one_or_none()


def find_by_natural_key(
    session: Session, user_id: int, source: str, started_at: datetime
) -> RecordingRow | None:
    query = select(RecordingRow).where(
        RecordingRow.user_id == user_id,
        RecordingRow.source == source,
        RecordingRow.started_at == started_at,
    )
    return session.scalars(query).one_or_none()


def list_recordings(
    session: Session,
    user_id: int,
    *,
    kind: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[RecordingRow]:
    """Newest first."""
    query = select(RecordingRow).where(RecordingRow.user_id == user_id)
    if kind is not None:
        query = query.where(RecordingRow.kind == kind)
    if start is not None:
        query = query.where(RecordingRow.local_date >= start)
    if end is not None:
        query = query.where(RecordingRow.local_date <= end)
    query = query.order_by(RecordingRow.started_at.desc(), RecordingRow.id.desc())
    return list(session.scalars(query.offset(offset).limit(limit)))


def add(session: Session, row: RecordingRow | ImportRow | DailySummaryRow) -> None:
    session.add(row)


def find_import_by_hash(session: Session, user_id: int, content_hash: str) -> ImportRow | None:
    query = select(ImportRow).where(
        ImportRow.user_id == user_id, ImportRow.content_hash == content_hash
    )
    return session.scalars(query).one_or_none()


def summary_exists(
    session: Session, user_id: int, source: str, metric: str, local_date: date
) -> bool:
    query = select(DailySummaryRow.id).where(
        DailySummaryRow.user_id == user_id,
        DailySummaryRow.source == source,
        DailySummaryRow.metric == metric,
        DailySummaryRow.local_date == local_date,
    )
    return session.scalars(query).first() is not None


def list_summaries(
    session: Session,
    user_id: int,
    *,
    metric: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[DailySummaryRow]:
    query = select(DailySummaryRow).where(DailySummaryRow.user_id == user_id)
    if metric is not None:
        query = query.where(DailySummaryRow.metric == metric)
    if start is not None:
        query = query.where(DailySummaryRow.local_date >= start)
    if end is not None:
        query = query.where(DailySummaryRow.local_date <= end)
    return list(session.scalars(query.order_by(DailySummaryRow.local_date.desc())))


def list_imports(session: Session, user_id: int, limit: int = 50) -> list[ImportRow]:
    query = (
        select(ImportRow)
        .where(ImportRow.user_id == user_id)
        .order_by(ImportRow.created_at.desc(), ImportRow.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def morning_metrics(
    session: Session, user_id: int, start: date, end: date
) -> Sequence[Row[date, dict[str, Any]]]:
    """(local_date, metrics) of the morning recordings in [start, end], newest first (as
    ``list_recordings``); the RR blob and the other columns are not read."""
    query = (
        select(RecordingRow.local_date, RecordingRow.metrics)
        .where(
            RecordingRow.user_id == user_id,
            RecordingRow.kind == "morning",
            RecordingRow.local_date >= start,
            RecordingRow.local_date <= end,
        )
        .order_by(RecordingRow.started_at.desc(), RecordingRow.id.desc())
    )
    return session.execute(query).all()
