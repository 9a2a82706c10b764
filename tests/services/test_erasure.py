"""Erasing an account removes every row of the person, in every table, and nothing else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text

from tests.conftest import PASSWORD, make_account, make_token
from tests.services.personal_data import NOW, fill_everything
from vagal.errors import InvalidInput
from vagal.services import accounts, erasure
from vagal.services.accounts import Account, email_key
from vagal.storage.db import Database
from vagal.storage.rows import Base, LoginFailureRow

HASHER = accounts.make_password_hasher("fast-insecure-for-tests")


def rows_referring_to(db: Database, account: Account) -> dict[str, int]:
    """For every table in the metadata: rows that name this person (by id or email hash)."""
    found: dict[str, int] = {}
    with db.session(write=False) as session:
        for table in Base.metadata.sorted_tables:
            conditions: list[Any] = []
            if table.name == "users":
                conditions.append(table.c.id == account.id)
            for column in table.columns:
                if any(fk.column.table.name == "users" for fk in column.foreign_keys):
                    conditions.append(column == account.id)
            if "email_hash" in table.c:
                conditions.append(table.c.email_hash == email_key(account.email))
            assert conditions, f"{table.name}: how does this table name a person?"
            count = sum(
                int(session.scalar(select(func.count()).select_from(table).where(c)) or 0)
                for c in conditions
            )
            found[table.name] = count
    return found


def snapshot(db: Database, account: Account) -> dict[str, int]:
    return rows_referring_to(db, account)


def test_erasure_removes_every_row_of_the_person_and_only_theirs(db: Database) -> None:
    person = make_account(db, "person@example.org")
    other = make_account(db, "other@example.org")
    fill_everything(db, person)
    fill_everything(db, other, seed=8)
    make_token(db, person, NOW)
    make_token(db, other, NOW)
    with db.session(write=True) as session:
        for account in (person, other):
            accounts.record_login_failure(session, account.email, now=NOW - timedelta(minutes=1))
    before = rows_referring_to(db, person)
    assert all(count > 0 for count in before.values()), before  # the test covers every table
    others_before = snapshot(db, other)
    with db.session(write=True) as session:
        removed = erasure.erase_account(session, person)
    assert removed["users"] == 1
    assert removed["checkins"] == before["checkins"]
    assert rows_referring_to(db, person) == dict.fromkeys(before, 0)
    assert snapshot(db, other) == others_before
    with db.session(write=False) as session:
        assert accounts.account_by_email(session, person.email) is None
        assert session.scalar(select(func.count()).select_from(LoginFailureRow)) == 1


def test_sqlite_enforces_foreign_keys(db: Database) -> None:
    if not db.is_sqlite:
        pytest.skip("SQLite only")
    with db.session(write=False) as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_a_wrong_password_deletes_nothing(db: Database) -> None:
    person = make_account(db, "person@example.org")
    fill_everything(db, person)
    before = rows_referring_to(db, person)
    for wrong in ("", "not the password"):
        with (
            pytest.raises(InvalidInput, match="nothing was deleted"),
            db.session(write=True) as session,
        ):
            erasure.erase_with_password(session, HASHER, person, password=wrong)
    assert rows_referring_to(db, person) == before
    with db.session(write=True) as session:
        erasure.erase_with_password(session, HASHER, person, password=PASSWORD)
    assert sum(rows_referring_to(db, person).values()) == 0
