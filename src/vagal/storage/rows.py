"""Database tables (SQLAlchemy 2 declarative). Migrations in storage/migrations mirror these."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back time-zone aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("vagal stores only time-zone-aware datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    # Bumped on password change or "log out everywhere": older session cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    # Only a SHA-256 of the token is kept; the token itself is shown once.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class LoginFailureRow(Base):
    """One failed login, keyed by a hash of the email (no address kept), for throttling."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email_hash: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CheckinRow(Base):
    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "local_date", name="uq_checkins_user_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    local_date: Mapped[date] = mapped_column(Date)
    sleep_hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    sleep_quality: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    energy: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    distress: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    state: Mapped[str | None] = mapped_column(String(20), nullable=True)
    body_signals: Mapped[list[str]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Reported today: "illness", "injury", "chest_pain" (they make the plan rest and recovery).
    health_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # How yesterday's strength session landed: "energised", "fine" or "drained".
    last_session_landed: Mapped[str | None] = mapped_column(String(20), nullable=True)
    support_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProfileRow(Base):
    """Onboarding answers: readiness-for-exercise screening and training preferences."""

    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    screening_answers: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    screening_completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    clinician_clearance_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    goals: Mapped[list[str]] = mapped_column(JSON, default=list)
    experience: Mapped[str | None] = mapped_column(String(20), nullable=True)
    equipment: Mapped[list[str]] = mapped_column(JSON, default=list)
    session_minutes: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    # When the person last chose a session length: sessions before it do not lengthen it.
    session_minutes_set_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    strength_days_per_week: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    preferred_days: Mapped[list[int]] = mapped_column(JSON, default=list)
    reminder_time: Mapped[str | None] = mapped_column(String(5), nullable=True)
    cold_exposure_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ImportRow(Base):
    """One uploaded file: its content hash makes a second upload of the same file a no-op."""

    __tablename__ = "imports"
    __table_args__ = (UniqueConstraint("user_id", "content_hash", name="uq_imports_user_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(40))
    content_hash: Mapped[str] = mapped_column(String(64))
    size_bytes: Mapped[int] = mapped_column(Integer)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class RecordingRow(Base):
    """One HRV recording: the RR series stored compactly, with cached metrics."""

    __tablename__ = "recordings"
    __table_args__ = (
        UniqueConstraint("user_id", "source", "started_at", name="uq_recordings_natural_key"),
        Index("ix_recordings_user_day", "user_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("imports.id", ondelete="SET NULL"), nullable=True, index=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    local_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    # float64 little-endian RR intervals in ms, zlib-compressed (about 8 bytes per beat or less).
    rr_blob: Mapped[bytes] = mapped_column(LargeBinary)
    n_beats: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[float] = mapped_column(Float)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Three values of ``metrics``, copied whenever it is written (``metric_columns``): baselines,
    # the plan and the charts read only these, far cheaper than parsing each report. Not
    # exported: a restore derives them again.
    ln_rmssd: Mapped[float | None] = mapped_column(Float, nullable=True)
    mean_hr_bpm: Mapped[float | None] = mapped_column(Float, nullable=True)
    quality: Mapped[str | None] = mapped_column(String(16), nullable=True)
    algorithm_version: Mapped[str] = mapped_column(String(20))
    notes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @validates("metrics")
    def _copy_metric_columns(self, _key: str, metrics: dict[str, Any]) -> dict[str, Any]:
        # Rows built or changed through the ORM keep the copies in step by themselves; bulk
        # (Core) inserts add ``metric_columns(metrics)`` to their values.
        for name, value in metric_columns(metrics).items():
            setattr(self, name, value)
        return metrics


def _number(value: Any) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    return float(value) if ok else None


def metric_columns(metrics: Mapping[str, Any]) -> dict[str, Any]:
    """The columns a recording row copies from its metrics report (``ln_rmssd``,
    ``mean_hr_bpm``, ``quality``), for inserts that bypass the ORM."""
    quality = metrics.get("quality")
    return {
        "ln_rmssd": _number(metrics.get("ln_rmssd")),
        "mean_hr_bpm": _number(metrics.get("mean_hr_bpm")),
        "quality": quality[:16] if isinstance(quality, str) else None,
    }


class DailySummaryRow(Base):
    """A daily value imported from another app (e.g. HRV4Training rMSSD, Apple SDNN, sleep)."""

    __tablename__ = "daily_summaries"
    __table_args__ = (
        UniqueConstraint(
            "user_id", "source", "metric", "local_date", name="uq_daily_summaries_natural_key"
        ),
        Index("ix_daily_summaries_user_metric_day", "user_id", "metric", "local_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("imports.id", ondelete="SET NULL"), nullable=True
    )
    local_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(120))
    metric: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StrengthSessionRow(Base):
    """One guided strength session as logged: the plan it followed and each set done.

    ``client_id`` is made by the page (or API client) before it first sends the log, so a log
    sent again after a dropped connection is recognised and never stored twice.
    """

    __tablename__ = "strength_sessions"
    __table_args__ = (
        UniqueConstraint("user_id", "client_id", name="uq_strength_sessions_client_id"),
        Index("ix_strength_sessions_user_day", "user_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    local_date: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The session as built (blocks, exercises, sets, reps, rests), kept with the log.
    planned: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # [{"exercise_id", "set_number", "reps", "felt", "reps_in_reserve"}, ...]
    sets: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    length_minutes: Mapped[int] = mapped_column(SmallInteger)
    felt: Mapped[str | None] = mapped_column(String(10), nullable=True)
    stopped_early: Mapped[bool] = mapped_column(Boolean, default=False)
    state_before: Mapped[str | None] = mapped_column(String(20), nullable=True)
    state_after: Mapped[str | None] = mapped_column(String(20), nullable=True)
    distress_before: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    distress_after: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CustomPracticeRow(Base):
    """A breathing pattern a person named and saved (e.g. "my 4-7 exhale")."""

    __tablename__ = "custom_practices"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_custom_practices_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    inhale_s: Mapped[float] = mapped_column(Float)
    hold_in_s: Mapped[float] = mapped_column(Float, default=0.0)
    exhale_s: Mapped[float] = mapped_column(Float)
    hold_out_s: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MomentRow(Base):
    """A hard moment ("I'm activated" / "I'm shutting down") and, once settled, its recovery."""

    __tablename__ = "moments"
    __table_args__ = (
        UniqueConstraint("user_id", "client_id", name="uq_moments_client_id"),
        Index("ix_moments_user_day", "user_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    local_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(20))
    distress: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    trigger_note: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    body_signals: Mapped[list[str]] = mapped_column(JSON, default=list)
    suggested_practice_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    recovery_s: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PracticeLogRow(Base):
    """One use of a regulation practice, with distress and state before and after."""

    __tablename__ = "practice_logs"
    __table_args__ = (
        UniqueConstraint("user_id", "client_id", name="uq_practice_logs_client_id"),
        Index("ix_practice_logs_user_day", "user_id", "local_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # A catalog id ("physiological_sigh") or "custom:<custom_practices.id>".
    practice_id: Mapped[str] = mapped_column(String(80), index=True)
    moment_id: Mapped[int | None] = mapped_column(
        ForeignKey("moments.id", ondelete="SET NULL"), nullable=True, index=True
    )
    local_date: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    planned_minutes: Mapped[int] = mapped_column(SmallInteger)
    done_s: Mapped[int] = mapped_column(Integer)
    completed: Mapped[bool] = mapped_column(Boolean, default=True)
    breaths_per_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    state_before: Mapped[str | None] = mapped_column(String(20), nullable=True)
    state_after: Mapped[str | None] = mapped_column(String(20), nullable=True)
    distress_before: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    distress_after: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ResonanceAssessmentRow(Base):
    """A stepped paced-breathing assessment: per-rate scores and the rate chosen."""

    __tablename__ = "resonance_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    rate_bpm: Mapped[float] = mapped_column(Float)
    # Per rate: the metrics and points behind the choice (see vagal.core.resonance).
    scores: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The RR recordings made at each rate, kept as ordinary recordings (kind "practice").
    recording_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
