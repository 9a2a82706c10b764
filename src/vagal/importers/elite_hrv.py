"""Elite HRV export: one integer RR interval (ms) per line, no header; the start time is the
file name `YYYY-MM-DD HH-MM-SS.txt` (local clock time). The export is a zip of such files;
a single file is accepted too.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import PurePosixPath
from typing import BinaryIO

from vagal.errors import InvalidInput
from vagal.importers._text import RRBuffer, content_lines, parse_interval, peek
from vagal.importers.archive import DEFAULT_LIMITS, ArchiveLimits, is_zip, open_zip
from vagal.importers.model import ImportResult, ParsedRecording, RecordingKind, SkippedItem

FORMAT = "elite_hrv"
LABEL = "Elite HRV export (zip or .txt)"
SOURCE = "Elite HRV"
NAME_PATTERN = re.compile(r"(\d{4})-(\d{2})-(\d{2}) (\d{2})-(\d{2})-(\d{2})\.txt$", re.IGNORECASE)


def parse(
    stream: BinaryIO,
    file_name: str,
    *,
    kind: RecordingKind = "imported",
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> ImportResult:
    """One recording per file; a zip gives one per `YYYY-MM-DD HH-MM-SS.txt` member."""
    if is_zip(peek(stream, 4)):
        return _parse_zip(stream, file_name, kind, limits)
    start = start_from_name(file_name)
    recording = read_reading(stream, file_name, start, kind)
    warnings = () if start else (_no_time_warning(file_name),)
    return ImportResult(FORMAT, file_name, recordings=(recording,), warnings=warnings)


def start_from_name(name: str) -> datetime | None:
    """Local start time from an Elite HRV file name, or None if the name does not carry it."""
    match = NAME_PATTERN.search(PurePosixPath(name.replace("\\", "/")).name)
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return datetime(year, month, day, hour, minute, second)  # local clock time
    except ValueError:
        return None


def read_reading(
    stream: BinaryIO, file_name: str, start: datetime | None, kind: RecordingKind
) -> ParsedRecording:
    rr = RRBuffer()
    for number, line in content_lines(stream, file_name):
        rr.append(parse_interval(line, file_name, number))
    if not len(rr):
        raise InvalidInput(f"{file_name} is empty: it has no RR intervals.")
    return ParsedRecording(
        source=SOURCE, file_name=file_name, rr_ms=rr.to_array(), kind=kind, start_local=start
    )


def _parse_zip(
    stream: BinaryIO, file_name: str, kind: RecordingKind, limits: ArchiveLimits
) -> ImportResult:
    recordings: list[ParsedRecording] = []
    skipped: list[SkippedItem] = []
    with open_zip(stream, file_name, limits) as archive:
        for info in archive.files():
            where = f"{file_name}/{info.filename}"
            start = start_from_name(info.filename)
            if start is None:
                skipped.append(SkippedItem(where, "not an Elite HRV reading (name is not a date)"))
                continue
            with archive.open(info) as member:
                recordings.append(read_reading(member, where, start, kind))
    if not recordings:
        raise InvalidInput(
            f"{file_name} holds no Elite HRV readings (files named like "
            "'2026-02-03 07-15-00.txt'). Check that this is an Elite HRV export."
        )
    return ImportResult(FORMAT, file_name, recordings=tuple(recordings), skipped=tuple(skipped))


def _no_time_warning(file_name: str) -> str:
    return (
        f"{file_name}: the name does not give the start time (Elite HRV names files "
        "'YYYY-MM-DD HH-MM-SS.txt'), so the reading has no time; keep the original name."
    )
