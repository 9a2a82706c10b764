"""The lean read paths (column reads, values copied out of the reports) give exactly what
reading whole rows gives, for the owner only, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import make_account
from vagal.core.checkin import SessionLanding
from vagal.core.planner.inputs import Preferences, SessionFeel
from vagal.core.training import SessionLog
from vagal.services import checkins, demo, export, imports, plans, profile, restore, strength
from vagal.services.accounts import Account
from vagal.services.checkins import StoredCheckin
from vagal.services.recordings import RecordingInput, RecordingKind, add_recording
from vagal.storage.db import Database
from vagal.storage.repositories import checkins as checkin_repo
from vagal.storage.repositories import progress as progress_repo
from vagal.storage.repositories import recordings as rec_repo
from vagal.storage.rows import (
    CheckinRow,
    DailySummaryRow,
    MomentRow,
    PracticeLogRow,
    RecordingRow,
    StrengthSessionRow,
    metric_columns,
)

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
RR = np.full(300, 1000.0)
APPLE = Path(__file__).parents[1] / "data" / "imports" / "apple_health" / "export.xml"


def _demo(db: Database, email: str, *, timezone: str = "Europe/Berlin", seed: int = 3) -> Account:
    person = make_account(db, email, timezone=timezone)
    with db.session(write=True) as session:
        demo.generate(session, person, now=NOW, days=60, seed=seed)
    return person


def _add(
    db: Database,
    person: Account,
    started_at: datetime,
    metrics: dict[str, Any],
    *,
    kind: RecordingKind = RecordingKind.MORNING,
) -> int:
    with db.session(write=True) as session:
        view, _ = add_recording(
            session,
            person,
            RecordingInput(started_at=started_at, source="test", kind=kind, rr_ms=RR),
            now=NOW,
            metrics=metrics,
        )
    return view.id


def _whole_rows(db: Database, person: Account, start: date, end: date) -> list[tuple[Any, ...]]:
    """What the old path read: every morning recording row, its report decoded in Python."""
    with db.session(write=False) as session:
        rows = session.scalars(
            select(RecordingRow)
            .where(
                RecordingRow.user_id == person.id,
                RecordingRow.kind == "morning",
                RecordingRow.local_date >= start,
                RecordingRow.local_date <= end,
            )
            .order_by(RecordingRow.local_date, RecordingRow.started_at, RecordingRow.id)
        ).all()
        return [
            (
                r.local_date,
                r.metrics.get("ln_rmssd"),
                r.metrics.get("mean_hr_bpm"),
                r.metrics.get("quality"),
            )
            for r in rows
        ]


def _morning(session: Session, user_id: int, start: date, end: date) -> list[Any]:
    return rec_repo.morning_and_daily_values(session, user_id, ("rmssd_ms",), start, end)[0]


def test_morning_values_match_the_decoded_reports_for_the_owner_only(db: Database) -> None:
    person = _demo(db, "lean@example.org")
    _demo(db, "other@example.org", seed=4)
    today = person.local_today(NOW).date()
    _add(db, person, NOW - timedelta(hours=2), {"ln_rmssd": 3.5}, kind=RecordingKind.SESSION)
    for start, end in ((today - timedelta(days=60), today), (today - timedelta(days=9), today)):
        expected = _whole_rows(db, person, start, end)
        assert len(expected) > 5
        with db.session(write=False) as session:
            by_day = _morning(session, person.id, start, end)
        assert by_day == expected
        assert all(isinstance(v[1], float) and isinstance(v[3], str) for v in by_day)


def test_imported_daily_values_come_with_the_morning_values_for_their_metrics_only(
    db: Database,
) -> None:
    person = _demo(db, "daily@example.org")
    other = make_account(db, "daily-other@example.org")
    day = NOW.date() - timedelta(days=3)
    with db.session(write=True) as session:
        for who, metric, value, k in (
            (person, "rmssd_ms", 41.0, 0),
            (person, "resting_hr_bpm", 58.0, 0),
            (person, "sdnn_ms", 50.0, 0),
            (person, "rmssd_ms", 39.0, 2),
            (other, "rmssd_ms", 99.0, 0),
        ):
            session.add(
                DailySummaryRow(user_id=who.id, source="app", metric=metric,
                                local_date=day - timedelta(days=k), value=value, created_at=NOW)
            )  # fmt: skip
    wanted = ("rmssd_ms", "resting_hr_bpm")
    with db.session(write=False) as session:
        morning, daily = rec_repo.morning_and_daily_values(
            session, person.id, wanted, day - timedelta(days=5), day
        )
        alone = _morning(session, person.id, day - timedelta(days=5), day)
    assert daily == [
        (day - timedelta(days=2), "rmssd_ms", 39.0),
        (day, "rmssd_ms", 41.0),
        (day, "resting_hr_bpm", 58.0),
    ]
    assert morning == alone and len(morning) >= 3


@pytest.mark.parametrize(
    ("timezone", "local_start"),
    [
        ("Pacific/Kiritimati", datetime(2026, 3, 5, 0, 30)),  # UTC+14: the day before in UTC
        ("Pacific/Pago_Pago", datetime(2026, 3, 5, 23, 30)),  # UTC-11: the day after in UTC
    ],
)
def test_morning_values_keep_recordings_at_the_edges_of_a_local_day(
    db: Database, timezone: str, local_start: datetime
) -> None:
    person = make_account(db, "edge@example.org", timezone=timezone)
    started = local_start.replace(tzinfo=ZoneInfo(timezone))
    assert started.astimezone(UTC).date() != local_start.date()
    _add(db, person, started, {"ln_rmssd": 3.1, "mean_hr_bpm": 61.5, "quality": "good"})
    day = date(2026, 3, 5)
    after = (day + timedelta(days=1), day + timedelta(days=3))
    before = (day - timedelta(days=3), day - timedelta(days=1))
    with db.session(write=False) as session:
        assert _morning(session, person.id, day, day) == [(day, 3.1, 61.5, "good")]
        assert _morning(session, person.id, *after) == []
        assert _morning(session, person.id, *before) == []


def _copies_match(db: Database) -> int:
    """Every recording row's copied columns equal what ``metric_columns`` takes from its report;
    returns how many rows were checked."""
    with db.session(write=False) as session:
        rows = session.scalars(select(RecordingRow)).all()
        for row in rows:
            copied = {"ln_rmssd": row.ln_rmssd, "mean_hr_bpm": row.mean_hr_bpm}
            copied["quality"] = row.quality
            assert copied == metric_columns(row.metrics), row.id
        return len(rows)


def test_the_copied_columns_follow_the_report_on_every_write_path(db: Database) -> None:
    """One recording at a time (demo data), a bulk import, a restore, and a report changed
    through the ORM (as an engine update does): the columns the reads use match the report."""
    person = _demo(db, "paths@example.org")
    imports.import_file(db, person, APPLE, APPLE.name, now=NOW)
    with db.session(write=False, snapshot=True) as session:
        data = export.export_dict(session, person, now=NOW)
    newcomer = make_account(db, "restored@example.org")
    with db.session(write=True) as session:
        restore.restore(session, newcomer, data, now=NOW)
    first = _add(db, person, NOW - timedelta(days=1), {"ln_rmssd": 3.0, "quality": "good"})
    with db.session(write=True) as session:
        row = session.get(RecordingRow, first)
        assert row is not None
        row.metrics = {"ln_rmssd": "3.0", "mean_hr_bpm": 61, "quality": "poor"}
    with db.session(write=False) as session:
        changed = session.get(RecordingRow, first)
        assert changed is not None
        assert (changed.ln_rmssd, changed.mean_hr_bpm, changed.quality) == (None, 61.0, "poor")
        kinds = session.execute(select(RecordingRow.source).distinct()).scalars().all()
    assert len(kinds) >= 3  # demo, the import's source, the test's
    assert _copies_match(db) > 100


def test_a_restored_export_from_schema_0003_gets_its_copied_columns(db: Database) -> None:
    """An 0003 export lacks what 0004 added (the copied columns, which a restore derives, and
    when the session length was chosen, left empty): it is restored, and its recordings read as
    the originals do."""
    person = _demo(db, "old@example.org")
    with db.session(write=False, snapshot=True) as session:
        data = export.export_dict(session, person, now=NOW)
        original = _morning(session, person.id, date(2026, 1, 1), NOW.date())
    assert "ln_rmssd" not in data["tables"]["recordings"][0]
    data["schema_revision"] = "0003"
    assert data["tables"]["profiles"]
    for row in data["tables"]["profiles"]:
        del row["session_minutes_set_at"]  # added in 0004
    newcomer = make_account(db, "new@example.org")
    with db.session(write=True) as session:
        restore.restore(session, newcomer, data, now=NOW)
    with db.session(write=False) as session:
        again = _morning(session, newcomer.id, date(2026, 1, 1), NOW.date())
        restored = profile.get_profile(session, newcomer)
    assert again == original and len(again) > 20
    assert restored.saved and restored.session_minutes_set_at is None


def test_listed_checkins_equal_whole_rows(db: Database) -> None:
    person = _demo(db, "checkins@example.org")
    _demo(db, "other@example.org", seed=5)
    with db.session(write=True) as session:
        row = session.scalars(
            select(CheckinRow).where(CheckinRow.user_id == person.id).limit(1)
        ).one()
        row.tags = ["garden", "rain"]
        row.body_signals = ["headache"]
        row.health_flags = ["illness"]
    with db.session(write=False) as session:
        listed = checkins.list_checkins(session, person)
        rows = session.scalars(
            select(CheckinRow)
            .where(CheckinRow.user_id == person.id)
            .order_by(CheckinRow.local_date.desc())
        ).all()
        whole = [StoredCheckin.from_row(r) for r in rows]
        assert len(checkin_repo.list_checkins(session, person.id, limit=7, offset=3)) == 7
    assert listed == whole and len(listed) == 60
    assert any(c.tags == ("garden", "rain") and c.body_signals for c in listed)


def test_planning_history_is_the_part_of_the_history_the_planner_reads(db: Database) -> None:
    person = _demo(db, "sessions@example.org")
    _demo(db, "other@example.org", seed=6)
    today = person.local_today(NOW).date()
    prefs = Preferences()
    with db.session(write=False) as session:
        for through in (today, today - timedelta(days=20)):
            for include_day in (True, False):
                full = strength.history(session, person, through=through, include_day=include_day)
                lean = strength.planning_history(
                    session, person, through=through, include_day=include_day
                )
                assert len(full) > len(lean) >= 2
                assert any(s.landed is not None for s in lean)
                assert lean == [
                    SessionLog(
                        local_date=s.local_date,
                        sets=(),
                        felt=s.felt,
                        landed=s.landed,
                        length_minutes=s.length_minutes,
                        stopped_early=s.stopped_early,
                        started_at=s.started_at,
                    )
                    for s in full[: len(lean)]
                ]
                days = sorted({s.local_date for s in full}, reverse=True)
                kept = {s.local_date for s in lean}
                assert set(days[:2]) <= kept
                assert {d for d in days if d > through - timedelta(days=7)} <= kept
                assert strength.minutes_after(lean, prefs) == strength.session_minutes(full, prefs)
                # With the landings the plan read already: the same, whether they reach back
                # far enough (used) or not (read again).
                recent = plans.recent_checkins(session, person, through)
                for known in (recent.landings, replace(recent.landings, since=through)):
                    assert lean == strength.planning_history(
                        session, person, through=through, include_day=include_day, known=known
                    )


def test_planning_history_with_sessions_on_one_old_day_keeps_them_all(db: Database) -> None:
    person = make_account(db, "one@example.org")
    day = NOW.date() - timedelta(days=30)
    with db.session(write=False) as session:
        assert strength.planning_history(session, person, through=NOW.date()) == []
    with db.session(write=True) as session:
        for k, felt in enumerate(("easy", "hard")):
            started = NOW - timedelta(days=30, hours=3 - k)
            session.add(
                StrengthSessionRow(
                    user_id=person.id,
                    client_id=f"one-day-{k}-abc",
                    local_date=day,
                    started_at=started,
                    length_minutes=10,
                    felt=felt,
                    created_at=started,
                )
            )
    with db.session(write=False) as session:
        lean = strength.planning_history(session, person, through=NOW.date())
        full = strength.history(session, person, through=NOW.date())
    assert [(s.local_date, s.felt) for s in lean] == [(s.local_date, s.felt) for s in full]
    assert len(lean) == 2 and lean[0].felt is SessionFeel.HARD


def _checkin_rows(session: Session, person: Account, start: date, end: date) -> list[CheckinRow]:
    """The person's whole check-in rows in [start, end], oldest first (the reference)."""
    query = select(CheckinRow).where(
        CheckinRow.user_id == person.id,
        CheckinRow.local_date >= start,
        CheckinRow.local_date <= end,
    )
    return list(session.scalars(query.order_by(CheckinRow.local_date)))


