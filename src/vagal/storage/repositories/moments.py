"""Moments ("I'm activated" / "I'm shutting down") and their recovery. Scoped to the owner."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vagal.storage.rows import MomentRow


def add(session: Session, row: MomentRow) -> None:
    session.add(row)
    session.flush()


def get(session: Session, user_id: int, moment_id: int) -> MomentRow | None:
    query = select(MomentRow).where(MomentRow.user_id == user_id, MomentRow.id == moment_id)
    return session.scalars(query).one_or_none()


def get_by_client_id(session: Session, user_id: int, client_id: str) -> MomentRow | None:
    query = select(MomentRow).where(MomentRow.user_id == user_id, MomentRow.client_id == client_id)
    return session.scalars(query).one_or_none()


def list_moments(
    session: Session, user_id: int, *, limit: int | None = None, offset: int = 0
) -> list[MomentRow]:
    """Newest first."""
    query = (
        select(MomentRow)
        .where(MomentRow.user_id == user_id)
        .order_by(MomentRow.started_at.desc(), MomentRow.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
