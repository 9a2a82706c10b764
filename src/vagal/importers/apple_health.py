"""Apple Health export (`export.zip` or its `export.xml`), parsed as a stream.

Kept: HeartRateVariabilitySDNN readings as SDNN (never relabelled RMSSD) — a daily mean per
source, and each nested beat list as a coarse recording with a caveat; RestingHeartRate as a
daily value; SleepAnalysis asleep stages as nightly sleep hours per source. The XML is read
with defusedxml: Apple's inline DTD is allowed, entity declarations and external references
are refused. Elements are cleared as soon as they are read, so memory stays flat.
"""

from __future__ import annotations

from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]
from defusedxml.ElementTree import iterparse as safe_iterparse  # type: ignore[import-untyped]

from vagal.errors import InvalidInput
from vagal.importers._apple_records import AppleRecords
from vagal.importers._text import peek
from vagal.importers.archive import DEFAULT_LIMITS, ArchiveLimits, is_zip, open_zip
from vagal.importers.model import ImportResult

FORMAT = "apple_health"
LABEL = "Apple Health export (export.zip or export.xml)"
ROOT = "HealthData"


def parse(
    stream: BinaryIO, file_name: str, *, limits: ArchiveLimits = DEFAULT_LIMITS
) -> ImportResult:
    """Daily SDNN, resting HR and sleep summaries, and the SDNN readings' beat lists."""
    if not is_zip(peek(stream, 4)):
        return _parse_xml(stream, file_name)
    with open_zip(stream, file_name, limits) as archive:
        members = [i for i in archive.files() if i.filename.rsplit("/", 1)[-1] == "export.xml"]
        if not members:
            raise InvalidInput(
                f"{file_name} has no export.xml inside. In the Health app choose your picture → "
                "Export All Health Data, and upload the export.zip it makes."
            )
        with archive.open(members[0]) as member:
            return _parse_xml(member, f"{file_name}/{members[0].filename}")


def _parse_xml(stream: BinaryIO, where: str) -> ImportResult:
    records = AppleRecords(where)
    try:
        _walk(stream, where, records)
    except DefusedXmlException:
        raise InvalidInput(
            f"{where} declares XML entities or external references, which vagal refuses for "
            "safety. A real Apple Health export has none: upload the file the Health app made."
        ) from None
    except ParseError as exc:
        line = exc.position[0] if exc.position else "?"
        raise InvalidInput(
            f"{where}, line {line}: the XML is malformed or cut short ({exc.msg}). Export "
            "again from the Health app and upload the complete file."
        ) from None
    if records.heart_records == 0:
        raise InvalidInput(
            f"{where}: this Apple Health export has no heart data (no heart rate, resting heart "
            "rate or HRV records). Wear your watch or strap, check that Health may store heart "
            "data from it (Health → Browse → Heart), then export again."
        )
    warnings = []
    if records.skipped_total > len(records.skipped):
        warnings.append(f"{records.skipped_total} records were skipped; the first are listed.")
    return ImportResult(
        format=FORMAT,
        file_name=where,
        recordings=tuple(records.recordings),
        summaries=tuple(records.summaries()),
        skipped=tuple(records.skipped),
        warnings=tuple(warnings),
    )


def _walk(stream: BinaryIO, where: str, records: AppleRecords) -> None:
    """Feed every <Record> to `records`, clearing each top-level element once read."""
    events = safe_iterparse(stream, events=("start", "end"), forbid_dtd=False, forbid_entities=True)
    root: Any = None
    depth = 0
    for event, element in events:
        if event == "start":
            depth += 1
            if root is None:
                root = element
                _check_root(element, where)
            continue
        depth -= 1
        if element.tag == "Record":
            records.add(element)
        if depth == 1:
            root.clear()


def _check_root(element: Any, where: str) -> None:
    if element.tag != ROOT:
        raise InvalidInput(
            f"{where} is XML but not an Apple Health export (its root is <{element.tag}>, "
            f"not <{ROOT}>). Choose the right format or upload export.xml / export.zip."
        )
