"""/api/v1/insights/what-helps: how much each practice has eased this person's distress."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from vagal.core.checkin import parse_state
from vagal.core.insights import PracticeEffect
from vagal.services import practices as service
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller

router = APIRouter(tags=["insights"])


class EffectOut(BaseModel):
    practice_id: str
    name: str
    uses: int
    mean_before: float
    mean_after: float
    mean_drop: float = Field(description="Mean of before − after (positive: distress went down).")
    sd_drop: float
    effect_size_dz: float | None = Field(description="Cohen's d_z; null when every drop is equal.")
    ci_low: float = Field(description="Percentile bootstrap 95 % interval of the mean drop.")
    ci_high: float
    clearly_helps: bool


class TooFewOut(BaseModel):
    practice_id: str
    name: str
    uses: int


class WhatHelpsOut(BaseModel):
    effects: list[EffectOut]
    too_few_uses: list[TooFewOut]
    min_uses: int
    resamples: int
    seed: int
    state: str | None


def effect_out(effect: PracticeEffect, name: str) -> EffectOut:
    return EffectOut(
        practice_id=effect.practice_id,
        name=name,
        uses=effect.uses,
        mean_before=effect.mean_before,
        mean_after=effect.mean_after,
        mean_drop=effect.mean_drop,
        sd_drop=effect.sd_drop,
        effect_size_dz=effect.effect_size_dz,
        ci_low=effect.ci_low,
        ci_high=effect.ci_high,
        clearly_helps=effect.clearly_helps,
    )


@router.get("/insights/what-helps", response_model=WhatHelpsOut, responses=ERRORS)
def what_helps(
    request: Request,
    account: Caller,
    state: Annotated[
        Literal["settled", "activated", "shut_down"] | None,
        Query(description="Only uses begun in this state."),
    ] = None,
) -> WhatHelpsOut:
    """Per practice with at least 5 uses: mean drop in distress, d_z and a bootstrap 95 % CI."""
    with context.db(request).session(write=False) as session:
        result = service.what_helps_me(session, account, state=parse_state(state))
        names = {
            pid: service.practice_label(session, account, pid)
            for pid in [e.practice_id for e in result.effects]
            + [pid for pid, _ in result.too_few_uses]
        }
    return WhatHelpsOut(
        effects=[effect_out(e, names[e.practice_id]) for e in result.effects],
        too_few_uses=[
            TooFewOut(practice_id=pid, name=names[pid], uses=n) for pid, n in result.too_few_uses
        ],
        min_uses=result.min_uses,
        resamples=result.resamples,
        seed=result.seed,
        state=result.state.value if result.state else None,
    )
