"""Regulation practices: the catalog for this person, their own breathing patterns, practice logs
and "what helps me". Scoped to the owner, never commits (the adapter owns the transaction)."""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from vagal.catalog.practices import (
    BreathPattern,
    Practice,
    Script,
    Step,
    custom_breathing_practice,
    describe_pattern,
    load_practice_catalog,
)
from vagal.core.checkin import NervousSystemState, check_scale, needs_support
from vagal.core.insights import MIN_USES, PracticeUse, WhatHelps, what_helps
from vagal.core.planner.practices import COLD_PRACTICE
from vagal.errors import Conflict, InvalidInput, NotFound
from vagal.services import profile as profile_service
from vagal.services import resonance
from vagal.services.accounts import Account
from vagal.services.idempotency import add_once, check_client_id
from vagal.storage.repositories import moments as moments_repo
from vagal.storage.repositories import practices as repo
from vagal.storage.rows import CustomPracticeRow, PracticeLogRow

CUSTOM_PREFIX = "custom:"
RESONANCE_PRACTICE = "resonance_breathing"
MAX_NAME_LENGTH = 80
MAX_LOG_NOTE_LENGTH = 2000
#: A log may run over its planned length by this much (the person paused, or lingered at the end).
OVERRUN_S = 30 * 60
#: How far ahead of the server's clock a device's start time may be (clock skew).
CLOCK_SKEW = timedelta(minutes=10)
#: How old a re-sent (offline) log may be.
MAX_LOG_AGE = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class CustomPattern:
    """A breathing pattern a person named and saved."""

    id: int
    name: str
    pattern: BreathPattern
    created_at: datetime

    @property
    def practice_id(self) -> str:
        return f"{CUSTOM_PREFIX}{self.id}"

    @property
    def description(self) -> str:
        return describe_pattern(self.pattern)

    def practice(self) -> Practice:
        return custom_breathing_practice(_custom_slug(self.id), self.name, self.pattern)

    @classmethod
    def from_row(cls, row: CustomPracticeRow) -> CustomPattern:
        return cls(
            row.id,
            row.name,
            BreathPattern(
                inhale_s=row.inhale_s,
                exhale_s=row.exhale_s,
                hold_in_s=row.hold_in_s,
                hold_out_s=row.hold_out_s,
            ),
            row.created_at,
        )


def _custom_slug(custom_id: int) -> str:
    # A catalog-shaped id for the model (lower-case words); the public id is "custom:<n>".
    return f"custom_{custom_id}"


@dataclass(frozen=True, slots=True)
class PracticeEntry:
    """A practice as this person sees it: its public id (catalog id or ``custom:<n>``)."""

    id: str
    practice: Practice
    custom: CustomPattern | None = None


# ---------------------------------------------------------------------------------------------
# The catalog for one person


def cold_exposure_ok(session: Session, account: Account) -> bool:
    return profile_service.get_profile(session, account).preferences.cold_exposure_ok


def list_practices(
    session: Session, account: Account, *, state: NervousSystemState | None = None
) -> list[PracticeEntry]:
    """The catalog (cold exposure only if the profile allows it) then the person's own patterns,
    optionally only those that suit ``state``."""
    cold_ok = cold_exposure_ok(session, account)
    entries = [
        PracticeEntry(p.id, p)
        for p in load_practice_catalog().practices
        if cold_ok or p.id != COLD_PRACTICE
    ]
    entries += [
        PracticeEntry(c.practice_id, c.practice(), c)
        for c in list_custom_patterns(session, account)
    ]
    if state is not None:
        entries = [e for e in entries if e.practice.suits(state)]
    return entries


def get_practice(session: Session, account: Account, practice_id: str) -> PracticeEntry:
    """One practice by public id; another person's custom pattern looks the same as a missing one."""
    if practice_id.startswith(CUSTOM_PREFIX):
        custom = get_custom_pattern(session, account, _custom_number(practice_id))
        return PracticeEntry(custom.practice_id, custom.practice(), custom)
    catalog = load_practice_catalog()
    if practice_id not in catalog or (
        practice_id == COLD_PRACTICE and not cold_exposure_ok(session, account)
    ):
        raise NotFound(
            f"There is no practice called '{practice_id}'. The practices page lists them all.",
            details={"field": "practice_id"},
        )
    return PracticeEntry(practice_id, catalog.get(practice_id))


def _custom_number(practice_id: str) -> int:
    raw = practice_id.removeprefix(CUSTOM_PREFIX)
    if not raw.isdigit() or len(raw) > 12:
        raise NotFound(
            f"There is no practice called '{practice_id}'.", details={"field": "practice_id"}
        )
    return int(raw)


def resonance_rate(session: Session, account: Account) -> float | None:
    """The breaths per minute from the person's latest resonance assessment, if any."""
    latest = resonance.latest(session, account)
    return latest.rate_bpm if latest else None


