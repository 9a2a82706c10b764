"""Accounts: sign-up, login with throttling, password change, time zone, API tokens.

Services take the session and ``now`` as arguments and never commit: the caller owns the
transaction (one per request or command).
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy.orm import Session

from vagal.errors import Conflict, InvalidInput, NotFound, TooManyAttempts, Unauthenticated
from vagal.storage.repositories import users as repo
from vagal.storage.rows import ApiTokenRow, UserRow

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
TOKEN_PREFIX = "vgl_"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    email: str
    timezone: str
    session_version: int

    @classmethod
    def from_row(cls, row: UserRow) -> Account:
        return cls(row.id, row.email, row.timezone, row.session_version)

    def local_today(self, now: datetime) -> datetime:
        """``now`` in this person's time zone (its date is their local day)."""
        return now.astimezone(ZoneInfo(self.timezone))


@dataclass(frozen=True, slots=True)
class TokenInfo:
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def from_row(cls, row: ApiTokenRow) -> TokenInfo:
        return cls(
            row.id,
            row.name,
            row.prefix,
            row.created_at,
            row.expires_at,
            row.last_used_at,
            row.revoked_at,
        )

    def is_active(self, now: datetime) -> bool:
        return token_is_active(self.revoked_at, self.expires_at, now)


@dataclass(frozen=True, slots=True)
class LoginPolicy:
    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)


def make_password_hasher(profile: str) -> PasswordHash:
    """argon2id; the fast profile exists only so the test suite is quick."""
    if profile == "fast-insecure-for-tests":
        return PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    return PasswordHash((Argon2Hasher(),))


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if not _EMAIL.match(value) or len(value) > 320:
        raise InvalidInput(
            "That email address does not look complete. Check it has a name, an @ and a domain.",
            details={"field": "email"},
        )
    return value


def validate_timezone(name: str) -> str:
    value = name.strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"'{value}' is not a time zone vagal knows. Choose one such as Europe/London.",
            details={"field": "timezone"},
        ) from None
    if value not in available_timezones() and value != "UTC":
        raise InvalidInput(
            f"'{value}' is not a time zone vagal knows. Choose one such as Europe/London.",
            details={"field": "timezone"},
        )
    return value


def validate_password(password: str, *, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters; "
            "a few unrelated words work well.",
            details={"field": field},
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            f"That password is longer than {MAX_PASSWORD_LENGTH} characters. Choose a shorter one.",
            details={"field": field},
        )
    return password


def sign_up(
    session: Session,
    hasher: PasswordHash,
    *,
    email: str,
    password: str,
    timezone: str,
    now: datetime,
) -> Account:
    address = normalise_email(email)
    validate_password(password)
    zone = validate_timezone(timezone)
    if repo.get_user_by_email(session, address) is not None:
        raise Conflict(
            "An account with that email already exists. Log in instead, or use another address.",
            code="email_taken",
            details={"field": "email"},
        )
    row = repo.add_user(
        session, email=address, password_hash=hasher.hash(password), timezone=zone, now=now
    )
    return Account.from_row(row)


