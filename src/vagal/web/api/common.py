"""Shared pieces of the API: the caller, the error shape in OpenAPI, fast JSON lists."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from pydantic import BaseModel, TypeAdapter
from sqlalchemy.orm import Session

from vagal.services.accounts import Account
from vagal.web import context
from vagal.web.security import Credentials, bearer_account, credentials


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


async def signed_in(request: Request) -> Credentials:
    # async: reading headers needs no worker thread (a sync dependency costs a thread hop).
    return credentials(request)


#: The caller's claimed identity, checked by ``read_as`` in the route's own read transaction.
Signed = Annotated[Credentials, Depends(signed_in)]


@contextmanager
def read_as(request: Request, signed: Credentials) -> Iterator[tuple[Session, Account]]:
    """One read transaction for the sign-in check and the route's reads.

    For the hot reads: ``Caller`` checks the caller in a transaction of its own, which on
    PostgreSQL costs a pool checkout, BEGIN and ROLLBACK more per request (about 1 ms)."""
    with context.db(request).session(write=False) as session:
        yield session, signed.account(request, session, context.now(request))


_JSON = TypeAdapter(dict[str, Any])


def json_response(content: dict[str, Any]) -> Response:
    """``content`` (plain JSON-ready dicts, lists and scalars) as a JSON response.

    For long lists: the route keeps its ``response_model`` for the documentation, but the body
    is serialised once by pydantic's fast serialiser instead of building and re-validating a
    model per item. Tests check each item against its model.
    """
    return Response(_JSON.dump_json(content), media_type="application/json")