def script_for(
    session: Session, account: Account, entry: PracticeEntry, minutes: int
) -> tuple[Script, float | None]:
    """The script for ``minutes`` and, for resonance breathing, the person's own rate (if stored)
    with the paced steps re-timed to it."""
    script = entry.practice.script(minutes)
    if entry.id != RESONANCE_PRACTICE:
        return script, None
    rate = resonance_rate(session, account)
    if rate is None:
        return script, None
    return with_pattern(script, BreathPattern.at_rate(rate)), rate


def with_pattern(script: Script, pattern: BreathPattern) -> Script:
    """The script with every paced step playing ``pattern`` for as many whole breaths as fit;
    the seconds left over go to the last unpaced step, so the length is unchanged."""
    steps: list[Step] = []
    spare = 0.0
    for step in script.steps:
        if step.breath is None:
            steps.append(step)
            continue
        breaths = max(1, math.floor(step.seconds / pattern.cycle_s + 1e-9))
        seconds = breaths * pattern.cycle_s
        spare += step.seconds - seconds
        steps.append(replace(step, seconds=seconds, breath=pattern))
    for index in range(len(steps) - 1, -1, -1):
        if steps[index].breath is None and steps[index].seconds + spare > 0:
            steps[index] = replace(steps[index], seconds=steps[index].seconds + spare)
            break
    return Script(script.minutes, tuple(steps))


# ---------------------------------------------------------------------------------------------
# Custom breathing patterns


def _validated_name(name: str) -> str:
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput(
            "Give your pattern a name, like 'Evening 4-7'.", details={"field": "name"}
        )
    if len(clean) > MAX_NAME_LENGTH:
        raise InvalidInput(
            f"The name is {len(clean)} characters long; keep it to {MAX_NAME_LENGTH}.",
            details={"field": "name"},
        )
    return clean


def create_custom_pattern(
    session: Session, account: Account, name: str, pattern: BreathPattern, *, now: datetime
) -> CustomPattern:
    clean = _validated_name(name)
    if repo.find_custom_by_name(session, account.id, clean) is not None:
        raise Conflict(
            f"You already have a pattern called '{clean}'. Choose another name, or delete the "
            "old one first.",
            details={"field": "name"},
        )
    row = CustomPracticeRow(
        user_id=account.id,
        name=clean,
        inhale_s=float(pattern.inhale_s),
        hold_in_s=float(pattern.hold_in_s),
        exhale_s=float(pattern.exhale_s),
        hold_out_s=float(pattern.hold_out_s),
        created_at=now,
    )
    repo.add(session, row)
    return CustomPattern.from_row(row)


def list_custom_patterns(session: Session, account: Account) -> list[CustomPattern]:
    return [CustomPattern.from_row(row) for row in repo.list_custom(session, account.id)]


def get_custom_pattern(session: Session, account: Account, custom_id: int) -> CustomPattern:
    row = repo.get_custom(session, account.id, custom_id)
    if row is None:
        raise NotFound(
            f"There is no saved pattern number {custom_id}.", details={"field": "practice_id"}
        )
    return CustomPattern.from_row(row)


def delete_custom_pattern(session: Session, account: Account, custom_id: int) -> None:
    """Delete a saved pattern; its past logs stay (they keep the id ``custom:<n>``)."""
    if not repo.delete_custom(session, account.id, custom_id):
        raise NotFound(
            f"There is no saved pattern number {custom_id}.", details={"field": "practice_id"}
        )


# ---------------------------------------------------------------------------------------------
# Practice logs


@dataclass(frozen=True, slots=True)
class PracticeLogInput:
    practice_id: str
    planned_minutes: int
    done_s: int
    completed: bool = True
    client_id: str | None = None
    moment_id: int | None = None
    started_at: datetime | None = None
    breaths_per_min: float | None = None
    state_before: NervousSystemState | None = None
    state_after: NervousSystemState | None = None
    distress_before: int | None = None
    distress_after: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class StoredPracticeLog:
    id: int
    client_id: str | None
    practice_id: str
    moment_id: int | None
    local_date: date
    started_at: datetime
    planned_minutes: int
    done_s: int
    completed: bool
    breaths_per_min: float | None
    state_before: NervousSystemState | None
    state_after: NervousSystemState | None
    distress_before: int | None
    distress_after: int | None
    note: str
    created_at: datetime

    @property
    def needs_support(self) -> bool:
        return needs_support(self.distress_after, self.state_after) or (
            self.distress_after is None and needs_support(self.distress_before, self.state_before)
        )

    @classmethod
    def from_row(cls, row: PracticeLogRow) -> StoredPracticeLog:
        return cls(
            id=row.id,
            client_id=row.client_id,
            practice_id=row.practice_id,
            moment_id=row.moment_id,
            local_date=row.local_date,
            started_at=row.started_at,
            planned_minutes=row.planned_minutes,
            done_s=row.done_s,
            completed=row.completed,
            breaths_per_min=row.breaths_per_min,
            state_before=NervousSystemState(row.state_before) if row.state_before else None,
            state_after=NervousSystemState(row.state_after) if row.state_after else None,
            distress_before=row.distress_before,
            distress_after=row.distress_after,
            note=row.note,
            created_at=row.created_at,
        )


