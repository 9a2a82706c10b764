"""The upload page: choose a file, see what was imported, skipped and why."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from vagal.errors import VagalError
from vagal.importers.model import KINDS
from vagal.services import import_formats
from vagal.services import imports as service
from vagal.services.accounts import Account
from vagal.services.imports import ImportSummary
from vagal.web import context
from vagal.web.pages.render import checked_form, field_error, page, require_account, text
from vagal.web.uploads import saved_upload

router = APIRouter()


def _formats() -> list[tuple[str, str]]:
    return [(name, import_formats.label(name)) for name in sorted(import_formats.FORMATS)]


@router.get("/import")
def import_form(request: Request) -> Response:
    account = require_account(request)
    return page(request, "import.html", {"formats": _formats()}, account=account)


def _run_import(
    request: Request,
    upload: UploadFile | None,
    chosen: str | None,
    account: Account,
    options: dict[str, Any],
) -> ImportSummary:
    """Save the upload and import it (runs in a worker thread: it reads and computes)."""
    with saved_upload(request, upload) as (path, name):
        return service.import_file(
            context.db(request),
            account,
            path,
            name,
            now=context.now(request),
            format_name=chosen,
            options=options,
        )


def _rate(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if value > 0 else None


@router.post("/import")
async def import_upload(request: Request) -> Response:
    account = require_account(request)
    form = await checked_form(request)
    upload = form.get("file")
    chosen = text(form, "format") or None
    options: dict[str, Any] = {
        "unit": text(form, "unit") or None,
        "kind": text(form, "kind") or None,
        "signal": text(form, "signal") or None,
        "column": text(form, "column") or None,
        "sampling_rate_hz": _rate(text(form, "sampling_rate_hz")),
    }
    if options["unit"] not in (None, "ms", "s") or options["kind"] not in (None, *KINDS):
        options.update(unit=None, kind=None)
    if options["signal"] not in (None, "ecg", "ppg"):
        options["signal"] = None
    ctx: dict[str, Any] = {"formats": _formats(), "values": {"format": chosen or "", **options}}
    try:
        ctx["summary"] = await run_in_threadpool(
            _run_import,
            request,
            upload if isinstance(upload, UploadFile) else None,
            chosen,
            account,
            options,
        )
    except VagalError as exc:
        ctx["errors"] = field_error(exc)
        ctx["ask_format"] = exc.code == "format_unknown"
        return page(request, "import.html", ctx, account=account, status=exc.status)
    finally:
        await form.close()  # removes the spooled upload
    return page(request, "import.html", ctx, account=account)
