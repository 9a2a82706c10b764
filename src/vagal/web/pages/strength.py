"""The guided strength session (/session) and the exercise catalog (/exercises)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vagal.catalog.exercises import catalog_size, illustration_svg, load_exercise_catalog
from vagal.core.checkin import STATE_LABELS
from vagal.errors import NotFound
from vagal.services import checkins, strength
from vagal.web import context
from vagal.web.pages.render import page, redirect
from vagal.web.security import csrf_token, session_account

router = APIRouter()


@router.get("/session")
def session_page(request: Request) -> Response:
    account = session_account(request, context.db(request))
    if account is None:
        return redirect("/login")
    now = context.now(request)
    day = checkins.local_today(account, now)
    with context.db(request).session(write=False) as session:
        checkin = checkins.find_checkin(session, account, day)
        result = strength.next_session(session, account, day=day, now=now) if checkin else None
    data: dict[str, Any] = {"csrf": csrf_token(request), "api": "/api/v1/sessions"}
    built = result.session if result else None
    if built is not None:
        data["session"] = strength.plan_to_dict(built)
    return page(
        request,
        "session.html",
        {
            "checkin": checkin,
            "result": result,
            "built": built,
            "data": data,
            "state_labels": {s.value: label for s, label in STATE_LABELS.items()},
        },
        account=account,
    )


@router.get("/exercises")
def exercises_page(request: Request) -> Response:
    account = session_account(request, context.db(request))
    if account is None:
        return redirect("/login")
    catalog = load_exercise_catalog()
    names = {level.id: level.name for ladder in catalog.ladders for level in ladder.levels}
    return page(
        request,
        "exercises.html",
        {
            "catalog": catalog,
            "size": catalog_size(catalog),
            "names": names,
            "opened": request.query_params.get("open"),
        },
        account=account,
    )


@router.get("/exercises/illustrations/{name}")
def illustration(name: str) -> Response:
    """One of the catalog's own SVG drawings (public: no personal data)."""
    if name not in {
        level.illustration
        for ladder in load_exercise_catalog().ladders
        for level in ladder.levels
        if level.illustration
    }:
        raise NotFound("There is no such illustration.")
    return Response(
        illustration_svg(name),
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=86400"},
    )
