"""Schema migrations (Alembic), driven from code: `vagal db upgrade` and the tests use this."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    return config


def heads() -> tuple[str, ...]:
    return tuple(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def is_up_to_date(engine: Engine) -> bool:
    return current_revision(engine) in heads()


def upgrade(engine: Engine, *, now: datetime, backup: bool = True) -> Path | None:
    """Upgrade the database to the head revision.

    For a SQLite file that already holds data and is behind, a copy is made first
    (``<file>.backup-<revision>-<UTC time>``); its path is returned.
    """
    backup_path = _backup_sqlite(engine, now) if backup and not is_up_to_date(engine) else None
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return backup_path


def _backup_sqlite(engine: Engine, now: datetime) -> Path | None:
    url = make_url(engine.url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    path = Path(url.database)
    revision = current_revision(engine)
    if not path.exists() or revision is None:
        return None
    target = path.with_name(f"{path.name}.backup-{revision}-{now:%Y%m%dT%H%M%SZ}")
    # SQLite's online backup API copies a consistent snapshot, WAL contents included.
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
    return target
