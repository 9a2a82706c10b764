"""Moments: "I'm activated" / "I'm shutting down" right now, a short practice to try, and the time
until "I feel settled now" (the recovery time). Scoped to the owner, never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from vagal.catalog.practices import Practice, load_practice_catalog
from vagal.core.checkin import (
    BodySignal,
    NervousSystemState,
    check_scale,
    needs_support,
    normalise_tags,
)
from vagal.core.insights import PracticeEffect
from vagal.core.planner.practices import STATE_PRACTICES
from vagal.errors import Conflict, InvalidInput, NotFound
from vagal.services import practices
from vagal.services.accounts import Account
from vagal.services.idempotency import add_once, check_client_id
from vagal.storage.repositories import moments as repo
from vagal.storage.rows import MomentRow

MOMENT_STATES = (NervousSystemState.ACTIVATED, NervousSystemState.SHUT_DOWN)
MAX_TRIGGER_LENGTH = 2000
#: A suggested practice is short: this many minutes when offered, else the shortest.
SHORT_MINUTES = 3


@dataclass(frozen=True, slots=True)
class MomentInput:
    state: NervousSystemState
    distress: int | None = None
    trigger_note: str = ""
    tags: tuple[str, ...] = ()
    body_signals: tuple[BodySignal, ...] = ()
    client_id: str | None = None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The practice to try now, how long, and why it was chosen."""

    practice_id: str
    name: str
    minutes: int
    #: "helped_before" (from the person's own logs) or "suits_state" (no history yet).
    reason: str
    effect: PracticeEffect | None = None

    @property
    def reason_text(self) -> str:
        if self.effect is not None:
            return (
                f"In your logs, {self.name.lower()} has eased your distress by about "
                f"{self.effect.mean_drop:.1f} points on average over {self.effect.uses} uses."
            )
        return "A gentle practice that often suits this state. Your own logs will shape this over time."


@dataclass(frozen=True, slots=True)
class StoredMoment:
    id: int
    client_id: str | None
    state: NervousSystemState
    distress: int | None
    trigger_note: str
    tags: tuple[str, ...]
    body_signals: tuple[BodySignal, ...]
    suggested_practice_id: str | None
    started_at: datetime
    local_date: date
    settled_at: datetime | None
    recovery_s: int | None

    @property
    def settled(self) -> bool:
        return self.settled_at is not None

    @property
    def needs_support(self) -> bool:
        return needs_support(self.distress, self.state)

    @classmethod
    def from_row(cls, row: MomentRow) -> StoredMoment:
        return cls(
            id=row.id,
            client_id=row.client_id,
            state=NervousSystemState(row.state),
            distress=row.distress,
            trigger_note=row.trigger_note,
            tags=tuple(row.tags),
            body_signals=tuple(BodySignal(s) for s in row.body_signals),
            suggested_practice_id=row.suggested_practice_id,
            started_at=row.started_at,
            local_date=row.local_date,
            settled_at=row.settled_at,
            recovery_s=row.recovery_s,
        )


def _short_minutes(practice: Practice) -> int:
    return SHORT_MINUTES if SHORT_MINUTES in practice.durations else practice.durations[0]


def suggest_practice(session: Session, account: Account, state: NervousSystemState) -> Suggestion:
    """What has helped this person most (largest mean drop among practices with enough uses that
    suit ``state`` and are not intense); with no such history, the planner's first choice for
    the state."""
    helps = practices.what_helps_me(session, account)
    for effect in helps.effects:  # largest mean drop first
        if effect.mean_drop <= 0:
            break
        try:
            entry = practices.get_practice(session, account, effect.practice_id)
        except NotFound:
            continue
        if entry.practice.suits(state) and not entry.practice.intense:
            return Suggestion(
                entry.id,
                entry.practice.name,
                _short_minutes(entry.practice),
                "helped_before",
                effect,
            )
    practice = load_practice_catalog().get(STATE_PRACTICES[state][0])
    return Suggestion(practice.id, practice.name, _short_minutes(practice), "suits_state")


