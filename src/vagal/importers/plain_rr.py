"""Plain RR text: one number per line, or delimited text with a header naming the unit.

Same rules as `vagal hrv analyze`: blank lines and '#' comments are ignored; units are never
guessed (a header such as `rr_ms`, `RR (s)` or the `unit` argument must say); a line that is
not a number, or is NaN, infinite, zero or negative, is an error naming its line.
"""

from __future__ import annotations

import re
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
    split_row,
    unit_scale,
)
from vagal.importers.model import ImportResult, ParsedRecording, RecordingKind

FORMAT = "plain_rr"
LABEL = "RR intervals (text or CSV, one per line)"
RR_NAMES = re.compile(r"\brr\b|rr[_ -]|^rr|ibi|\bnn\b|interval|ppi|pp-")


def parse(
    stream: BinaryIO,
    file_name: str,
    *,
    unit: str | None = None,
    column: str | None = None,
    kind: RecordingKind = "imported",
    source: str = "RR file",
) -> ImportResult:
    """Read RR intervals; `unit` ('ms' or 's') is required when the header does not name it."""
    rr = read_rr(stream, file_name, unit=check_unit(unit), column=column)
    recording = ParsedRecording(source=source, file_name=file_name, rr_ms=rr.to_array(), kind=kind)
    return ImportResult(format=FORMAT, file_name=file_name, recordings=(recording,))


class _Rows:
    """A header (or None) and the remaining numbered lines of a delimited text file."""

    def __init__(self, lines: Iterator[tuple[int, str]], file_name: str) -> None:
        self.file_name = file_name
        self._lines = lines
        first = next(lines, None)
        if first is None:
            raise InvalidInput(f"{file_name} is empty: it has no RR intervals.")
        cells = split_row(first[1])
        self.header: list[str] | None = None if is_number(cells[0]) else cells
        self._pending = None if self.header else first
        if self.header is not None:
            self._pending = next(lines, None)
            if self._pending is not None and _single_header(first[1], self._pending[1]):
                self.header = [first[1].strip().strip('"')]
        self.width = len(self.header or cells)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        if self._pending is not None:
            yield self._pending[0], split_row(self._pending[1])
        for number, line in self._lines:
            yield number, split_row(line)


def _single_header(header: str, data: str) -> bool:
    """A space-separated header over one-number rows is one name ('RR (ms)'), not several."""
    plain = not any(d in header for d in "\t;,")
    return plain and len(split_row(data)) == 1


def read_rr(
    stream: BinaryIO, file_name: str, *, unit: Unit | None, column: str | None = None
) -> RRBuffer:
    """RR intervals in milliseconds from one column of a (possibly headed) text file."""
    rows = _Rows(content_lines(stream, file_name), file_name)
    index, name = choose_column(rows.header, rows.width, column, file_name)
    scale = unit_scale(resolve_unit(unit, name, file_name))
    out = RRBuffer()
    for number, cells in rows:
        if len(cells) != rows.width:
            raise InvalidInput(
                f"{file_name}, line {number}: expected {rows.width} value(s), found {len(cells)}."
                " Every row must have the same columns as the first."
            )
        out.append(parse_interval(cells[index], file_name, number) * scale)
    if not len(out):
        raise InvalidInput(f"{file_name} has a header but no RR intervals under it.")
    return out


def choose_column(
    header: list[str] | None, width: int, column: str | None, file_name: str
) -> tuple[int, str]:
    """Index and name of the RR column (name "" without a header)."""
    if header is None:
        if column is not None:
            raise InvalidInput(f"Column {column!r} was chosen, but {file_name} has no header row.")
        if width != 1:
            raise InvalidInput(
                f"{file_name} has {width} unnamed columns. Add a header row naming them "
                "(e.g. time_s,rr_ms) or keep only the RR column."
            )
        return 0, ""
    lowered = [name.lower() for name in header]
    if column is not None:
        if column.lower() not in lowered:
            raise InvalidInput(
                f"{file_name} has no column {column!r}; its columns are: {', '.join(header)}."
            )
        index = lowered.index(column.lower())
        return index, header[index]
    matches = [i for i, name in enumerate(lowered) if RR_NAMES.search(name)]
    if width == 1:
        return 0, header[0]
    if len(matches) == 1:
        return matches[0], header[matches[0]]
    raise InvalidInput(
        f"{file_name} has the columns {', '.join(header)}, and none (or more than one) is "
        "clearly the RR interval column. Name it rr_ms (or rr_s), or choose the column."
    )


def resolve_unit(unit: Unit | None, name: str, file_name: str) -> Unit:
    """The RR unit from the caller or the header; contradictions and silence are errors."""
    stated = header_unit(name) if name else None
    if unit is not None and stated is not None and unit != stated:
        raise InvalidInput(
            f"The unit {unit!r} contradicts the header of {file_name}, which names {name!r} "
            f"({stated}). Choose the unit the file states."
        )
    chosen = unit or stated
    if chosen is None:
        where = f"column {name!r} does not name its unit" if name else "it has no header"
        raise InvalidInput(
            f"The unit of the RR intervals in {file_name} is unknown ({where}). Choose "
            "milliseconds or seconds (unit 'ms' or 's'), or name the unit in the header "
            "(e.g. rr_ms). Units are never guessed."
        )
    return chosen
