"""Onboarding after sign-up (and editable later): readiness screening, then preferences."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from vagal.catalog.screening import SCREENING_QUESTIONS
from vagal.core.planner.inputs import Equipment
from vagal.errors import VagalError
from vagal.services import checkins, strength
from vagal.services import profile as service
from vagal.services.accounts import Account
from vagal.web import context
from vagal.web.pages.render import (
    checked_form,
    field_error,
    page,
    redirect,
    require_account,
    required_choice_int,
    text,
)

router = APIRouter()


def _screening_page(
    request: Request, account: Account, extra: dict[str, Any] | None = None, status: int = 200
) -> Response:
    with context.db(request).session(write=False) as session:
        screening = service.get_screening(session, account)
    values = {q: ("yes" if a else "no") for q, a in screening.answers.items()}
    ctx: dict[str, Any] = {
        "questions": SCREENING_QUESTIONS,
        "screening": screening,
        "values": values,
        "cleared": screening.clinician_clearance_at is not None,
        "onboarding": request.query_params.get("next") == "preferences",
    }
    ctx.update(extra or {})
    return page(request, "screening.html", ctx, account=account, status=status)


@router.get("/onboarding/screening")
def screening_form(request: Request) -> Response:
    return _screening_page(request, require_account(request))


def _answers(form: FormData) -> dict[str, bool]:
    answers: dict[str, bool] = {}
    for question in SCREENING_QUESTIONS:
        value = text(form, question.id)
        if value in ("yes", "no"):
            answers[question.id] = value == "yes"
    return answers


@router.post("/onboarding/screening")
async def save_screening(request: Request) -> Response:
    account = require_account(request)
    form = await checked_form(request)
    answers = _answers(form)
    try:
        with context.db(request).session(write=True) as session:
            screening = service.save_screening(
                session,
                account,
                answers,
                clinician_clearance=form.get("clinician_clearance") == "yes",
                now=context.now(request),
            )
    except VagalError as exc:
        values = {q: ("yes" if a else "no") for q, a in answers.items()}
        return _screening_page(
            request, account, {"errors": field_error(exc), "values": values}, status=422
        )
    flash = (
        "Thank you. Strength sessions are open to you; everything stays gentle."
        if screening.strength_allowed
        else "Thank you. Until a clinician clears you, vagal offers regulation and recovery "
        "practices only, and those are a full plan in themselves."
    )
    target = "/onboarding/preferences" if text(form, "next") == "preferences" else "/settings"
    return redirect(target, flash=flash, request=request)


def _prefs_page(
    request: Request, account: Account, extra: dict[str, Any] | None = None, status: int = 200
) -> Response:
    with context.db(request).session(write=False) as session:
        current = service.get_profile(session, account)
        day = checkins.local_today(account, context.now(request))
        minutes = strength.session_minutes_now(session, account, day=day)
    prefs = current.preferences
    values: dict[str, Any] = {
        "goals": list(current.goals),
        "experience": current.experience or "",
        "equipment": [e.value for e in prefs.equipment],
        "session_minutes": minutes if current.saved else 5,
        "strength_days_per_week": prefs.strength_days_per_week,
        "preferred_weekdays": list(prefs.preferred_weekdays),
        "reminder_time": current.reminder_time or "",
        "cold_exposure_ok": prefs.cold_exposure_ok,
    }
    ctx: dict[str, Any] = {
        "values": values,
        "goals": service.GOALS,
        "experience_levels": service.EXPERIENCE,
        "equipment_choices": [e.value for e in Equipment],
        "weekdays": list(enumerate(service.WEEKDAYS)),
        "onboarding": not current.saved,
    }
    ctx.update(extra or {})
    return page(request, "preferences.html", ctx, account=account, status=status)


@router.get("/onboarding/preferences")
def preferences_form(request: Request) -> Response:
    return _prefs_page(request, require_account(request))


@router.post("/onboarding/preferences")
async def save_preferences(request: Request) -> Response:
    account = require_account(request)
    form = await checked_form(request)
    try:
        weekdays = [int(str(v)) for v in form.getlist("preferred_weekdays") if str(v).isdigit()]
        with context.db(request).session(write=True) as session:
            saved = service.save_profile(
                session,
                account,
                goals=[str(v) for v in form.getlist("goals")],
                experience=text(form, "experience") or None,
                equipment=[str(v) for v in form.getlist("equipment")],
                session_minutes=required_choice_int(form, "session_minutes", "a session length"),
                strength_days_per_week=required_choice_int(
                    form, "strength_days_per_week", "days per week"
                ),
                preferred_weekdays=weekdays,
                reminder_time=text(form, "reminder_time") or None,
                cold_exposure_ok=form.get("cold_exposure_ok") == "yes",
                now=context.now(request),
            )
    except VagalError as exc:
        return _prefs_page(request, account, {"errors": field_error(exc)}, status=422)
    first_time = text(form, "onboarding") == "yes"
    if first_time:
        return redirect("/checkin", flash="All set. Now, how are you today?", request=request)
    del saved
    return redirect("/settings", flash="Your preferences are saved.", request=request)