def log_practice(
    session: Session, account: Account, log: PracticeLogInput, *, now: datetime
) -> tuple[StoredPracticeLog, bool]:
    """Store one use of a practice. Returns it and whether it was new: a re-sent ``client_id``
    returns the stored log unchanged (200, not a second row)."""
    client_id = check_client_id(log.client_id)
    if client_id is not None:
        existing = repo.get_log_by_client_id(session, account.id, client_id)
        if existing is not None:
            return StoredPracticeLog.from_row(existing), False
    entry = get_practice(session, account, log.practice_id)
    if log.planned_minutes not in entry.practice.durations:
        offered = ", ".join(str(m) for m in entry.practice.durations)
        raise InvalidInput(
            f"{entry.practice.name} comes in {offered} minutes, not {log.planned_minutes}.",
            details={"field": "planned_minutes"},
        )
    limit_s = log.planned_minutes * 60 + OVERRUN_S
    if isinstance(log.done_s, bool) or not 0 <= log.done_s <= limit_s:
        raise InvalidInput(
            f"done_s is the seconds you practised, from 0 to {limit_s} for a "
            f"{log.planned_minutes}-minute practice; {log.done_s} is outside that.",
            details={"field": "done_s"},
        )
    check_scale("distress_before", log.distress_before, "distress before")
    check_scale("distress_after", log.distress_after, "distress after")
    if log.breaths_per_min is not None and not (
        math.isfinite(log.breaths_per_min) and 2.0 <= log.breaths_per_min <= 20.0
    ):
        raise InvalidInput(
            "breaths_per_min should be between 2 and 20.", details={"field": "breaths_per_min"}
        )
    if len(log.note) > MAX_LOG_NOTE_LENGTH:
        raise InvalidInput(
            f"The note is {len(log.note)} characters long; the limit is {MAX_LOG_NOTE_LENGTH}.",
            details={"field": "note"},
        )
    started_at = log.started_at or now - timedelta(seconds=log.done_s)
    if started_at.tzinfo is None:
        raise InvalidInput(
            "started_at needs a time zone, like 2026-03-10T09:30:00Z.",
            details={"field": "started_at"},
        )
    if started_at > now + CLOCK_SKEW or started_at < now - MAX_LOG_AGE:
        raise InvalidInput(
            "started_at should be within the last 30 days and not in the future. Check the "
            "device's clock.",
            details={"field": "started_at"},
        )
    if log.moment_id is not None and moments_repo.get(session, account.id, log.moment_id) is None:
        raise NotFound(
            f"There is no moment number {log.moment_id}.", details={"field": "moment_id"}
        )
    row = PracticeLogRow(
        user_id=account.id,
        client_id=client_id,
        practice_id=entry.id,
        moment_id=log.moment_id,
        local_date=account.local_today(started_at).date(),
        started_at=started_at,
        planned_minutes=log.planned_minutes,
        done_s=log.done_s,
        completed=log.completed,
        breaths_per_min=log.breaths_per_min,
        state_before=log.state_before.value if log.state_before else None,
        state_after=log.state_after.value if log.state_after else None,
        distress_before=log.distress_before,
        distress_after=log.distress_after,
        note=log.note.strip(),
        created_at=now,
    )
    if client_id is None:
        repo.add(session, row)
        return StoredPracticeLog.from_row(row), True
    stored, new = add_once(
        session, row, lambda: repo.get_log_by_client_id(session, account.id, client_id)
    )
    return StoredPracticeLog.from_row(stored), new


def list_logs(
    session: Session,
    account: Account,
    *,
    moment_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[StoredPracticeLog]:
    rows = repo.list_logs(session, account.id, moment_id=moment_id, limit=limit, offset=offset)
    return [StoredPracticeLog.from_row(row) for row in rows]


# ---------------------------------------------------------------------------------------------
# What helps me


def person_seed(account: Account) -> int:
    """A fixed seed per person, so their intervals do not move between page loads."""
    return zlib.crc32(f"vagal-what-helps:{account.id}".encode())


def practice_uses(logs: Sequence[StoredPracticeLog]) -> list[PracticeUse]:
    return [
        PracticeUse(log.practice_id, log.distress_before, log.distress_after, log.state_before)
        for log in logs
        if log.distress_before is not None and log.distress_after is not None
    ]


def what_helps_me(
    session: Session,
    account: Account,
    *,
    state: NervousSystemState | None = None,
    min_uses: int = MIN_USES,
) -> WhatHelps:
    """``core.insights.what_helps`` over every log of this person with distress before and after."""
    uses = practice_uses(list_logs(session, account))
    return what_helps(uses, seed=person_seed(account), state=state, min_uses=min_uses)


def practice_label(session: Session, account: Account, practice_id: str) -> str:
    """A name for any practice id a log may carry (a deleted pattern still gets a name)."""
    try:
        return get_practice(session, account, practice_id).practice.name
    except NotFound:
        if practice_id in load_practice_catalog():
            return load_practice_catalog().get(practice_id).name
        if practice_id.startswith(CUSTOM_PREFIX):
            return "A breathing pattern you have since deleted"
        return practice_id.replace("_", " ").capitalize()
