"""Shared fixtures: a real database (SQLite by default, PostgreSQL when asked), the app, personas.

- ``VAGAL_TEST_DATABASE_URL``: run the database tests on this server (e.g. PostgreSQL).
- ``VAGAL_TEST_POSTGRES_URL``: a PostgreSQL server for the tests that must also prove PostgreSQL
  (migrations), whatever the main database is.
- ``CI=true``: a skipped PostgreSQL or browser test is a failure, not a skip.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from vagal.services import accounts
from vagal.services.accounts import Account
from vagal.settings import Settings
from vagal.storage import migrate
from vagal.storage.db import Database
from vagal.storage.rows import Base
from vagal.web.app import create_app

IN_CI = os.environ.get("CI", "").lower() == "true"
MUST_NOT_SKIP = ("browser", "postgres")
PASSWORD = "a calm long password"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and any(item.get_closest_marker(m) for m in MUST_NOT_SKIP):
        report.outcome = "failed"
        report.longrepr = f"CI=true: {item.nodeid} must run, but was skipped ({report.longrepr})"


def postgres_admin_url() -> str | None:
    url = os.environ.get("VAGAL_TEST_POSTGRES_URL", "")
    return url or None


@pytest.fixture(scope="session")
def fresh_postgres_url() -> Iterator[str]:
    """A brand-new, empty PostgreSQL database for this test session (dropped afterwards)."""
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip("no PostgreSQL: set VAGAL_TEST_POSTGRES_URL")
    url = _create_pg_database(admin)
    yield url
    _drop_pg_database(admin, url)


def _create_pg_database(admin_url: str) -> str:
    name = f"vagal_test_{secrets.token_hex(4)}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(admin_url: str, url: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The main test database: PostgreSQL when VAGAL_TEST_DATABASE_URL says so, else SQLite."""
    wanted = os.environ.get("VAGAL_TEST_DATABASE_URL", "")
    if wanted.startswith("postgresql"):
        url = _create_pg_database(wanted)
        yield url
        _drop_pg_database(wanted, url)
        return
    path = tmp_path_factory.mktemp("db") / "vagal-test.sqlite3"
    yield f"sqlite:///{path}"


@pytest.fixture(scope="session")
def database(database_url: str) -> Iterator[Database]:
    db = Database.from_url(database_url)
    migrate.upgrade(db.engine, now=datetime(2026, 1, 1, tzinfo=UTC), backup=False)
    yield db
    db.dispose()


@pytest.fixture
def db(database: Database) -> Iterator[Database]:
    """The database, emptied after the test (every table, children first)."""
    yield database
    with database.session(write=True) as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())


@dataclass
class Clock:
    """A settable clock for the app: tests move time instead of freezing it."""

    now: datetime = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=SecretStr(secrets.token_urlsafe(48)),
        data_dir=tmp_path / "data",
        password_hashing="fast-insecure-for-tests",
    )


@pytest.fixture
def app_client(settings: Settings, db: Database, clock: Clock) -> Iterator[TestClient]:
    app = create_app(settings, database=db, clock=clock)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


def make_account(
    db: Database, email: str, *, timezone: str = "UTC", password: str = PASSWORD
) -> Account:
    hasher = accounts.make_password_hasher("fast-insecure-for-tests")
    with db.session(write=True) as session:
        return accounts.sign_up(
            session,
            hasher,
            email=email,
            password=password,
            timezone=timezone,
            now=datetime(2026, 1, 1, tzinfo=UTC),
        )


def make_token(db: Database, account: Account, now: datetime) -> str:
    with db.session(write=True) as session:
        token, _ = accounts.create_token(session, account, name="test", now=now)
    return token


@dataclass(frozen=True)
class Persona:
    account: Account
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def client_persona(db: Database, clock: Clock) -> Persona:
    """The client: a person using vagal for themselves (time zone ahead of UTC)."""
    account = make_account(db, "client@example.org", timezone="Europe/Berlin")
    return Persona(account, make_token(db, account, clock.now))


@pytest.fixture
def other_persona(db: Database, clock: Clock) -> Persona:
    """Another client, whose data the first must never see."""
    account = make_account(db, "other@example.org", timezone="America/New_York")
    return Persona(account, make_token(db, account, clock.now))
