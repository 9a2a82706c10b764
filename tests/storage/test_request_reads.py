"""Reads every request makes (the sign-in check, the profile for the planner) give exactly what
the separate reads gave, for the owner only, in one query each, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, event, func, select, update

from tests.conftest import make_account
from vagal.catalog.screening import QUESTION_IDS
from vagal.errors import Unauthenticated
from vagal.services import accounts, profile
from vagal.services.accounts import Account
from vagal.storage.db import Database, WriteInReadSession
from vagal.storage.rows import CheckinRow, UserRow

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


@contextmanager
def selects(db: Database) -> Iterator[list[str]]:
    """The SELECT statements sent while the block runs."""
    seen: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _token(db: Database, person: Account, *, expires_in: timedelta | None = None) -> str:
    with db.session(write=True) as session:
        token, _ = accounts.create_token(
            session, person, name="phone", now=NOW, expires_in=expires_in
        )
    return token


def test_the_sign_in_check_finds_each_owner_in_one_query(db: Database) -> None:
    ana = make_account(db, "ana@example.org", timezone="Europe/Berlin")
    ben = make_account(db, "ben@example.org", timezone="America/Toronto")
    for person in (ana, ben):
        token = _token(db, person)
        with db.session(write=False) as session, selects(db) as seen:
            found = accounts.account_for_token(session, token, now=NOW)
        assert found == person
        with db.session(write=False) as session:
            assert found == accounts.get_account(session, person.id)
        assert len(seen) == 1


def test_the_sign_in_check_refuses_revoked_expired_and_unknown_tokens(db: Database) -> None:
    person = make_account(db, "cleo@example.org")
    expiring = _token(db, person, expires_in=timedelta(hours=1))
    revoked = _token(db, person)
    with db.session(write=True) as session:
        revoked_id = accounts.list_tokens(session, person)[0].id
        accounts.revoke_token(session, person, revoked_id, now=NOW)
    with db.session(write=False) as session:
        assert accounts.account_for_token(session, expiring, now=NOW) == person
        for token, at in (
            (expiring, NOW + timedelta(hours=1)),
            (revoked, NOW),
            ("not-a-token", NOW),
            ("", NOW),
        ):
            with pytest.raises(Unauthenticated):
                accounts.account_for_token(session, token, now=at)


@pytest.mark.parametrize("stage", ["nothing", "screening", "screening_and_profile"])
def test_profile_and_screening_read_together_equal_the_separate_reads(
    db: Database, stage: str
) -> None:
    person = make_account(db, "dara@example.org")
    other = make_account(db, "eli@example.org")
    with db.session(write=True) as session:
        # Someone else's answers never show up in this person's reads.
        profile.save_screening(
            session, other, dict.fromkeys(QUESTION_IDS, True), clinician_clearance=False, now=NOW
        )
        if stage != "nothing":
            answers = dict.fromkeys(QUESTION_IDS, False)
            profile.save_screening(session, person, answers, clinician_clearance=False, now=NOW)
        if stage == "screening_and_profile":
            profile.save_profile(
                session,
                person,
                goals=["calmer_days"],
                experience="some",
                equipment=["bands"],
                session_minutes=15,
                strength_days_per_week=3,
                preferred_weekdays=[0, 2, 4],
                reminder_time="07:30",
                cold_exposure_ok=False,
                now=NOW,
            )
    with db.session(write=False) as session:
        separate = (profile.get_profile(session, person), profile.get_screening(session, person))
    with db.session(write=False) as session, selects(db) as seen:
        together = profile.get_profile_and_screening(session, person)
    assert together == separate
    assert len(seen) == 1


def test_a_read_session_refuses_to_write_on_either_database(db: Database) -> None:
    """Reads on PostgreSQL run without a transaction, so nothing would roll a stray write back:
    a read session refuses every INSERT, UPDATE and DELETE (the ORM's and Core's alike)."""
    person = make_account(db, "reader@example.org")
    row = CheckinRow(user_id=person.id, local_date=NOW.date(), created_at=NOW, updated_at=NOW)
    with db.session(write=False) as session:
        session.add(row)
        with pytest.raises(WriteInReadSession, match="INSERT"):
            session.flush()
    for statement in (
        update(UserRow).where(UserRow.id == person.id).values(timezone="Asia/Tokyo"),
        delete(UserRow).where(UserRow.id == person.id),
    ):
        with pytest.raises(WriteInReadSession), db.session(write=False) as session:
            session.execute(statement)
    with db.session(write=False) as session:
        assert session.scalar(select(func.count()).select_from(CheckinRow)) == 0
        assert session.get(UserRow, person.id) is not None
    with db.session(write=True) as session:  # writes still write
        session.execute(update(UserRow).where(UserRow.id == person.id).values(timezone="UTC"))


def test_reads_need_no_begin_or_rollback_on_postgresql(db: Database) -> None:
    """The round trips a read saves on PostgreSQL (SQLite keeps its cheap local BEGIN DEFERRED)."""
    person = make_account(db, "trips@example.org")
    token = _token(db, person)
    sent: list[str] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        sent.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        with db.session(write=False) as session:
            assert accounts.account_for_token(session, token, now=NOW).id == person.id
            dbapi = session.connection().connection.dbapi_connection
            autocommit = getattr(dbapi, "autocommit", None)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    if db.is_sqlite:
        assert sent == ["BEGIN", "SELECT"]
    else:
        assert sent == ["SELECT"] and autocommit is True
