"""Every row that belongs to a person, found generically from the table metadata.

A table belongs to a person when one of its columns is a foreign key to ``users.id`` (the
"owner column", e.g. ``user_id``). Tables added later are picked up automatically by the export,
the restore and the erasure; ``tests/services/test_export.py`` fails when a table can hold a
person's data and none of them knows what to do with it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import Column, CursorResult, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from vagal.storage.rows import Base, LoginFailureRow, UserRow

USERS: Table = UserRow.__table__  # type: ignore[assignment]
FAILURES: Table = LoginFailureRow.__table__  # type: ignore[assignment]


def owner_column(table: Table) -> Column[Any] | None:
    """The column that names the owner (a foreign key to users.id), if the table has one."""
    for column in table.columns:
        if any(fk.column.table is USERS and fk.column.name == "id" for fk in column.foreign_keys):
            return column
    return None


def personal_tables() -> list[Table]:
    """Tables holding a person's rows, parents before children (metadata dependency order)."""
    return [t for t in Base.metadata.sorted_tables if owner_column(t) is not None]


def _order(table: Table) -> list[Column[Any]]:
    return list(table.primary_key.columns)


def iter_rows(
    session: Session, table: Table, user_id: int, *, batch: int = 500
) -> Iterator[Mapping[str, Any]]:
    """The person's rows of one table in primary-key order, fetched in batches."""
    owner = owner_column(table)
    assert owner is not None
    query = select(table).where(owner == user_id).order_by(*_order(table))
    result = session.execute(query.execution_options(yield_per=batch))
    for row in result.mappings():
        yield dict(row)


def count_rows(session: Session, table: Table, user_id: int) -> int:
    owner = owner_column(table)
    assert owner is not None
    return int(session.scalar(select(func.count()).select_from(table).where(owner == user_id)) or 0)


def has_any_rows(session: Session, user_id: int) -> list[str]:
    """Names of the tables in which this person already has rows."""
    return [t.name for t in personal_tables() if count_rows(session, t, user_id) > 0]


def insert_row(session: Session, table: Table, values: Mapping[str, Any]) -> Any:
    """Insert one row; returns its new primary key value (single-column keys)."""
    result: CursorResult[Any] = session.execute(insert(table).values(**values))  # type: ignore[assignment]
    key = result.inserted_primary_key
    return key[0] if key is not None and len(key) == 1 else None


def delete_rows(session: Session, table: Table, user_id: int) -> int:
    """Delete one person's rows of one table; returns how many went."""
    owner = owner_column(table)
    assert owner is not None
    result = session.execute(delete(table).where(owner == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def delete_person(session: Session, user_id: int, email_hash: str) -> dict[str, int]:
    """Delete every row of the person, children first, then the account itself.

    Done explicitly table by table rather than trusting ``ON DELETE CASCADE`` alone (SQLite only
    cascades when ``PRAGMA foreign_keys`` is on for the connection). Login-failure records carry
    no user id, only a hash of the email; those of this email go too.
    """
    removed: dict[str, int] = {}
    for table in reversed(personal_tables()):
        removed[table.name] = delete_rows(session, table, user_id)
    session.execute(delete(FAILURES).where(FAILURES.c.email_hash == email_hash))
    result = session.execute(delete(USERS).where(USERS.c.id == user_id))
    removed[USERS.name] = int(getattr(result, "rowcount", 0) or 0)
    return removed
