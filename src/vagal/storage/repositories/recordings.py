"""Recordings, imports and daily summaries. Every query is scoped to the owner's user id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Row,
    Select,
    bindparam,
    insert,
    select,
)
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


#: The columns a listed recording shows: everything but the RR series (``rr_blob``), which a
#: list never needs, and the owner and import ids.
LIST_COLUMNS = (
    RecordingRow.id,
    RecordingRow.started_at,
    RecordingRow.local_date,
    RecordingRow.source,
    RecordingRow.kind,
    RecordingRow.n_beats,
    RecordingRow.duration_s,
    RecordingRow.metrics,
    RecordingRow.algorithm_version,
    RecordingRow.notes,
)


def list_recordings(
    session: Session,
    user_id: int,
    *,
    kind: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> Sequence[Row[*tuple[Any, ...]]]:
    """Newest first: plain rows of ``LIST_COLUMNS`` (the RR blobs are not read).

    The page's ids are chosen first (sorting only ids and start times, from the index of the
    natural key), then only those rows are read: sorting whole rows would carry every
    recording's metrics through the sort just to keep a page of them.
    """
    order = (RecordingRow.started_at.desc(), RecordingRow.id.desc())
    page = select(RecordingRow.id).where(RecordingRow.user_id == user_id)
    if kind is not None:
        page = page.where(RecordingRow.kind == kind)
    if start is not None:
        page = page.where(RecordingRow.local_date >= start)
    if end is not None:
        page = page.where(RecordingRow.local_date <= end)
    page = page.order_by(*order).offset(offset).limit(limit)
    query = (
        select(*LIST_COLUMNS)
        .where(RecordingRow.user_id == user_id, RecordingRow.id.in_(page.scalar_subquery()))
        .order_by(*order)
    )
    return session.execute(query).all()


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


#: A morning recording's values for baselines and charts: (local_date, ln_rmssd, mean_hr_bpm,
#: quality), each None when its report lacks it.
MorningValues = tuple[date, float | None, float | None, str | None]


def _morning_statements() -> dict[bool, Select[date, float | None, float | None, str | None]]:
    """The ``morning_values`` query, newest first (True) or oldest first, built once with bound
    parameters (``user_id``, ``start``, ``end``): building a statement costs more than the
    database takes to run it."""
    query = select(
        RecordingRow.local_date,
        RecordingRow.ln_rmssd,
        RecordingRow.mean_hr_bpm,
        RecordingRow.quality,
    ).where(
        RecordingRow.user_id == bindparam("user_id"),
        RecordingRow.local_date >= bindparam("start"),
        RecordingRow.local_date <= bindparam("end"),
        RecordingRow.kind == "morning",
    )
    return {
        True: query.order_by(RecordingRow.started_at.desc(), RecordingRow.id.desc()),
        False: query.order_by(RecordingRow.local_date, RecordingRow.started_at, RecordingRow.id),
    }


_MORNING_STATEMENTS = _morning_statements()


def morning_values(
    session: Session, user_id: int, start: date, end: date, *, newest_first: bool = True
) -> list[MorningValues]:
    """The morning recordings with ``local_date`` in [start, end]: the three values baselines
    and charts use (columns copied from each report; neither the report nor the RR series is
    read). Newest first (by start time, as ``list_recordings``), or oldest first by day."""
    params = {"user_id": user_id, "start": start, "end": end}
    rows = session.execute(_MORNING_STATEMENTS[newest_first], params).all()
    return [(day, ln, hr, quality) for day, ln, hr, quality in rows]


# --- bulk paths for imports (one publish transaction) ------------------------------------------


def recording_keys(session: Session, user_id: int) -> set[tuple[str, datetime]]:
    """(source, start in UTC) of every recording this person already has."""
    query = select(RecordingRow.source, RecordingRow.started_at).where(
        RecordingRow.user_id == user_id
    )
    return {(source, started.astimezone(UTC)) for source, started in session.execute(query)}


def summary_keys(session: Session, user_id: int) -> set[tuple[str, str, date]]:
    """(source, metric, local day) of every daily value this person already has."""
    query = select(DailySummaryRow.source, DailySummaryRow.metric, DailySummaryRow.local_date)
    query = query.where(DailySummaryRow.user_id == user_id)
    return {(source, metric, day) for source, metric, day in session.execute(query)}


def insert_recordings(session: Session, values: list[dict[str, Any]]) -> list[int]:
    """Insert new recordings in bulk; their ids, in the order given."""
    if not values:
        return []
    query = insert(RecordingRow).returning(RecordingRow.id, sort_by_parameter_order=True)
    return list(session.scalars(query, values))


def insert_summaries(session: Session, values: list[dict[str, Any]]) -> None:
    """Insert new daily values in bulk."""
    if values:
        session.execute(insert(DailySummaryRow), values)
