"""Resonance-breathing assessments. Every query is scoped to the owner's user id."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vagal.storage.rows import ResonanceAssessmentRow


def add(session: Session, row: ResonanceAssessmentRow) -> None:
    session.add(row)


def get(session: Session, user_id: int, assessment_id: int) -> ResonanceAssessmentRow | None:
    query = select(ResonanceAssessmentRow).where(
        ResonanceAssessmentRow.id == assessment_id, ResonanceAssessmentRow.user_id == user_id
    )
    return session.scalars(query).one_or_none()


def list_for_user(
    session: Session, user_id: int, *, limit: int = 50
) -> list[ResonanceAssessmentRow]:
    query = (
        select(ResonanceAssessmentRow)
        .where(ResonanceAssessmentRow.user_id == user_id)
        .order_by(ResonanceAssessmentRow.assessed_at.desc(), ResonanceAssessmentRow.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
