"""/api/v1/resonance-assessments: score paced-breathing rates and keep the person's resonance rate."""

from __future__ import annotations

from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Query, Request
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from vagal.errors import NotFound
from vagal.services import recordings as recordings_service
from vagal.services import resonance as service
from vagal.services.resonance import AssessmentView, RateInput
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller

router = APIRouter(tags=["resonance"])


class RateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    breaths_per_min: float = Field(description="The paced rate: 6.5, 6.0, 5.5, 5.0 or 4.5.")
    rr_ms: list[Annotated[float, Field(gt=0, allow_inf_nan=False)]] = Field(
        min_length=2,
        max_length=recordings_service.MAX_BEATS,
        description="RR intervals in milliseconds recorded at this rate.",
    )
    started_at: AwareDatetime = Field(description="When this rate's recording began (ISO 8601).")
    pacer_offset_s: float = Field(
        0.0,
        ge=0,
        allow_inf_nan=False,
        description="Seconds from the beat opening the first RR interval to the first inhale.",
    )
    inhale_share: float = Field(
        0.45, ge=0.2, le=0.8, description="The part of each paced breath spent breathing in."
    )


class AssessmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rates: list[RateCreate] = Field(min_length=1, max_length=10)


class AssessmentOut(BaseModel):
    id: int
    assessed_at: str
    rate_bpm: float = Field(description="The chosen resonance rate, breaths per minute.")
    close_call: bool = Field(description="The runner-up scored almost as well: worth repeating.")
    scores: list[dict[str, Any]]
    recording_ids: list[int]

    @classmethod
    def of(cls, view: AssessmentView) -> AssessmentOut:
        return cls(
            id=view.id,
            assessed_at=view.assessed_at.isoformat(),
            rate_bpm=view.rate_bpm,
            close_call=view.close_call,
            scores=view.scores,
            recording_ids=view.recording_ids,
        )


class AssessmentList(BaseModel):
    items: list[AssessmentOut]


@router.post(
    "/resonance-assessments", response_model=AssessmentOut, status_code=201, responses=ERRORS
)
def create_assessment(request: Request, body: AssessmentCreate, account: Caller) -> AssessmentOut:
    """Score each rate, store each as a recording (kind "practice") and the chosen rate."""
    now = context.now(request)
    rates = [
        RateInput(
            breaths_per_min=r.breaths_per_min,
            rr_ms=np.asarray(r.rr_ms, dtype=np.float64),
            started_at=r.started_at,
            pacer_offset_s=r.pacer_offset_s,
            inhale_share=r.inhale_share,
        )
        for r in body.rates
    ]
    prepared = service.prepare(rates, now)  # outside the write transaction
    with context.db(request).session(write=True) as session:
        view = service.add_assessment(session, account, prepared, now=now)
    return AssessmentOut.of(view)


@router.get("/resonance-assessments", response_model=AssessmentList, responses=ERRORS)
def list_assessments(
    request: Request, account: Caller, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> AssessmentList:
    with context.db(request).session(write=False) as session:
        items = service.list_assessments(session, account, limit=limit)
    return AssessmentList(items=[AssessmentOut.of(v) for v in items])


@router.get("/resonance-assessments/latest", response_model=AssessmentOut, responses=ERRORS)
def latest_assessment(request: Request, account: Caller) -> AssessmentOut:
    """The most recent assessment; its rate is the one the pacer offers by default."""
    with context.db(request).session(write=False) as session:
        view = service.latest(session, account)
    if view is None:
        raise NotFound("No resonance assessment yet. The assessment page walks you through one.")
    return AssessmentOut.of(view)


@router.get(
    "/resonance-assessments/{assessment_id}", response_model=AssessmentOut, responses=ERRORS
)
def get_assessment(request: Request, assessment_id: int, account: Caller) -> AssessmentOut:
    with context.db(request).session(write=False) as session:
        view = service.get_assessment(session, account, assessment_id)
    return AssessmentOut.of(view)
