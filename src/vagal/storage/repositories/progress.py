"""Read-only queries for the progress page and report: one query per kind of data per period.

Every query is scoped to the owner's user id and bounded by local dates (inclusive); each selects
only the columns the charts need, so three years of daily data stay cheap to read. The statements
are built once, with bound parameters (``user_id``, ``start``, ``end``): building a statement
costs more than SQLite takes to run it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    Integer,
    Row,
    Select,
    String,
    bindparam,
    cast,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from vagal.storage.repositories import reads
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
    return reads.rows(session, _CHECKINS, params)


def _activities() -> Select[
    int, date, str | None, str | None, int | None, int | None, int | None, bool | None
]:
    """Moments, practice logs and strength sessions of a period as one statement (UNION ALL,
    told apart by ``part``: 0, 1, 2), one round trip instead of three. Each part fills the
    columns it has (see ``activities``) and leaves the others NULL."""

    def where(row: Any) -> tuple[Any, ...]:
        return (
            row.user_id == bindparam("user_id"),
            row.local_date >= bindparam("start"),
            row.local_date <= bindparam("end"),
        )

    def none(kind: Any) -> Any:
        return cast(null(), kind)

    moments = select(
        literal(0).label("part"), MomentRow.local_date, MomentRow.started_at,
        MomentRow.state.label("t1"), none(String).label("t2"),
        MomentRow.recovery_s.label("n1"), none(Integer).label("n2"), none(Integer).label("n3"),
        none(Boolean).label("flag"),
    ).where(*where(MomentRow))  # fmt: skip
    logs = select(
        literal(1), PracticeLogRow.local_date, PracticeLogRow.started_at,
        PracticeLogRow.practice_id, PracticeLogRow.state_before,
        PracticeLogRow.done_s, PracticeLogRow.distress_before, PracticeLogRow.distress_after,
        PracticeLogRow.completed,
    ).where(*where(PracticeLogRow))  # fmt: skip
    sessions = select(
        literal(2), StrengthSessionRow.local_date, StrengthSessionRow.started_at,
        StrengthSessionRow.felt, none(String),
        cast(StrengthSessionRow.length_minutes, Integer), none(Integer), none(Integer),
        StrengthSessionRow.stopped_early,
    ).where(*where(StrengthSessionRow))  # fmt: skip
    both = union_all(moments, logs, sessions).subquery()
    c = both.c
    return select(c.part, c.local_date, c.t1, c.t2, c.n1, c.n2, c.n3, c.flag).order_by(
        c.part, c.local_date, c.started_at
    )


_ACTIVITIES = _activities()


class MomentDone(NamedTuple):
    local_date: date
    state: str
    recovery_s: int | None


class PracticeDone(NamedTuple):
    local_date: date
    practice_id: str
    done_s: int
    completed: bool
    distress_before: int | None
    distress_after: int | None
    state_before: str | None


class StrengthDone(NamedTuple):
    local_date: date
    length_minutes: int
    felt: str | None
    stopped_early: bool


@dataclass(frozen=True, slots=True)
class Activities:
    """A period's moments, practice logs and strength sessions, each by day then start time."""

    moments: list[MomentDone]
    practices: list[PracticeDone]
    sessions: list[StrengthDone]


def activities(session: Session, user_id: int, start: date, end: date) -> Activities:
    params = {"user_id": user_id, "start": start, "end": end}
    out = Activities([], [], [])
    for part, day, t1, t2, n1, n2, n3, flag in reads.rows(session, _ACTIVITIES, params):
        if part == 0:
            out.moments.append(MomentDone(day, t1 or "", n1))
        elif part == 1:
            out.practices.append(PracticeDone(day, t1 or "", n1 or 0, bool(flag), n2, n3, t2))
        else:
            out.sessions.append(StrengthDone(day, n1 or 0, t1, bool(flag)))
    return out
