"""Engines and sessions.

SQLite gets WAL, foreign keys, a busy timeout, and write transactions that begin IMMEDIATE (so two
writers queue instead of failing half-way). Read sessions begin DEFERRED. PostgreSQL goes through
psycopg 3: writes in ordinary transactions, reads without one (autocommit: each statement sees the
latest committed data, as it would at PostgreSQL's default READ COMMITTED level inside a
transaction; BEGIN and ROLLBACK cost two round trips, about 1 ms a request). A snapshot read
(``session(write=False, snapshot=True)``, for exports) sees one state of the whole database: a
REPEATABLE READ transaction on PostgreSQL, SQLite's read transaction. A read session refuses to
write, on both databases.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic_core import from_json
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 5000
_BEGIN_OPTION = "vagal_sqlite_begin"
_READ_ONLY_OPTION = "vagal_read_only"


class WriteInReadSession(RuntimeError):
    """A read session (``Database.session(write=False)``) tried to change data: a bug."""


def _refuse_writes(
    conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool
) -> None:
    if not conn.get_execution_options().get(_READ_ONLY_OPTION):
        return
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        raise WriteInReadSession(f"a read session tried to write: {statement.split()[0]}")


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for ``url`` with vagal's connection settings."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, echo=echo)
    return create_engine(
        url, echo=echo, pool_pre_ping=True, future=True, json_deserializer=from_json
    )


def _sqlite_engine(url: str, *, echo: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        echo=echo,
        json_deserializer=from_json,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy (not the sqlite3 module) decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class Database:
    """An engine plus session factories for reading and for writing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        write_bind = (
            engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"}) if self.is_sqlite else engine
        )
        read_options: dict[str, Any] = {_READ_ONLY_OPTION: True}
        if not self.is_sqlite:
            read_options["isolation_level"] = "AUTOCOMMIT"
        if not event.contains(engine, "before_cursor_execute", _refuse_writes):
            event.listen(engine, "before_cursor_execute", _refuse_writes)
        read_bind = engine.execution_options(**read_options)
        snapshot_bind = (
            read_bind
            if self.is_sqlite
            else engine.execution_options(
                **{_READ_ONLY_OPTION: True, "isolation_level": "REPEATABLE READ"}
            )
        )
        self._read = sessionmaker(bind=read_bind, expire_on_commit=False, autoflush=True)
        self._snapshot = sessionmaker(bind=snapshot_bind, expire_on_commit=False, autoflush=True)
        self._write = sessionmaker(bind=write_bind, expire_on_commit=False, autoflush=True)

    @classmethod
    def from_url(cls, url: str) -> Database:
        return cls(make_engine(url))

    @contextmanager
    def session(self, *, write: bool, snapshot: bool = False) -> Iterator[Session]:
        """One transaction: committed when the block ends normally, rolled back on error.

        A read (``write=False``) refuses to write; with ``snapshot=True`` every statement sees the
        same state of the database (for a read of many tables that must fit together)."""
        factory = self._write if write else self._snapshot if snapshot else self._read
        with factory() as session:
            try:
                yield session
                if write:
                    session.commit()
                else:
                    session.rollback()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()
