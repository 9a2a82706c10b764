"""Recordings, imports and daily summaries. Every query is scoped to the owner's user id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Float,
    Row,
    Select,
    bindparam,
    cast,
    insert,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from vagal.storage.repositories import reads
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


#: An imported daily value: (local_date, metric, value), e.g. (day, "rmssd_ms", 42.0).
DailyValue = tuple[date, str, float]


def _morning_and_daily() -> Select[date, int, float | None, float | None, str | None]:
    """The statement of ``morning_and_daily_values``, built once with bound parameters
    (``user_id``, ``metrics``, ``start``, ``end``): the two reads as one UNION ALL (``part`` 0
    and 1), one round trip to the database instead of two."""
    morning = select(
        RecordingRow.local_date,
        literal(0).label("part"),
        RecordingRow.ln_rmssd.label("a"),
        RecordingRow.mean_hr_bpm.label("b"),
        RecordingRow.quality.label("text"),
        RecordingRow.started_at.label("at"),
        RecordingRow.id.label("row_id"),
    ).where(
        RecordingRow.user_id == bindparam("user_id"),
        RecordingRow.local_date >= bindparam("start"),
        RecordingRow.local_date <= bindparam("end"),
        RecordingRow.kind == "morning",
    )
    daily = select(
        DailySummaryRow.local_date,
        literal(1).label("part"),
        DailySummaryRow.value.label("a"),
        cast(null(), Float).label("b"),
        DailySummaryRow.metric.label("text"),
        cast(null(), RecordingRow.started_at.type).label("at"),
        DailySummaryRow.id.label("row_id"),
    ).where(
        DailySummaryRow.user_id == bindparam("user_id"),
        DailySummaryRow.metric.in_(bindparam("metrics", expanding=True)),
        DailySummaryRow.local_date >= bindparam("start"),
        DailySummaryRow.local_date <= bindparam("end"),
    )
    both = union_all(morning, daily).subquery()
    return select(both.c.local_date, both.c.part, both.c.a, both.c.b, both.c.text).order_by(
        both.c.part, both.c.local_date, both.c.at, both.c.row_id
    )


_MORNING_AND_DAILY = _morning_and_daily()


def morning_and_daily_values(
    session: Session, user_id: int, metrics: Sequence[str], start: date, end: date
) -> tuple[list[MorningValues], list[DailyValue]]:
    """The morning recordings with ``local_date`` in [start, end] (their three copied values:
    neither the report nor the RR series is read), and the imported daily values of ``metrics``
    in the same days; each list oldest first, read in one statement."""
    params = {"user_id": user_id, "metrics": list(metrics), "start": start, "end": end}
    morning: list[MorningValues] = []
    daily: list[DailyValue] = []
    for day, part, a, b, text in reads.rows(session, _MORNING_AND_DAILY, params):
        if part == 0:
            morning.append((day, a, b, text))
        elif a is not None and text is not None:
            daily.append((day, text, a))
    return morning, daily


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
