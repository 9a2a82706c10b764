"""Progress for a period: daily and weekly numbers, "what helps me", and the weekly summary.

Reads through the read-only progress repository (one query per kind of data, scoped to the
person), then leaves the arithmetic to ``vagal.core.summary`` and ``vagal.core.insights``.
A period with no data is a normal, friendly result, never an error.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from vagal.core.baseline import BAND_DAYS, LN_RMSSD_RANGE, RESTING_HR_RANGE
from vagal.core.checkin import NervousSystemState
from vagal.core.insights import PracticeUse, WhatHelps, what_helps
from vagal.core.planner import plan_week
from vagal.core.planner.inputs import PlanKind
from vagal.core.summary import (
    DayNumbers,
    WeekNumbers,
    hrv_trend,
    mean_or_none,
    median_or_none,
    weekly_summary,
)
from vagal.errors import InvalidInput
from vagal.services import practices as practice_service
from vagal.services import profile
from vagal.services.accounts import Account
from vagal.storage.repositories import progress as repo
from vagal.storage.repositories import recordings as rec_repo

PERIOD_DAYS = {"week": 7, "month": 30, "quarter": 91}
MAX_DAYS = 400
#: Imported daily metrics the charts use (names from vagal.importers.model).
DAILY_METRICS = ("rmssd_ms", "resting_hr_bpm", "sleep_hours")
MIN_USES = 5
_STATES = {s.value for s in NervousSystemState}


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"


@dataclass(frozen=True, slots=True)
class PracticeDone:
    practice_id: str
    name: str
    uses: int
    minutes: float
    mean_drop: float | None


@dataclass(frozen=True, slots=True)
class SessionDone:
    local_date: date
    minutes: int
    felt: str | None
    stopped_early: bool


@dataclass(frozen=True, slots=True)
class Progress:
    period: Period
    days: tuple[DayNumbers, ...]
    weeks: tuple[WeekNumbers, ...]
    this_week: WeekNumbers
    week_before: WeekNumbers
    summary: tuple[str, ...]
    helps: WhatHelps | None
    practices: tuple[PracticeDone, ...]
    sessions: tuple[SessionDone, ...]
    moments: int
    practice_names: dict[str, str]

    @property
    def has_data(self) -> bool:
        return bool(self.practices or self.sessions or self.moments) or any(
            d.ln_rmssd is not None
            or d.resting_hr_bpm is not None
            or d.sleep_hours is not None
            or d.sleep_quality is not None
            or d.distress is not None
            or d.state is not None
            for d in self.days
        )


def resolve_period(
    today: date,
    *,
    period: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Period:
    """The period asked for: ``week``/``month``/``quarter`` ending today (or ``end``), or
    ``start``..``end``. Reversed or very long ranges get a clear message."""
    name = period or "week"
    if name not in PERIOD_DAYS:
        raise InvalidInput(
            f"'{name}' is not a period vagal knows. Choose week, month or quarter, "
            "or give a from and to date.",
            details={"field": "period"},
        )
    last = end or today
    first = start or last - timedelta(days=PERIOD_DAYS[name] - 1)
    if first > last:
        raise InvalidInput(
            f"The period starts on {first.isoformat()}, after it ends on {last.isoformat()}. "
            "Swap the two dates, or choose an earlier start.",
            details={"field": "from"},
        )
    days = (last - first).days + 1
    if days > MAX_DAYS:
        raise InvalidInput(
            f"That period is {days} days long; a progress view covers at most {MAX_DAYS} days. "
            "Choose a later start or an earlier end.",
            details={"field": "from"},
        )
    return Period(first, last)


_Log = tuple[date, str, int, int | None, int | None, str | None]


@dataclass(slots=True)
class _Raw:
    hrv: dict[date, list[float]]
    rhr: dict[date, list[float]]
    sleep: dict[date, float]
    imported_sleep: dict[date, list[float]]
    quality: dict[date, int]
    distress: dict[date, int]
    state: dict[date, NervousSystemState]
    recoveries: list[tuple[date, float]]
    moment_days: list[date]
    logs: list[_Log]
    sessions: list[SessionDone]


def _read(session: Session, user_id: int, first: date, last: date) -> _Raw:
    raw = _Raw({}, {}, {}, {}, {}, {}, {}, [], [], [], [])
    hrv_first = first - timedelta(days=BAND_DAYS - 1)
    morning, daily = rec_repo.morning_and_daily_values(
        session, user_id, DAILY_METRICS, hrv_first, last
    )
    for day, ln, hr, grade in morning:
        if ln is not None and grade != "poor":
            raw.hrv.setdefault(day, []).append(ln)
        if hr is not None and day >= first:
            raw.rhr.setdefault(day, []).append(hr)
    for day, metric, value in daily:
        if metric == "rmssd_ms" and value > 0:
            raw.hrv.setdefault(day, []).append(math.log(value))
        elif metric == "resting_hr_bpm" and day >= first:
            raw.rhr.setdefault(day, []).append(value)
        elif metric == "sleep_hours" and day >= first:
            raw.imported_sleep.setdefault(day, []).append(value)
    for day, hours, quality, distress, state in repo.checkins(session, user_id, first, last):
        if hours is not None:
            raw.sleep[day] = hours
        if quality is not None:
            raw.quality[day] = quality
        if distress is not None:
            raw.distress[day] = distress
        if state in _STATES:
            raw.state[day] = NervousSystemState(state)
    done = repo.activities(session, user_id, first, last)
    for moment in done.moments:
        raw.moment_days.append(moment.local_date)
        if moment.recovery_s is not None and moment.recovery_s >= 0:
            raw.recoveries.append((moment.local_date, moment.recovery_s / 60.0))
    for log in done.practices:
        raw.logs.append(
            (log.local_date, log.practice_id, log.done_s, log.distress_before,
             log.distress_after, log.state_before)
        )  # fmt: skip
    for s in done.sessions:
        raw.sessions.append(SessionDone(s.local_date, s.length_minutes, s.felt, s.stopped_early))
    return raw


def _plausible(value: float, bounds: tuple[float, float]) -> bool:
    return math.isfinite(value) and bounds[0] < value < bounds[1]


def _daily_ln_rmssd(raw: _Raw) -> dict[date, float]:
    out = {}
    for day, values in raw.hrv.items():
        kept = [v for v in values if _plausible(v, LN_RMSSD_RANGE)]
        if kept:
            out[day] = statistics.fmean(kept)
    return out


def _days(raw: _Raw, first: date, last: date) -> list[DayNumbers]:
    trend = hrv_trend(_daily_ln_rmssd(raw), first, last)
    out = []
    for point in trend:
        day = point.local_date
        rhr = [v for v in raw.rhr.get(day, []) if _plausible(v, RESTING_HR_RANGE)]
        imported = raw.imported_sleep.get(day)
        sleep = raw.sleep.get(day)
        if sleep is None and imported:
            sleep = statistics.fmean(imported)
        out.append(
            DayNumbers(
                local_date=day,
                ln_rmssd=point.ln_rmssd,
                mean_7d=point.mean_7d,
                band_low=point.band_low,
                band_high=point.band_high,
                resting_hr_bpm=statistics.fmean(rhr) if rhr else None,
                sleep_hours=sleep,
                sleep_quality=raw.quality.get(day),
                distress=raw.distress.get(day),
                state=raw.state.get(day),
            )
        )
    return out


def _planned_strength(session: Session, account: Account) -> frozenset[int]:
    """Weekdays (0 = Monday) with a strength session in the person's week plan."""
    prefs, screening_read = profile.get_profile_and_screening(session, account)
    if not prefs.saved:
        return frozenset()
    screening = screening_read.status
    monday = date(2024, 1, 1)  # any Monday: the plan depends only on weekdays
    return frozenset(
        d.local_date.weekday()
        for d in plan_week(monday, prefs.preferences, screening=screening)
        if d.kind is PlanKind.GENTLE_STRENGTH
    )


