"""/api/v1/me and /api/v1/health."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from vagal.web.api.common import ERRORS, Caller

router = APIRouter(tags=["account"])


class MeOut(BaseModel):
    id: int
    email: str
    timezone: str


class HealthOut(BaseModel):
    status: str


@router.get("/me", response_model=MeOut, responses=ERRORS)
def get_me(account: Caller) -> MeOut:
    return MeOut(id=account.id, email=account.email, timezone=account.timezone)


@router.get("/health", response_model=HealthOut, tags=["meta"])
def health() -> HealthOut:
    """A trivial endpoint (no database): for load balancers and as a benchmark baseline."""
    return HealthOut(status="ok")
