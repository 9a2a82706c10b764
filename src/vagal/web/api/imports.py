"""/api/v1/imports: upload a device or app export (multipart form, field `file`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from pydantic import BaseModel

from vagal.services import import_formats
from vagal.services import imports as service
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller
from vagal.web.uploads import check_declared_size, saved_upload

router = APIRouter(tags=["imports"])


class ImportOut(BaseModel):
    file_name: str
    format: str
    format_label: str
    already_imported: bool
    dry_run: bool
    recordings_added: int
    recordings_existing: int
    summaries_added: int
    summaries_existing: int
    skipped: list[str]
    warnings: list[str]
    recording_ids: list[int]


class FormatOut(BaseModel):
    name: str
    label: str


@router.get("/imports/formats", response_model=list[FormatOut], responses=ERRORS)
def formats(account: Caller) -> list[FormatOut]:
    """The formats vagal can import (name for the `format` field, and a label)."""
    return [
        FormatOut(name=n, label=import_formats.label(n)) for n in sorted(import_formats.FORMATS)
    ]


@router.post(
    "/imports",
    response_model=ImportOut,
    status_code=201,
    responses={**ERRORS, 413: {"description": "The file is larger than the upload limit."}},
)
def import_file(
    request: Request,
    response: Response,
    account: Caller,
    file: Annotated[UploadFile, File(description="The export file.")],
    format: Annotated[str | None, Form(description="Format name; detected if absent.")] = None,
    dry_run: Annotated[bool, Form(description="Check the file without storing anything.")] = False,
    unit: Annotated[
        Literal["ms", "s"] | None, Form(description="RR unit, for plain RR files without one.")
    ] = None,
    kind: Annotated[
        Literal["morning", "session", "overnight", "imported"] | None,
        Form(description="What the recordings are, e.g. morning readings."),
    ] = None,
    signal: Annotated[
        Literal["ecg", "ppg"] | None, Form(description="For a raw signal CSV: ECG or PPG.")
    ] = None,
    sampling_rate_hz: Annotated[
        float | None, Form(gt=0, description="For a raw signal CSV: samples per second.")
    ] = None,
    column: Annotated[str | None, Form(description="The column holding the data.")] = None,
) -> ImportOut:
    """Import a file: all-or-nothing and idempotent (the same file again changes nothing: 200)."""
    check_declared_size(request)
    with saved_upload(request, file) as (path, name):
        summary = service.import_file(
            context.db(request),
            account,
            path,
            name,
            now=context.now(request),
            format_name=format or None,
            dry_run=dry_run,
            options={
                "unit": unit,
                "kind": kind,
                "signal": signal,
                "sampling_rate_hz": sampling_rate_hz,
                "column": column or None,
            },
        )
    if summary.already_imported or dry_run:
        response.status_code = 200
    return ImportOut(**summary.as_dict())
