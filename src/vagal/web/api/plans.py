"""/api/v1/plan: today's plan with its reasons, and the week plan (JSON or .ics)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel

from vagal.catalog.practice_names import practice_name
from vagal.core.planner import DayPlan, Plan
from vagal.core.planner.plan import Span
from vagal.services import checkins, plans
from vagal.services.calendar import week_ics
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller, Signed, read_as

router = APIRouter(prefix="/plan", tags=["plan"])


class SpanOut(BaseModel):
    low: int
    high: int


class DoseOut(BaseModel):
    minutes: SpanOut
    sets: SpanOut | None
    reps: SpanOut | None
    rest_s: SpanOut | None
    regressed: bool


class PracticeOut(BaseModel):
    id: str
    name: str
    summary: str
    caution: str


class ReasonOut(BaseModel):
    rule: str
    message: str
    source: str


class PromptOut(BaseModel):
    id: str
    message: str


class GentlerOut(BaseModel):
    kind: str
    practices: list[PracticeOut]
    message: str


class PlanOut(BaseModel):
    date: date
    kind: str
    physiology_kind: str
    headline: str
    dose: DoseOut
    practices: list[PracticeOut]
    prompts: list[PromptOut]
    reasons: list[ReasonOut]
    gentler_options: list[GentlerOut]
    show_support: bool
    baseline_status: str
    readings_count: int


def _span(span: Span | None) -> SpanOut | None:
    return None if span is None else SpanOut(low=span.low, high=span.high)


def _practices(ids: tuple[str, ...]) -> list[PracticeOut]:
    out = []
    for pid in ids:
        p = practice_name(pid)
        out.append(PracticeOut(id=p.id, name=p.name, summary=p.summary, caution=p.caution))
    return out


def plan_out(plan: Plan, today: plans.TodayPlan) -> PlanOut:
    dose = plan.dose
    return PlanOut(
        date=plan.today,
        kind=plan.kind.value,
        physiology_kind=plan.physiology_kind.value,
        headline=plan.headline,
        dose=DoseOut(
            minutes=SpanOut(low=dose.minutes.low, high=dose.minutes.high),
            sets=_span(dose.sets),
            reps=_span(dose.reps),
            rest_s=_span(dose.rest_s),
            regressed=dose.regressed,
        ),
        practices=_practices(plan.practices),
        prompts=[PromptOut(id=p.id, message=p.message) for p in plan.prompts],
        reasons=[ReasonOut(rule=r.rule, message=r.message, source=r.source) for r in plan.reasons],
        gentler_options=[
            GentlerOut(kind=g.kind.value, practices=_practices(g.practices), message=g.message)
            for g in plan.gentler_options
        ],
        show_support=plan.show_support,
        baseline_status=today.baseline.status.value,
        readings_count=today.baseline.readings_count,
    )


class DayPlanOut(BaseModel):
    date: date
    kind: str
    minutes: int
    practices: list[PracticeOut]
    summary: str

    @classmethod
    def of(cls, day: DayPlan) -> DayPlanOut:
        return cls(
            date=day.local_date,
            kind=day.kind.value,
            minutes=day.minutes,
            practices=_practices(day.practices),
            summary=day.summary,
        )


@router.get(
    "/today",
    response_model=PlanOut,
    responses={**ERRORS, 409: {"description": "No check-in for that day yet (checkin_needed)."}},
)
def today(
    request: Request,
    signed: Signed,
    day: Annotated[
        date | None, Query(alias="date", description="YYYY-MM-DD; today if absent.")
    ] = None,
) -> PlanOut:
    """Today's plan (gentle strength, a regulation practice, or rest) with every reason."""
    now = context.now(request)
    with read_as(request, signed) as (session, account):
        result = plans.today_plan(
            session, account, day=day or checkins.local_today(account, now), now=now
        )
    return plan_out(result.plan, result)


def _week_start(account_today: date, start: date | None) -> date:
    return start or account_today - timedelta(days=account_today.weekday())


@router.get("/week", response_model=list[DayPlanOut], responses=ERRORS)
def week(
    request: Request,
    account: Caller,
    start: Annotated[date | None, Query(description="First day; this Monday if absent.")] = None,
) -> list[DayPlanOut]:
    """Seven days: 2–3 non-consecutive strength days, rest days with a recovery practice."""
    first = _week_start(checkins.local_today(account, context.now(request)), start)
    with context.db(request).session(write=False) as session:
        return [DayPlanOut.of(d) for d in plans.week_plan(session, account, week_start=first)]


@router.get(
    "/week.ics",
    responses={**ERRORS, 200: {"content": {"text/calendar": {}}, "description": "iCalendar"}},
)
def week_calendar(
    request: Request,
    account: Caller,
    start: Annotated[date | None, Query(description="First day; this Monday if absent.")] = None,
) -> Response:
    """The week plan as an iCalendar file to add to a calendar app."""
    now = context.now(request)
    first = _week_start(checkins.local_today(account, now), start)
    with context.db(request).session(write=False) as session:
        days = plans.week_plan(session, account, week_start=first)
    body = week_ics(days, now=now, uid_prefix=f"u{account.id}")
    return Response(
        body,
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="vagal-week-{first}.ics"'},
    )
