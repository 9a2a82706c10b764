"""The formats vagal can import, as the service sees them.

The importers' registry (`vagal.importers.detect.FORMATS`) names each parser; this module adds
which options each parser takes, so an upload's options (RR unit, what the recordings are, a raw
signal's type and sampling rate) reach only the parsers that understand them.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from vagal.errors import InvalidInput
from vagal.importers import detect
from vagal.importers.model import ImportResult

# Upload option -> the parser parameter it feeds, for parsers whose names differ.
RENAMES = {"raw_signal": {"kind": "recording_kind", "signal": "kind"}}


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    label: str
    spec: detect.FormatSpec

    @property
    def options(self) -> frozenset[str]:
        params = inspect.signature(self.spec.parse).parameters.values()
        return frozenset(p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY)

    def call(self, stream: BinaryIO, file_name: str, options: dict[str, Any]) -> ImportResult:
        renames = RENAMES.get(self.name, {})
        given = {renames.get(k, k): v for k, v in options.items() if v is not None}
        accepted = {k: v for k, v in given.items() if k in self.options}
        missing = [name for name in self.spec.required if name not in accepted]
        if missing:
            raise InvalidInput(
                f"{self.label} needs more to go on: choose "
                + " and ".join(m.replace("_hz", "").replace("_", " ") for m in missing)
                + " and upload it again.",
                details={"field": missing[0]},
            )
        return self.spec.parse(stream, file_name, **accepted)


FORMATS: dict[str, Format] = {
    name: Format(name, spec.label, spec) for name, spec in detect.FORMATS.items()
}


def label(name: str) -> str:
    return FORMATS[name].label if name in FORMATS else name


def detect_file(path: Path, file_name: str) -> str | None:
    """The format when the file's name and content make it unambiguous (zips looked into)."""
    with path.open("rb") as handle:
        found = detect.detect_stream_format(handle, file_name)
    return found if found in FORMATS else None
