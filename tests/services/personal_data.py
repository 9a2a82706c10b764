"""Helpers: fill one person's data in every table (for export, restore and erasure tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from vagal.services import demo
from vagal.services.accounts import Account
from vagal.storage.db import Database
from vagal.storage.rows import (
    CustomPracticeRow,
    DailySummaryRow,
    ImportRow,
    PracticeLogRow,
    RecordingRow,
    ResonanceAssessmentRow,
)

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


def fill_everything(db: Database, account: Account, *, days: int = 21, seed: int = 3) -> None:
    """Demo data plus rows in the tables the demo leaves empty, with cross-references."""
    assert days >= 15, "the demo's resonance assessment comes on day 14"
    with db.session(write=True) as session:
        demo.generate(session, account, now=NOW, days=days, seed=seed)
        imported = ImportRow(
            user_id=account.id,
            file_name="export.csv",
            format="hrv4training",
            content_hash=f"{account.id:064d}",
            size_bytes=1234,
            summary={"rows": 2, "note": "ünïcode ✓"},
            created_at=NOW - timedelta(days=2),
        )
        session.add(imported)
        session.flush()
        session.add(
            DailySummaryRow(
                user_id=account.id,
                import_id=imported.id,
                local_date=NOW.date() - timedelta(days=2),
                source="HRV4Training",
                metric="rmssd_ms",
                value=41.25,
                note="",
                created_at=NOW - timedelta(days=2),
            )
        )
        custom = CustomPracticeRow(
            user_id=account.id,
            name="my 4-7 exhale",
            inhale_s=4.0,
            hold_in_s=0.0,
            exhale_s=7.0,
            hold_out_s=0.5,
            created_at=NOW - timedelta(days=1),
        )
        session.add(custom)
        session.flush()
        recording = session.scalars(
            select(RecordingRow).where(RecordingRow.user_id == account.id).limit(1)
        ).one()
        recording.import_id = imported.id
        session.add(
            PracticeLogRow(
                user_id=account.id,
                client_id=None,
                practice_id=f"custom:{custom.id}",
                local_date=NOW.date(),
                started_at=NOW - timedelta(minutes=20),
                planned_minutes=3,
                done_s=180,
                completed=True,
                breaths_per_min=5.2,
                distress_before=5,
                distress_after=3,
                note='a "quoted", comma note\nwith a new line',
                created_at=NOW - timedelta(minutes=17),
            )
        )
        assessment = session.scalars(
            select(ResonanceAssessmentRow).where(ResonanceAssessmentRow.user_id == account.id)
        ).one()
        assessment.recording_ids = [recording.id]
