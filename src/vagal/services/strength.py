"""Gentle strength: today's session from today's plan, the session log, and the stored history.

A session logged on day D "landed" the way the check-in of day D+1 says (its
``last_session_landed``); that is derived on every read, never copied into the session row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from vagal.catalog.exercises import load_exercise_catalog
from vagal.core.checkin import NervousSystemState, SessionLanding, check_scale
from vagal.core.planner import Plan, StrengthSession
from vagal.core.planner.inputs import (
    KIND_LABELS,
    SESSION_MINUTES_CHOICES,
    PlanKind,
    Preferences,
    SessionFeel,
)
from vagal.core.training import (
    Pattern,
    SessionLog,
    SetLog,
    StrengthSessionPlan,
    Target,
    build_session,
    check_log,
    next_levels,
    next_session_minutes,
)
from vagal.errors import Conflict, InvalidInput, NotFound
from vagal.services import checkins, plans, profile
from vagal.services.accounts import Account
from vagal.services.idempotency import add_once, check_client_id
from vagal.storage.repositories import checkins as checkin_repo
from vagal.storage.repositories import strength_sessions as repo
from vagal.storage.rows import StrengthSessionRow

#: How many logged sessions progression looks back over (the newest first).
HISTORY_SESSIONS = 200
#: The planner counts the strength sessions of this many days, ``through`` included.
PLANNER_WEEK_DAYS = 7
MAX_NOTE_CHARS = 2000
MAX_SETS_IN_LOG = 40


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A logged session as the adapters show it; ``landed`` comes from the next day's check-in."""

    id: int
    client_id: str
    local_date: date
    started_at: datetime
    ended_at: datetime | None
    planned: dict[str, Any]
    sets: tuple[SetLog, ...]
    length_minutes: int
    felt: SessionFeel | None
    stopped_early: bool
    state_before: NervousSystemState | None
    state_after: NervousSystemState | None
    distress_before: int | None
    distress_after: int | None
    note: str
    landed: SessionLanding | None
    created_at: datetime

    @classmethod
    def from_row(cls, row: StrengthSessionRow, landed: SessionLanding | None) -> StoredSession:
        return cls(
            id=row.id,
            client_id=row.client_id,
            local_date=row.local_date,
            started_at=row.started_at,
            ended_at=row.ended_at,
            planned=dict(row.planned),
            sets=tuple(
                SetLog(
                    exercise_id=str(s["exercise_id"]),
                    reps=int(s["reps"]),
                    felt=SessionFeel(s["felt"]) if s.get("felt") else None,
                    reps_in_reserve=s.get("reps_in_reserve"),
                )
                for s in row.sets
            ),
            length_minutes=row.length_minutes,
            felt=SessionFeel(row.felt) if row.felt else None,
            stopped_early=row.stopped_early,
            state_before=NervousSystemState(row.state_before) if row.state_before else None,
            state_after=NervousSystemState(row.state_after) if row.state_after else None,
            distress_before=row.distress_before,
            distress_after=row.distress_after,
            note=row.note,
            landed=landed,
            created_at=row.created_at,
        )

    def to_log(self) -> SessionLog:
        return SessionLog(
            local_date=self.local_date,
            sets=self.sets,
            felt=self.felt,
            landed=self.landed,
            length_minutes=self.length_minutes,
            stopped_early=self.stopped_early,
            started_at=self.started_at,
        )

    def to_planner(self) -> StrengthSession:
        return StrengthSession(self.local_date, self.felt, self.landed)


@dataclass(frozen=True, slots=True)
class LogInput:
    """A session log as a page or API client sends it (validated by ``log_session``)."""

    client_id: str
    local_date: date
    started_at: datetime
    sets: tuple[SetLog, ...]
    ended_at: datetime | None = None
    felt: SessionFeel | None = None
    stopped_early: bool = False
    state_before: NervousSystemState | None = None
    state_after: NervousSystemState | None = None
    distress_before: int | None = None
    distress_after: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class NextSession:
    """Today's session, or (``session`` is ``None``) why today holds something else."""

    day: date
    plan: Plan
    session: StrengthSessionPlan | None
    targets: dict[Pattern, Target] = field(default_factory=dict)
    message: str = ""

    @property
    def available(self) -> bool:
        return self.session is not None


