"""Plain column reads for the hot paths, without the ORM's per-statement work."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVarTuple

from sqlalchemy import Row, Select
from sqlalchemy.orm import Session

_Ts = TypeVarTuple("_Ts")


def rows(
    session: Session, statement: Select[*_Ts], params: Mapping[str, Any]
) -> Sequence[Row[*_Ts]]:
    """``session.execute(statement, params).all()`` for a select of columns, run on the
    session's connection directly: the ORM's work per statement (about 60 µs, measured on
    PostgreSQL) is skipped. Pending ORM changes are flushed first, as the ORM would."""
    session.flush()
    return session.connection().execute(statement, params).all()
