"""Settings: time zone, password, API tokens, export and deleting the account."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vagal.errors import VagalError
from vagal.services import accounts, erasure
from vagal.services.accounts import Account
from vagal.web import context
from vagal.web.pages.auth import TIMEZONES
from vagal.web.pages.render import checked_form, field_error, page, redirect, require_account, text
from vagal.web.security import log_in, log_out

router = APIRouter()


def _settings_page(
    request: Request, account: Account, extra: dict[str, Any] | None = None, status: int = 200
) -> Response:
    with context.db(request).session(write=False) as session:
        tokens = accounts.list_tokens(session, account)
    ctx = {
        "timezones": TIMEZONES,
        "tokens": tokens,
        "now": context.now(request),
        "values": {"timezone": account.timezone},
    }
    ctx.update(extra or {})
    return page(request, "settings.html", ctx, account=account, status=status)


@router.get("/settings")
def settings(request: Request) -> Response:
    return _settings_page(request, require_account(request))


@router.post("/settings/timezone")
async def change_timezone(request: Request) -> Response:
    account = require_account(request)
    form = await checked_form(request)
    try:
        with context.db(request).session(write=True) as session:
            accounts.change_timezone(session, account, text(form, "timezone"))
    except VagalError as exc:
        return _settings_page(request, account, {"errors": field_error(exc)}, status=422)
    return redirect("/settings", flash="Your time zone is saved.", request=request)


@router.post("/settings/password")
async def change_password(request: Request) -> Response:
    account = require_account(request)
    form = await checked_form(request)
    new = str(form.get("new_password") or "")
    if new != str(form.get("new_password_confirm") or ""):
        errors = {
            "new_password_confirm": "The two new passwords are not the same. Type them again."
        }
        return _settings_page(request, account, {"errors": errors}, status=422)
    try:
        with context.db(request).session(write=True) as session:
            updated = accounts.change_password(
                session,
                context.hasher(request),
                account,
                current_password=str(form.get("current_password") or ""),
                new_password=new,
            )
    except VagalError as exc:
        return _settings_page(request, account, {"errors": field_error(exc)}, status=422)
    log_in(request, updated)  # other sessions end; this one continues
    return redirect("/settings", flash="Your password is changed.", request=request)


@router.post("/settings/tokens")
async def create_token(request: Request) -> Response:
    account = require_account(request)
    form = await checked_form(request)
    try:
        with context.db(request).session(write=True) as session:
            token, _ = accounts.create_token(
                session, account, name=text(form, "name"), now=context.now(request)
            )
    except VagalError as exc:
        return _settings_page(request, account, {"errors": field_error(exc)}, status=422)
    return _settings_page(request, account, {"new_token": token})


@router.post("/settings/tokens/{token_id}/revoke")
async def revoke_token(request: Request, token_id: int) -> Response:
    account = require_account(request)
    await checked_form(request)
    with context.db(request).session(write=True) as session:
        accounts.revoke_token(session, account, token_id, now=context.now(request))
    return redirect("/settings", flash="The token is revoked.", request=request)


@router.post("/settings/delete")
async def delete_account(request: Request) -> Response:
    account = require_account(request)
    form = await checked_form(request)
    try:
        with context.db(request).session(write=True) as session:
            erasure.erase_with_password(
                session,
                context.hasher(request),
                account,
                password=str(form.get("delete_password") or ""),
            )
    except VagalError as exc:
        errors = {"delete_password": exc.message}
        return _settings_page(request, account, {"errors": errors}, status=422)
    log_out(request)
    return redirect(
        "/", flash="Your account and everything in it are deleted. Take good care.", request=request
    )