# --- history ---------------------------------------------------------------------------------


def history(
    session: Session, account: Account, *, through: date, include_day: bool = True
) -> list[StoredSession]:
    """Logged sessions up to ``through`` (that day too unless ``include_day`` is false), newest
    first, each with how it landed (the next day's check-in)."""
    end = through if include_day else through - timedelta(days=1)
    rows = repo.list_sessions(session, account.id, end=end, limit=HISTORY_SESSIONS)
    return _with_landing(session, account, rows)


@dataclass(frozen=True, slots=True)
class KnownLandings:
    """Landings a caller has read already: those of every check-in from ``since`` to
    ``until`` (inclusive), by day."""

    since: date
    until: date
    by_day: Mapping[date, SessionLanding]


def planning_history(
    session: Session,
    account: Account,
    *,
    through: date,
    include_day: bool = True,
    known: KnownLandings | None = None,
) -> list[SessionLog]:
    """The newest sessions of ``history`` (same order, same landing) that the planner and the
    session length look at, with only the fields they use (no sets, no stored plan).

    The planner needs the sessions of the 7 days ending ``through`` and the last one; the
    session length, those of the two newest days with a session. So the list starts at the
    earlier of those two days: a prefix of ``history``, giving the same plan. ``known``
    landings are used when they cover the days needed (else those are read).
    """
    end = through if include_day else through - timedelta(days=1)
    week_start = through - timedelta(days=PLANNER_WEEK_DAYS - 1)
    rows = repo.planning_rows(
        session, account.id, week_start=week_start, end=end, limit=HISTORY_SESSIONS
    )
    if not rows:
        return []
    days = [r.local_date for r in rows]
    if (
        known is not None
        and known.since <= min(days) + timedelta(days=1)
        and (max(days) + timedelta(days=1) <= known.until)
    ):
        landed: Mapping[date, SessionLanding] = known.by_day
    else:
        landed = _landings(session, account, days)
    return [
        SessionLog(
            local_date=r.local_date,
            sets=(),
            felt=SessionFeel(r.felt) if r.felt else None,
            landed=landed.get(r.local_date + timedelta(days=1)),
            length_minutes=r.length_minutes,
            stopped_early=r.stopped_early,
            started_at=r.started_at,
        )
        for r in rows
    ]


def _landings(
    session: Session, account: Account, days: Sequence[date]
) -> dict[date, SessionLanding]:
    """How the sessions of ``days`` landed, keyed by the next day (whose check-in says so)."""
    first = min(days) + timedelta(days=1)
    last = max(days) + timedelta(days=1)
    return {
        day: SessionLanding(value)
        for day, value in checkin_repo.landings(session, account.id, first, last)
        if value
    }


def _with_landing(
    session: Session, account: Account, rows: Sequence[StrengthSessionRow]
) -> list[StoredSession]:
    if not rows:
        return []
    landed = _landings(session, account, [r.local_date for r in rows])
    return [StoredSession.from_row(r, landed.get(r.local_date + timedelta(days=1))) for r in rows]


def session_minutes(stored: Sequence[StoredSession], preferences: Preferences) -> int:
    """The session length to plan next: the length reached so far (never below the person's
    preference), one step longer after two sessions in a row that landed well."""
    return minutes_after([s.to_log() for s in stored], preferences)


def session_minutes_now(session: Session, account: Account, *, day: date) -> int:
    """The length of the person's sessions now: the length they last chose, grown by the good
    sessions since. Forms and the API show this as the person's choice, so saving them again
    keeps it (saving is choosing: ``profile.save_profile``)."""
    person = profile.get_profile(session, account)
    done = planning_history(session, account, through=day)
    return minutes_after(done, person.preferences, chosen_at=person.session_minutes_set_at)