def test_the_plans_one_checkin_read_equals_the_separate_reads(db: Database) -> None:
    people = [_demo(db, "first@example.org", seed=7), _demo(db, "second@example.org", seed=8)]
    with db.session(write=False) as session:
        for person in people:
            for end in (NOW.date(), NOW.date() - timedelta(days=20)):
                start = end - timedelta(days=plans.HISTORY_DAYS)
                rows = _checkin_rows(session, person, start, end)[::-1]
                recent = plans.recent_checkins(session, person, end)
                assert [(n.local_date, n.hours) for n in recent.sleep] == [
                    (r.local_date, r.sleep_hours) for r in rows if r.sleep_hours is not None
                ]
                landed = session.scalars(
                    select(CheckinRow).where(
                        CheckinRow.user_id == person.id,
                        CheckinRow.local_date >= start,
                        CheckinRow.local_date <= end + timedelta(days=1),
                        CheckinRow.last_session_landed.is_not(None),
                    )
                ).all()
                assert dict(recent.landings.by_day) == {
                    r.local_date: SessionLanding(r.last_session_landed) for r in landed
                }
                assert len(recent.landings.by_day) > 0 and recent.landings.since == start
                assert recent.landings.until == end + timedelta(days=1)
                assert recent.today == checkins.find_checkin(session, person, end)
                assert recent.today is not None


