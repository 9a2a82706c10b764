"""/api/v1/practices, /api/v1/practice-logs and /api/v1/custom-practices."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from vagal.catalog.practices import FAMILY_LABELS, BreathPattern, Script
from vagal.core.checkin import parse_state
from vagal.services import moments
from vagal.services import practices as service
from vagal.services.idempotency import MAX_CLIENT_ID_LENGTH
from vagal.services.practices import (
    MAX_LOG_NOTE_LENGTH,
    MAX_NAME_LENGTH,
    CustomPattern,
    PracticeEntry,
    PracticeLogInput,
    StoredPracticeLog,
)
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller

router = APIRouter(tags=["practices"])

StateName = Literal["settled", "activated", "shut_down"]


class PatternOut(BaseModel):
    inhale_s: float
    hold_in_s: float
    exhale_s: float
    hold_out_s: float
    breaths_per_min: float

    @classmethod
    def of(cls, pattern: BreathPattern) -> PatternOut:
        return cls(
            inhale_s=pattern.inhale_s,
            hold_in_s=pattern.hold_in_s,
            exhale_s=pattern.exhale_s,
            hold_out_s=pattern.hold_out_s,
            breaths_per_min=round(pattern.breaths_per_min, 3),
        )


class StepOut(BaseModel):
    text: str
    seconds: float
    breaths: int
    breath: PatternOut | None


class ScriptOut(BaseModel):
    minutes: int
    total_s: float
    steps: list[StepOut]

    @classmethod
    def of(cls, script: Script) -> ScriptOut:
        return cls(
            minutes=script.minutes,
            total_s=script.total_s,
            steps=[
                StepOut(
                    text=s.text,
                    seconds=s.seconds,
                    breaths=s.breaths,
                    breath=PatternOut.of(s.breath) if s.breath else None,
                )
                for s in script.steps
            ],
        )


class PracticeSummary(BaseModel):
    id: str
    name: str
    family: str
    family_label: str
    summary: str
    states: list[StateName]
    durations: list[int]
    cautions: list[str]
    note: str
    intense: bool
    custom: bool

    @classmethod
    def of(cls, entry: PracticeEntry) -> PracticeSummary:
        p = entry.practice
        return cls(
            id=entry.id,
            name=p.name,
            family=p.family.value,
            family_label=FAMILY_LABELS[p.family],
            summary=p.summary,
            states=sorted(s.value for s in p.states),
            durations=list(p.durations),
            cautions=list(p.cautions),
            note=p.note,
            intense=p.intense,
            custom=entry.custom is not None,
        )


class PracticeDetail(PracticeSummary):
    minutes: int
    script: ScriptOut
    resonance_rate_bpm: float | None = Field(
        None, description="The person's stored resonance rate, used by resonance breathing."
    )


class PracticeList(BaseModel):
    items: list[PracticeSummary]


@router.get("/practices", response_model=PracticeList, responses=ERRORS)
def list_practices(
    request: Request,
    account: Caller,
    state: Annotated[
        StateName | None, Query(description="Only practices suiting this state.")
    ] = None,
) -> PracticeList:
    """The practice catalog (and the person's own patterns), optionally for one state."""
    with context.db(request).session(write=False) as session:
        entries = service.list_practices(session, account, state=parse_state(state))
    return PracticeList(items=[PracticeSummary.of(e) for e in entries])


@router.get("/practices/{practice_id}", response_model=PracticeDetail, responses=ERRORS)
def get_practice(
    request: Request,
    practice_id: str,
    account: Caller,
    minutes: Annotated[int | None, Query(description="Length; the shortest if absent.")] = None,
) -> PracticeDetail:
    """One practice with its timed steps for ``minutes``."""
    with context.db(request).session(write=False) as session:
        entry = service.get_practice(session, account, practice_id)
        length = minutes if minutes is not None else entry.practice.durations[0]
        script, rate = service.script_for(session, account, entry, length)
    base = PracticeSummary.of(entry)
    return PracticeDetail(
        **base.model_dump(), minutes=length, script=ScriptOut.of(script), resonance_rate_bpm=rate
    )


# --- practice logs ------------------------------------------------------------------------------


class PracticeLogCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    practice_id: str = Field(min_length=1, max_length=80, description="Catalog id or custom:<n>.")
    planned_minutes: int = Field(description="The length chosen (one the practice offers).")
    done_s: int = Field(description="Seconds actually practised; stopping early is fine.")
    completed: bool = True
    client_id: str | None = Field(
        None,
        max_length=MAX_CLIENT_ID_LENGTH,
        description="A random id made once per use: a re-send returns the stored log (200).",
    )
    moment_id: int | None = Field(None, description="The moment this practice was used in.")
    started_at: AwareDatetime | None = Field(
        None, description="When it began; now − done_s if absent."
    )
    breaths_per_min: float | None = None
    state_before: StateName | None = None
    state_after: StateName | None = None
    distress_before: int | None = Field(None, description="0 = calm, 10 = the most.")
    distress_after: int | None = Field(None, description="0 = calm, 10 = the most.")
    note: str = Field("", max_length=MAX_LOG_NOTE_LENGTH)


class PracticeLogOut(BaseModel):
    id: int
    client_id: str | None
    practice_id: str
    moment_id: int | None
    local_date: date
    started_at: str
    planned_minutes: int
    done_s: int
    completed: bool
    breaths_per_min: float | None
    state_before: StateName | None
    state_after: StateName | None
    distress_before: int | None
    distress_after: int | None
    note: str
    needs_support: bool

    @classmethod
    def of(cls, log: StoredPracticeLog) -> PracticeLogOut:
        return cls(
            id=log.id,
            client_id=log.client_id,
            practice_id=log.practice_id,
            moment_id=log.moment_id,
            local_date=log.local_date,
            started_at=log.started_at.isoformat(),
            planned_minutes=log.planned_minutes,
            done_s=log.done_s,
            completed=log.completed,
            breaths_per_min=log.breaths_per_min,
            state_before=log.state_before.value if log.state_before else None,
            state_after=log.state_after.value if log.state_after else None,
            distress_before=log.distress_before,
            distress_after=log.distress_after,
            note=log.note,
            needs_support=log.needs_support,
        )


class PracticeLogList(BaseModel):
    items: list[PracticeLogOut]


@router.post("/practice-logs", response_model=PracticeLogOut, status_code=201, responses=ERRORS)
def create_practice_log(
    request: Request, response: Response, body: PracticeLogCreate, account: Caller
) -> PracticeLogOut:
    """Log one use of a practice (201); re-sending the same ``client_id`` returns it (200)."""
    log = PracticeLogInput(
        practice_id=body.practice_id,
        planned_minutes=body.planned_minutes,
        done_s=body.done_s,
        completed=body.completed,
        client_id=body.client_id,
        moment_id=body.moment_id,
        started_at=body.started_at,
        breaths_per_min=body.breaths_per_min,
        state_before=parse_state(body.state_before),
        state_after=parse_state(body.state_after),
        distress_before=body.distress_before,
        distress_after=body.distress_after,
        note=body.note,
    )
    with context.db(request).session(write=True) as session:
        stored, created = service.log_practice(session, account, log, now=context.now(request))
    if not created:
        response.status_code = 200
    return PracticeLogOut.of(stored)


@router.get("/practice-logs", response_model=PracticeLogList, responses=ERRORS)
def list_practice_logs(
    request: Request,
    account: Caller,
    moment_id: Annotated[int | None, Query(description="Only logs of this moment.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> PracticeLogList:
    """Practice logs, newest first."""
    with context.db(request).session(write=False) as session:
        if moment_id is not None:
            moments.get_moment(session, account, moment_id)
        logs = service.list_logs(session, account, moment_id=moment_id, limit=limit, offset=offset)
    return PracticeLogList(items=[PracticeLogOut.of(log) for log in logs])


# --- custom breathing patterns ------------------------------------------------------------------


class CustomPatternCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=MAX_NAME_LENGTH)
    inhale_s: float = Field(description="Seconds breathing in (1–12).")
    exhale_s: float = Field(description="Seconds breathing out (1–16).")
    hold_in_s: float = Field(0.0, description="Seconds holding full (0–12).")
    hold_out_s: float = Field(0.0, description="Seconds resting empty (0–12).")


class CustomPatternOut(BaseModel):
    id: int
    practice_id: str
    name: str
    description: str
    pattern: PatternOut
    durations: list[int]
    created_at: str

    @classmethod
    def of(cls, custom: CustomPattern) -> CustomPatternOut:
        return cls(
            id=custom.id,
            practice_id=custom.practice_id,
            name=custom.name,
            description=custom.description,
            pattern=PatternOut.of(custom.pattern),
            durations=list(custom.practice().durations),
            created_at=custom.created_at.isoformat(),
        )


class CustomPatternList(BaseModel):
    items: list[CustomPatternOut]


@router.post(
    "/custom-practices", response_model=CustomPatternOut, status_code=201, responses=ERRORS
)
def create_custom_practice(
    request: Request, body: CustomPatternCreate, account: Caller
) -> CustomPatternOut:
    """Save a named breathing pattern; it then runs in the player like any practice."""
    pattern = BreathPattern(
        inhale_s=body.inhale_s,
        exhale_s=body.exhale_s,
        hold_in_s=body.hold_in_s,
        hold_out_s=body.hold_out_s,
    )
    with context.db(request).session(write=True) as session:
        custom = service.create_custom_pattern(
            session, account, body.name, pattern, now=context.now(request)
        )
    return CustomPatternOut.of(custom)


@router.get("/custom-practices", response_model=CustomPatternList, responses=ERRORS)
def list_custom_practices(request: Request, account: Caller) -> CustomPatternList:
    with context.db(request).session(write=False) as session:
        items = service.list_custom_patterns(session, account)
    return CustomPatternList(items=[CustomPatternOut.of(c) for c in items])


@router.get("/custom-practices/{custom_id}", response_model=CustomPatternOut, responses=ERRORS)
def get_custom_practice(request: Request, custom_id: int, account: Caller) -> CustomPatternOut:
    with context.db(request).session(write=False) as session:
        return CustomPatternOut.of(service.get_custom_pattern(session, account, custom_id))


@router.delete("/custom-practices/{custom_id}", status_code=204, responses=ERRORS)
def delete_custom_practice(request: Request, custom_id: int, account: Caller) -> Response:
    """Delete a saved pattern (its past logs stay)."""
    with context.db(request).session(write=True) as session:
        service.delete_custom_pattern(session, account, custom_id)
    return Response(status_code=204)
