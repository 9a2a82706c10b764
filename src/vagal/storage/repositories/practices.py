"""Practice logs, custom breathing patterns and resonance rates. Every query is scoped to its owner."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vagal.storage.rows import CustomPracticeRow, PracticeLogRow, ResonanceAssessmentRow


def add(session: Session, row: CustomPracticeRow | PracticeLogRow) -> None:
    session.add(row)
    session.flush()


def get_custom(session: Session, user_id: int, custom_id: int) -> CustomPracticeRow | None:
    query = select(CustomPracticeRow).where(
        CustomPracticeRow.user_id == user_id, CustomPracticeRow.id == custom_id
    )
    return session.scalars(query).one_or_none()


def find_custom_by_name(session: Session, user_id: int, name: str) -> CustomPracticeRow | None:
    query = select(CustomPracticeRow).where(
        CustomPracticeRow.user_id == user_id, CustomPracticeRow.name == name
    )
    return session.scalars(query).one_or_none()


def list_custom(session: Session, user_id: int) -> list[CustomPracticeRow]:
    query = (
        select(CustomPracticeRow)
        .where(CustomPracticeRow.user_id == user_id)
        .order_by(CustomPracticeRow.name, CustomPracticeRow.id)
    )
    return list(session.scalars(query))


def delete_custom(session: Session, user_id: int, custom_id: int) -> bool:
    done = session.execute(
        delete(CustomPracticeRow).where(
            CustomPracticeRow.user_id == user_id, CustomPracticeRow.id == custom_id
        )
    )
    return bool(getattr(done, "rowcount", 0))


def get_log_by_client_id(session: Session, user_id: int, client_id: str) -> PracticeLogRow | None:
    query = select(PracticeLogRow).where(
        PracticeLogRow.user_id == user_id, PracticeLogRow.client_id == client_id
    )
    return session.scalars(query).one_or_none()


def list_logs(
    session: Session,
    user_id: int,
    *,
    moment_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[PracticeLogRow]:
    """Newest first."""
    query = select(PracticeLogRow).where(PracticeLogRow.user_id == user_id)
    if moment_id is not None:
        query = query.where(PracticeLogRow.moment_id == moment_id)
    query = query.order_by(PracticeLogRow.started_at.desc(), PracticeLogRow.id.desc()).offset(
        offset
    )
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def latest_resonance_rate(session: Session, user_id: int) -> float | None:
    query = (
        select(ResonanceAssessmentRow.rate_bpm)
        .where(ResonanceAssessmentRow.user_id == user_id)
        .order_by(ResonanceAssessmentRow.assessed_at.desc(), ResonanceAssessmentRow.id.desc())
        .limit(1)
    )
    return session.scalars(query).one_or_none()