def email_key(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def check_throttle(session: Session, email: str, now: datetime, policy: LoginPolicy) -> None:
    """Raise TooManyAttempts while this email is paused after repeated failures."""
    key = email_key(email)
    since = now - policy.lockout
    if repo.count_recent_failures(session, key, since) < policy.max_failures:
        return
    latest = repo.latest_failure(session, key)
    wait = policy.lockout - (now - latest) if latest else policy.lockout
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    raise TooManyAttempts(
        f"There were several unsuccessful attempts to log in to this account. "
        f"Please wait about {minutes} minute{'s' if minutes != 1 else ''} and try again.",
        details={"retry_after_s": int(wait.total_seconds()) + 1},
    )


def authenticate(
    session: Session,
    hasher: PasswordHash,
    *,
    email: str,
    password: str,
    now: datetime,
    policy: LoginPolicy,
) -> Account:
    """Check the email and password, or raise LoginFailed / TooManyAttempts.

    A failure must outlive the request's rollback, so adapters record it in a transaction of
    its own with ``record_login_failure``.
    """
    check_throttle(session, email, now, policy)
    row = repo.get_user_by_email(session, email.strip().lower())
    if row is None:
        hasher.hash(password)  # spend about the same time as a real check
        raise LoginFailed(
            "That email and password do not match an account. Check both and try again.",
            details={"field": "password"},
        )
    ok, new_hash = hasher.verify_and_update(password, row.password_hash)
    if not ok:
        raise LoginFailed(
            "That email and password do not match an account. Check both and try again.",
            details={"field": "password"},
        )
    if new_hash is not None:
        row.password_hash = new_hash
    repo.clear_failures(session, email_key(email))
    return Account.from_row(row)


def record_login_failure(session: Session, email: str, *, now: datetime) -> None:
    """Remember a failed login (by a hash of the email only), for throttling."""
    repo.add_failure(session, email_key(email), now)


class LoginFailed(Unauthenticated):
    """Wrong email or password. Adapters commit the recorded failure, then show this."""

    code = "login_failed"


def account_by_email(session: Session, email: str) -> Account | None:
    row = repo.get_user_by_email(session, email.strip().lower())
    return Account.from_row(row) if row else None


def get_account(session: Session, user_id: int) -> Account | None:
    row = repo.get_user(session, user_id)
    return Account.from_row(row) if row else None


def change_password(
    session: Session,
    hasher: PasswordHash,
    account: Account,
    *,
    current_password: str,
    new_password: str,
) -> Account:
    row = repo.get_user(session, account.id)
    if row is None:
        raise NotFound("That account no longer exists.")
    if not hasher.verify(current_password, row.password_hash):
        raise InvalidInput(
            "Your current password is not right. Type it again.",
            details={"field": "current_password"},
        )
    validate_password(new_password, field="new_password")
    repo.set_password(session, account.id, hasher.hash(new_password))
    session.refresh(row)
    return Account.from_row(row)


def change_timezone(session: Session, account: Account, timezone: str) -> Account:
    zone = validate_timezone(timezone)
    repo.set_timezone(session, account.id, zone)
    return Account(account.id, account.email, zone, account.session_version)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session,
    account: Account,
    *,
    name: str,
    now: datetime,
    expires_in: timedelta | None = None,
) -> tuple[str, TokenInfo]:
    """Make a new API token. The token text is returned once and never stored."""
    label = name.strip() or "API token"
    if len(label) > 100:
        raise InvalidInput(
            "Token names can be at most 100 characters long.", details={"field": "name"}
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = repo.add_token(
        session,
        user_id=account.id,
        name=label,
        token_hash=_hash_token(token),
        prefix=token[:10],
        now=now,
        expires_at=now + expires_in if expires_in else None,
    )
    return token, TokenInfo.from_row(row)


def list_tokens(session: Session, account: Account) -> list[TokenInfo]:
    return [TokenInfo.from_row(row) for row in repo.list_tokens(session, account.id)]


def revoke_token(session: Session, account: Account, token_id: int, *, now: datetime) -> TokenInfo:
    row = repo.get_token(session, account.id, token_id)
    if row is None:
        raise NotFound("There is no such token.")
    if row.revoked_at is None:
        row.revoked_at = now
    return TokenInfo.from_row(row)


def token_is_active(
    revoked_at: datetime | None, expires_at: datetime | None, now: datetime
) -> bool:
    """Not revoked and not expired."""
    return revoked_at is None and (expires_at is None or expires_at > now)


def account_for_token(session: Session, token: str, *, now: datetime) -> Account:
    """The owner of an active token; anything else is one and the same 401."""
    found = repo.token_owner(session, _hash_token(token)) if token else None
    if found is None or not token_is_active(found.revoked_at, found.expires_at, now):
        raise Unauthenticated(
            "This API token is not valid: it may have been revoked or have expired. "
            "Create a new one in Settings or with `vagal token create`.",
            code="invalid_token",
        )
    return Account(found.id, found.email, found.timezone, found.session_version)
