"""The live strap page and the resonance-breathing assessment (both talk to a strap in the browser)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vagal.core.resonance import PROTOCOL_RATES_BPM, STEP_DURATION_S
from vagal.services import resonance as resonance_service
from vagal.web import context
from vagal.web.pages.render import page, require_account

router = APIRouter()

#: Seconds of free breathing between two paces of the assessment.
REST_S = 30


@router.get("/live")
def live(request: Request) -> Response:
    account = require_account(request)
    return page(request, "live.html", account=account)


@router.get("/resonance")
def resonance(request: Request) -> Response:
    account = require_account(request)
    with context.db(request).session(write=False) as session:
        latest = resonance_service.latest(session, account)
    ctx = {
        "rates": PROTOCOL_RATES_BPM,
        "step_s": STEP_DURATION_S,
        "rest_s": REST_S,
        "latest": latest,
    }
    return page(request, "resonance.html", ctx, account=account)
