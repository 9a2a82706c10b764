"""Rows for progress tests and benchmarks, written straight into the real tables via the ORM.

The strength, practice and moment services live on other branches, so the data is inserted as
rows (the shapes match rows.py and migration 0003).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

import numpy as np

from vagal.catalog.screening import QUESTION_IDS
from vagal.core.hrv.version import ALGORITHM_VERSION
from vagal.services.recordings import encode_rr
from vagal.storage.db import Database
from vagal.storage.rows import (
    CheckinRow,
    MomentRow,
    PracticeLogRow,
    ProfileRow,
    RecordingRow,
    StrengthSessionRow,
)

STATES = ("settled", "activated", "shut_down")
STAMP = datetime(2026, 1, 1, tzinfo=UTC)


def at(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def checkin(user_id: int, day: date, **values: object) -> CheckinRow:
    return CheckinRow(
        user_id=user_id,
        local_date=day,
        created_at=STAMP,
        updated_at=STAMP,
        **values,
    )


def morning(user_id: int, day: date, ln_rmssd: float, hr: float = 60.0) -> RecordingRow:
    metrics = {"ln_rmssd": ln_rmssd, "rmssd_ms": math.exp(ln_rmssd), "mean_hr_bpm": hr}
    return RecordingRow(
        user_id=user_id,
        started_at=at(day, 7),
        local_date=day,
        source="test",
        kind="morning",
        rr_blob=encode_rr(np.full(10, 1000.0)),
        n_beats=10,
        duration_s=10.0,
        metrics=metrics,
        algorithm_version=ALGORITHM_VERSION,
        created_at=STAMP,
    )


def moment(user_id: int, day: date, recovery_min: float | None, n: int = 0) -> MomentRow:
    return MomentRow(
        user_id=user_id,
        started_at=at(day, 12 + n),
        local_date=day,
        state="activated",
        settled_at=None
        if recovery_min is None
        else at(day, 12 + n) + timedelta(minutes=recovery_min),
        recovery_s=None if recovery_min is None else int(recovery_min * 60),
        created_at=STAMP,
    )


def practice(
    user_id: int, day: date, practice_id: str, before: int | None, after: int | None, n: int = 0
) -> PracticeLogRow:
    return PracticeLogRow(
        user_id=user_id,
        practice_id=practice_id,
        local_date=day,
        started_at=at(day, 18) + timedelta(minutes=n),
        planned_minutes=5,
        done_s=300,
        completed=True,
        state_before="activated",
        distress_before=before,
        distress_after=after,
        created_at=STAMP,
    )


def strength(
    user_id: int, day: date, minutes: int = 20, stopped_early: bool = False
) -> StrengthSessionRow:
    return StrengthSessionRow(
        user_id=user_id,
        client_id=f"s-{day.isoformat()}",
        local_date=day,
        started_at=at(day, 17),
        length_minutes=minutes,
        felt="ok",
        stopped_early=stopped_early,
        created_at=STAMP,
    )


def profile(
    user_id: int, *, days_per_week: int = 2, preferred: list[int] | None = None
) -> ProfileRow:
    return ProfileRow(
        user_id=user_id,
        screening_answers=dict.fromkeys(QUESTION_IDS, False),
        screening_completed_at=STAMP,
        session_minutes=15,
        strength_days_per_week=days_per_week,
        preferred_days=preferred or [0, 3],
        equipment=["none"],
        updated_at=STAMP,
    )


def fill_days(db: Database, user_id: int, first: date, last: date, *, seed: int = 1) -> None:
    """A realistic-looking stretch: most days a check-in and a morning reading (some gaps),
    moments, practices and strength sessions now and then."""
    rng = np.random.default_rng(seed)
    rows: list[object] = []
    day = first
    k = 0
    while day <= last:
        if rng.random() > 0.1:
            rows.append(
                checkin(
                    user_id,
                    day,
                    sleep_hours=round(float(rng.normal(7, 0.8)), 1),
                    sleep_quality=int(rng.integers(1, 6)),
                    distress=int(rng.integers(0, 8)),
                    state=STATES[int(rng.integers(0, 3))],
                )
            )
        if rng.random() > 0.15:
            rows.append(
                morning(user_id, day, float(rng.normal(3.8, 0.2)), float(rng.normal(60, 3)))
            )
        if rng.random() < 0.3:
            rows.append(moment(user_id, day, float(rng.integers(5, 60))))
        if rng.random() < 0.5:
            before = int(rng.integers(3, 9))
            rows.append(
                practice(
                    user_id,
                    day,
                    ("extended_exhale", "orienting")[k % 2],
                    before,
                    max(0, before - int(rng.integers(0, 4))),
                )
            )
        if day.weekday() in (0, 3) and rng.random() < 0.8:
            rows.append(strength(user_id, day))
        day += timedelta(days=1)
        k += 1
    with db.session(write=True) as session:
        session.add_all(rows)
