"""/progress: charts, the weekly summary and a PDF download for a week, month or quarter."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vagal.errors import InvalidInput
from vagal.services import checkins
from vagal.services import progress as service
from vagal.services.report import charts_for
from vagal.web import context
from vagal.web.pages.render import page, read_page

router = APIRouter()

PERIODS = (("week", "Week"), ("month", "Month"), ("quarter", "Quarter"))


def _date(raw: str | None, field: str) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(
            f"'{raw}' is not a date. Use the date picker, or write it as YYYY-MM-DD.",
            details={"field": field},
        ) from None


@router.get("/progress")
def progress_page(request: Request) -> Response:
    params = request.query_params
    period_name = params.get("period") or None
    error: str | None = None
    with read_page(request) as (session, account):
        today = checkins.local_today(account, context.now(request))
        try:
            period = service.resolve_period(
                today,
                period=period_name,
                start=_date(params.get("from"), "from"),
                end=_date(params.get("to"), "to"),
            )
        except InvalidInput as exc:
            error = exc.message
            period_name = "week"
            period = service.resolve_period(today)
        result = service.get_progress(session, account, period)
    custom = bool(params.get("from") or params.get("to")) and error is None
    values = {
        "progress": result,
        "charts": charts_for(result) if result.has_data else [],
        "periods": PERIODS,
        "current_period": None if custom else (period_name or "week"),
        "custom_range": custom or error is not None,
        "range_error": error,
        "today": today,
    }
    return page(request, "progress.html", values, account=account, status=422 if error else 200)
