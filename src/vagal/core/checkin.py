"""The daily check-in: its vocabulary and validation (pure)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from vagal.errors import InvalidInput


class NervousSystemState(StrEnum):
    SETTLED = "settled"
    ACTIVATED = "activated"
    SHUT_DOWN = "shut_down"


STATE_LABELS: dict[NervousSystemState, str] = {
    NervousSystemState.SETTLED: "Settled",
    NervousSystemState.ACTIVATED: "Activated (wired, on edge)",
    NervousSystemState.SHUT_DOWN: "Shut down (flat, numb, far away)",
}


class BodySignal(StrEnum):
    RACING_HEART = "racing_heart"
    CHEST_TIGHTNESS = "chest_tightness"
    SHALLOW_BREATHING = "shallow_breathing"
    HEADACHE = "headache"
    FATIGUE = "fatigue"
    GUT_UPSET = "gut_upset"
    MUSCLE_TENSION = "muscle_tension"
    SHAKINESS = "shakiness"
    NUMBNESS = "numbness"


BODY_SIGNAL_LABELS: dict[BodySignal, str] = {
    BodySignal.RACING_HEART: "Racing heart",
    BodySignal.CHEST_TIGHTNESS: "Chest tightness",
    BodySignal.SHALLOW_BREATHING: "Shallow breathing",
    BodySignal.HEADACHE: "Headache",
    BodySignal.FATIGUE: "Fatigue",
    BodySignal.GUT_UPSET: "Gut upset",
    BodySignal.MUSCLE_TENSION: "Muscle tension",
    BodySignal.SHAKINESS: "Shakiness",
    BodySignal.NUMBNESS: "Numbness",
}


class HealthFlag(StrEnum):
    """Something reported today that makes any exercise a poor idea (rest and recovery)."""

    ILLNESS = "illness"
    INJURY = "injury"
    CHEST_PAIN = "chest_pain"


HEALTH_FLAG_LABELS: dict[HealthFlag, str] = {
    HealthFlag.ILLNESS: "I feel ill (a cold, fever, stomach bug)",
    HealthFlag.INJURY: "A new injury or pain",
    HealthFlag.CHEST_PAIN: "Chest pain",
}


class SessionLanding(StrEnum):
    """How yesterday's strength session landed, felt the next morning."""

    ENERGISED = "energised"
    FINE = "fine"
    DRAINED = "drained"


LANDING_LABELS: dict[SessionLanding, str] = {
    SessionLanding.ENERGISED: "Energised",
    SessionLanding.FINE: "Fine",
    SessionLanding.DRAINED: "Drained",
}

MAX_SLEEP_HOURS = 24.0
MAX_NOTE_LENGTH = 4000
MAX_TAGS = 20
MAX_TAG_LENGTH = 40


@dataclass(frozen=True, slots=True)
class CheckinInput:
    """One day's check-in as a person entered it (all but the date optional)."""

    local_date: date
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    energy: int | None = None
    distress: int | None = None
    state: NervousSystemState | None = None
    body_signals: tuple[BodySignal, ...] = ()
    note: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)
    health_flags: tuple[HealthFlag, ...] = ()
    last_session_landed: SessionLanding | None = None


E = TypeVar("E", bound=StrEnum)


def _one_of(enum: type[E], value: str, field: str, what: str) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise InvalidInput(
            f"'{value}' is not {what}. Choose from: {allowed}.", details={"field": field}
        ) from None


def _optional(enum: type[E], value: str | None, field: str, what: str) -> E | None:
    return None if value is None or value == "" else _one_of(enum, value, field, what)


def _set_of(enum: type[E], values: Sequence[str], field: str, what: str) -> tuple[E, ...]:
    """Known members, de-duplicated, in the enum's own order; an unknown one is an error."""
    chosen = {_one_of(enum, value, field, what) for value in values}
    return tuple(member for member in enum if member in chosen)


def parse_state(value: str | None) -> NervousSystemState | None:
    return _optional(NervousSystemState, value, "state", "a nervous-system state")


def parse_landing(value: str | None) -> SessionLanding | None:
    return _optional(SessionLanding, value, "last_session_landed", "a way a session can land")


def parse_health_flags(values: Sequence[str]) -> tuple[HealthFlag, ...]:
    return _set_of(HealthFlag, values, "health_flags", "something vagal asks about")


def parse_body_signals(values: Sequence[str]) -> tuple[BodySignal, ...]:
    return _set_of(BodySignal, values, "body_signals", "a body signal vagal knows")


def normalise_tags(values: Sequence[str]) -> tuple[str, ...]:
    """Trim, lower-case and de-duplicate tags; too many or too long is an error."""
    tags: list[str] = []
    for raw in values:
        tag = " ".join(raw.strip().lower().split())
        if not tag or tag in tags:
            continue
        if len(tag) > MAX_TAG_LENGTH:
            raise InvalidInput(
                f"The tag '{tag[:20]}…' is longer than {MAX_TAG_LENGTH} characters. Shorten it.",
                details={"field": "tags"},
            )
        tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise InvalidInput(
            f"A check-in can carry at most {MAX_TAGS} tags; this one has {len(tags)}.",
            details={"field": "tags"},
        )
    return tuple(tags)


def validate_checkin(checkin: CheckinInput, *, today: date) -> CheckinInput:
    """Return the check-in if every field is in range, else raise InvalidInput naming the field.

    ``today`` is the person's local date (the caller computes it from their time zone).
    """
    if checkin.local_date > today:
        raise InvalidInput(
            "That date is in the future. Choose today or an earlier day.",
            details={"field": "local_date"},
        )
    _check_range("sleep_hours", checkin.sleep_hours, 0.0, MAX_SLEEP_HOURS, "hours of sleep")
    _check_range("sleep_quality", checkin.sleep_quality, 1, 5, "sleep quality")
    _check_range("energy", checkin.energy, 0, 10, "energy")
    _check_range("distress", checkin.distress, 0, 10, "distress")
    if len(checkin.note) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            f"The note is {len(checkin.note)} characters long; the limit is {MAX_NOTE_LENGTH}.",
            details={"field": "note"},
        )
    return checkin


def _check_range(name: str, value: float | None, low: float, high: float, label: str) -> None:
    if value is None:
        return
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"{label.capitalize()} must be a number.", details={"field": name})
    if not low <= value <= high:
        raise InvalidInput(
            f"{label.capitalize()} must be between {low:g} and {high:g}; {value:g} is outside that.",
            details={"field": name},
        )


def check_scale(name: str, value: int | None, label: str = "distress") -> None:
    """A 0–10 rating such as distress (``None`` = not given): a whole number in range."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise InvalidInput(
            f"{label.capitalize()} is a whole number from 0 (calm) to 10 (the most); "
            f"{value!r} is outside that.",
            details={"field": name},
        )


def needs_support(distress: int | None, state: NervousSystemState | None) -> bool:
    """Whether to show the calm support panel with crisis resources.

    Distress 9-10, or feeling shut down with distress 8 or more. It is shown beside the page,
    never instead of it.
    """
    if distress is None:
        return False
    return distress >= 9 or (state is NervousSystemState.SHUT_DOWN and distress >= 8)