def test_statements_built_once_answer_each_call_for_its_own_owner_and_dates(
    db: Database,
) -> None:
    """The hot reads' statements are built once, with bound parameters: calls in turn for two
    people and two ranges each get exactly the rows a fresh filter on whole rows gives."""
    people = [_demo(db, "first@example.org", seed=7), _demo(db, "second@example.org", seed=8)]
    end = NOW.date()
    with db.session(write=False) as session:
        for start in (end - timedelta(days=9), end - timedelta(days=40)):
            for person in people:
                rows = _checkin_rows(session, person, start, end)
                assert rows
                landed = checkin_repo.landings(session, person.id, start, end)
                assert sorted(tuple(r) for r in landed) == [
                    (r.local_date, r.last_session_landed)
                    for r in rows
                    if r.last_session_landed is not None
                ]
                progress_rows = progress_repo.checkins(session, person.id, start, end)
                assert [r.local_date for r in progress_rows] == [r.local_date for r in rows]
                found = checkin_repo.get_checkin(session, person.id, start)
                assert found is not None and found.user_id == person.id
                recordings = _morning(session, person.id, start, end)
                assert recordings == _whole_rows(db, person, start, end)


@pytest.mark.parametrize(
    ("report", "copied"),
    [
        ({"ln_rmssd": 3.5, "mean_hr_bpm": 58, "quality": "good"}, (3.5, 58.0, "good")),
        ({"ln_rmssd": float("nan"), "mean_hr_bpm": float("inf")}, (None, None, None)),
        ({"ln_rmssd": True, "mean_hr_bpm": "60", "quality": 3}, (None, None, None)),
        ({"quality": "x" * 40}, (None, None, "x" * 16)),
        ({}, (None, None, None)),
    ],
)
def test_only_finite_numbers_and_text_are_copied(
    report: dict[str, Any], copied: tuple[Any, ...]
) -> None:
    assert tuple(metric_columns(report).values()) == copied


def test_a_periods_activities_read_together_equal_the_rows_for_the_owner_only(
    db: Database,
) -> None:
    person = _demo(db, "busy@example.org", seed=11)
    _demo(db, "busy-other@example.org", seed=12)
    end = NOW.date()
    start = end - timedelta(days=20)
    with db.session(write=False) as session:
        got = progress_repo.activities(session, person.id, start, end)

        def rows(table: Any) -> list[Any]:
            return list(
                session.scalars(
                    select(table)
                    .where(
                        table.user_id == person.id,
                        table.local_date >= start,
                        table.local_date <= end,
                    )
                    .order_by(table.local_date, table.started_at)
                )
            )

        moments = rows(MomentRow)
        logs = rows(PracticeLogRow)
        sessions = rows(StrengthSessionRow)
        assert moments and logs and sessions
        assert got.moments == [(m.local_date, m.state, m.recovery_s) for m in moments]
        assert got.practices == [
            (p.local_date, p.practice_id, p.done_s, p.completed, p.distress_before,
             p.distress_after, p.state_before)
            for p in logs
        ]  # fmt: skip
        assert got.sessions == [
            (s.local_date, s.length_minutes, s.felt, s.stopped_early) for s in sessions
        ]
