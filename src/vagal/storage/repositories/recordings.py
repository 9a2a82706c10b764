"""Recordings, imports and daily summaries. Every query is scoped to the owner's user id."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Row,
    Select,
    Text,
    bindparam,
    case,
    cast,
    column,
    func,
    insert,
    select,
    true,
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
#: quality) as stored in its cached metrics (each may be missing: None).
MorningValues = tuple[date, Any, Any, Any]
_MORNING_KEYS = ("ln_rmssd", "mean_hr_bpm", "quality")


def _morning_statements() -> dict[tuple[bool, bool], Select[Any]]:
    """The four forms of the ``morning_values`` query, built once ((SQLite?, newest first?)):
    building a statement costs more than SQLite takes to run it. The values are bound
    parameters (``user_id``, ``start``, ``end``, ``after``, ``before``)."""
    ids = select(RecordingRow.id).where(
        RecordingRow.user_id == bindparam("user_id"),
        RecordingRow.started_at >= bindparam("after"),
        RecordingRow.started_at < bindparam("before"),
    )
    where = (
        RecordingRow.user_id == bindparam("user_id"),
        RecordingRow.id.in_(ids.scalar_subquery()),
        RecordingRow.kind == "morning",
        RecordingRow.local_date >= bindparam("start"),
        RecordingRow.local_date <= bindparam("end"),
    )
    # SQLite: its JSON functions refuse a report holding NaN or Infinity (Python writes them),
    # so such a report comes back whole, as text, and is decoded in Python instead.
    valid = func.json_valid(RecordingRow.metrics) == 1
    extracted = [
        case((valid, func.json_extract(RecordingRow.metrics, f"$.{key}"))) for key in _MORNING_KEYS
    ]
    raw = case((valid, None), else_=cast(RecordingRow.metrics, Text))
    values = (
        func.json_to_record(RecordingRow.metrics)
        .table_valued(*(column(key, JSON) for key in _MORNING_KEYS))
        .render_derived(name="morning", with_types=True)
        .lateral()
    )
    out: dict[tuple[bool, bool], Select[Any]] = {}
    for newest_first in (True, False):
        if newest_first:
            order: tuple[Any, ...] = (RecordingRow.started_at.desc(), RecordingRow.id.desc())
        else:
            order = (RecordingRow.local_date,)
        out[True, newest_first] = (
            select(RecordingRow.local_date, raw, *extracted).where(*where).order_by(*order)
        )
        # PostgreSQL's ``json`` type re-parses the whole text for each ``->``; one
        # ``json_to_record`` parses each report once, in the database, and returns the three
        # values as small JSON (faster than decoding whole reports in Python).
        out[False, newest_first] = (
            select(RecordingRow.local_date, *(values.c[key] for key in _MORNING_KEYS))
            .select_from(RecordingRow)
            .join(values, true())
            .where(*where)
            .order_by(*order)
        )
    return out


_MORNING_STATEMENTS = _morning_statements()


def morning_values(
    session: Session, user_id: int, start: date, end: date, *, newest_first: bool = True
) -> list[MorningValues]:
    """The morning recordings with ``local_date`` in [start, end]: the three metrics baselines
    and charts use, from each cached report. On SQLite the database's JSON functions take them
    out (decoding whole reports in Python costs far more). Newest first (by start time, as
    ``list_recordings``), or oldest first by day. The RR blobs are not read.
    """
    # A local day lies within a day of the same UTC day: this bound on the start time lets the
    # natural-key index narrow the search; ``local_date`` stays the exact condition.
    params = {
        "user_id": user_id,
        "start": start,
        "end": end,
        "after": datetime.combine(start - timedelta(days=1), time.min, UTC),
        "before": datetime.combine(end + timedelta(days=2), time.min, UTC),
    }
    sqlite = session.get_bind().dialect.name == "sqlite"
    rows = session.execute(_MORNING_STATEMENTS[sqlite, newest_first], params)
    if not sqlite:
        return [tuple(row) for row in rows]
    out: list[MorningValues] = []
    for day, text, a, b, c in rows:
        if text is not None:
            metrics = json.loads(text)
            a, b, c = (metrics.get(key) for key in _MORNING_KEYS)
        out.append((day, a, b, c))
    return out


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
