"""Streaming helpers shared by the text parsers: bounded lines, numbers, units, RR buffers."""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterator
from typing import BinaryIO, Literal

import numpy as np

from vagal.errors import InvalidInput
from vagal.importers.model import FloatArray

MAX_LINE_BYTES = 64 * 1024
"""A longer line is not a line of an RR file: refuse it instead of buffering it."""

Unit = Literal["ms", "s"]
_MS = re.compile(r"(^|[^a-z])(ms|msec|millisecond|milliseconds)([^a-z]|$)")
_S = re.compile(r"(^|[^a-z])(s|sec|secs|second|seconds)([^a-z]|$)")


def iter_lines(stream: BinaryIO, file_name: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its end) for every line, decoding UTF-8 as it goes."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise InvalidInput(
                f"{file_name}, line {number}: the line is longer than {MAX_LINE_BYTES} bytes. "
                "This is not a text export of RR intervals; check that you chose the right file."
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(
                f"{file_name}, line {number}: not UTF-8 text. Is this the right file, or is it "
                "a binary file (FIT, zip)? Choose the matching format."
            ) from None
        if number == 1:
            text = text.removeprefix("\ufeff")
        yield number, text.rstrip("\r\n")


def content_lines(stream: BinaryIO, file_name: str) -> Iterator[tuple[int, str]]:
    """Like `iter_lines`, stripped, skipping blank lines and '#' comments."""
    for number, line in iter_lines(stream, file_name):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield number, stripped


def is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def parse_number(token: str, file_name: str, number: int, what: str = "value") -> float:
    """A finite float, or InvalidInput naming the file and line."""
    try:
        value = float(token)
    except ValueError:
        raise InvalidInput(
            f"{file_name}, line {number}: {token.strip()!r} is not a number. Each {what} must be "
            "a number; fix or remove that line."
        ) from None
    if not math.isfinite(value):
        raise InvalidInput(
            f"{file_name}, line {number}: {token.strip()!r} is not a finite number (NaN or "
            "infinity). Fix or remove that line."
        )
    return value


def parse_interval(token: str, file_name: str, number: int) -> float:
    """A positive, finite RR interval as written in the file (unit applied by the caller)."""
    value = parse_number(token, file_name, number, "RR interval")
    if value <= 0:
        raise InvalidInput(
            f"{file_name}, line {number}: RR interval {token.strip()!r} is not positive. "
            "RR intervals are durations; fix or remove that line."
        )
    return value


def header_unit(name: str) -> Unit | None:
    """'ms' or 's' when a column name states its unit (`rr_ms`, `RR (s)`), else None."""
    lowered = name.lower()
    if _MS.search(lowered):
        return "ms"
    if _S.search(lowered):
        return "s"
    return None


def split_row(line: str) -> list[str]:
    """Cells of a delimited row (tab, semicolon, comma or spaces), stripped of quotes."""
    for delimiter in ("\t", ";", ","):
        if delimiter in line:
            return [cell.strip().strip('"') for cell in line.split(delimiter)]
    return line.split()


class RRBuffer:
    """Compact growable float64 buffer (8 bytes per value, no Python float objects kept)."""

    def __init__(self) -> None:
        self._values = array("d")

    def append(self, value: float) -> None:
        self._values.append(value)

    def extend(self, values: list[float]) -> None:
        self._values.extend(values)

    def __len__(self) -> int:
        return len(self._values)

    def to_array(self, scale: float = 1.0) -> FloatArray:
        out = np.frombuffer(self._values, dtype=np.float64).copy()
        return out * scale if scale != 1.0 else out


def unit_scale(unit: Unit) -> float:
    """Factor that turns values in `unit` into milliseconds."""
    return 1000.0 if unit == "s" else 1.0


def check_unit(unit: str | None) -> Unit | None:
    if unit is None:
        return None
    if unit == "ms":
        return "ms"
    if unit == "s":
        return "s"
    raise InvalidInput(f"Unknown unit {unit!r}: choose 'ms' (milliseconds) or 's' (seconds).")


def peek(stream: BinaryIO, size: int) -> bytes:
    """The first `size` bytes, leaving the stream where it was (seekable or buffered)."""
    if not stream.seekable():
        buffered = getattr(stream, "peek", None)
        if buffered is not None:
            return bytes(buffered(size)[:size])
        raise InvalidInput("The upload cannot be re-read; save it to a file and try again.")
    position = stream.tell()
    head = stream.read(size)
    stream.seek(position)
    return head


def align_beat_times(rr_ms: FloatArray, times_s: FloatArray) -> FloatArray:
    """Beat times never closer together than their intervals (coarse clocks made consistent).

    Devices round or truncate sample times (Polar PPI sometimes drops the milliseconds, Apple
    keeps centiseconds), so a time may sit earlier than its interval allows. Writing each time
    as cumulative intervals plus an offset and keeping that offset non-decreasing fixes this,
    while real pauses (offset jumps) are kept.
    """
    cumulative = np.cumsum(rr_ms) / 1000.0
    offset = np.maximum.accumulate(times_s - cumulative)
    return offset + cumulative
