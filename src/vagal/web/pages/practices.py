"""Pages for regulation practices: the list, the player, moments and "what helps me".

The player works without JavaScript (the steps are listed and a plain form logs the use);
static/player.js adds the timers, the breath pacer and offline-tolerant saving.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData

from vagal.catalog.practices import FAMILY_LABELS, BreathPattern
from vagal.core.checkin import (
    BODY_SIGNAL_LABELS,
    STATE_LABELS,
    NervousSystemState,
    normalise_tags,
    parse_body_signals,
    parse_state,
)
from vagal.core.insights import MIN_USES, PracticeEffect
from vagal.errors import InvalidInput, NotFound, VagalError
from vagal.services import moments, practices
from vagal.services.accounts import Account
from vagal.services.moments import MomentInput, StoredMoment
from vagal.services.practices import PracticeEntry, PracticeLogInput
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

STATE_WORDS = {
    NervousSystemState.ACTIVATED: "activated",
    NervousSystemState.SHUT_DOWN: "shut down",
    NervousSystemState.SETTLED: "settled",
}


def _state_filter(raw: str | None) -> NervousSystemState | None:
    try:
        return parse_state(raw or None)
    except InvalidInput:
        return None


def _labels() -> dict[str, Any]:
    return {
        "state_labels": {s.value: label for s, label in STATE_LABELS.items()},
        "signal_labels": {s.value: label for s, label in BODY_SIGNAL_LABELS.items()},
        "family_labels": {f.value: label for f, label in FAMILY_LABELS.items()},
        "state_words": {s.value: word for s, word in STATE_WORDS.items()},
    }


# --- the list -----------------------------------------------------------------------------------


@router.get("/practices")
def practice_list(request: Request, state: str | None = None) -> Response:
    account = require_account(request)
    chosen = _state_filter(state)
    with context.db(request).session(write=False) as session:
        entries = practices.list_practices(session, account, state=chosen)
        custom = practices.list_custom_patterns(session, account)
    return _render_list(request, account, entries, custom, chosen)


def _render_list(
    request: Request,
    account: Account,
    entries: list[PracticeEntry],
    custom: list[practices.CustomPattern],
    chosen: NervousSystemState | None,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    return render(
        request,
        "practices.html",
        {
            "entries": entries,
            "custom": custom,
            "chosen": chosen.value if chosen else "",
            "errors": errors or {},
            "values": values or {},
            **_labels(),
        },
        account=account,
        status=status,
    )


def _seconds(form: FormData, name: str, label: str, *, required: bool) -> float:
    value = optional_float(form, name, label)
    if value is None:
        if required:
            raise InvalidInput(f"{label} needs a number of seconds.", details={"field": name})
        return 0.0
    return value


@router.post("/practices/custom")
async def create_custom(request: Request) -> Response:
    account = require_account(request)
    form = await checked_form(request)
    try:
        pattern = BreathPattern(
            inhale_s=_seconds(form, "inhale_s", "Breathing in", required=True),
            hold_in_s=_seconds(form, "hold_in_s", "Holding full", required=False),
            exhale_s=_seconds(form, "exhale_s", "Breathing out", required=True),
            hold_out_s=_seconds(form, "hold_out_s", "Resting empty", required=False),
        )
        with context.db(request).session(write=True) as session:
            custom = practices.create_custom_pattern(
                session, account, text(form, "name"), pattern, now=context.now(request)
            )
    except VagalError as error:
        with context.db(request).session(write=False) as session:
            entries = practices.list_practices(session, account)
            saved = practices.list_custom_patterns(session, account)
        values = {
            k: text(form, k) for k in ("name", "inhale_s", "hold_in_s", "exhale_s", "hold_out_s")
        }
        return _render_list(
            request,
            account,
            entries,
            saved,
            None,
            errors=field_error(error),
            values=values,
            status=422,
        )
    return redirect(
        f"/practices#custom-{custom.id}", flash=f"Saved '{custom.name}'.", request=request
    )


@router.post("/practices/custom/{custom_id}/delete")
async def delete_custom(request: Request, custom_id: int) -> Response:
    account = require_account(request)
    await checked_form(request)
    with context.db(request).session(write=True) as session:
        practices.delete_custom_pattern(session, account, custom_id)
    return redirect("/practices", flash="The pattern is deleted.", request=request)


# --- the player ---------------------------------------------------------------------------------


def _moment_or_none(session: Any, account: Account, moment_id: int | None) -> StoredMoment | None:
    if moment_id is None:
        return None
    try:
        return moments.get_moment(session, account, moment_id)
    except NotFound:
        return None


def _player_values(
    request: Request,
    account: Account,
    practice_id: str,
    minutes: int | None,
    moment_id: int | None,
) -> dict[str, Any]:
    with context.db(request).session(write=False) as session:
        entry = practices.get_practice(session, account, practice_id)
        length = minutes if minutes in entry.practice.durations else entry.practice.durations[0]
        script, rate = practices.script_for(session, account, entry, length)
        moment = _moment_or_none(session, account, moment_id)
    steps = [
        {
            "text": s.text,
            "seconds": s.seconds,
            "breaths": s.breaths,
            "breath": None
            if s.breath is None
            else {
                "inhale_s": s.breath.inhale_s,
                "hold_in_s": s.breath.hold_in_s,
                "exhale_s": s.breath.exhale_s,
                "hold_out_s": s.breath.hold_out_s,
                "breaths_per_min": round(s.breath.breaths_per_min, 3),
            },
        }
        for s in script.steps
    ]
    paced = [s.breath for s in script.steps if s.breath is not None]
    return {
        "entry": entry,
        "practice": entry.practice,
        "minutes": length,
        "steps": steps,
        "rate": rate,
        "moment": moment,
        "client_id": uuid.uuid4().hex,
        "data": {
            "practice_id": entry.id,
            "minutes": length,
            "steps": steps,
            "moment_id": moment.id if moment else None,
            "breaths_per_min": round(paced[0].breaths_per_min, 3) if paced else None,
        },
        **_labels(),
    }


@router.get("/practices/done")
def practice_done(request: Request, support: int = 0) -> Response:
    account = require_account(request)
    return render(request, "practice_done.html", {"show_support": bool(support)}, account=account)


@router.get("/practices/{practice_id}")
def player(
    request: Request, practice_id: str, minutes: int | None = None, moment: int | None = None
) -> Response:
    account = require_account(request)
    values = _player_values(request, account, practice_id, minutes, moment)
    if moment is not None and values["moment"] is None:
        raise NotFound(f"There is no moment number {moment}.")
    return render(request, "player.html", values, account=account)


def _form_log(form: FormData, practice_id: str) -> PracticeLogInput:
    minutes = optional_int(form, "minutes", "The length") or 0
    done = optional_int(form, "done_s", "The time practised")
    moment_id = optional_int(form, "moment_id", "The moment")
    return PracticeLogInput(
        practice_id=practice_id,
        planned_minutes=minutes,
        done_s=done if done is not None else minutes * 60,
        completed=text(form, "completed") != "no",
        client_id=text(form, "client_id") or None,
        moment_id=moment_id,
        breaths_per_min=optional_float(form, "breaths_per_min", "Breaths per minute"),
        state_before=parse_state(text(form, "state_before") or None),
        state_after=parse_state(text(form, "state_after") or None),
        distress_before=optional_int(form, "distress_before", "Distress before"),
        distress_after=optional_int(form, "distress_after", "Distress after"),
        note=text(form, "note"),
    )


@router.post("/practices/{practice_id}/log")
async def log_from_form(request: Request, practice_id: str) -> Response:
    """The no-JavaScript way to log a use (the player's script posts to the API instead)."""
    account = require_account(request)
    form = await checked_form(request)
    try:
        log = _form_log(form, practice_id)
        with context.db(request).session(write=True) as session:
            stored, _ = practices.log_practice(session, account, log, now=context.now(request))
    except VagalError as error:
        if isinstance(error, NotFound) and error.details.get("field") == "practice_id":
            raise
        values = _player_values(
            request, account, practice_id, optional_int(form, "minutes", "The length"), None
        )
        values["errors"] = field_error(error)
        values["values"] = {k: text(form, k) for k in form}
        return render(request, "player.html", values, account=account, status=422)
    request.session["flash"] = "Saved. Thank you for taking this time."
    target = f"/moment/{stored.moment_id}" if stored.moment_id else "/practices/done"
    if stored.needs_support:
        target += "?support=1"
    return redirect(target)


# --- moments ------------------------------------------------------------------------------------


@router.get("/moment")
def moment_start(request: Request) -> Response:
    account = require_account(request)
    with context.db(request).session(write=False) as session:
        recent = moments.list_moments(session, account, limit=5)
    return render(
        request,
        "moment.html",
        {
            "stage": "start",
            "client_id": uuid.uuid4().hex,
            "recent": _moment_rows(account, recent),
            **_labels(),
        },
        account=account,
    )


@router.post("/moment")
async def moment_open(request: Request) -> Response:
    account = require_account(request)
    form = await checked_form(request)
    try:
        state = parse_state(text(form, "state") or None)
        if state is None:
            raise InvalidInput(
                "Choose how it feels: activated or shutting down.", details={"field": "state"}
            )
        moment_input = MomentInput(
            state=state,
            distress=optional_int(form, "distress", "Distress"),
            trigger_note=text(form, "trigger_note"),
            tags=normalise_tags(text(form, "tags").split(",")),
            body_signals=parse_body_signals(form.getlist("body_signals")),  # type: ignore[arg-type]
            client_id=text(form, "client_id") or None,
        )
        with context.db(request).session(write=True) as session:
            stored, _, _ = moments.open_moment(
                session, account, moment_input, now=context.now(request)
            )
    except VagalError as error:
        return render(
            request,
            "moment.html",
            {
                "stage": "start",
                "client_id": text(form, "client_id") or uuid.uuid4().hex,
                "recent": [],
                "errors": field_error(error),
                "values": {
                    "trigger_note": text(form, "trigger_note"),
                    "tags": text(form, "tags"),
                    "distress": text(form, "distress"),
                    "body_signals": form.getlist("body_signals"),
                },
                **_labels(),
            },
            account=account,
            status=422,
        )
    return redirect(f"/moment/{stored.id}")


def _local(account: Account, when: datetime) -> datetime:
    return account.local_today(when)


def _moment_rows(account: Account, items: list[StoredMoment]) -> list[dict[str, Any]]:
    return [
        {
            "moment": m,
            "started": _local(account, m.started_at),
            "recovery": moments.describe_recovery(m.recovery_s)
            if m.recovery_s is not None
            else None,
        }
        for m in items
    ]


@router.get("/moment/{moment_id}")
def moment_view(request: Request, moment_id: int, support: int = 0) -> Response:
    account = require_account(request)
    with context.db(request).session(write=False) as session:
        moment = moments.get_moment(session, account, moment_id)
        suggestion = moments.suggest_practice(session, account, moment.state)
        if moment.suggested_practice_id:
            try:
                entry = practices.get_practice(session, account, moment.suggested_practice_id)
                if entry.id != suggestion.practice_id:
                    suggestion = moments.Suggestion(
                        entry.id,
                        entry.practice.name,
                        moments.SHORT_MINUTES
                        if moments.SHORT_MINUTES in entry.practice.durations
                        else entry.practice.durations[0],
                        "suits_state",
                    )
            except NotFound:
                pass
        logs = practices.list_logs(session, account, moment_id=moment_id)
        others = [
            e
            for e in practices.list_practices(session, account, state=moment.state)
            if not e.practice.intense and e.id != suggestion.practice_id
        ][:4]
    return render(
        request,
        "moment.html",
        {
            "stage": "settled" if moment.settled else "open",
            "moment": moment,
            "started": _local(account, moment.started_at),
            "recovery": moments.describe_recovery(moment.recovery_s)
            if moment.recovery_s is not None
            else None,
            "suggestion": suggestion,
            "others": others,
            "logs": logs,
            "show_support": moment.needs_support or bool(support),
            **_labels(),
        },
        account=account,
    )


@router.post("/moment/{moment_id}/settled")
async def moment_settle(request: Request, moment_id: int) -> Response:
    account = require_account(request)
    await checked_form(request)
    try:
        with context.db(request).session(write=True) as session:
            moments.settle_moment(session, account, moment_id, now=context.now(request))
    except VagalError as error:
        if isinstance(error, NotFound):
            raise
        return redirect(f"/moment/{moment_id}", flash=error.message, request=request)
    return redirect(f"/moment/{moment_id}")


# --- what helps me ------------------------------------------------------------------------------


def reading(effect: PracticeEffect) -> str:
    """A plain-language reading of one practice's numbers (never a clinical claim)."""
    drop = effect.mean_drop
    if effect.clearly_helps:
        return (
            f"Distress has usually eased by about {drop:.1f} points after this, and the "
            "whole likely range is above zero: it seems to help you."
        )
    if drop > 0:
        return (
            f"Distress eased by about {drop:.1f} points on average, but the uses vary enough "
            "that it could also be chance. More uses will tell."
        )
    if drop == 0:
        return "On average your distress has stayed about the same. That is useful to know too."
    return (
        f"On average distress has been about {-drop:.1f} points higher afterwards. It may not "
        "suit you right now, and that is fine: something else may fit better."
    )


@router.get("/what-helps")
def what_helps_page(request: Request) -> Response:
    account = require_account(request)
    with context.db(request).session(write=False) as session:
        result = practices.what_helps_me(session, account)
        rows = [
            {
                "effect": e,
                "name": practices.practice_label(session, account, e.practice_id),
                "reading": reading(e),
            }
            for e in result.effects
        ]
        too_few = [
            {
                "name": practices.practice_label(session, account, pid),
                "uses": n,
                "to_go": MIN_USES - n,
            }
            for pid, n in result.too_few_uses
        ]
    return render(
        request,
        "what_helps.html",
        {"rows": rows, "too_few": too_few, "min_uses": MIN_USES},
        account=account,
    )
