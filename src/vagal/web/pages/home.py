"""The landing page and today's overview."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vagal.services import checkins as service
from vagal.web import context
from vagal.web.pages.render import page, redirect
from vagal.web.security import session_account

router = APIRouter()


@router.get("/")
def home(request: Request) -> Response:
    account = session_account(request, context.db(request))
    if account is None:
        return page(request, "landing.html")
    return redirect("/today")


@router.get("/today")
def today(request: Request) -> Response:
    account = session_account(request, context.db(request))
    if account is None:
        return redirect("/login")
    day = service.local_today(account, context.now(request))
    with context.db(request).session(write=False) as session:
        checkin = service.find_checkin(session, account, day)
        recent = service.list_checkins(session, account, limit=7)
    return page(
        request,
        "today.html",
        {
            "today": day,
            "checkin": checkin,
            "recent": recent,
            "show_support": bool(checkin and checkin.needs_support),
        },
        account=account,
    )
