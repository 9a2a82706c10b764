"""Onboarding: the readiness-for-exercise screening and training preferences, per person."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from vagal.catalog.screening import QUESTION_IDS, screening_status, validate_answers
from vagal.core.planner.inputs import Equipment, Preferences, ScreeningStatus
from vagal.errors import InvalidInput
from vagal.services.accounts import Account
from vagal.storage.rows import ProfileRow

GOALS = {
    "calmer_days": "Calmer days",
    "better_sleep": "Better sleep",
    "recover_faster": "Settling faster after hard moments",
    "feel_stronger": "Feeling stronger in my body",
    "between_sessions": "Practice between therapy sessions",
}
EXPERIENCE = {
    "new": "New to strength training",
    "some": "Some experience",
    "experienced": "Experienced",
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True, slots=True)
class Screening:
    answers: dict[str, bool]
    status: ScreeningStatus
    completed_at: datetime | None
    clinician_clearance_at: datetime | None

    @property
    def strength_allowed(self) -> bool:
        return self.status in (ScreeningStatus.CLEAR, ScreeningStatus.CLEARED_BY_CLINICIAN)


@dataclass(frozen=True, slots=True)
class Profile:
    """Preferences (the planner's part, plus goals, experience and a reminder time)."""

    preferences: Preferences
    goals: tuple[str, ...] = ()
    experience: str | None = None
    reminder_time: str | None = None
    saved: bool = False
    #: When the session length was last chosen (None: not known, e.g. chosen before vagal kept
    #: it). Sessions before then do not lengthen it (``strength.minutes_after``).
    session_minutes_set_at: datetime | None = None


def _row(session: Session, account: Account, now: datetime | None = None) -> ProfileRow | None:
    row = session.get(ProfileRow, account.id)
    if row is None and now is not None:
        row = ProfileRow(user_id=account.id, updated_at=now)
        session.add(row)
    return row


def _screening(row: ProfileRow | None) -> Screening:
    if row is None or row.screening_completed_at is None:
        return Screening({}, ScreeningStatus.NOT_DONE, None, None)
    answers = dict(row.screening_answers)
    status = screening_status(answers, cleared_by_clinician=row.clinician_clearance_at is not None)
    return Screening(answers, status, row.screening_completed_at, row.clinician_clearance_at)


def get_screening(session: Session, account: Account) -> Screening:
    return _screening(_row(session, account))


def save_screening(
    session: Session,
    account: Account,
    answers: Mapping[str, bool],
    *,
    clinician_clearance: bool,
    now: datetime,
) -> Screening:
    """Store every answer. All "no" clears strength work; any "yes" needs a clinician's clearance."""
    checked = validate_answers(answers)
    missing = [qid for qid in QUESTION_IDS if qid not in checked]
    if missing:
        raise InvalidInput(
            f"Please answer every question; '{missing[0]}' has no answer yet.",
            details={"field": missing[0]},
        )
    row = _row(session, account, now)
    assert row is not None
    row.screening_answers = checked
    row.screening_completed_at = now
    any_yes = any(checked.values())
    row.clinician_clearance_at = now if (any_yes and clinician_clearance) else None
    row.updated_at = now
    session.flush()
    return get_screening(session, account)


def _profile(row: ProfileRow | None) -> Profile:
    if row is None or row.session_minutes is None:
        return Profile(Preferences())
    return Profile(
        preferences=Preferences(
            strength_days_per_week=row.strength_days_per_week or 2,
            session_minutes=row.session_minutes,
            equipment=tuple(Equipment(e) for e in row.equipment) or (Equipment.NONE,),
            preferred_weekdays=tuple(row.preferred_days),
            cold_exposure_ok=row.cold_exposure_ok,
        ),
        goals=tuple(row.goals),
        experience=row.experience,
        reminder_time=row.reminder_time,
        saved=True,
        session_minutes_set_at=row.session_minutes_set_at,
    )


def get_profile(session: Session, account: Account) -> Profile:
    return _profile(_row(session, account))


def get_profile_and_screening(session: Session, account: Account) -> tuple[Profile, Screening]:
    """Both from one read of the person's profile row (the planner needs the two together)."""
    row = _row(session, account)
    return _profile(row), _screening(row)


def _choices(values: Sequence[str], allowed: Mapping[str, str], name: str) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        if value not in allowed:
            raise InvalidInput(
                f"'{value}' is not one of the choices for {name.replace('_', ' ')}: "
                f"{', '.join(allowed)}.",
                details={"field": name},
            )
        if value not in out:
            out.append(value)
    return tuple(out)


def _equipment(values: Sequence[str]) -> tuple[Equipment, ...]:
    allowed = {e.value: e.value for e in Equipment}
    return tuple(Equipment(v) for v in _choices(values, allowed, "equipment")) or (Equipment.NONE,)


def save_profile(
    session: Session,
    account: Account,
    *,
    goals: Sequence[str],
    experience: str | None,
    equipment: Sequence[str],
    session_minutes: int,
    strength_days_per_week: int,
    preferred_weekdays: Sequence[int],
    reminder_time: str | None,
    cold_exposure_ok: bool,
    now: datetime,
) -> Profile:
    chosen_goals = _choices(goals, GOALS, "goals")
    if experience is not None:
        _choices([experience], EXPERIENCE, "experience")
    if reminder_time and not _TIME.match(reminder_time):
        raise InvalidInput(
            f"'{reminder_time}' is not a time of day. Use HH:MM, for example 07:30.",
            details={"field": "reminder_time"},
        )
    preferences = Preferences(
        strength_days_per_week=strength_days_per_week,
        session_minutes=session_minutes,
        equipment=_equipment(equipment),
        preferred_weekdays=tuple(sorted(set(preferred_weekdays))),
        cold_exposure_ok=cold_exposure_ok,
    )
    row = _row(session, account, now)
    assert row is not None
    row.goals = list(chosen_goals)
    row.experience = experience
    row.equipment = [e.value for e in preferences.equipment]
    # Saving is choosing the session length from now on: sessions before do not lengthen it
    # (forms show the length sessions have grown to, so an unchanged form keeps it).
    row.session_minutes_set_at = now
    row.session_minutes = preferences.session_minutes
    row.strength_days_per_week = preferences.strength_days_per_week
    row.preferred_days = list(preferences.preferred_weekdays)
    row.reminder_time = reminder_time or None
    row.cold_exposure_ok = cold_exposure_ok
    row.updated_at = now
    session.flush()
    return get_profile(session, account)
