"""Helpers for the importer tests: the fixture folder and in-memory streams."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data" / "imports"


def stream(text: str | bytes) -> io.BytesIO:
    return io.BytesIO(text.encode() if isinstance(text, str) else text)


def zip_of(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


@pytest.fixture
def data_dir() -> Path:
    return DATA
