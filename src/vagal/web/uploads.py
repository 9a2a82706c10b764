"""Receiving uploaded files: copied to the data directory in chunks, with a size limit."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import Request
from starlette.datastructures import UploadFile

from vagal.errors import InvalidInput, VagalError
from vagal.web import context

CHUNK = 1 << 20


class TooLarge(VagalError):
    status = 413
    code = "too_large"


def check_declared_size(request: Request) -> None:
    """Refuse early when the request says it is larger than the limit."""
    limit = context.settings(request).max_upload_mb * 1024 * 1024
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + CHUNK:
        raise too_large(limit)


def too_large(limit: int) -> TooLarge:
    return TooLarge(
        f"That file is larger than the {limit // (1024 * 1024)} MB vagal accepts. "
        "Export a shorter period, or ask your administrator to raise VAGAL_MAX_UPLOAD_MB.",
    )


@contextmanager
def saved_upload(request: Request, upload: UploadFile | None) -> Iterator[tuple[Path, str]]:
    """The upload as a private temporary file (deleted afterwards) and its original name."""
    if upload is None or not upload.filename:
        raise InvalidInput("Choose a file to import.", details={"field": "file"})
    settings = context.settings(request)
    limit = settings.max_upload_mb * 1024 * 1024
    folder = settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".upload") as target:
        path = Path(target.name)
        try:
            written = 0
            while chunk := upload.file.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise too_large(limit)
                target.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    try:
        yield path, Path(upload.filename).name
    finally:
        path.unlink(missing_ok=True)
