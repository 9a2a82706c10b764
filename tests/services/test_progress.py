from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from tests.conftest import Persona
from tests.progress_data import (
    STAMP,
    checkin,
    fill_days,
    moment,
    morning,
    practice,
    profile,
    strength,
)
from vagal.errors import InvalidInput
from vagal.services import progress as service
from vagal.storage.db import Database
from vagal.storage.rows import DailySummaryRow

TODAY = date(2026, 3, 10)  # a Tuesday


def _add(db: Database, *rows: object) -> None:
    with db.session(write=True) as session:
        session.add_all(rows)


def _progress(db: Database, persona: Persona, period: service.Period) -> service.Progress:
    with db.session(write=False) as session:
        return service.get_progress(session, persona.account, period)


def test_periods_end_today_by_default() -> None:
    assert service.resolve_period(TODAY) == service.Period(date(2026, 3, 4), TODAY)
    month = service.resolve_period(TODAY, period="month")
    assert month.days == 30 and month.end == TODAY
    assert service.resolve_period(TODAY, period="quarter").days == 91
    custom = service.resolve_period(TODAY, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert (custom.start, custom.end, custom.days) == (date(2026, 1, 1), date(2026, 1, 31), 31)


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"start": date(2026, 3, 9), "end": date(2026, 3, 1)}, "from", "after it ends"),
        ({"start": date(2024, 1, 1), "end": TODAY}, "from", "at most 400 days"),
        ({"period": "decade"}, "period", "week, month or quarter"),
    ],
)
def test_reversed_long_or_unknown_periods_are_refused_clearly(
    kwargs: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        service.resolve_period(TODAY, **kwargs)  # type: ignore[arg-type]
    assert caught.value.details["field"] == field
    assert words in caught.value.message


def test_an_empty_period_is_a_friendly_result(db: Database, client_persona: Persona) -> None:
    result = _progress(db, client_persona, service.resolve_period(TODAY))
    assert not result.has_data
    assert len(result.days) == 7 and all(d.ln_rmssd is None for d in result.days)
    assert result.helps is None
    assert "nothing to look back on" in result.summary[0]


def test_numbers_come_from_every_kind_of_data(db: Database, client_persona: Persona) -> None:
    uid = client_persona.account.id
    _add(
        db,
        profile(uid, preferred=[0, 3]),
        checkin(uid, TODAY, sleep_hours=7.5, sleep_quality=4, distress=3, state="settled"),
        checkin(uid, TODAY - timedelta(days=1), distress=5, state="activated"),
        morning(uid, TODAY, 4.0, 58.0),
        DailySummaryRow(
            user_id=uid,
            local_date=TODAY - timedelta(days=2),
            source="hrv4t",
            metric="rmssd_ms",
            value=math.exp(3.5),
            created_at=STAMP,
        ),
        DailySummaryRow(
            user_id=uid,
            local_date=TODAY - timedelta(days=2),
            source="hrv4t",
            metric="sleep_hours",
            value=6.0,
            created_at=STAMP,
        ),
        moment(uid, TODAY, 20),
        moment(uid, TODAY, 30, n=1),
        moment(uid, TODAY - timedelta(days=8), 40),
        moment(uid, TODAY - timedelta(days=9), 50),
        strength(uid, date(2026, 3, 9)),
        *[practice(uid, TODAY - timedelta(days=i), "extended_exhale", 6, 3) for i in range(5)],
    )
    result = _progress(db, client_persona, service.resolve_period(TODAY))
    by_day = {d.local_date: d for d in result.days}
    assert by_day[TODAY].ln_rmssd == pytest.approx(4.0)
    assert by_day[TODAY].resting_hr_bpm == pytest.approx(58.0)
    assert by_day[TODAY].sleep_hours == 7.5 and by_day[TODAY].sleep_quality == 4
    assert by_day[TODAY - timedelta(days=2)].ln_rmssd == pytest.approx(3.5)
    assert by_day[TODAY - timedelta(days=2)].sleep_hours == 6.0  # imported, no check-in
    assert by_day[TODAY - timedelta(days=3)].ln_rmssd is None  # a gap, not a zero
    week = result.this_week
    assert (week.settled_days, week.activated_days) == (1, 1)
    assert week.recovery_median_min == pytest.approx(25.0)
    assert result.week_before.recovery_median_min == pytest.approx(45.0)
    assert week.strength_done == 1
    assert week.strength_planned == 2  # Monday and Thursday in the 7 days to Tuesday
    assert week.practices_done == 5
    assert result.summary[0] == (
        "You settled faster after hard moments this week: 25 minutes at the median, "
        "45 the week before."
    )
    assert result.helps is not None and result.helps.effects[0].mean_drop == 3.0
    assert result.practices[0].name == "Longer breath out"
    assert result.practices[0].minutes == 25.0
    assert result.moments == 2  # the period is this week only
    assert result.has_data


def test_weeks_start_on_monday_and_cover_the_period(db: Database, client_persona: Persona) -> None:
    fill_days(db, client_persona.account.id, date(2025, 12, 1), TODAY)
    result = _progress(db, client_persona, service.resolve_period(TODAY, period="quarter"))
    assert result.weeks[0].start == result.period.start
    assert all(w.start.weekday() == 0 for w in result.weeks[1:])
    assert result.weeks[-1].end >= TODAY
    assert sum(w.practices_done for w in result.weeks) == sum(p.uses for p in result.practices)
    # The band appears once 14 readings exist in the 60 days (as in vagal.core.baseline).
    assert result.days[-1].band_low is not None and result.days[-1].mean_7d is not None


def test_another_persons_data_never_appears(
    db: Database, client_persona: Persona, other_persona: Persona
) -> None:
    fill_days(db, other_persona.account.id, TODAY - timedelta(days=90), TODAY)
    _add(db, profile(other_persona.account.id))
    result = _progress(db, client_persona, service.resolve_period(TODAY, period="quarter"))
    assert not result.has_data
    assert result.helps is None and result.sessions == () and result.practices == ()
    assert all(w.strength_planned == 0 for w in result.weeks)


def test_poor_quality_and_implausible_readings_are_left_out(
    db: Database, client_persona: Persona
) -> None:
    uid = client_persona.account.id
    poor = morning(uid, TODAY, 4.0)
    poor.metrics = {**poor.metrics, "quality": "poor"}
    _add(db, poor, morning(uid, TODAY - timedelta(days=1), 9.9, hr=500.0))
    result = _progress(db, client_persona, service.resolve_period(TODAY))
    assert all(d.ln_rmssd is None for d in result.days)
    assert all(d.resting_hr_bpm is None for d in result.days if d.local_date != TODAY)
