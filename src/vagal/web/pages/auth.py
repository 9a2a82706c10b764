"""Sign-up, login and logout pages."""

from __future__ import annotations

from zoneinfo import available_timezones

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vagal.errors import TooManyAttempts, VagalError
from vagal.services import accounts
from vagal.web import context
from vagal.web.pages.render import checked_form, field_error, page, redirect, text
from vagal.web.security import log_in, log_out

router = APIRouter()

TIMEZONES = sorted(available_timezones())


@router.get("/signup")
def signup_form(request: Request) -> Response:
    return page(request, "signup.html", {"timezones": TIMEZONES, "values": {"timezone": "UTC"}})


@router.post("/signup")
async def signup(request: Request) -> Response:
    form = await checked_form(request)
    values = {"email": text(form, "email"), "timezone": text(form, "timezone") or "UTC"}
    password = str(form.get("password") or "")
    errors: dict[str, str] = {}
    if password != str(form.get("password_confirm") or ""):
        errors["password_confirm"] = "The two passwords are not the same. Type them again."
    if form.get("understood") != "yes":
        errors["understood"] = "Please confirm you have read that vagal is not a medical device."
    if not errors:
        try:
            with context.db(request).session(write=True) as session:
                account = accounts.sign_up(
                    session,
                    context.hasher(request),
                    email=values["email"],
                    password=password,
                    timezone=values["timezone"],
                    now=context.now(request),
                )
        except VagalError as exc:
            errors = field_error(exc)
    if errors:
        ctx = {"timezones": TIMEZONES, "values": values, "errors": errors}
        return page(request, "signup.html", ctx, status=422)
    log_in(request, account)
    return redirect(
        "/onboarding/screening?next=preferences",
        flash="Welcome to vagal. Two short steps, then your first check-in.",
        request=request,
    )


@router.get("/login")
def login_form(request: Request) -> Response:
    return page(request, "login.html")


@router.post("/login")
async def login(request: Request) -> Response:
    form = await checked_form(request)
    email = text(form, "email")
    password = str(form.get("password") or "")
    db, now = context.db(request), context.now(request)
    try:
        with db.session(write=True) as session:
            account = accounts.authenticate(
                session,
                context.hasher(request),
                email=email,
                password=password,
                now=now,
                policy=context.login_policy(request),
            )
    except accounts.LoginFailed as exc:
        with db.session(write=True) as session:
            accounts.record_login_failure(session, email, now=now)
        return page(
            request,
            "login.html",
            {"values": {"email": email}, "errors": field_error(exc)},
            status=401,
        )
    except TooManyAttempts as exc:
        ctx = {"values": {"email": email}, "errors": {"_form": exc.message}}
        return page(request, "login.html", ctx, status=429)
    log_in(request, account)
    return redirect("/today")


@router.post("/logout")
async def logout(request: Request) -> Response:
    await checked_form(request)
    log_out(request)
    return redirect("/login", flash="You have logged out. Take care.", request=request)
