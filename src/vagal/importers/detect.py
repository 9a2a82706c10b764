"""Which importer reads a file: `detect_format` from the name and first bytes (None when that
is ambiguous, so the person is asked to choose), and the registry `FORMATS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, BinaryIO

from vagal.errors import InvalidInput
from vagal.importers import (
    apple_health,
    elite_hrv,
    garmin_fit,
    hrv4training,
    kubios,
    plain_rr,
    polar,
    polar_ppi,
    raw_signal,
)
from vagal.importers._text import header_unit, is_number, peek, split_row
from vagal.importers.archive import DEFAULT_LIMITS, ArchiveLimits, is_zip, open_zip
from vagal.importers.model import ImportResult

HEAD_BYTES = 8192
"""How much of a file `detect_format` wants to see."""


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """A registered importer: its human label, parse function and required options."""

    name: str
    label: str
    parse: Callable[..., ImportResult]
    required: tuple[str, ...] = ()
    """Options the person must give, e.g. ('sampling_rate_hz', 'kind') for raw signals."""


FORMATS: dict[str, FormatSpec] = {
    spec.name: spec
    for spec in (
        FormatSpec(apple_health.FORMAT, apple_health.LABEL, apple_health.parse),
        FormatSpec(garmin_fit.FORMAT, garmin_fit.LABEL, garmin_fit.parse),
        FormatSpec(elite_hrv.FORMAT, elite_hrv.LABEL, elite_hrv.parse),
        FormatSpec(polar.FORMAT, polar.LABEL, polar.parse),
        FormatSpec(
            polar.SENSOR_LOGGER, "Polar Sensor Logger RR or PPI file", polar.parse_sensor_logger
        ),
        FormatSpec(polar.FLOW_RR, "Polar Flow RR export (elapsed s, RR ms)", polar.parse_flow_rr),
        FormatSpec(polar_ppi.FORMAT, polar_ppi.LABEL, polar_ppi.parse),
        FormatSpec(hrv4training.FORMAT, hrv4training.LABEL, hrv4training.parse),
        FormatSpec(kubios.FORMAT, kubios.LABEL, kubios.parse),
        FormatSpec(plain_rr.FORMAT, plain_rr.LABEL, plain_rr.parse),
        FormatSpec(
            raw_signal.FORMAT, raw_signal.LABEL, raw_signal.parse, ("kind", "sampling_rate_hz")
        ),
    )
}

_ELITE_NAME = elite_hrv.NAME_PATTERN
_PPI_NAME = re.compile(r"ppi_samples.*\.json$", re.IGNORECASE)
_SIGNAL_NAMES = re.compile(r"ecg|pleth|ppg", re.IGNORECASE)


def detect_format(file_name: str, head: bytes) -> str | None:
    """The format name when the name and first bytes leave no doubt, else None."""
    base = PurePosixPath(file_name.replace("\\", "/")).name
    if len(head) >= 12 and head[8:12] == b".FIT":
        return garmin_fit.FORMAT
    if is_zip(head):
        return apple_health.FORMAT if base.lower() == "export.zip" else None
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    for rule in (_markup, _polar_text, _tables):
        found = rule(base, text)
        if found is not None:
            return found or None
    return None


def detect_zip_format(member_names: Iterable[str]) -> str | None:
    """The format of a zip from its member names (Apple Health or Elite HRV), else None."""
    names = [PurePosixPath(n).name for n in member_names]
    if "export.xml" in names:
        return apple_health.FORMAT
    if names and any(_ELITE_NAME.search(n) for n in names):
        return elite_hrv.FORMAT
    return None


def detect_stream_format(
    stream: BinaryIO, file_name: str, limits: ArchiveLimits = DEFAULT_LIMITS
) -> str | None:
    """`detect_format`, looking inside zips (safely) too; the stream is left at its start."""
    head = peek(stream, HEAD_BYTES)
    found = detect_format(file_name, head)
    if found is None and is_zip(head):
        position = stream.tell()
        with open_zip(stream, file_name, limits) as archive:
            found = detect_zip_format(archive.names())
        stream.seek(position)
    return found


def _markup(base: str, text: str) -> str | None:
    """XML and JSON: '' means 'decided: ambiguous'."""
    if text.startswith("<"):
        return apple_health.FORMAT if "HealthData" in text[:HEAD_BYTES] else ""
    if text.startswith(("[", "{")):
        is_ppi = "ppiSamples" in text or "devicePpiSamplesList" in text or _PPI_NAME.search(base)
        return polar_ppi.FORMAT if is_ppi else ""
    return None


def _polar_text(base: str, text: str) -> str | None:
    first = text.split("\n", 1)[0].lower()
    if ";" in first and "timestamp" in first:
        if "rr-interval" in first or "pp-interval" in first:
            return polar.SENSOR_LOGGER
        return raw_signal.FORMAT if "ecg" in first or "channel 0" in first else ""
    if "kubios" in text[:2000].lower():
        return kubios.FORMAT
    return None


def _tables(base: str, text: str) -> str | None:
    lines = [line.strip() for line in text.splitlines()[:-1] if line.strip()]
    if not lines:
        return ""
    first = split_row(lines[0])
    lowered = [cell.lower() for cell in first]
    if "date" in lowered and any(c in lowered for c in ("rmssd", "rmssd_lying", "hr")):
        return hrv4training.FORMAT
    if all(line.isdigit() for line in lines):
        return elite_hrv.FORMAT if _ELITE_NAME.search(base) else ""
    if is_number(first[0]):
        return ""  # numbers only: the unit (or the app) must come from the person
    return _header_format(first)


def _header_format(header: list[str]) -> str:
    rr = [name for name in header if plain_rr.RR_NAMES.search(name.lower())]
    if len(rr) == 1 and header_unit(rr[0]) is not None:
        return plain_rr.FORMAT
    if not rr and any(_SIGNAL_NAMES.search(name) for name in header):
        return raw_signal.FORMAT
    return ""


def get_format(name: str) -> FormatSpec:
    """The registered format, or InvalidInput listing the choices."""
    spec = FORMATS.get(name)
    if spec is None:
        raise InvalidInput(f"Unknown format {name!r}. Choose one of: {_choices()}.")
    return spec


def parse_file(
    stream: BinaryIO, file_name: str, format_name: str | None = None, **options: Any
) -> ImportResult:
    """Parse with the given format, or the detected one; ambiguity asks the person to choose."""
    name = format_name or detect_stream_format(stream, file_name)
    if name is None:
        raise InvalidInput(
            f"vagal cannot tell the format of {file_name} from its content and name. Choose "
            f"the format: {_choices()}."
        )
    spec = get_format(name)
    missing = [option for option in spec.required if option not in options]
    if missing:
        raise InvalidInput(f"{spec.label}: also give {', '.join(missing)}.")
    return spec.parse(stream, file_name, **options)


def _choices() -> str:
    return "; ".join(f"{spec.name} ({spec.label})" for spec in FORMATS.values())
