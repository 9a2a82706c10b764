"""Security headers, CSRF tokens and the request's identity (session cookie or Bearer token)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import Response

from vagal.errors import Unauthenticated, VagalError
from vagal.services import accounts
from vagal.services.accounts import Account
from vagal.storage.db import Database

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class SecurityHeadersMiddleware(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        if request.url.path.startswith("/api/") or "text/html" in headers.get("content-type", ""):
            headers.setdefault("Cache-Control", "no-store")
        return response


class CsrfError(VagalError):
    status = 403
    code = "csrf_failed"


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, submitted: str | None) -> None:
    expected = request.session.get("csrf")
    if not (
        isinstance(expected, str) and submitted and secrets.compare_digest(expected, submitted)
    ):
        raise CsrfError(
            "This form had expired, so nothing was saved. Please fill it in again and send it.",
        )


def log_in(request: Request, account: Account) -> None:
    """Start a fresh session for ``account`` (a new CSRF token guards against fixation)."""
    request.session.clear()
    request.session.update({"uid": account.id, "sv": account.session_version})
    csrf_token(request)


def log_out(request: Request) -> None:
    request.session.clear()


def session_account(request: Request, db: Database) -> Account | None:
    """The logged-in person, or None. A changed password ends older sessions."""
    if not isinstance(request.session.get("uid"), int):
        return None
    with db.session(write=False) as session:
        return cookie_account(request, session)


def cookie_account(request: Request, session: Session) -> Account | None:
    """``session_account`` inside a read transaction the caller already holds."""
    uid: Any = request.session.get("uid")
    if not isinstance(uid, int):
        return None
    account = accounts.get_account(session, uid)
    if account is None or account.session_version != request.session.get("sv"):
        request.session.clear()
        return None
    return account


@dataclass(frozen=True, slots=True)
class Credentials:
    """Who the request says it is, read from its headers and cookie without the database:
    a Bearer token, or (``token`` None) the browser session. ``account`` checks it."""

    token: str | None

    def account(self, request: Request, session: Session, now: datetime) -> Account:
        """The signed-in person, checked inside ``session`` (a read transaction), else 401."""
        if self.token is not None:
            return accounts.account_for_token(session, self.token, now=now)
        account = cookie_account(request, session)
        if account is None:
            raise Unauthenticated(_SIGN_IN)
        if request.method not in SAFE_METHODS:
            # A browser session may write through the API only with its CSRF token in a header.
            check_csrf(request, request.headers.get("x-csrf-token"))
        return account


_SIGN_IN = "Sign in, or send an API token as `Authorization: Bearer <token>`."


def credentials(request: Request) -> Credentials:
    """The request's claimed identity (`Authorization: Bearer <token>` or a browser session);
    401 at once when there is none or the header is malformed."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return Credentials(token.strip())
    if header:
        raise Unauthenticated(
            "The Authorization header must be `Bearer <token>`.", code="invalid_token"
        )
    if not isinstance(request.session.get("uid"), int):
        raise Unauthenticated(_SIGN_IN)
    return Credentials(None)


def bearer_account(request: Request, db: Database, now: datetime) -> Account:
    """The API caller from `Authorization: Bearer <token>` (or a browser session), else 401."""
    claimed = credentials(request)
    with db.session(write=False) as session:
        return claimed.account(request, session, now)