def minutes_after(
    logs: Sequence[SessionLog], preferences: Preferences, *, chosen_at: datetime | None = None
) -> int:
    """``session_minutes`` for session logs, newest first. ``chosen_at`` is when the person
    last chose their session length: sessions that began before it do not count, so a shorter
    length chosen after sessions grew longer holds (and grows again only after two good
    sessions at it)."""
    if chosen_at is not None:
        logs = [s for s in logs if s.started_at is None or s.started_at >= chosen_at]
    reached = [s.length_minutes for s in logs[:1] if s.length_minutes in SESSION_MINUTES_CHOICES]
    current = max([preferences.session_minutes, *reached])
    return next_session_minutes(logs, current=current)


# --- today's session -------------------------------------------------------------------------


def next_session(session: Session, account: Account, *, day: date, now: datetime) -> NextSession:
    """The session for ``day``'s plan, built from the stored history; or, when the plan is not
    gentle strength, the plan with a clear message why."""
    today = plans.today_plan(session, account, day=day, now=now)
    plan = today.plan
    if plan.kind is not PlanKind.GENTLE_STRENGTH:
        return NextSession(day, plan, None, message=not_a_strength_day(plan))
    built, targets = _build(session, account, plan, include_day=True)
    return NextSession(day, plan, built, targets)


def not_a_strength_day(plan: Plan) -> str:
    # The reasons that shaped today, without the notes about a baseline still forming.
    reasons = " ".join(r.message for r in plan.reasons if not r.rule.startswith("R7."))
    label = KIND_LABELS[plan.kind].lower()
    return f"Today's plan is {label}, not a strength session. {plan.headline} {reasons}".strip()


def _build(
    session: Session, account: Account, plan: Plan, *, include_day: bool
) -> tuple[StrengthSessionPlan, dict[Pattern, Target]]:
    catalog = load_exercise_catalog()
    prefs = profile.get_profile(session, account).preferences
    stored = history(session, account, through=plan.today, include_day=include_day)
    logs = [s.to_log() for s in stored]
    targets = next_levels(logs, catalog=catalog, equipment=prefs.equipment)
    checkin = checkins.find_checkin(session, account, plan.today)
    built = build_session(
        plan,
        catalog=catalog,
        equipment=prefs.equipment,
        levels=targets,
        history=logs,
        state=checkin.state if checkin else None,
    )
    return built, targets


# --- the log ---------------------------------------------------------------------------------


def log_session(
    session: Session, account: Account, log: LogInput, *, now: datetime
) -> tuple[StoredSession, bool]:
    """Store a session log. Returns it and whether it is new.

    The same ``client_id`` again returns the session already stored (nothing is duplicated).
    The log is checked against the session as planned for its day (rebuilt from that day's plan
    and the history before it): an exercise that was not planned, more sets than planned or a
    value out of range is a clear error, and nothing is stored.
    """
    client_id = check_client_id(log.client_id)
    existing = repo.get_by_client_id(session, account.id, client_id)
    if existing is not None:
        return _with_landing(session, account, [existing])[0], False
    _check_fields(log, account, now)
    today = plans.today_plan(session, account, day=log.local_date, now=now, include_day=False)
    if today.plan.kind is not PlanKind.GENTLE_STRENGTH:
        raise Conflict(
            f"There was no strength session planned for {log.local_date.isoformat()}, so there "
            "is nothing to log against. " + not_a_strength_day(today.plan),
            code="not_a_strength_day",
            details={"field": "local_date"},
        )
    built, _ = _build(session, account, today.plan, include_day=False)
    checked = check_log(
        SessionLog(
            local_date=log.local_date,
            sets=log.sets,
            felt=log.felt,
            length_minutes=built.minutes,
            stopped_early=log.stopped_early,
        ),
        built,
    )
    numbers: dict[str, int] = {}
    sets = []
    for s in checked.sets:
        numbers[s.exercise_id] = numbers.get(s.exercise_id, 0) + 1
        sets.append(
            {
                "exercise_id": s.exercise_id,
                "set_number": numbers[s.exercise_id],
                "reps": s.reps,
                "felt": s.felt.value if s.felt else None,
                "reps_in_reserve": s.reps_in_reserve,
            }
        )
    row = StrengthSessionRow(
        user_id=account.id,
        client_id=client_id,
        local_date=log.local_date,
        started_at=log.started_at,
        ended_at=log.ended_at,
        planned=plan_to_dict(built),
        sets=sets,
        length_minutes=built.minutes,
        felt=log.felt.value if log.felt else None,
        stopped_early=log.stopped_early,
        state_before=log.state_before.value if log.state_before else None,
        state_after=log.state_after.value if log.state_after else None,
        distress_before=log.distress_before,
        distress_after=log.distress_after,
        note=log.note,
        created_at=now,
    )
    stored, new = add_once(
        session, row, lambda: repo.get_by_client_id(session, account.id, client_id)
    )
    return _with_landing(session, account, [stored])[0], new


