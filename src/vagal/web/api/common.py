"""Shared pieces of the API: the caller, the error shape in OpenAPI."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel

from vagal.services.accounts import Account
from vagal.web import context
from vagal.web.security import bearer_account


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: dict[str, Any]


class ErrorResponse(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in (
        (401, "Not signed in, or the token is invalid, revoked or expired."),
        (404, "Not found (or not yours: the two look the same)."),
        (422, "A value is missing, malformed or out of range; the message names the field."),
    )
}


def caller(request: Request) -> Account:
    return bearer_account(request, context.db(request), context.now(request))


Caller = Annotated[Account, Depends(caller)]