def _validate(moment: MomentInput) -> None:
    if moment.state not in MOMENT_STATES:
        raise InvalidInput(
            "A moment is for when you feel activated or shut down. Choose one of those.",
            details={"field": "state"},
        )
    check_scale("distress", moment.distress)
    if len(moment.trigger_note) > MAX_TRIGGER_LENGTH:
        raise InvalidInput(
            f"The note is {len(moment.trigger_note)} characters long; the limit is "
            f"{MAX_TRIGGER_LENGTH}.",
            details={"field": "trigger_note"},
        )


def open_moment(
    session: Session, account: Account, moment: MomentInput, *, now: datetime
) -> tuple[StoredMoment, Suggestion, bool]:
    """Start a moment now. Returns it, the suggested practice and whether it was new (a re-sent
    ``client_id`` returns the stored moment unchanged)."""
    client_id = check_client_id(moment.client_id)
    if client_id is not None:
        existing = repo.get_by_client_id(session, account.id, client_id)
        if existing is not None:
            stored = StoredMoment.from_row(existing)
            return stored, suggest_practice(session, account, stored.state), False
    _validate(moment)
    tags = normalise_tags(moment.tags)
    suggestion = suggest_practice(session, account, moment.state)
    row = MomentRow(
        user_id=account.id,
        client_id=client_id,
        started_at=now,
        local_date=account.local_today(now).date(),
        state=moment.state.value,
        distress=moment.distress,
        trigger_note=moment.trigger_note.strip(),
        tags=list(tags),
        body_signals=[s.value for s in moment.body_signals],
        suggested_practice_id=suggestion.practice_id,
        settled_at=None,
        recovery_s=None,
        created_at=now,
    )
    if client_id is None:
        repo.add(session, row)
        return StoredMoment.from_row(row), suggestion, True
    kept, new = add_once(
        session, row, lambda: repo.get_by_client_id(session, account.id, client_id)
    )
    return StoredMoment.from_row(kept), suggestion, new


def get_moment(session: Session, account: Account, moment_id: int) -> StoredMoment:
    row = repo.get(session, account.id, moment_id)
    if row is None:
        raise NotFound(f"There is no moment number {moment_id}.", details={"field": "moment_id"})
    return StoredMoment.from_row(row)


def settle_moment(
    session: Session, account: Account, moment_id: int, *, now: datetime
) -> StoredMoment:
    """ "I feel settled now": store when, and the recovery time since the moment began."""
    row = repo.get(session, account.id, moment_id)
    if row is None:
        raise NotFound(f"There is no moment number {moment_id}.", details={"field": "moment_id"})
    if row.settled_at is not None:
        raise Conflict(
            "This moment is already marked as settled, so nothing was changed. If a new wave "
            "comes, you can start a new moment.",
            details={"field": "moment_id", "settled_at": row.settled_at.isoformat()},
        )
    row.settled_at = max(now, row.started_at)
    row.recovery_s = round((row.settled_at - row.started_at).total_seconds())
    session.flush()
    return StoredMoment.from_row(row)


def list_moments(
    session: Session, account: Account, *, limit: int | None = None, offset: int = 0
) -> list[StoredMoment]:
    rows = repo.list_moments(session, account.id, limit=limit, offset=offset)
    return [StoredMoment.from_row(row) for row in rows]


def describe_recovery(seconds: int) -> str:
    """A gentle, rounded duration: 'about 12 minutes', 'about 1 hour 5 minutes'."""
    minutes = max(1, round(seconds / 60))
    if seconds < 60:
        return "less than a minute"
    if minutes < 60:
        return f"about {minutes} minute{'s' if minutes != 1 else ''}"
    hours, rest = divmod(minutes, 60)
    text = f"about {hours} hour{'s' if hours != 1 else ''}"
    return text + (f" {rest} minute{'s' if rest != 1 else ''}" if rest else "")
