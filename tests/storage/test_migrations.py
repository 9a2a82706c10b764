"""Alembic discipline: one head, upgrade from empty on both databases, no drift."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect, text

from tests.conftest import _create_pg_database, _drop_pg_database, postgres_admin_url
from vagal.storage import migrate
from vagal.storage.db import Database, make_engine
from vagal.storage.rows import Base, metric_columns

NOW = datetime(2026, 3, 10, tzinfo=UTC)


def test_there_is_exactly_one_head() -> None:
    assert len(migrate.heads()) == 1


def test_migration_files_have_dated_names() -> None:
    names = [p.name for p in (migrate.MIGRATIONS_DIR / "versions").glob("*.py")]
    assert names
    assert all(re.match(r"^\d{8}_\w+\.py$", name) for name in names), names


def _upgrade_and_check(url: str) -> None:
    engine = make_engine(url)
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine, now=NOW)
        assert migrate.is_up_to_date(engine)
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_upgrade_from_empty_on_sqlite_has_no_drift(tmp_path: Path) -> None:
    _upgrade_and_check(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


@pytest.mark.postgres
def test_upgrade_from_empty_on_postgresql_has_no_drift(fresh_postgres_url: str) -> None:
    _upgrade_and_check(fresh_postgres_url)


def test_upgrading_a_behind_sqlite_file_backs_it_up_first(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('0000_gone')")
    engine = make_engine(f"sqlite:///{path}")
    try:
        backup = migrate._backup_sqlite(engine, NOW)
    finally:
        engine.dispose()
    assert backup is not None and backup.exists()
    assert backup.name == "old.sqlite3.backup-0000_gone-20260310T000000Z"


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    db = Database.from_url(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    finally:
        db.dispose()


def test_sqlite_write_sessions_begin_immediate(tmp_path: Path) -> None:
    """A write session takes the write lock at BEGIN: a second writer cannot start meanwhile."""
    db = Database.from_url(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(
        db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]), named=False
    )
    try:
        with db.session(write=True) as session:
            session.connection().exec_driver_sql("SELECT 1")
            other = sqlite3.connect(tmp_path / "w.sqlite3", timeout=0.05)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
        with db.session(write=False) as session:
            session.connection().exec_driver_sql("SELECT 1")
    finally:
        db.dispose()
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]


def _fill_before_0004(url: str) -> list[dict[str, object]]:
    """A database at 0003 holding recordings; returns the reports stored."""
    command.upgrade(migrate.alembic_config(url), "0003")
    reports: list[dict[str, object]] = [
        {"ln_rmssd": 3.4, "mean_hr_bpm": 58, "quality": "good", "rmssd_ms": 30.0},
        {"ln_rmssd": 2.9, "quality": "poor"},
        {"mean_hr_bpm": 70.5},
        {},
    ]
    engine = make_engine(url)
    try:
        tables = MetaData()
        tables.reflect(engine, only=["users", "recordings"])
        users, recordings = tables.tables["users"], tables.tables["recordings"]
        with engine.begin() as conn:
            conn.execute(
                users.insert().values(
                    id=1, email="m@example.org", password_hash="x", timezone="UTC",
                    session_version=1, created_at=NOW,
                )
            )  # fmt: skip
            for n, report in enumerate(reports):
                conn.execute(
                    recordings.insert().values(
                        user_id=1, started_at=NOW.replace(day=n + 1), local_date=date(2026, 3, n + 1),
                        source="test", kind="morning", rr_blob=b"", n_beats=0, duration_s=0.0,
                        metrics=report, algorithm_version="1", notes=[], created_at=NOW,
                    )
                )  # fmt: skip
    finally:
        engine.dispose()
    return reports


def _check_0004_fills_the_copied_columns(url: str) -> None:
    reports = _fill_before_0004(url)
    engine = make_engine(url)
    try:
        migrate.upgrade(engine, now=NOW, backup=False)
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT ln_rmssd, mean_hr_bpm, quality FROM recordings ORDER BY local_date")
            ).all()
    finally:
        engine.dispose()
    assert [tuple(r) for r in rows] == [
        tuple(metric_columns(report).values()) for report in reports
    ]
    assert rows[0] == (3.4, 58.0, "good") and rows[3] == (None, None, None)


def test_0004_copies_the_stored_reports_values_on_sqlite(tmp_path: Path) -> None:
    _check_0004_fills_the_copied_columns(f"sqlite:///{tmp_path / 'old.sqlite3'}")


@pytest.mark.postgres
def test_0004_copies_the_stored_reports_values_on_postgresql() -> None:
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip("no PostgreSQL: set VAGAL_TEST_POSTGRES_URL")
    url = _create_pg_database(admin)
    try:
        _check_0004_fills_the_copied_columns(url)
    finally:
        _drop_pg_database(admin, url)
