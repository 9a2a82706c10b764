"""Shared pieces of the API: the caller, the error shape in OpenAPI, fast JSON lists."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request, Response
from pydantic import BaseModel, TypeAdapter

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


_JSON = TypeAdapter(dict[str, Any])


def json_response(content: dict[str, Any]) -> Response:
    """``content`` (plain JSON-ready dicts, lists and scalars) as a JSON response.

    For long lists: the route keeps its ``response_model`` for the documentation, but the body
    is serialised once by pydantic's fast serialiser instead of building and re-validating a
    model per item. Tests check each item against its model.
    """
    return Response(_JSON.dump_json(content), media_type="application/json")