def _week(
    raw: _Raw,
    days: Iterable[DayNumbers],
    first: date,
    last: date,
    planned: frozenset[int],
) -> WeekNumbers:
    inside = [d for d in days if first <= d.local_date <= last]
    states = [d.state for d in inside if d.state is not None]

    def within(day: date) -> bool:
        return first <= day <= last

    length = (last - first).days + 1
    return WeekNumbers(
        start=first,
        settled_days=states.count(NervousSystemState.SETTLED),
        activated_days=states.count(NervousSystemState.ACTIVATED),
        shut_down_days=states.count(NervousSystemState.SHUT_DOWN),
        moments=sum(1 for d in raw.moment_days if within(d)),
        recovery_median_min=median_or_none([m for d, m in raw.recoveries if within(d)]),
        strength_done=sum(1 for s in raw.sessions if within(s.local_date)),
        strength_planned=sum(
            1 for k in range(length) if (first + timedelta(days=k)).weekday() in planned
        ),
        practices_done=sum(1 for log in raw.logs if within(log[0])),
        sleep_mean_hours=mean_or_none([d.sleep_hours for d in inside if d.sleep_hours is not None]),
        distress_mean=mean_or_none([float(d.distress) for d in inside if d.distress is not None]),
        ln_rmssd_mean=mean_or_none([d.ln_rmssd for d in inside if d.ln_rmssd is not None]),
    )


