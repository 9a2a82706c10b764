"""One JSON error shape for the API, calm error pages for people; never a traceback.

API errors look like ``{"error": {"code": "...", "message": "...", "details": {...}}}``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from vagal.errors import VagalError

log = logging.getLogger("vagal.web")

HTTP_CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("unauthenticated", "Sign in, or send an API token."),
    403: ("forbidden", "That is not allowed."),
    404: ("not_found", "There is nothing here. Check the address."),
    405: ("method_not_allowed", "That method is not allowed here."),
    413: ("too_large", "That upload is too large."),
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def install(app: FastAPI) -> None:
    app.add_exception_handler(VagalError, _vagal_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def respond(
    request: Request, status: int, code: str, message: str, details: dict[str, Any]
) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 and wants_json(request) else None
    if wants_json(request):
        return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        "error.html",
        {"status": status, "message": message, "current_user": None},
        status_code=status,
    )


async def _vagal_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, VagalError)
    if exc.status == 401 and not wants_json(request):
        return RedirectResponse("/login", status_code=303)
    return respond(request, exc.status, exc.code, exc.message, exc.details)


def describe_validation(errors: list[Any]) -> tuple[str, dict[str, Any]]:
    """A sentence naming the first bad field, and every problem in details."""
    if errors and errors[0].get("type") == "json_invalid":
        where = errors[0].get("ctx", {}).get("error", "")
        return (
            f"The request body is not valid JSON ({where or 'it could not be parsed'}). "
            'Send a JSON object such as {"distress": 3}.',
            {"field": "body"},
        )
    problems = []
    for err in errors:
        loc = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "path")]
        problems.append({"field": ".".join(loc) or "body", "problem": err.get("msg", "invalid")})
    if not problems:
        return "The request could not be read.", {}
    first = problems[0]
    if first["field"] == "body":
        message = f"The request body could not be read: {first['problem']}. Send a JSON object."
    else:
        message = f"'{first['field']}': {first['problem']}."
    return message, {"field": first["field"], "problems": problems}


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    message, details = describe_validation(list(exc.errors()))
    return respond(request, 422, "invalid_input", message, details)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, message = HTTP_CODES.get(exc.status_code, ("error", "Something went wrong."))
    return respond(request, exc.status_code, code, message, {})


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("unhandled error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    return respond(
        request,
        500,
        "internal_error",
        "Something went wrong on our side and nothing was changed. Please try again in a moment.",
        {},
    )


__all__ = ["HTMLResponse", "error_body", "install", "respond"]
