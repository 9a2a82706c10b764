"""/api/v1/me/screening and /api/v1/me/preferences: onboarding answers, editable any time."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from vagal.catalog.screening import SCREENING_QUESTIONS
from vagal.services import checkins, strength
from vagal.services import profile as service
from vagal.services.accounts import Account
from vagal.services.profile import Profile, Screening
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller

router = APIRouter(prefix="/me", tags=["onboarding"])


class QuestionOut(BaseModel):
    id: str
    text: str
    hint: str


class ScreeningIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: dict[str, bool] = Field(description="Question id → yes (true) or no (false).")
    clinician_clearance: bool = Field(
        False, description="A clinician has cleared you for exercise despite a 'yes'."
    )


class ScreeningOut(BaseModel):
    questions: list[QuestionOut]
    answers: dict[str, bool]
    status: Literal["not_done", "clear", "needs_clearance", "cleared_by_clinician"]
    strength_allowed: bool
    completed_at: str | None

    @classmethod
    def of(cls, screening: Screening) -> ScreeningOut:
        return cls(
            questions=[QuestionOut(id=q.id, text=q.text, hint=q.hint) for q in SCREENING_QUESTIONS],
            answers=screening.answers,
            status=screening.status.value,
            strength_allowed=screening.strength_allowed,
            completed_at=screening.completed_at.isoformat() if screening.completed_at else None,
        )


class PreferencesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    goals: list[str] = Field(default_factory=list, description=", ".join(service.GOALS))
    experience: Literal["new", "some", "experienced"] | None = None
    equipment: list[Literal["none", "bands", "dumbbells", "kettlebell"]] = Field(default=["none"])
    session_minutes: Literal[5, 10, 15] = Field(
        5,
        description="The session length you choose from now on; it grows by one step after two "
        "sessions in a row that landed well. Read back, it is the length your sessions have "
        "grown to, so sending it back unchanged keeps it.",
    )
    strength_days_per_week: Literal[2, 3] = 2
    preferred_weekdays: list[int] = Field(
        default_factory=list, description="0 = Monday … 6 = Sunday."
    )
    reminder_time: str | None = Field(None, description="HH:MM in your time zone.")
    cold_exposure_ok: bool = Field(
        False,
        description="No contraindications to cold exposure (heart, blood pressure, Raynaud's).",
    )


class PreferencesOut(PreferencesIn):
    saved: bool

    @classmethod
    def of(cls, profile: Profile, session_minutes_now: int) -> PreferencesOut:
        prefs = profile.preferences
        return cls.model_validate(
            {
                "goals": list(profile.goals),
                "experience": profile.experience,
                "equipment": [e.value for e in prefs.equipment],
                "session_minutes": session_minutes_now if profile.saved else prefs.session_minutes,
                "strength_days_per_week": prefs.strength_days_per_week,
                "preferred_weekdays": list(prefs.preferred_weekdays),
                "reminder_time": profile.reminder_time,
                "cold_exposure_ok": prefs.cold_exposure_ok,
                "saved": profile.saved,
            }
        )


@router.get("/screening", response_model=ScreeningOut, responses=ERRORS)
def get_screening(request: Request, account: Caller) -> ScreeningOut:
    with context.db(request).session(write=False) as session:
        return ScreeningOut.of(service.get_screening(session, account))


@router.put("/screening", response_model=ScreeningOut, responses=ERRORS)
def put_screening(request: Request, body: ScreeningIn, account: Caller) -> ScreeningOut:
    """Answer every question. All "no" clears strength work; any "yes" keeps it off until a
    clinician has cleared you (then send clinician_clearance: true)."""
    with context.db(request).session(write=True) as session:
        screening = service.save_screening(
            session,
            account,
            body.answers,
            clinician_clearance=body.clinician_clearance,
            now=context.now(request),
        )
    return ScreeningOut.of(screening)


@router.get("/preferences", response_model=PreferencesOut, responses=ERRORS)
def get_preferences(request: Request, account: Caller) -> PreferencesOut:
    with context.db(request).session(write=False) as session:
        return _preferences_out(session, request, account, service.get_profile(session, account))


@router.put("/preferences", response_model=PreferencesOut, responses=ERRORS)
def put_preferences(request: Request, body: PreferencesIn, account: Caller) -> PreferencesOut:
    with context.db(request).session(write=True) as session:
        profile = service.save_profile(
            session, account, now=context.now(request), **body.model_dump()
        )
        return _preferences_out(session, request, account, profile)


def _preferences_out(
    session: Session, request: Request, account: Account, profile: Profile
) -> PreferencesOut:
    day = checkins.local_today(account, context.now(request))
    return PreferencesOut.of(profile, strength.session_minutes_now(session, account, day=day))
