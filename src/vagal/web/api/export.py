"""/api/v1/export: a person's full export (JSON, or CSV files in a zip), and restoring one."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from vagal.services import export as service
from vagal.services import restore as restore_service
from vagal.services.accounts import Account
from vagal.storage.db import Database
from vagal.web import context
from vagal.web.api.common import ERRORS, Caller
from vagal.web.uploads import check_declared_size, too_large

router = APIRouter(tags=["export"])

CHUNK = 64 * 1024


class RestoreOut(BaseModel):
    restored: dict[str, int]


def _json_body(db: Database, account: Account, request: Request) -> Iterator[bytes]:
    now = context.now(request)
    with db.session(write=False, snapshot=True) as session:
        buffer: list[str] = []
        size = 0
        for chunk in service.iter_json(session, account, now=now):
            buffer.append(chunk)
            size += len(chunk)
            if size >= CHUNK:
                yield "".join(buffer).encode()
                buffer, size = [], 0
        yield "".join(buffer).encode()


def _zip_body(db: Database, account: Account, request: Request) -> Iterator[bytes]:
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
        with db.session(write=False, snapshot=True) as session:
            service.write_zip(session, account, spool, now=context.now(request))
        spool.seek(0)
        while block := spool.read(CHUNK):
            yield block


@router.get(
    "/export",
    responses={
        **ERRORS,
        200: {
            "description": "The export: JSON (format vagal-export) or a zip of CSV files.",
            "content": {"application/json": {}, "application/zip": {}},
        },
    },
)
def get_export(
    request: Request,
    account: Caller,
    format: Annotated[Literal["json", "zip"], Query(description="json or zip (CSV)")] = "json",
) -> StreamingResponse:
    """Everything that belongs to you, streamed as a download (see docs/export.md)."""
    db = context.db(request)
    day = context.now(request).date().isoformat()
    if format == "zip":
        return StreamingResponse(
            _zip_body(db, account, request),
            media_type="application/zip",
            headers={"Content-Disposition": f'attachment; filename="vagal-export-{day}.zip"'},
        )
    return StreamingResponse(
        _json_body(db, account, request),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="vagal-export-{day}.json"'},
    )


@router.post(
    "/export/restore",
    response_model=RestoreOut,
    responses={
        **ERRORS,
        409: {"description": "The account already holds data."},
        413: {"description": "The file is larger than VAGAL_MAX_UPLOAD_MB."},
    },
)
async def post_restore(request: Request, account: Caller) -> RestoreOut:
    """Restore a vagal JSON export (the request body) into this account, which must be empty."""
    check_declared_size(request)
    limit = context.settings(request).max_upload_mb * 1024 * 1024
    body = io.BytesIO()
    async for chunk in request.stream():
        body.write(chunk)
        if body.tell() > limit:
            raise too_large(limit)
    body.seek(0)
    data = restore_service.load(body)
    with context.db(request).session(write=True) as session:
        counts = restore_service.restore(session, account, data, now=context.now(request))
    return RestoreOut(restored=counts)
