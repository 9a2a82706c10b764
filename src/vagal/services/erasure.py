"""Erase an account: every row that belonged to the person, then the account itself."""

from __future__ import annotations

from pwdlib import PasswordHash
from sqlalchemy.orm import Session

from vagal.errors import InvalidInput, NotFound
from vagal.services.accounts import Account, email_key
from vagal.storage.repositories import personal_data as repo
from vagal.storage.repositories import users as users_repo


def erase_account(session: Session, account: Account) -> dict[str, int]:
    """Delete the person's rows in every table (children first) and the account.

    Returns the number of rows removed per table. The caller's transaction makes it all or
    nothing.
    """
    if users_repo.get_user(session, account.id) is None:
        raise NotFound("That account no longer exists.")
    return repo.delete_person(session, account.id, email_key(account.email))


def erase_with_password(
    session: Session, hasher: PasswordHash, account: Account, *, password: str
) -> dict[str, int]:
    """Erase the account once its password is confirmed (a typo never deletes anything)."""
    row = users_repo.get_user(session, account.id)
    if row is None:
        raise NotFound("That account no longer exists.")
    if not password or not hasher.verify(password, row.password_hash):
        raise InvalidInput(
            "That password is not right, so nothing was deleted. Type your password again.",
            details={"field": "password"},
        )
    return erase_account(session, account)
