"""Kubios: the RR text Kubios HRV reads (one column of RR, or two: time and RR; header lines
skipped) and the RR section of a Kubios results export (`RR INTERVAL DATA and SPECTRUM
ESTIMATES`, comma-separated, with a units row).

Kubios itself guesses seconds vs milliseconds; vagal does not: the header, the results' units
row or the `unit` argument must say.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from vagal.errors import InvalidInput
from vagal.importers._text import (
    RRBuffer,
    Unit,
    check_unit,
    content_lines,
    header_unit,
    is_number,
    parse_interval,
    peek,
    split_row,
    unit_scale,
)
from vagal.importers.model import ImportResult, ParsedRecording, RecordingKind
from vagal.importers.plain_rr import resolve_unit

FORMAT = "kubios"
LABEL = "Kubios RR text or Kubios results export"
SOURCE = "Kubios"
RR_SECTION = "rr interval data and spectrum estimates"
RESULTS_NOTE = "RR series as exported by Kubios: it may include Kubios's own beat corrections."


def parse(
    stream: BinaryIO,
    file_name: str,
    *,
    unit: str | None = None,
    kind: RecordingKind = "imported",
) -> ImportResult:
    """RR intervals from a Kubios RR text or results export (detected from the content)."""
    chosen = check_unit(unit)
    head = peek(stream, 64 * 1024).lower()
    notes: tuple[str, ...] = ()
    if b"kubios" in head or RR_SECTION.encode() in head:
        rr, notes = (
            _results_rr(content_lines(stream, file_name), file_name, chosen),
            (RESULTS_NOTE,),
        )
    else:
        rr = _text_rr(content_lines(stream, file_name), file_name, chosen)
    recording = ParsedRecording(SOURCE, file_name, rr.to_array(), kind=kind, notes=notes)
    return ImportResult(FORMAT, file_name, recordings=(recording,))


def _text_rr(lines: Iterator[tuple[int, str]], file_name: str, unit: Unit | None) -> RRBuffer:
    header: list[str] = []
    rr = RRBuffer()
    scale = 0.0
    for number, line in lines:
        cells = split_row(line)
        if not len(rr) and not is_number(cells[0]):
            header = cells  # header lines are skipped; the last one may name the columns
            continue
        if len(cells) not in (1, 2):
            raise InvalidInput(
                f"{file_name}, line {number}: expected one column (RR) or two (time, RR), "
                f"found {len(cells)}."
            )
        if not scale:
            name = header[len(cells) - 1] if len(header) == len(cells) else ""
            scale = unit_scale(resolve_unit(unit, name, file_name))
        rr.append(parse_interval(cells[-1], file_name, number) * scale)
    if not len(rr):
        raise InvalidInput(f"{file_name} has no RR intervals.")
    return rr


def _results_rr(lines: Iterator[tuple[int, str]], file_name: str, unit: Unit | None) -> RRBuffer:
    for _, line in lines:
        if RR_SECTION in line.lower():
            break
    else:
        raise InvalidInput(
            f"{file_name} looks like a Kubios results export but has no '{RR_SECTION.upper()}' "
            "section. Export the results with the RR data included, or upload the RR text."
        )
    index, stated, scale = -1, None, 0.0
    rr = RRBuffer()
    for number, line in lines:
        cells = [cell.strip() for cell in line.split(",")]
        if index < 0:  # the row naming the columns: 'Time', 'RR interval', ...
            index = next(
                (k for k, c in enumerate(cells) if c.lower().startswith("rr interval")), -1
            )
            stated = header_unit(cells[index].lower()) if index >= 0 else None
            continue
        cell = cells[index] if index < len(cells) else ""
        if is_number(cell):
            scale = scale or unit_scale(resolve_unit(unit, _unit_name(stated), file_name))
            rr.append(parse_interval(cell, file_name, number) * scale)
        elif len(rr):
            break  # end of the RR column (spectrum columns may run longer)
        else:
            stated = stated or header_unit(cell.lower())  # the units row, e.g. '(s)'
    if index < 0:
        raise InvalidInput(f"{file_name}: the Kubios RR section has no 'RR interval' column.")
    if not len(rr):
        raise InvalidInput(f"{file_name}: the Kubios RR section holds no RR intervals.")
    return rr


def _unit_name(stated: Unit | None) -> str:
    return f"rr ({stated})" if stated else "RR interval"
