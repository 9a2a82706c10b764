"""The lean read paths (column reads, JSON extracted by the database) give exactly what reading
whole rows gives, for the owner only, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import select, update

from tests.conftest import make_account
from vagal.core.planner.inputs import Preferences, SessionFeel
from vagal.core.training import SessionLog
from vagal.services import checkins, demo, strength
from vagal.services.accounts import Account
from vagal.services.checkins import StoredCheckin
from vagal.services.recordings import RecordingInput, RecordingKind, add_recording
from vagal.storage.db import Database
from vagal.storage.repositories import checkins as checkin_repo
from vagal.storage.repositories import progress as progress_repo
from vagal.storage.repositories import recordings as rec_repo
from vagal.storage.rows import CheckinRow, RecordingRow, StrengthSessionRow

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
RR = np.full(300, 1000.0)


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
            .order_by(RecordingRow.started_at.desc(), RecordingRow.id.desc())
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


def test_morning_values_match_the_decoded_reports_for_the_owner_only(db: Database) -> None:
    person = _demo(db, "lean@example.org")
    _demo(db, "other@example.org", seed=4)
    today = person.local_today(NOW).date()
    _add(db, person, NOW - timedelta(hours=2), {"ln_rmssd": 3.5}, kind=RecordingKind.SESSION)
    for start, end in ((today - timedelta(days=60), today), (today - timedelta(days=9), today)):
        expected = _whole_rows(db, person, start, end)
        assert len(expected) > 5
        with db.session(write=False) as session:
            newest = rec_repo.morning_values(session, person.id, start, end)
            by_day = rec_repo.morning_values(session, person.id, start, end, newest_first=False)
        assert newest == expected
        assert sorted(by_day, key=lambda v: v[0]) == by_day
        assert sorted(by_day, key=repr) == sorted(expected, key=repr)
        assert all(isinstance(v[1], float) and isinstance(v[3], str) for v in newest)


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
        assert rec_repo.morning_values(session, person.id, day, day) == [(day, 3.1, 61.5, "good")]
        assert rec_repo.morning_values(session, person.id, *after) == []
        assert rec_repo.morning_values(session, person.id, *before) == []


def test_a_report_the_database_cannot_parse_is_decoded_in_python(db: Database) -> None:
    """Python writes NaN and Infinity into JSON; SQLite's JSON functions refuse such text."""
    if not db.is_sqlite:
        pytest.skip("PostgreSQL's json type never stores NaN")
    person = make_account(db, "nan@example.org")
    first = _add(db, person, NOW - timedelta(days=1), {"ln_rmssd": 3.0, "quality": "good"})
    _add(db, person, NOW - timedelta(hours=1), {"ln_rmssd": 3.2, "mean_hr_bpm": 60.0})
    with db.session(write=True) as session:
        text = json.dumps({"ln_rmssd": 2.9, "lf_hf": float("inf"), "quality": "poor"})
        session.execute(
            update(RecordingRow)
            .where(RecordingRow.id == first)
            .values(metrics=json.loads(text, parse_constant=float))
        )
    yesterday = (NOW - timedelta(days=1)).date()
    with db.session(write=False) as session:
        got = rec_repo.morning_values(session, person.id, yesterday, NOW.date())
    assert got == [(NOW.date(), 3.2, 60.0, None), (yesterday, 2.9, None, "poor")]


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
                    )
                    for s in full[: len(lean)]
                ]
                days = sorted({s.local_date for s in full}, reverse=True)
                kept = {s.local_date for s in lean}
                assert set(days[:2]) <= kept
                assert {d for d in days if d > through - timedelta(days=7)} <= kept
                assert strength.minutes_after(lean, prefs) == strength.session_minutes(full, prefs)


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
                rows = session.scalars(
                    select(CheckinRow)
                    .where(
                        CheckinRow.user_id == person.id,
                        CheckinRow.local_date >= start,
                        CheckinRow.local_date <= end,
                    )
                    .order_by(CheckinRow.local_date)
                ).all()
                assert rows
                sleep = checkin_repo.sleep_hours(session, person.id, start, end)
                assert [tuple(r) for r in sleep] == [
                    (r.local_date, r.sleep_hours) for r in reversed(rows) if r.sleep_hours
                ]
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
                recordings = rec_repo.morning_values(session, person.id, start, end)
                assert recordings == _whole_rows(db, person, start, end)
