"""The formats vagal can import: each parser module's name and label, and detection.

Detection looks at the file's name and first bytes and answers only when that is unambiguous;
otherwise the person is asked to choose. Parsers may take options (e.g. `unit` for a plain RR
file); only the options a parser accepts are passed to it.
"""

from __future__ import annotations

import importlib
import inspect
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from vagal.importers.model import ImportResult

PARSER_MODULES = (
    "apple_health",
    "elite_hrv",
    "garmin_fit",
    "plain_rr",
    "polar",
    "kubios",
    "hrv4training",
    "raw_signal",
)
ELITE_NAME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}-\d{2}-\d{2}\.txt$", re.IGNORECASE)
RR_HEADER = re.compile(rb"^\s*\"?(rr|ibi|nn|rr[ _-]?interval)[ _(\[]*(ms|s)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    label: str
    parse: Callable[..., ImportResult]
    options: frozenset[str]

    def call(self, stream: Any, file_name: str, options: dict[str, Any]) -> ImportResult:
        accepted = {k: v for k, v in options.items() if k in self.options and v is not None}
        return self.parse(stream, file_name, **accepted)


def _load(module_name: str) -> Format | None:
    try:
        module: ModuleType = importlib.import_module(f"vagal.importers.{module_name}")
    except ImportError:
        return None  # a parser that is not part of this build
    parse = getattr(module, "parse", None)
    if parse is None:
        return None
    params = inspect.signature(parse).parameters
    options = frozenset(n for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY)
    return Format(module.FORMAT, module.LABEL, parse, options)


FORMATS: dict[str, Format] = {
    fmt.name: fmt for fmt in (_load(name) for name in PARSER_MODULES) if fmt is not None
}


def label(name: str) -> str:
    return FORMATS[name].label if name in FORMATS else name


def detect(path: Path, file_name: str) -> str | None:
    """The format of the file at ``path`` when its name and content make it unambiguous."""
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    found = _by_detector(file_name, head)
    if found is not None:
        return found
    lower = file_name.lower()
    if head[:4] == b"PK\x03\x04":
        return _zip_format(path)
    if lower.endswith(".fit") or head[8:12] == b".FIT":
        return _known("garmin_fit")
    if b"<HealthData" in head:
        return _known("apple_health")
    if ELITE_NAME.search(file_name) and _only_numbers(head):
        return _known("elite_hrv")
    if RR_HEADER.match(head) or _only_numbers(head):
        return _known("plain_rr")
    return None


def _by_detector(file_name: str, head: bytes) -> str | None:
    """Use the importers' own detector when the build has one."""
    try:
        detector = importlib.import_module("vagal.importers.detect")
    except ImportError:
        return None
    found = detector.detect_format(file_name, head)
    return found if isinstance(found, str) and found in FORMATS else None


def _known(name: str) -> str | None:
    return name if name in FORMATS else None


def _zip_format(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    if any(n.rsplit("/", 1)[-1] == "export.xml" for n in names):
        return _known("apple_health")
    if names and all(ELITE_NAME.search(n) for n in names if not n.endswith("/")):
        return _known("elite_hrv")
    return None


def _only_numbers(head: bytes) -> bool:
    lines = [line.strip() for line in head.splitlines()[:50] if line.strip()]
    if not lines:
        return False
    try:
        [float(line) for line in lines[:-1] or lines]
    except ValueError:
        return False
    return True
