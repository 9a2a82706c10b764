"""The daily check-in form and the history page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from vagal.core.checkin import (
    BODY_SIGNAL_LABELS,
    HEALTH_FLAG_LABELS,
    LANDING_LABELS,
    STATE_LABELS,
    CheckinInput,
    normalise_tags,
    parse_body_signals,
    parse_health_flags,
    parse_landing,
    parse_state,
)
from vagal.errors import InvalidInput, VagalError
from vagal.services import checkins as service
from vagal.services import strength
from vagal.services.checkins import StoredCheckin
from vagal.web import context
from vagal.web.pages.render import (
    checked_form,
    field_error,
    optional_float,
    optional_int,
    redirect,
    require_account,
    text,
)
from vagal.web.pages.render import page as render

router = APIRouter()
HISTORY_PAGE_SIZE = 30


def _choices() -> dict[str, Any]:
    return {
        "state_labels": {s.value: label for s, label in STATE_LABELS.items()},
        "signal_labels": {s.value: label for s, label in BODY_SIGNAL_LABELS.items()},
        "flag_labels": {f.value: label for f, label in HEALTH_FLAG_LABELS.items()},
        "landing_labels": {x.value: label for x, label in LANDING_LABELS.items()},
    }


def _values_of(checkin: StoredCheckin | None, day: date) -> dict[str, Any]:
    if checkin is None:
        return {"local_date": day.isoformat(), "body_signals": [], "health_flags": [], "tags": ""}
    return {
        "local_date": day.isoformat(),
        "sleep_hours": "" if checkin.sleep_hours is None else f"{checkin.sleep_hours:g}",
        "sleep_quality": checkin.sleep_quality,
        "energy": checkin.energy,
        "distress": checkin.distress,
        "state": checkin.state.value if checkin.state else "",
        "body_signals": [s.value for s in checkin.body_signals],
        "note": checkin.note,
        "tags": ", ".join(checkin.tags),
        "health_flags": [f.value for f in checkin.health_flags],
        "last_session_landed": (
            checkin.last_session_landed.value if checkin.last_session_landed else ""
        ),
    }


def _parse_date(raw: str, today: date) -> date:
    if not raw:
        return today
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(
            f"'{raw}' is not a date. Use the form YYYY-MM-DD, for example {today.isoformat()}.",
            details={"field": "local_date"},
        ) from None


def parse_checkin_form(form: FormData, today: date) -> CheckinInput:
    return CheckinInput(
        local_date=_parse_date(text(form, "local_date"), today),
        sleep_hours=optional_float(form, "sleep_hours", "Hours of sleep"),
        sleep_quality=optional_int(form, "sleep_quality", "Sleep quality"),
        energy=optional_int(form, "energy", "Energy"),
        distress=optional_int(form, "distress", "Distress"),
        state=parse_state(text(form, "state") or None),
        body_signals=parse_body_signals([str(v) for v in form.getlist("body_signals")]),
        note=text(form, "note"),
        tags=normalise_tags(text(form, "tags").split(",")),
        health_flags=parse_health_flags([str(v) for v in form.getlist("health_flags")]),
        last_session_landed=parse_landing(text(form, "last_session_landed") or None),
    )


@router.get("/checkin")
def checkin_form(request: Request, saved: int = 0) -> Response:
    account = require_account(request)
    today = service.local_today(account, context.now(request))
    day = _parse_date(request.query_params.get("date", ""), today)
    with context.db(request).session(write=False) as session:
        existing = service.find_checkin(session, account, day)
        offered = service.imported_sleep(session, account, day)
        yesterday = day - timedelta(days=1)
        previous = strength.list_sessions(session, account, start=yesterday, end=yesterday)
    values = _values_of(existing, day)
    sleep_offer = None
    if offered is not None and (existing is None or existing.sleep_hours is None):
        values["sleep_hours"] = f"{round(offered[0], 2):g}"
        sleep_offer = offered
    ctx = {
        **_choices(),
        "values": values,
        "sleep_offer": sleep_offer,
        "existing": existing,
        "today": today,
        # Asked only when there was a session the day before (or an answer was given already).
        "previous_session": previous[0] if previous else None,
        "saved": bool(saved) and existing is not None,
        "show_support": bool(saved and existing and existing.needs_support),
    }
    return render(request, "checkin.html", ctx, account=account)


@router.post("/checkin")
async def save_checkin(request: Request) -> Response:
    account = require_account(request)
    form = await checked_form(request)
    now = context.now(request)
    today = service.local_today(account, now)
    try:
        checkin = parse_checkin_form(form, today)
        with context.db(request).session(write=True) as session:
            service.save_checkin(session, account, checkin, now=now)
    except VagalError as exc:
        values: dict[str, Any] = {key: form.get(key) for key in form}
        values["body_signals"] = [str(v) for v in form.getlist("body_signals")]
        values["health_flags"] = [str(v) for v in form.getlist("health_flags")]
        ctx = {**_choices(), "values": values, "errors": field_error(exc), "today": today}
        return render(request, "checkin.html", ctx, account=account, status=422)
    if checkin.local_date == today:
        return redirect("/today?saved=1")
    return redirect(f"/checkin?date={checkin.local_date.isoformat()}&saved=1")


@router.get("/history")
def history(request: Request, page: int = 1) -> Response:
    account = require_account(request)
    number = max(1, page)
    with context.db(request).session(write=False) as session:
        items = service.list_checkins(
            session,
            account,
            limit=HISTORY_PAGE_SIZE + 1,
            offset=(number - 1) * HISTORY_PAGE_SIZE,
        )
    ctx = {
        **_choices(),
        "items": items[:HISTORY_PAGE_SIZE],
        "page": number,
        "has_more": len(items) > HISTORY_PAGE_SIZE,
    }
    return render(request, "history.html", ctx, account=account)
