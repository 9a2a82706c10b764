"""Rendering helpers shared by the pages: the base context, forms, redirects, flash messages."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from vagal.errors import InvalidInput, Unauthenticated, VagalError
from vagal.services.accounts import Account
from vagal.web import context
from vagal.web.security import check_csrf, cookie_account, csrf_token, session_account


class LoginRequired(Unauthenticated):
    """Raised by pages that need a login; answered with a redirect to /login."""


def page(
    request: Request,
    template: str,
    values: dict[str, Any] | None = None,
    *,
    account: Account | None = None,
    status: int = 200,
) -> Response:
    ctx: dict[str, Any] = {
        "current_user": account,
        "csrf_token": csrf_token(request),
        "flash": request.session.pop("flash", None),
        "crisis_resources": context.crisis_resources(request),
        "show_support": False,
        "errors": {},
        "values": {},
    }
    ctx.update(values or {})
    return context.templates(request).TemplateResponse(request, template, ctx, status_code=status)


def redirect(url: str, *, flash: str | None = None, request: Request | None = None) -> Response:
    if flash and request is not None:
        request.session["flash"] = flash
    return RedirectResponse(url, status_code=303)


_LOG_IN = "Please log in to continue."


def require_account(request: Request) -> Account:
    account = session_account(request, context.db(request))
    if account is None:
        raise LoginRequired(_LOG_IN)
    return account


@contextmanager
def read_page(request: Request) -> Iterator[tuple[Session, Account]]:
    """``require_account`` and the page's reads in one read transaction (for the busiest
    pages: a second transaction costs about 1 ms on PostgreSQL)."""
    with context.db(request).session(write=False) as session:
        account = cookie_account(request, session)
        if account is None:
            raise LoginRequired(_LOG_IN)
        yield session, account


async def checked_form(request: Request) -> FormData:
    """The posted form, after its CSRF token has been checked."""
    form = await request.form()
    token = form.get("csrf_token")
    check_csrf(request, token if isinstance(token, str) else None)
    return form


def field_error(exc: VagalError) -> dict[str, str]:
    """Map an error to {field: message} for re-rendering a form ("_form" when no field)."""
    return {str(exc.details.get("field", "_form")): exc.message}


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def optional_int(form: FormData, name: str, label: str) -> int | None:
    """A whole-number field that may be left empty (``None``)."""
    raw = text(form, name)
    if raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(f"{label} must be a whole number.", details={"field": name}) from None


def required_choice_int(form: FormData, name: str, label: str) -> int:
    """A whole number picked from a list of choices; missing or odd values ask to choose."""
    try:
        return int(text(form, name))
    except ValueError:
        raise InvalidInput(f"Choose {label}.", details={"field": name}) from None


def optional_float(form: FormData, name: str, label: str) -> float | None:
    """A decimal field that may be left empty; a decimal comma is accepted."""
    raw = text(form, name).replace(",", ".")
    if raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidInput(f"{label} must be a number, like 7.5.", details={"field": name})
    return value
