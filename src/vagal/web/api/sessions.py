"""/api/v1/sessions: today's gentle-strength session, and the logs of sessions done."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from vagal.core.checkin import NervousSystemState
from vagal.core.planner.inputs import SessionFeel
from vagal.core.training import SetLog
from vagal.errors import InvalidInput
from vagal.services import checkins
from vagal.services import strength as service
from vagal.services.strength import NextSession, StoredSession
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller
from vagal.web.api.plans import ReasonOut

router = APIRouter(prefix="/sessions", tags=["strength sessions"])

FeltName = Literal["easy", "ok", "hard"]
StateName = Literal["settled", "activated", "shut_down"]


class StepOut(BaseModel):
    kind: str
    duration_s: int
    title: str
    text: str
    timed: bool
    practice_id: str | None
    exercise_id: str | None
    set_number: int | None
    of_sets: int | None
    reps: int | None
    unit: str | None
    cues: list[str]
    breathing: str


class MovementOut(BaseModel):
    pattern: str
    exercise_id: str
    name: str
    level: int
    sets: int
    reps: int
    unit: str
    cautions: list[str]


class SessionPlanOut(BaseModel):
    date: date
    minutes: int
    total_s: int
    rest_s: int
    reps_in_reserve: int
    movements: list[MovementOut]
    steps: list[StepOut]


class TargetOut(BaseModel):
    pattern: str
    exercise_id: str
    level: int
    reps: int
    change: str
    message: str


class NextOut(BaseModel):
    date: date
    available: bool = Field(description="False when today's plan is not gentle strength.")
    kind: str
    headline: str
    message: str
    reasons: list[ReasonOut]
    session: SessionPlanOut | None
    targets: list[TargetOut]

    @classmethod
    def of(cls, result: NextSession) -> NextOut:
        plan = result.plan
        return cls(
            date=result.day,
            available=result.available,
            kind=plan.kind.value,
            headline=plan.headline,
            message=result.message,
            reasons=[
                ReasonOut(rule=r.rule, message=r.message, source=r.source) for r in plan.reasons
            ],
            session=(
                SessionPlanOut.model_validate(service.plan_to_dict(result.session))
                if result.session
                else None
            ),
            targets=[
                TargetOut(
                    pattern=t.pattern.value,
                    exercise_id=t.exercise_id,
                    level=t.level,
                    reps=t.reps,
                    change=t.change.value,
                    message=t.message,
                )
                for t in result.targets.values()
            ],
        )


class SetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    exercise_id: str = Field(max_length=80, description="An exercise of the planned session.")
    reps: int = Field(description="Reps (or slow breaths) done, 0 or more.")
    felt: FeltName | None = None
    reps_in_reserve: int | None = Field(None, description="How many more you could have done.")


class SessionLogIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    client_id: str = Field(
        min_length=1,
        max_length=64,
        description="A random id made when the session starts; sending it again is safe.",
    )
    local_date: date = Field(description="The day the session was planned for.")
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    sets: list[SetIn] = Field(default_factory=list, max_length=service.MAX_SETS_IN_LOG)
    felt: FeltName | None = Field(None, description="How the session felt overall.")
    stopped_early: bool = False
    state_before: StateName | None = None
    state_after: StateName | None = None
    distress_before: int | None = Field(None, ge=0, le=10)
    distress_after: int | None = Field(None, ge=0, le=10)
    note: str = Field("", max_length=service.MAX_NOTE_CHARS)

    def to_input(self) -> service.LogInput:
        sets = []
        for index, s in enumerate(self.sets):
            try:
                sets.append(
                    SetLog(
                        exercise_id=s.exercise_id,
                        reps=s.reps,
                        felt=SessionFeel(s.felt) if s.felt else None,
                        reps_in_reserve=s.reps_in_reserve,
                    )
                )
            except InvalidInput as error:
                field = error.details.get("field", "reps")
                raise InvalidInput(
                    f"Set {index + 1}: {error.message}", details={"field": f"sets[{index}].{field}"}
                ) from None
        return service.LogInput(
            client_id=self.client_id,
            local_date=self.local_date,
            started_at=self.started_at,
            ended_at=self.ended_at,
            sets=tuple(sets),
            felt=SessionFeel(self.felt) if self.felt else None,
            stopped_early=self.stopped_early,
            state_before=NervousSystemState(self.state_before) if self.state_before else None,
            state_after=NervousSystemState(self.state_after) if self.state_after else None,
            distress_before=self.distress_before,
            distress_after=self.distress_after,
            note=self.note,
        )


class SetOut(BaseModel):
    exercise_id: str
    set_number: int
    reps: int
    felt: str | None
    reps_in_reserve: int | None


class SessionOut(BaseModel):
    id: int
    client_id: str
    local_date: date
    started_at: str
    ended_at: str | None
    length_minutes: int
    felt: str | None
    stopped_early: bool
    state_before: str | None
    state_after: str | None
    distress_before: int | None
    distress_after: int | None
    note: str
    landed: str | None = Field(description="How it landed, from the next morning's check-in.")
    sets: list[SetOut]
    planned: dict[str, Any]

    @classmethod
    def of(cls, stored: StoredSession) -> SessionOut:
        counts: dict[str, int] = {}
        sets = []
        for s in stored.sets:
            counts[s.exercise_id] = counts.get(s.exercise_id, 0) + 1
            sets.append(
                SetOut(
                    exercise_id=s.exercise_id,
                    set_number=counts[s.exercise_id],
                    reps=s.reps,
                    felt=s.felt.value if s.felt else None,
                    reps_in_reserve=s.reps_in_reserve,
                )
            )
        return cls(
            id=stored.id,
            client_id=stored.client_id,
            local_date=stored.local_date,
            started_at=stored.started_at.isoformat(),
            ended_at=stored.ended_at.isoformat() if stored.ended_at else None,
            length_minutes=stored.length_minutes,
            felt=stored.felt.value if stored.felt else None,
            stopped_early=stored.stopped_early,
            state_before=stored.state_before.value if stored.state_before else None,
            state_after=stored.state_after.value if stored.state_after else None,
            distress_before=stored.distress_before,
            distress_after=stored.distress_after,
            note=stored.note,
            landed=stored.landed.value if stored.landed else None,
            sets=sets,
            planned=stored.planned,
        )


class SessionList(BaseModel):
    items: list[SessionOut]


@router.get(
    "/next",
    response_model=NextOut,
    responses={**ERRORS, 409: {"description": "No check-in for that day yet (checkin_needed)."}},
)
def next_session(
    request: Request,
    account: Caller,
    day: Annotated[
        date | None, Query(alias="date", description="YYYY-MM-DD; today if absent.")
    ] = None,
) -> NextOut:
    """Today's gentle-strength session, built from today's plan and how past sessions went.

    When today's plan is something else, ``available`` is false and ``message`` says why.
    """
    now = context.now(request)
    with context.db(request).session(write=False) as session:
        result = service.next_session(
            session, account, day=day or checkins.local_today(account, now), now=now
        )
    return NextOut.of(result)


@router.post(
    "",
    response_model=SessionOut,
    status_code=201,
    responses={
        **ERRORS,
        200: {"description": "This client_id was already stored: the stored session."},
        409: {"description": "No strength session was planned for that day."},
    },
)
def log_session(
    request: Request, response: Response, body: SessionLogIn, account: Caller
) -> SessionOut:
    """Store the log of a session (201). Sending the same ``client_id`` again is safe: it
    answers 200 with the session already stored, and nothing is duplicated."""
    log = body.to_input()
    with context.db(request).session(write=True) as session:
        stored, created = service.log_session(session, account, log, now=context.now(request))
    if not created:
        response.status_code = 200
    return SessionOut.of(stored)


@router.get("", response_model=SessionList, responses=ERRORS)
def list_sessions(
    request: Request,
    account: Caller,
    from_: Annotated[date | None, Query(alias="from", description="First day, YYYY-MM-DD.")] = None,
    to: Annotated[date | None, Query(description="Last day, YYYY-MM-DD.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> SessionList:
    """Logged sessions, newest first, each with how it landed the next morning."""
    with context.db(request).session(write=False) as session:
        items = service.list_sessions(session, account, start=from_, end=to, limit=limit)
    return SessionList(items=[SessionOut.of(s) for s in items])


@router.get("/{session_id}", response_model=SessionOut, responses=ERRORS)
def get_session(request: Request, session_id: int, account: Caller) -> SessionOut:
    with context.db(request).session(write=False) as session:
        return SessionOut.of(service.get_session(session, account, session_id))
