"""/api/v1/moments: "I'm activated" / "I'm shutting down", a practice to try, and recovery time."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from vagal.core.checkin import NervousSystemState, normalise_tags, parse_body_signals
from vagal.services import moments as service
from vagal.services.idempotency import MAX_CLIENT_ID_LENGTH
from vagal.services.moments import MAX_TRIGGER_LENGTH, MomentInput, StoredMoment, Suggestion
from vagal.web import context
from vagal.web.api.checkins import BodySignalName
from vagal.web.api.common import ERRORS, Caller

router = APIRouter(tags=["moments"])

MomentState = Literal["activated", "shut_down"]
MOMENT_ERRORS = {**ERRORS, 409: {"description": "The moment is already settled."}}


class MomentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    state: MomentState
    distress: int | None = Field(None, description="0 = calm, 10 = the most.")
    trigger_note: str = Field("", max_length=MAX_TRIGGER_LENGTH)
    tags: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)
    body_signals: list[BodySignalName] = Field(default_factory=list, max_length=20)
    client_id: str | None = Field(
        None,
        max_length=MAX_CLIENT_ID_LENGTH,
        description="A random id made once: a re-send returns the stored moment (200).",
    )


class SuggestionOut(BaseModel):
    practice_id: str
    name: str
    minutes: int
    reason: Literal["helped_before", "suits_state"]
    reason_text: str
    url: str

    @classmethod
    def of(cls, suggestion: Suggestion, moment_id: int) -> SuggestionOut:
        return cls(
            practice_id=suggestion.practice_id,
            name=suggestion.name,
            minutes=suggestion.minutes,
            reason=suggestion.reason,
            reason_text=suggestion.reason_text,
            url=f"/practices/{suggestion.practice_id}?minutes={suggestion.minutes}"
            f"&moment={moment_id}",
        )


class MomentOut(BaseModel):
    id: int
    client_id: str | None
    state: MomentState
    distress: int | None
    trigger_note: str
    tags: list[str]
    body_signals: list[str]
    suggested_practice_id: str | None
    started_at: str
    local_date: date
    settled_at: str | None
    recovery_s: int | None
    recovery_text: str | None
    needs_support: bool
    suggestion: SuggestionOut | None = None

    @classmethod
    def of(cls, moment: StoredMoment, suggestion: Suggestion | None = None) -> MomentOut:
        return cls(
            id=moment.id,
            client_id=moment.client_id,
            state=moment.state.value,
            distress=moment.distress,
            trigger_note=moment.trigger_note,
            tags=list(moment.tags),
            body_signals=[s.value for s in moment.body_signals],
            suggested_practice_id=moment.suggested_practice_id,
            started_at=moment.started_at.isoformat(),
            local_date=moment.local_date,
            settled_at=moment.settled_at.isoformat() if moment.settled_at else None,
            recovery_s=moment.recovery_s,
            recovery_text=(
                service.describe_recovery(moment.recovery_s)
                if moment.recovery_s is not None
                else None
            ),
            needs_support=moment.needs_support,
            suggestion=SuggestionOut.of(suggestion, moment.id) if suggestion else None,
        )


class MomentList(BaseModel):
    items: list[MomentOut]


@router.post("/moments", response_model=MomentOut, status_code=201, responses=ERRORS)
def create_moment(
    request: Request, response: Response, body: MomentCreate, account: Caller
) -> MomentOut:
    """Start a moment now; the answer carries a short practice to try."""
    moment = MomentInput(
        state=NervousSystemState(body.state),
        distress=body.distress,
        trigger_note=body.trigger_note,
        tags=normalise_tags(body.tags),
        body_signals=parse_body_signals(body.body_signals),
        client_id=body.client_id,
    )
    with context.db(request).session(write=True) as session:
        stored, suggestion, created = service.open_moment(
            session, account, moment, now=context.now(request)
        )
    if not created:
        response.status_code = 200
    return MomentOut.of(stored, suggestion)


@router.get("/moments", response_model=MomentList, responses=ERRORS)
def list_moments(
    request: Request,
    account: Caller,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> MomentList:
    """Moments newest first, with their recovery times."""
    with context.db(request).session(write=False) as session:
        items = service.list_moments(session, account, limit=limit, offset=offset)
    return MomentList(items=[MomentOut.of(m) for m in items])


@router.get("/moments/{moment_id}", response_model=MomentOut, responses=ERRORS)
def get_moment(request: Request, moment_id: int, account: Caller) -> MomentOut:
    with context.db(request).session(write=False) as session:
        return MomentOut.of(service.get_moment(session, account, moment_id))


@router.post("/moments/{moment_id}/settled", response_model=MomentOut, responses=MOMENT_ERRORS)
def settle_moment(request: Request, moment_id: int, account: Caller) -> MomentOut:
    """ "I feel settled now": stores the recovery time. A second time is a 409, nothing changed."""
    with context.db(request).session(write=True) as session:
        stored = service.settle_moment(session, account, moment_id, now=context.now(request))
    return MomentOut.of(stored)
