"""/api/v1/me and /api/v1/health."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from vagal.services import erasure
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller

router = APIRouter(tags=["account"])


class MeOut(BaseModel):
    id: int
    email: str
    timezone: str


class DeleteMe(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str = Field(max_length=1024, description="Your password, to confirm.")


class HealthOut(BaseModel):
    status: str


@router.get("/me", response_model=MeOut, responses=ERRORS)
def get_me(account: Caller) -> MeOut:
    return MeOut(id=account.id, email=account.email, timezone=account.timezone)


@router.delete("/me", status_code=204, responses=ERRORS)
def delete_me(body: DeleteMe, request: Request, account: Caller) -> Response:
    """Delete your account and everything in it, for good (export first if you want a copy)."""
    with context.db(request).session(write=True) as session:
        erasure.erase_with_password(
            session, context.hasher(request), account, password=body.password
        )
    request.session.clear()
    return Response(status_code=204)


@router.get("/health", response_model=HealthOut, tags=["meta"])
def health() -> HealthOut:
    """A trivial endpoint (no database): for load balancers and as a benchmark baseline."""
    return HealthOut(status="ok")
