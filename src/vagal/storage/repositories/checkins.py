"""Daily check-ins. Every query is scoped to the owner's user id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from pydantic_core import from_json
from sqlalchemy import Row, Text, bindparam, cast, select
from sqlalchemy.orm import Session

from vagal.storage.repositories import reads
from vagal.storage.rows import CheckinRow

# The hot reads' statements are built once, with bound parameters: building a statement costs
# more than SQLite takes to run it.
_GET_CHECKIN = select(CheckinRow).where(
    CheckinRow.user_id == bindparam("user_id"), CheckinRow.local_date == bindparam("local_date")
)


def get_checkin(session: Session, user_id: int, local_date: date) -> CheckinRow | None:
    params = {"user_id": user_id, "local_date": local_date}
    return session.scalars(_GET_CHECKIN, params).one_or_none()


#: The columns of a listed check-in, in this order (all but the ids and ``support_shown``).
#: The three short JSON lists are read as their text, so that the usual empty list costs no
#: JSON parsing (``_json_list``).
LIST_COLUMNS = (
    CheckinRow.local_date,
    CheckinRow.sleep_hours,
    CheckinRow.sleep_quality,
    CheckinRow.energy,
    CheckinRow.distress,
    CheckinRow.state,
    cast(CheckinRow.body_signals, Text),
    CheckinRow.note,
    cast(CheckinRow.tags, Text),
    cast(CheckinRow.health_flags, Text),
    CheckinRow.last_session_landed,
    CheckinRow.created_at,
    CheckinRow.updated_at,
)

#: One listed check-in: the values of ``LIST_COLUMNS`` with the JSON lists decoded.
CheckinValues = tuple[
    date,
    float | None,
    int | None,
    int | None,
    int | None,
    str | None,
    list[str],
    str,
    list[str],
    list[str],
    str | None,
    datetime,
    datetime,
]


def _json_list(text: str | None) -> list[str]:
    if text is None or text == "[]":
        return []
    value = from_json(text)
    return [str(v) for v in value] if isinstance(value, list) else []


def list_checkins(
    session: Session,
    user_id: int,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[CheckinValues]:
    """Newest first, optionally within [start, end] (inclusive), as plain values (read-only,
    far cheaper than loading ORM objects)."""
    query = select(*LIST_COLUMNS).where(CheckinRow.user_id == user_id)
    if start is not None:
        query = query.where(CheckinRow.local_date >= start)
    if end is not None:
        query = query.where(CheckinRow.local_date <= end)
    query = query.order_by(CheckinRow.local_date.desc()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [
        (day, hours, quality, energy, distress, state, _json_list(signals), note,
         _json_list(tags), _json_list(flags), landed, created, updated)
        for (day, hours, quality, energy, distress, state, signals, note, tags, flags, landed,
             created, updated) in reads.rows(session, query, {})
    ]  # fmt: skip


def add_checkin(session: Session, row: CheckinRow) -> CheckinRow:
    session.add(row)
    session.flush()
    return row


_LANDINGS = select(CheckinRow.local_date, CheckinRow.last_session_landed).where(
    CheckinRow.user_id == bindparam("user_id"),
    CheckinRow.local_date >= bindparam("start"),
    CheckinRow.local_date <= bindparam("end"),
    CheckinRow.last_session_landed.is_not(None),
)


def landings(session: Session, user_id: int, start: date, end: date) -> Sequence[Row[date, str]]:
    """(local_date, last_session_landed) of the check-ins in [start, end] that say how the
    previous day's session landed; only those two columns are read."""
    params = {"user_id": user_id, "start": start, "end": end}
    return session.execute(_LANDINGS, params).all()  # type: ignore[return-value]
