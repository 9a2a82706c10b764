"""The landing page and today's overview."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vagal.catalog.practice_names import practice_name
from vagal.core.planner import RULES
from vagal.core.planner.inputs import KIND_LABELS
from vagal.services import checkins as service
from vagal.services import plans, profile
from vagal.web import context
from vagal.web.pages.render import page, read_page, redirect
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
    now = context.now(request)
    with read_page(request) as (session, account):
        day = service.local_today(account, now)
        try:
            today_plan: plans.TodayPlan | None = plans.today_plan(
                session, account, day=day, now=now
            )
        except plans.CheckinNeeded:
            today_plan = None
        # The plan read the check-in and the screening already; without one, read the latter.
        checkin = today_plan.checkin if today_plan else None
        screening = today_plan.screening if today_plan else profile.get_screening(session, account)
    return page(
        request,
        "today.html",
        {
            "today": day,
            "checkin": checkin,
            "saved": request.query_params.get("saved") == "1",
            "plan": today_plan.plan if today_plan else None,
            "baseline": today_plan.baseline if today_plan else None,
            "kind_labels": {k.value: v for k, v in KIND_LABELS.items()},
            "practice_name": practice_name,
            "screening": screening,
            "show_support": bool(checkin and checkin.needs_support),
        },
        account=account,
    )


@router.get("/how-vagal-decides")
def how_vagal_decides(request: Request) -> Response:
    """The planner's rules, rendered from the running rule table (the same as the docs)."""
    account = session_account(request, context.db(request))
    return page(request, "rules.html", {"rules": RULES}, account=account)
