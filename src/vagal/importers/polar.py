"""Polar text exports: Polar Sensor Logger `*_RR.txt` / `*_PPI.txt` (semicolon-separated,
phone arrival time + interval) and the Polar Flow RR export (two columns: elapsed s, RR ms).
The 24/7 PPI JSON of the Polar account export is in `polar_ppi`; `parse` picks the right one.

Sensor Logger phone timestamps are BLE arrival times (batched): only the intervals are used;
the first timestamp gives the start time, to about a second.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import BinaryIO, NoReturn

import numpy as np

from vagal.errors import InvalidInput
from vagal.importers import polar_ppi
from vagal.importers._text import (
    RRBuffer,
    content_lines,
    header_unit,
    is_number,
    parse_interval,
    parse_number,
    peek,
    split_row,
    unit_scale,
)
from vagal.importers.model import FloatArray, ImportResult, ParsedRecording, RecordingKind

FORMAT = "polar"
LABEL = "Polar (Sensor Logger RR/PPI, Flow RR export or PPI JSON)"
SENSOR_LOGGER = "polar_sensor_logger"
FLOW_RR = "polar_flow_rr"
_INTERVAL_COLUMN = re.compile(r"^(rr|pp)[- ]?interval|^(rr|ppi|pp)\b", re.IGNORECASE)
ARRIVAL_NOTE = (
    "Start time is the phone's arrival time of the first beats (Bluetooth batching: about 1 s)."
)


def parse(stream: BinaryIO, file_name: str, *, kind: RecordingKind = "imported") -> ImportResult:
    """Any Polar export: PPI JSON, Sensor Logger text or Flow RR text, told apart by content."""
    head = peek(stream, 4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"[", b"{")):
        return polar_ppi.parse(stream, file_name, kind=kind)
    first_line = head.split(b"\n", 1)[0].lower()
    if b";" in first_line and b"timestamp" in first_line:
        return parse_sensor_logger(stream, file_name, kind=kind)
    return parse_flow_rr(stream, file_name, kind=kind)


def parse_sensor_logger(
    stream: BinaryIO, file_name: str, *, kind: RecordingKind = "imported"
) -> ImportResult:
    """Polar Sensor Logger RR or PPI file (`Phone timestamp;RR-interval [ms]`...)."""
    lines = content_lines(stream, file_name)
    header = next(lines, None)
    if header is None:
        raise InvalidInput(f"{file_name} is empty: it has no RR intervals.")
    names = [name.strip() for name in header[1].split(";")]
    index = _interval_column(names, file_name)
    scale = unit_scale(header_unit(names[index]) or _no_unit(names[index], file_name))
    rr = RRBuffer()
    start: datetime | None = None
    for number, line in lines:
        cells = line.split(";")
        if len(cells) <= index:
            raise InvalidInput(f"{file_name}, line {number}: expected {len(names)} fields.")
        rr.append(parse_interval(cells[index], file_name, number) * scale)
        if start is None:
            start = _arrival_time(cells[0])
    if not len(rr):
        raise InvalidInput(f"{file_name} has a header but no intervals under it.")
    recording = ParsedRecording(
        source="Polar Sensor Logger",
        file_name=file_name,
        rr_ms=rr.to_array(),
        kind=kind,
        start_local=start if start is not None and start.tzinfo is None else None,
        start_utc=start.astimezone(UTC) if start is not None and start.tzinfo else None,
        notes=(ARRIVAL_NOTE,) if start else (),
    )
    return ImportResult(SENSOR_LOGGER, file_name, recordings=(recording,))


def parse_flow_rr(
    stream: BinaryIO, file_name: str, *, kind: RecordingKind = "imported"
) -> ImportResult:
    """Polar Flow RR export: rows of `elapsed_s RR_ms`; leading header lines are skipped."""
    times = RRBuffer()
    rr = RRBuffer()
    for number, line in content_lines(stream, file_name):
        cells = split_row(line)
        if not len(rr) and not is_number(cells[0]):
            continue  # header lines before the data
        if len(cells) != 2:
            raise InvalidInput(
                f"{file_name}, line {number}: expected two columns (elapsed time in s, RR in "
                f"ms), found {len(cells)}. Is this a Polar Flow RR export?"
            )
        times.append(parse_number(cells[0], file_name, number, "elapsed time"))
        rr.append(parse_interval(cells[1], file_name, number))
    if not len(rr):
        raise InvalidInput(f"{file_name} has no RR intervals (two columns: elapsed s, RR ms).")
    beat_times: FloatArray | None = times.to_array()
    warnings: tuple[str, ...] = ()
    if beat_times is not None and beat_times.size > 1 and not bool(np.all(np.diff(beat_times) > 0)):
        beat_times, warnings = None, (f"{file_name}: elapsed times do not increase; ignored.",)
    recording = ParsedRecording(
        source="Polar Flow",
        file_name=file_name,
        rr_ms=rr.to_array(),
        kind=kind,
        beat_times_s=beat_times,
    )
    return ImportResult(FLOW_RR, file_name, recordings=(recording,), warnings=warnings)


def _interval_column(names: list[str], file_name: str) -> int:
    for index, name in enumerate(names):
        if _INTERVAL_COLUMN.search(name.strip()):
            return index
    raise InvalidInput(
        f"{file_name} has the columns {', '.join(names)}, but no RR-interval or PP-interval "
        "column. Export the RR (or PPI) stream from Polar Sensor Logger, not HR or ECG."
    )


def _no_unit(name: str, file_name: str) -> NoReturn:
    raise InvalidInput(
        f"{file_name}: column {name!r} does not name its unit; expected 'RR-interval [ms]'."
    )


def _arrival_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment
