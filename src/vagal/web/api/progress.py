"""/api/v1/progress and /api/v1/report.pdf: the progress numbers, summary and PDF report."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from vagal.core.summary import WeekNumbers
from vagal.services import checkins
from vagal.services import progress as service
from vagal.services.accounts import Account
from vagal.services.report import report_filename, report_pdf
from vagal.web import context
from vagal.web.api.common import ERRORS, Signed, read_as
from vagal.web.security import Credentials

router = APIRouter(tags=["progress"])

From = Annotated[
    date | None, Query(alias="from", description="First day YYYY-MM-DD; see `period`.")
]
To = Annotated[date | None, Query(alias="to", description="Last day YYYY-MM-DD; today if absent.")]
PeriodName = Annotated[
    str | None,
    Query(description="week, month or quarter ending on `to` (used when `from` is absent)."),
]


class DayOut(BaseModel):
    date: date
    ln_rmssd: float | None
    ln_rmssd_7d_mean: float | None
    band_low: float | None
    band_high: float | None
    resting_hr_bpm: float | None
    sleep_hours: float | None
    sleep_quality: int | None
    distress: int | None
    state: str | None


class WeekOut(BaseModel):
    start: date
    end: date
    settled_days: int
    activated_days: int
    shut_down_days: int
    moments: int
    recovery_median_minutes: float | None
    strength_done: int
    strength_planned: int
    practices_done: int
    sleep_mean_hours: float | None
    distress_mean: float | None
    ln_rmssd_mean: float | None


class HelpOut(BaseModel):
    practice_id: str
    name: str
    uses: int
    mean_drop: float
    ci_low: float
    ci_high: float
    effect_size_dz: float | None


class PracticeOut(BaseModel):
    practice_id: str
    name: str
    uses: int
    minutes: float
    mean_drop: float | None


class SessionOut(BaseModel):
    date: date
    minutes: int
    felt: str | None
    stopped_early: bool


class ProgressOut(BaseModel):
    start: date
    end: date
    has_data: bool
    summary: list[str]
    this_week: WeekOut
    week_before: WeekOut
    days: list[DayOut]
    weeks: list[WeekOut]
    what_helps: list[HelpOut]
    practices: list[PracticeOut]
    strength_sessions: list[SessionOut]
    moments: int


def _week(w: WeekNumbers) -> WeekOut:
    return WeekOut(
        start=w.start,
        end=w.end,
        settled_days=w.settled_days,
        activated_days=w.activated_days,
        shut_down_days=w.shut_down_days,
        moments=w.moments,
        recovery_median_minutes=w.recovery_median_min,
        strength_done=w.strength_done,
        strength_planned=w.strength_planned,
        practices_done=w.practices_done,
        sleep_mean_hours=w.sleep_mean_hours,
        distress_mean=w.distress_mean,
        ln_rmssd_mean=w.ln_rmssd_mean,
    )


def progress_out(p: service.Progress) -> ProgressOut:
    effects = p.helps.effects if p.helps else ()
    return ProgressOut(
        start=p.period.start,
        end=p.period.end,
        has_data=p.has_data,
        summary=list(p.summary),
        this_week=_week(p.this_week),
        week_before=_week(p.week_before),
        days=[
            DayOut(
                date=d.local_date,
                ln_rmssd=d.ln_rmssd,
                ln_rmssd_7d_mean=d.mean_7d,
                band_low=d.band_low,
                band_high=d.band_high,
                resting_hr_bpm=d.resting_hr_bpm,
                sleep_hours=d.sleep_hours,
                sleep_quality=d.sleep_quality,
                distress=d.distress,
                state=d.state.value if d.state else None,
            )
            for d in p.days
        ],
        weeks=[_week(w) for w in p.weeks],
        what_helps=[
            HelpOut(
                practice_id=e.practice_id,
                name=p.practice_names.get(e.practice_id, e.practice_id),
                uses=e.uses,
                mean_drop=e.mean_drop,
                ci_low=e.ci_low,
                ci_high=e.ci_high,
                effect_size_dz=e.effect_size_dz,
            )
            for e in effects
        ],
        practices=[
            PracticeOut(
                practice_id=x.practice_id,
                name=x.name,
                uses=x.uses,
                minutes=x.minutes,
                mean_drop=x.mean_drop,
            )
            for x in p.practices
        ],
        strength_sessions=[
            SessionOut(
                date=s.local_date, minutes=s.minutes, felt=s.felt, stopped_early=s.stopped_early
            )
            for s in p.sessions
        ],
        moments=p.moments,
    )


def _progress(
    request: Request,
    signed: Credentials,
    start: date | None,
    end: date | None,
    period: str | None,
) -> tuple[service.Progress, Account]:
    with read_as(request, signed) as (session, account):
        today = checkins.local_today(account, context.now(request))
        chosen = service.resolve_period(today, period=period, start=start, end=end)
        return service.get_progress(session, account, chosen), account


@router.get("/progress", response_model=ProgressOut, responses=ERRORS)
def progress(
    request: Request,
    signed: Signed,
    start: From = None,
    end: To = None,
    period: PeriodName = None,
) -> ProgressOut:
    """Daily and weekly numbers, "what helps me" and the weekly summary for a period
    (at most 400 days; the last 7 days by default). An empty period is not an error."""
    return progress_out(_progress(request, signed, start, end, period)[0])


@router.get(
    "/report.pdf",
    responses={**ERRORS, 200: {"content": {"application/pdf": {}}, "description": "PDF report"}},
)
def report(
    request: Request,
    signed: Signed,
    start: From = None,
    end: To = None,
    period: PeriodName = None,
) -> Response:
    """The progress report as a PDF a therapist can read in a minute."""
    result, account = _progress(request, signed, start, end, period)
    pdf = report_pdf(result, account, now=context.now(request))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{report_filename(result)}"'},
    )
