"""Demo data: realistic shapes, deterministic for a seed, refuses to mix with real data."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import make_account
from tests.services.personal_data import NOW
from tests.services.test_export import _normalise
from vagal.errors import Conflict, InvalidInput
from vagal.services import demo, export, plans
from vagal.services.accounts import Account
from vagal.storage.db import Database


def _fill(db: Database, account: Account, **kw: object) -> demo.DemoSummary:
    with db.session(write=True) as session:
        return demo.generate(session, account, now=NOW, **kw)  # type: ignore[arg-type]


def _tables(db: Database, account: Account) -> dict[str, list[dict[str, object]]]:
    with db.session(write=False, snapshot=True) as session:
        data = export.export_dict(session, account, now=NOW)
    tables: dict[str, list[dict[str, object]]] = data["tables"]
    return tables


def test_ninety_days_of_plausible_data_ending_today(db: Database) -> None:
    person = make_account(db, "demo@example.org", timezone="Pacific/Auckland")
    summary = _fill(db, person, seed=1)
    today = person.local_today(NOW).date()
    assert (summary.start, summary.end) == (today - timedelta(days=89), today)
    t = _tables(db, person)
    assert summary.checkins == len(t["checkins"]) == 90
    assert summary.recordings == len(t["recordings"])
    assert summary.practice_logs == len(t["practice_logs"])
    assert 70 <= len(t["recordings"]) <= 90
    assert 2 * 12 <= len(t["strength_sessions"]) <= 3 * 13  # two or three a week
    assert len(t["moments"]) >= 8
    assert len(t["resonance_assessments"]) == 1
    assert max(str(c["local_date"]) for c in t["checkins"]) == today.isoformat()

    checkins = sorted(t["checkins"], key=lambda c: str(c["local_date"]))
    distress = [int(c["distress"]) for c in checkins]  # type: ignore[call-overload]
    assert all(0 <= d <= 10 for d in distress)
    assert statistics.mean(distress[:21]) > statistics.mean(distress[-21:]) + 1  # improving
    by_weekday: dict[int, list[int]] = defaultdict(list)
    for c, d in zip(checkins, distress, strict=True):
        by_weekday[date.fromisoformat(str(c["local_date"])).weekday()].append(d)
    assert statistics.mean(by_weekday[0]) > statistics.mean(by_weekday[5])  # Mondays are harder
    states = {c["state"] for c in checkins}
    assert states == {"settled", "activated", "shut_down"}
    assert any(c["body_signals"] for c in checkins) and any(c["tags"] for c in checkins)
    assert all(3.5 <= float(c["sleep_hours"]) <= 9.5 for c in checkins)  # type: ignore[arg-type]

    session_days = {str(s["local_date"]) for s in t["strength_sessions"]}
    landed = [c for c in checkins if c["last_session_landed"]]
    assert landed and all(
        (date.fromisoformat(str(c["local_date"])) - timedelta(days=1)).isoformat() in session_days
        for c in landed
    )

    drops: dict[str, list[int]] = defaultdict(list)
    for log in t["practice_logs"]:
        drops[str(log["practice_id"])].append(
            int(log["distress_before"]) - int(log["distress_after"])
        )  # type: ignore[call-overload]
    used = [p for p, d in drops.items() if len(d) >= 5]
    assert len(used) >= 3
    means = {p: statistics.mean(drops[p]) for p in used}
    assert max(means.values()) - min(means.values()) >= 1.0  # some clearly help more

    moments = sorted(t["moments"], key=lambda m: str(m["started_at"]))
    recovery = [int(m["recovery_s"]) for m in moments if m["recovery_s"] is not None]  # type: ignore[call-overload]
    third = max(3, len(recovery) // 3)
    assert statistics.median(recovery[-third:]) < statistics.median(recovery[:third])

    rmssd = [
        float(r["metrics"]["rmssd_ms"])
        for r in sorted(t["recordings"], key=lambda r: str(r["started_at"]))
    ]  # type: ignore[index]
    assert all(5 < v < 250 for v in rmssd)
    assert statistics.mean(rmssd[-20:]) > statistics.mean(rmssd[:20])

    with db.session(write=False) as session:
        plan = plans.today_plan(session, person, day=today, now=NOW)
    assert plan.day == today


def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(db: Database) -> None:
    first = make_account(db, "one@example.org")
    second = make_account(db, "two@example.org")
    third = make_account(db, "three@example.org")
    _fill(db, first, days=20, seed=5)
    _fill(db, second, days=20, seed=5)
    _fill(db, third, days=20, seed=6)

    def norm(account: Account) -> object:
        with db.session(write=False, snapshot=True) as session:
            data = export.export_dict(session, account, now=NOW)
        tables = _normalise(data)["tables"]
        for rows in tables.values():
            for row in rows:
                row.pop("client_id", None)
        return tables

    assert norm(first) == norm(second)
    assert norm(first) != norm(third)


def test_an_account_with_checkins_is_refused_unless_replace(db: Database) -> None:
    person = make_account(db, "demo@example.org")
    first = _fill(db, person, days=30, seed=2)
    with pytest.raises(Conflict, match="already has check-ins") as caught:
        _fill(db, person, days=30, seed=2)
    assert caught.value.code == "account_has_data"
    assert len(_tables(db, person)["checkins"]) == 30
    again = _fill(db, person, days=30, seed=2, replace=True)
    assert again == first
    t = _tables(db, person)
    assert len(t["checkins"]) == 30 and len(t["profiles"]) == 1
    assert len(t["strength_sessions"]) == first.strength_sessions


@pytest.mark.parametrize("days", [0, demo.MAX_DAYS + 1])
def test_a_period_out_of_range_is_refused(db: Database, days: int) -> None:
    person = make_account(db, "demo@example.org")
    with pytest.raises(InvalidInput, match="--days must be between"):
        _fill(db, person, days=days)
    assert _tables(db, person)["checkins"] == []


def test_the_demo_recordings_come_from_the_shipped_real_excerpt() -> None:
    rr = demo.demo_rr_ms()
    assert rr.size == 2000
    source = Path(__file__).parents[1] / "data" / "rr" / "healthy000_first5000_ms.txt"
    original = [float(v) for v in source.read_text().split()[:2000]]
    assert rr.tolist() == original