def _check_fields(log: LogInput, account: Account, now: datetime) -> None:
    if log.local_date > checkins.local_today(account, now):
        raise InvalidInput(
            "That session is dated in the future. Log it on the day you did it, or later.",
            details={"field": "local_date"},
        )
    check_scale("distress_before", log.distress_before, "distress before")
    check_scale("distress_after", log.distress_after, "distress after")
    if len(log.sets) > MAX_SETS_IN_LOG:
        raise InvalidInput(
            f"A log holds at most {MAX_SETS_IN_LOG} sets; this one has {len(log.sets)}.",
            details={"field": "sets"},
        )
    if len(log.note) > MAX_NOTE_CHARS:
        raise InvalidInput(
            f"The note is longer than {MAX_NOTE_CHARS} characters. Shorten it a little.",
            details={"field": "note"},
        )
    if log.ended_at is not None and log.ended_at < log.started_at:
        raise InvalidInput(
            "The session ends before it starts. Check the two times.",
            details={"field": "ended_at"},
        )


# --- reading ---------------------------------------------------------------------------------


def get_session(session: Session, account: Account, session_id: int) -> StoredSession:
    row = repo.get_session(session, account.id, session_id)
    if row is None:
        raise NotFound(f"There is no strength session {session_id}.")
    return _with_landing(session, account, [row])[0]


def list_sessions(
    session: Session,
    account: Account,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int = 100,
) -> list[StoredSession]:
    """Newest first, optionally between two days (inclusive)."""
    if start and end and start > end:
        raise InvalidInput(
            f"The range starts ({start}) after it ends ({end}). Swap the two dates.",
            details={"field": "from"},
        )
    rows = repo.list_sessions(session, account.id, start=start, end=end, limit=limit)
    return _with_landing(session, account, rows)


# --- plain data for pages, the API and storage -----------------------------------------------


def plan_to_dict(built: StrengthSessionPlan) -> dict[str, Any]:
    """The built session as JSON-ready data (stored with the log; embedded in the page)."""
    catalog = load_exercise_catalog()
    return {
        "date": built.today.isoformat(),
        "minutes": built.minutes,
        "total_s": built.total_s,
        "rest_s": built.rest_s,
        "reps_in_reserve": built.reps_in_reserve,
        "movements": [
            {
                "pattern": m.pattern.value,
                "exercise_id": m.exercise_id,
                "name": m.name,
                "level": m.level,
                "sets": m.sets,
                "reps": m.reps,
                "unit": m.unit.value,
                "cautions": list(catalog.level(m.exercise_id).cautions),
            }
            for m in built.movements
        ],
        "steps": [
            {
                "kind": s.kind.value,
                "duration_s": s.duration_s,
                "title": s.title,
                "text": s.text,
                "timed": s.timed,
                "practice_id": s.practice_id,
                "exercise_id": s.exercise_id,
                "set_number": s.set_number,
                "of_sets": s.of_sets,
                "reps": s.reps,
                "unit": s.unit.value if s.unit else None,
                "cues": list(s.cues),
                "breathing": s.breathing,
            }
            for s in built.steps
        ],
    }
