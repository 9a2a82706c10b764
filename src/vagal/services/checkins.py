"""Daily check-ins: save (one per local day), read, list. Scoped to the owner, never commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from vagal.core.checkin import (
    BodySignal,
    CheckinInput,
    HealthFlag,
    NervousSystemState,
    SessionLanding,
    needs_support,
    validate_checkin,
)
from vagal.errors import InvalidInput, NotFound
from vagal.services.accounts import Account
from vagal.storage.repositories import checkins as repo
from vagal.storage.repositories import recordings as rec_repo
from vagal.storage.rows import CheckinRow

MAX_RANGE_DAYS = 3660

#: One listed check-in as stored (see ``repo.list_checkins``).
CheckinValues = repo.CheckinValues


@dataclass(frozen=True, slots=True)
class StoredCheckin:
    """A saved check-in as the adapters show it."""

    local_date: date
    sleep_hours: float | None
    sleep_quality: int | None
    energy: int | None
    distress: int | None
    state: NervousSystemState | None
    body_signals: tuple[BodySignal, ...]
    note: str
    tags: tuple[str, ...]
    health_flags: tuple[HealthFlag, ...]
    last_session_landed: SessionLanding | None
    created_at: datetime
    updated_at: datetime

    @property
    def needs_support(self) -> bool:
        return needs_support(self.distress, self.state)

    def to_input(self) -> CheckinInput:
        return CheckinInput(
            local_date=self.local_date,
            sleep_hours=self.sleep_hours,
            sleep_quality=self.sleep_quality,
            energy=self.energy,
            distress=self.distress,
            state=self.state,
            body_signals=self.body_signals,
            note=self.note,
            tags=self.tags,
            health_flags=self.health_flags,
            last_session_landed=self.last_session_landed,
        )

    @classmethod
    def from_values(cls, values: repo.CheckinValues) -> StoredCheckin:
        """From a listed check-in's plain values (see ``repo.list_checkins``)."""
        (day, hours, quality, energy, distress, state, signals, note, tags, flags, landed,
         created, updated) = values  # fmt: skip
        return cls(
            local_date=day,
            sleep_hours=hours,
            sleep_quality=quality,
            energy=energy,
            distress=distress,
            state=_STATES[state] if state else None,
            body_signals=tuple(_SIGNALS[s] for s in signals),
            note=note,
            tags=tuple(tags),
            health_flags=tuple(_FLAGS[f] for f in flags),
            last_session_landed=_LANDINGS[landed] if landed else None,
            created_at=created,
            updated_at=updated,
        )

    @classmethod
    def from_row(cls, row: CheckinRow) -> StoredCheckin:
        return cls(
            local_date=row.local_date,
            sleep_hours=row.sleep_hours,
            sleep_quality=row.sleep_quality,
            energy=row.energy,
            distress=row.distress,
            state=NervousSystemState(row.state) if row.state else None,
            body_signals=tuple(BodySignal(s) for s in row.body_signals),
            note=row.note,
            tags=tuple(row.tags),
            health_flags=tuple(HealthFlag(f) for f in row.health_flags),
            last_session_landed=(
                SessionLanding(row.last_session_landed) if row.last_session_landed else None
            ),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


_STATES = {s.value: s for s in NervousSystemState}
_SIGNALS = {s.value: s for s in BodySignal}
_FLAGS = {f.value: f for f in HealthFlag}
_LANDINGS = {x.value: x for x in SessionLanding}


def local_today(account: Account, now: datetime) -> date:
    return account.local_today(now).date()


def save_checkin(
    session: Session, account: Account, checkin: CheckinInput, *, now: datetime
) -> tuple[StoredCheckin, bool]:
    """Create or replace the check-in for its local day. Returns it and whether it was new."""
    validate_checkin(checkin, today=local_today(account, now))
    row = repo.get_checkin(session, account.id, checkin.local_date)
    created = row is None
    if row is None:
        row = CheckinRow(user_id=account.id, local_date=checkin.local_date, created_at=now)
    row.sleep_hours = checkin.sleep_hours
    row.sleep_quality = checkin.sleep_quality
    row.energy = checkin.energy
    row.distress = checkin.distress
    row.state = checkin.state.value if checkin.state else None
    row.body_signals = [s.value for s in checkin.body_signals]
    row.note = checkin.note
    row.tags = list(checkin.tags)
    row.health_flags = [f.value for f in checkin.health_flags]
    row.last_session_landed = (
        checkin.last_session_landed.value if checkin.last_session_landed else None
    )
    row.support_shown = needs_support(checkin.distress, checkin.state)
    row.updated_at = now
    if created:
        repo.add_checkin(session, row)
    else:
        session.flush()
    return StoredCheckin.from_row(row), created


def get_checkin(session: Session, account: Account, local_date: date) -> StoredCheckin:
    row = repo.get_checkin(session, account.id, local_date)
    if row is None:
        raise NotFound(f"There is no check-in for {local_date.isoformat()}.")
    return StoredCheckin.from_row(row)


def find_checkin(session: Session, account: Account, local_date: date) -> StoredCheckin | None:
    row = repo.get_checkin(session, account.id, local_date)
    return StoredCheckin.from_row(row) if row else None


def list_checkins(
    session: Session,
    account: Account,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StoredCheckin]:
    """Newest first. A reversed or enormous range is a clear error."""
    values = list_checkin_values(session, account, start=start, end=end, limit=limit, offset=offset)
    return [StoredCheckin.from_values(v) for v in values]


def list_checkin_values(
    session: Session,
    account: Account,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[CheckinValues]:
    """``list_checkins`` as the plain stored values (for long JSON lists, built in one pass)."""
    if start and end:
        if start > end:
            raise InvalidInput(
                f"The range starts ({start}) after it ends ({end}). Swap the two dates.",
                details={"field": "from"},
            )
        if end - start > timedelta(days=MAX_RANGE_DAYS):
            raise InvalidInput(
                f"That range is longer than {MAX_RANGE_DAYS} days. Ask for a shorter one.",
                details={"field": "to"},
            )
    return repo.list_checkins(session, account.id, start=start, end=end, limit=limit, offset=offset)


def imported_sleep(session: Session, account: Account, day: date) -> tuple[float, str] | None:
    """Hours of sleep an import recorded for the night before ``day`` (value, source), if any.

    It is only ever offered: a check-in's own sleep hours always win.
    """
    rows = rec_repo.list_summaries(session, account.id, metric="sleep_hours", start=day, end=day)
    return (rows[0].value, rows[0].source) if rows else None