def _helps(logs: Iterable[_Log], seed: int) -> WhatHelps | None:
    uses = []
    for _day, pid, _done, before, after, state in logs:
        if before is None or after is None:
            continue
        try:
            uses.append(
                PracticeUse(
                    pid,
                    before,
                    after,
                    NervousSystemState(state) if state in _STATES else None,
                )
            )
        except InvalidInput:
            continue  # an out-of-range rating stored by an older version: leave it out
    return what_helps(uses, seed=seed, min_uses=MIN_USES) if uses else None


def _practices(raw: _Raw, period: Period, names: dict[str, str]) -> list[PracticeDone]:
    grouped: dict[str, list[tuple[int, int | None, int | None]]] = defaultdict(list)
    for day, pid, done_s, before, after, _state in raw.logs:
        if period.start <= day <= period.end:
            grouped[pid].append((done_s, before, after))
    out = []
    for pid, uses in grouped.items():
        drops = [b - a for _, b, a in uses if b is not None and a is not None]
        out.append(
            PracticeDone(
                practice_id=pid,
                name=names[pid],
                uses=len(uses),
                minutes=sum(done for done, _, _ in uses) / 60.0,
                mean_drop=statistics.fmean(drops) if drops else None,
            )
        )
    out.sort(key=lambda p: (-p.uses, p.name))
    return out


def get_progress(session: Session, account: Account, period: Period) -> Progress:
    """Everything the progress page and the report show for ``period``."""
    summary_end = period.end
    this_start = summary_end - timedelta(days=6)
    before_start = this_start - timedelta(days=7)
    first = min(period.start, before_start)
    raw = _read(session, account.id, first, period.end)
    all_days = _days(raw, first, period.end)
    days = [d for d in all_days if d.local_date >= period.start]
    planned = _planned_strength(session, account)
    monday = period.start - timedelta(days=period.start.weekday())
    weeks = []
    while monday <= period.end:
        weeks.append(
            _week(
                raw,
                days,
                max(monday, period.start),
                min(monday + timedelta(days=6), period.end),
                planned,
            )
        )
        monday += timedelta(days=7)
    this_week = _week(raw, all_days, this_start, summary_end, planned)
    week_before = _week(raw, all_days, before_start, this_start - timedelta(days=1), planned)
    last_day = all_days[-1]
    summary = weekly_summary(this_week, week_before, band=(last_day.band_low, last_day.band_high))
    in_period = [log for log in raw.logs if log[0] >= period.start]
    # The same seed as the "what helps me" API, so both show the same intervals.
    helps = _helps(in_period, seed=practice_service.person_seed(account))
    names = {
        pid: practice_service.practice_label(session, account, pid)
        for pid in sorted({log[1] for log in in_period})
    }
    practices = _practices(raw, period, names)
    return Progress(
        period=period,
        days=tuple(days),
        weeks=tuple(weeks),
        this_week=this_week,
        week_before=week_before,
        summary=tuple(summary),
        helps=helps,
        practices=tuple(practices),
        sessions=tuple(s for s in raw.sessions if s.local_date >= period.start),
        moments=sum(1 for d in raw.moment_days if d >= period.start),
        practice_names=names,
    )
