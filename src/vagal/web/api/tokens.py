"""/api/v1/tokens: create, list and revoke API tokens."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from vagal.services import accounts
from vagal.services.accounts import TokenInfo
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller

router = APIRouter(tags=["tokens"])


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("API token", max_length=100)
    expires_in_days: int | None = Field(None, ge=1, le=3650)


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: str
    expires_at: str | None
    revoked_at: str | None

    @classmethod
    def of(cls, info: TokenInfo) -> TokenOut:
        return cls(
            id=info.id,
            name=info.name,
            prefix=info.prefix,
            created_at=info.created_at.isoformat(),
            expires_at=info.expires_at.isoformat() if info.expires_at else None,
            revoked_at=info.revoked_at.isoformat() if info.revoked_at else None,
        )


class TokenCreated(TokenOut):
    token: str = Field(description="The token itself. Shown only this once: keep it safe.")


class TokenList(BaseModel):
    items: list[TokenOut]


@router.post("/tokens", response_model=TokenCreated, status_code=201, responses=ERRORS)
def create_token(request: Request, body: TokenCreate, account: Caller) -> TokenCreated:
    expires = timedelta(days=body.expires_in_days) if body.expires_in_days else None
    with context.db(request).session(write=True) as session:
        token, info = accounts.create_token(
            session, account, name=body.name, now=context.now(request), expires_in=expires
        )
    return TokenCreated(token=token, **TokenOut.of(info).model_dump())


@router.get("/tokens", response_model=TokenList, responses=ERRORS)
def list_tokens(request: Request, account: Caller) -> TokenList:
    with context.db(request).session(write=False) as session:
        return TokenList(items=[TokenOut.of(t) for t in accounts.list_tokens(session, account)])


@router.delete("/tokens/{token_id}", response_model=TokenOut, responses=ERRORS)
def revoke_token(request: Request, token_id: int, account: Caller) -> TokenOut:
    with context.db(request).session(write=True) as session:
        info = accounts.revoke_token(session, account, token_id, now=context.now(request))
    return TokenOut.of(info)
