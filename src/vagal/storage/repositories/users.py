"""Accounts, API tokens and login failures. All SQL for them lives here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from vagal.storage.repositories import reads
from vagal.storage.rows import ApiTokenRow, LoginFailureRow, UserRow


def get_user(session: Session, user_id: int) -> UserRow | None:
    return session.get(UserRow, user_id)


def get_user_by_email(session: Session, email: str) -> UserRow | None:
    return session.scalars(select(UserRow).where(UserRow.email == email)).one_or_none()


def add_user(
    session: Session, *, email: str, password_hash: str, timezone: str, now: datetime
) -> UserRow:
    row = UserRow(
        email=email,
        password_hash=password_hash,
        timezone=timezone,
        session_version=1,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def set_password(session: Session, user_id: int, password_hash: str) -> None:
    session.execute(
        update(UserRow)
        .where(UserRow.id == user_id)
        .values(password_hash=password_hash, session_version=UserRow.session_version + 1)
    )


def set_timezone(session: Session, user_id: int, timezone: str) -> None:
    session.execute(update(UserRow).where(UserRow.id == user_id).values(timezone=timezone))


def count_recent_failures(session: Session, email_hash: str, since: datetime) -> int:
    query = select(func.count()).where(
        LoginFailureRow.email_hash == email_hash, LoginFailureRow.failed_at >= since
    )
    return int(session.scalar(query) or 0)


def latest_failure(session: Session, email_hash: str) -> datetime | None:
    query = (
        select(LoginFailureRow.failed_at)
        .where(LoginFailureRow.email_hash == email_hash)
        .order_by(LoginFailureRow.failed_at.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def add_failure(session: Session, email_hash: str, now: datetime) -> None:
    session.add(LoginFailureRow(email_hash=email_hash, failed_at=now))
    session.flush()


def clear_failures(session: Session, email_hash: str, *, before: datetime | None = None) -> None:
    query = delete(LoginFailureRow).where(LoginFailureRow.email_hash == email_hash)
    if before is not None:
        query = query.where(LoginFailureRow.failed_at < before)
    session.execute(query)


def add_token(
    session: Session,
    *,
    user_id: int,
    name: str,
    token_hash: str,
    prefix: str,
    now: datetime,
    expires_at: datetime | None,
) -> ApiTokenRow:
    row = ApiTokenRow(
        user_id=user_id,
        name=name,
        token_hash=token_hash,
        prefix=prefix,
        created_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row


#: Built once (bound parameter ``token_hash``): every signed-in request runs it.
_TOKEN_OWNER = (
    select(
        ApiTokenRow.expires_at,
        ApiTokenRow.revoked_at,
        UserRow.id,
        UserRow.email,
        UserRow.timezone,
        UserRow.session_version,
    )
    .join(UserRow, UserRow.id == ApiTokenRow.user_id)
    .where(ApiTokenRow.token_hash == bindparam("token_hash"))
)


def token_owner(
    session: Session, token_hash: str
) -> Row[datetime | None, datetime | None, int, str, str, int] | None:
    """For the sign-in check, in one read: the token's expiry and revocation, and its owner's
    id, email, time zone and session version (no password hash, no ORM objects)."""
    found = reads.rows(session, _TOKEN_OWNER, {"token_hash": token_hash})
    return found[0] if found else None


def list_tokens(session: Session, user_id: int) -> list[ApiTokenRow]:
    query = (
        select(ApiTokenRow)
        .where(ApiTokenRow.user_id == user_id)
        .order_by(ApiTokenRow.created_at.desc(), ApiTokenRow.id.desc())
    )
    return list(session.scalars(query))


def get_token(session: Session, user_id: int, token_id: int) -> ApiTokenRow | None:
    """A token of this owner; another person's token looks exactly like a missing one."""
    return session.scalars(
        select(ApiTokenRow).where(ApiTokenRow.id == token_id, ApiTokenRow.user_id == user_id)
    ).one_or_none()


def touch_token(session: Session, token_id: int, now: datetime) -> None:
    session.execute(update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=now))
