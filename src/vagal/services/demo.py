"""Demo data: days of realistic, gently improving data for one account, so the app looks lived in.

Deterministic for a seed and a "today". Check-ins have weekly rhythms (harder starts to the week),
a slow improvement over the period, some activated and shut-down days, body signals and triggers.
Morning readings are five-minute windows of a real RR recording (PhysioNet, see
``vagal/catalog/demo/ATTRIBUTION.md``), scaled so heart rate eases and variability grows. Two or
three strength sessions a week (how each landed is told by the next day's check-in), practices
with distress before and after (some help more than others), and hard moments whose recovery time
shortens.

Check-ins, readings and the profile go through their services. Strength sessions, practice logs,
moments and the resonance assessment are written as rows directly (their services are being
built in parallel); the values follow the columns' documented meanings.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from vagal.catalog.screening import QUESTION_IDS
from vagal.core.checkin import (
    BodySignal,
    CheckinInput,
    HealthFlag,
    NervousSystemState,
    SessionLanding,
)
from vagal.errors import Conflict, InvalidInput
from vagal.services import checkins, profile, recordings
from vagal.services.accounts import Account
from vagal.services.recordings import RecordingInput, RecordingKind
from vagal.storage.repositories import personal_data
from vagal.storage.rows import (
    MomentRow,
    PracticeLogRow,
    ResonanceAssessmentRow,
    StrengthSessionRow,
)

MAX_DAYS = 3660
DEMO_SOURCE = "vagal demo (PhysioNet healthy000)"
WINDOW_BEATS = 330  # about five minutes
# How much each practice eases distress on average (points on 0-10): some clearly help more.
PRACTICE_EFFECT: dict[str, float] = {
    "extended_exhale": 2.4,
    "physiological_sigh": 2.0,
    "orienting": 1.5,
    "feet_on_floor": 1.1,
    "rocking": 0.9,
    "body_scan_short": 0.5,
}
PRACTICE_WEIGHT: dict[str, float] = {
    "extended_exhale": 3.0,
    "physiological_sigh": 2.5,
    "orienting": 2.0,
    "feet_on_floor": 1.5,
    "rocking": 1.0,
    "body_scan_short": 1.5,
}
BREATHING = {"extended_exhale": 6.0, "physiological_sigh": 7.5}
EXERCISES = ("sit_to_stand", "wall_push_up", "glute_bridge", "doorway_row", "dead_bug")
TRIGGERS = ("work", "deadline", "conflict", "commute", "news", "family", "noise", "crowds")
MOMENT_NOTES = (
    "Tense email from work",
    "Argument on the phone",
    "Crowded train",
    "Loud noise next door",
    "Felt far away after a hard conversation",
    "Heavy news in the morning",
)
STRENGTH_WEEKDAYS = (0, 2, 4)  # Monday, Wednesday, Friday


@dataclass(frozen=True, slots=True)
class DemoSummary:
    start: date
    end: date
    checkins: int
    recordings: int
    strength_sessions: int
    practice_logs: int
    moments: int
    resonance_assessments: int


@cache
def demo_rr_ms() -> npt.NDArray[np.float64]:
    """The shipped real RR excerpt, in milliseconds."""
    text = files("vagal.catalog").joinpath("demo/healthy000_first2000_ms.txt").read_text()
    return np.array([float(v) for v in text.split()], dtype=np.float64)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _morning_rr(rng: random.Random, progress: float, distress: int) -> npt.NDArray[np.float64]:
    source = demo_rr_ms()
    start = rng.randrange(0, source.size - WINDOW_BEATS)
    window = source[start : start + WINDOW_BEATS]
    mean = float(window.mean())
    # Slower heart and more beat-to-beat variation as the weeks go by; less on hard days.
    target_mean = 860.0 + 90.0 * progress - 8.0 * (distress - 4) + rng.gauss(0, 12)
    spread = _clamp(0.75 + 0.45 * progress - 0.04 * (distress - 4) + rng.gauss(0, 0.05), 0.4, 1.6)
    result: npt.NDArray[np.float64] = np.round(target_mean + (window - mean) * spread, 1)
    return result


def _local(day: date, hour: int, minute: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone) + timedelta(minutes=minute)


def _pick_practice(rng: random.Random) -> str:
    names = list(PRACTICE_WEIGHT)
    return rng.choices(names, weights=[PRACTICE_WEIGHT[n] for n in names])[0]


def _clear_data(session: Session, account: Account) -> None:
    from vagal.services.export import exported_tables

    for table in reversed(exported_tables()):
        personal_data.delete_rows(session, table, account.id)


def generate(
    session: Session,
    account: Account,
    *,
    now: datetime,
    days: int = 90,
    seed: int = 0,
    replace: bool = False,
    on_day: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Fill ``days`` days ending today (the person's local day); see the module text."""
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(
            f"--days must be between 1 and {MAX_DAYS}; {days} is outside that.",
            details={"field": "days"},
        )
    if checkins.list_checkins(session, account, limit=1):
        if not replace:
            raise Conflict(
                f"{account.email} already has check-ins, so no demo data was added (it would "
                "mix with real entries). Use --replace to clear this account's data and fill "
                "it with demo data instead.",
                code="account_has_data",
            )
        _clear_data(session, account)
        session.flush()
    rng = random.Random(seed)  # noqa: S311 - demo values, not secrets
    zone = ZoneInfo(account.timezone)
    today = checkins.local_today(account, now)
    start = today - timedelta(days=days - 1)
    first_ts = min(now, _local(start, 8, 0, zone))
    profile.save_screening(
        session,
        account,
        dict.fromkeys(QUESTION_IDS, False),
        clinician_clearance=False,
        now=first_ts,
    )
    profile.save_profile(
        session,
        account,
        goals=["calmer_days", "better_sleep", "recover_faster"],
        experience="new",
        equipment=["none"],
        session_minutes=15,
        strength_days_per_week=3,
        preferred_weekdays=list(STRENGTH_WEEKDAYS),
        reminder_time="07:30",
        cold_exposure_ok=False,
        now=first_ts,
    )
    counts = dict.fromkeys(("checkins", "recordings", "strength", "practices", "moments"), 0)
    landed: SessionLanding | None = None
    ill_from = start + timedelta(days=rng.randrange(max(1, days // 3), max(2, days // 2 + 1)))
    resonance_day = start + timedelta(days=min(days - 1, 13))
    resonance = 0
    for index in range(days):
        day = start + timedelta(days=index)
        progress = index / max(1, days - 1)
        weekday = day.weekday()
        ill = ill_from <= day < ill_from + timedelta(days=3)
        rhythm = {0: 1.3, 1: 1.0, 2: 0.4, 3: 0.0, 4: -0.2, 5: -0.6, 6: -0.4}[weekday]
        distress_f = 5.6 - 3.2 * progress + rhythm + rng.gauss(0, 1.0) + (1.0 if ill else 0.0)
        distress = round(_clamp(distress_f, 0, 10))
        hard_chance = 0.30 - 0.2 * progress + (0.1 if weekday in (0, 1) else 0.0)
        state = NervousSystemState.SETTLED
        if rng.random() < hard_chance:
            state = (
                NervousSystemState.ACTIVATED
                if rng.random() < 0.65
                else NervousSystemState.SHUT_DOWN
            )
            distress = min(10, distress + 1)
        sleep = 6.1 + 1.2 * progress - (0.5 if weekday in (0, 1) else 0.0) + rng.gauss(0, 0.45)
        sleep_hours = round(_clamp(sleep, 3.5, 9.5) * 4) / 4
        sleep_quality = int(_clamp(round(1 + (sleep_hours - 4.5) * 0.8 + rng.gauss(0, 0.5)), 1, 5))
        energy = int(_clamp(round(7.5 - 0.6 * distress + rng.gauss(0, 1.0)), 0, 10))
        if state is NervousSystemState.SHUT_DOWN:
            energy = max(0, energy - 2)
        signals: list[BodySignal] = []
        if state is NervousSystemState.ACTIVATED:
            signals = rng.sample(
                [
                    BodySignal.RACING_HEART,
                    BodySignal.CHEST_TIGHTNESS,
                    BodySignal.SHALLOW_BREATHING,
                    BodySignal.MUSCLE_TENSION,
                    BodySignal.SHAKINESS,
                ],
                k=2,
            )
        elif state is NervousSystemState.SHUT_DOWN:
            signals = rng.sample([BodySignal.FATIGUE, BodySignal.NUMBNESS, BodySignal.GUT_UPSET], 2)
        elif distress >= 5 and rng.random() < 0.5:
            signals = [rng.choice([BodySignal.HEADACHE, BodySignal.MUSCLE_TENSION])]
        if ill and BodySignal.FATIGUE not in signals:
            signals.append(BodySignal.FATIGUE)
        tags = (
            sorted(set(rng.sample(TRIGGERS, k=2 if distress >= 6 else 1)))
            if (distress >= 4 or state is not NervousSystemState.SETTLED)
            else []
        )
        check_ts = min(now, _local(day, 7, 30 + rng.randrange(0, 40), zone))
        checkins.save_checkin(
            session,
            account,
            CheckinInput(
                local_date=day,
                sleep_hours=sleep_hours,
                sleep_quality=sleep_quality,
                energy=energy,
                distress=distress,
                state=state,
                body_signals=tuple(dict.fromkeys(signals)),
                note="Feeling a cold coming on." if ill and day == ill_from else "",
                tags=tuple(tags),
                health_flags=(HealthFlag.ILLNESS,) if ill else (),
                last_session_landed=landed,
            ),
            now=check_ts,
        )
        counts["checkins"] += 1
        landed = None

        reading_at = _local(day, 7, 5 + rng.randrange(0, 20), zone)
        if reading_at <= now and rng.random() < 0.9:
            recordings.add_recording(
                session,
                account,
                RecordingInput(
                    started_at=reading_at,
                    source=DEMO_SOURCE,
                    kind=RecordingKind.MORNING,
                    rr_ms=_morning_rr(rng, progress, distress),
                ),
                now=reading_at + timedelta(minutes=6),
            )
            counts["recordings"] += 1

        evening = _local(day, 18, rng.randrange(0, 50), zone)
        if (
            weekday in STRENGTH_WEEKDAYS
            and not ill
            and evening <= now
            and rng.random() < (0.6 + 0.3 * progress)
            and not (state is NervousSystemState.ACTIVATED and distress >= 8)
        ):
            landed = _strength_session(session, account, rng, day, evening, distress, state, seed)
            counts["strength"] += 1

        n_practices = 1 if rng.random() < 0.75 else 0
        n_practices += 1 if distress >= 6 and rng.random() < 0.5 else 0
        for p in range(n_practices):
            at = _local(day, 12 + 4 * p, rng.randrange(0, 59), zone)
            if at > now:
                continue
            _practice(session, account, rng, day, at, distress, state, None, seed)
            counts["practices"] += 1

        moment_chance = 0.55 if state is not NervousSystemState.SETTLED else 0.12
        moment_at = _local(day, 14, rng.randrange(0, 59), zone)
        if moment_at <= now and rng.random() < moment_chance:
            practiced = _moment(
                session, account, rng, day, moment_at, progress, distress, state, seed, now
            )
            counts["moments"] += 1
            counts["practices"] += int(practiced)

        if day == resonance_day and _local(day, 19, 30, zone) <= now:
            _resonance(session, account, _local(day, 19, 30, zone))
            resonance = 1
        if on_day is not None:
            on_day(index + 1)
    session.flush()
    return DemoSummary(
        start=start,
        end=today,
        checkins=counts["checkins"],
        recordings=counts["recordings"],
        strength_sessions=counts["strength"],
        practice_logs=counts["practices"],
        moments=counts["moments"],
        resonance_assessments=resonance,
    )


def _strength_session(
    session: Session,
    account: Account,
    rng: random.Random,
    day: date,
    at: datetime,
    distress: int,
    state: NervousSystemState,
    seed: int,
) -> SessionLanding:
    exercises = rng.sample(EXERCISES, k=3)
    stopped = rng.random() < 0.08
    sets: list[dict[str, Any]] = []
    planned_blocks: list[dict[str, Any]] = []
    for n, exercise in enumerate(exercises):
        planned_blocks.append({"exercise_id": exercise, "sets": 2, "reps": 8, "rest_s": 60})
        for set_number in (1, 2):
            if stopped and n == 2:
                break
            sets.append(
                {
                    "exercise_id": exercise,
                    "set_number": set_number,
                    "reps": rng.randint(6, 10),
                    "felt": rng.choice(["easy", "ok", "ok", "hard"]),
                    "reps_in_reserve": rng.randint(1, 4),
                }
            )
    felt = "hard" if distress >= 7 else rng.choice(["easy", "ok", "ok"])
    minutes = 9 if stopped else rng.choice([14, 15, 16])
    after = max(0, distress - rng.randint(0, 2))
    session.add(
        StrengthSessionRow(
            user_id=account.id,
            client_id=f"demo-{seed}-strength-{day.isoformat()}",
            local_date=day,
            started_at=at,
            ended_at=at + timedelta(minutes=minutes),
            planned={"length_minutes": 15, "blocks": planned_blocks},
            sets=sets,
            length_minutes=minutes,
            felt=felt,
            stopped_early=stopped,
            state_before=state.value,
            state_after=NervousSystemState.SETTLED.value if after < 5 else state.value,
            distress_before=distress,
            distress_after=after,
            note="Stopped early: enough for today, and that was a good call." if stopped else "",
            created_at=at + timedelta(minutes=minutes),
        )
    )
    if felt == "hard" or stopped:
        return SessionLanding.DRAINED if rng.random() < 0.6 else SessionLanding.FINE
    return SessionLanding.ENERGISED if rng.random() < 0.45 else SessionLanding.FINE


def _practice(
    session: Session,
    account: Account,
    rng: random.Random,
    day: date,
    at: datetime,
    distress: int,
    state: NervousSystemState,
    moment: MomentRow | None,
    seed: int,
    practice_id: str | None = None,
) -> None:
    chosen = practice_id or _pick_practice(rng)
    before = int(_clamp(distress + rng.randint(-1, 2), 1, 10))
    after = int(_clamp(round(before - PRACTICE_EFFECT[chosen] + rng.gauss(0, 0.8)), 0, before))
    planned = rng.choice([3, 5])
    completed = rng.random() < 0.9
    done = planned * 60 if completed else rng.randint(60, planned * 60 - 30)
    session.add(
        PracticeLogRow(
            user_id=account.id,
            client_id=f"demo-{seed}-practice-{at.isoformat()}",
            practice_id=chosen,
            moment_id=moment.id if moment is not None else None,
            local_date=day,
            started_at=at,
            planned_minutes=planned,
            done_s=done,
            completed=completed,
            breaths_per_min=BREATHING.get(chosen),
            state_before=state.value,
            state_after=NervousSystemState.SETTLED.value if after <= 3 else state.value,
            distress_before=before,
            distress_after=after,
            note="",
            created_at=at + timedelta(seconds=done),
        )
    )


def _moment(
    session: Session,
    account: Account,
    rng: random.Random,
    day: date,
    at: datetime,
    progress: float,
    distress: int,
    state: NervousSystemState,
    seed: int,
    now: datetime,
) -> bool:
    """Add a hard moment; returns whether a practice was logged with it."""
    hard = state if state is not NervousSystemState.SETTLED else NervousSystemState.ACTIVATED
    minutes = max(5.0, (50.0 - 32.0 * progress) * math.exp(rng.gauss(0, 0.25)))
    settled = at + timedelta(minutes=minutes)
    practice = "orienting" if hard is NervousSystemState.SHUT_DOWN else "extended_exhale"
    row = MomentRow(
        user_id=account.id,
        client_id=f"demo-{seed}-moment-{at.isoformat()}",
        started_at=at,
        local_date=day,
        state=hard.value,
        distress=int(_clamp(distress + 2, 0, 10)),
        trigger_note=rng.choice(MOMENT_NOTES),
        tags=[rng.choice(TRIGGERS)],
        body_signals=(
            [BodySignal.RACING_HEART.value, BodySignal.SHALLOW_BREATHING.value]
            if hard is NervousSystemState.ACTIVATED
            else [BodySignal.NUMBNESS.value]
        ),
        suggested_practice_id=practice,
        settled_at=settled if settled <= now else None,
        recovery_s=int(minutes * 60) if settled <= now else None,
        created_at=at,
    )
    session.add(row)
    session.flush()  # the practice below refers to the moment's id
    if rng.random() >= 0.6:
        return False
    _practice(
        session,
        account,
        rng,
        day,
        at + timedelta(minutes=2),
        distress + 2,
        hard,
        row,
        seed,
        practice_id=practice,
    )
    return True


def _resonance(session: Session, account: Account, at: datetime) -> None:
    rates = (6.5, 6.0, 5.5, 5.0, 4.5)
    points = (2, 5, 4, 3, 1)
    session.add(
        ResonanceAssessmentRow(
            user_id=account.id,
            assessed_at=at,
            rate_bpm=6.0,
            scores=[{"rate_bpm": r, "points": p} for r, p in zip(rates, points, strict=True)],
            recording_ids=[],
            created_at=at,
        )
    )
