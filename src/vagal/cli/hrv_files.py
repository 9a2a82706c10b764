"""Reading RR / ECG / PPG files for `vagal hrv analyze` (the I/O side of the HRV engine).

Accepted: one number per line, or delimited text (comma, semicolon, tab or spaces) with an
optional header row. Blank lines and lines starting with '#' are ignored. Units are never
guessed: an RR column's unit comes from `--unit` or from its header (`rr_ms`, `RR [s]`...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from vagal.errors import InvalidInput

FloatArray = npt.NDArray[np.float64]

_MS = re.compile(r"(^|[^a-z])(ms|msec|millisecond|milliseconds)([^a-z]|$)")
_S = re.compile(r"(^|[^a-z])(s|sec|secs|second|seconds)([^a-z]|$)")
_RR_NAMES = re.compile(r"rr|ibi|nn|interval|ppi|pp-|beat")
_SIGNAL_NAMES = {"ecg": re.compile(r"ecg|mlii|lead|ii"), "ppg": re.compile(r"ppg|pleth|pulse")}


@dataclass(frozen=True, slots=True)
class Table:
    """Columns of numbers read from a file, with the header names if there was one."""

    names: list[str] | None
    columns: list[FloatArray]
    first_line: list[int]
    """1-based file line number of each data row (for messages)."""


def read_table(path: Path) -> Table:
    """Parse a numeric text file; InvalidInput names the file and line of any problem."""
    text = _read_text(path)
    plain = _plain_column(text)
    if plain is not None:
        return plain
    rows = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not rows:
        raise InvalidInput(f"{path} is empty: it has no numbers to analyse.")
    delimiter = _delimiter(rows[0][1])
    names = None
    if not _is_number(_split(rows[0][1], delimiter)[0]):
        names = [n.strip().strip('"') for n in _split(rows[0][1], delimiter)]
        rows = rows[1:]
        if not rows:
            raise InvalidInput(f"{path} has a header but no data rows.")
    columns = _parse_rows(path, rows, delimiter, len(names) if names else None)
    return Table(names, columns, [n for n, _ in rows])


def _plain_column(text: str) -> Table | None:
    """Fast path for the commonest file, one plain number per line (no header, comment, blank
    line or delimiter); None when the careful path is needed. Same values as that path."""
    if not text or text[0] == "\n" or "\n\n" in text or not text.isascii():
        return None
    if text.encode("ascii").translate(None, b"0123456789.eE+-\n"):
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    try:
        values = np.array(lines, dtype=np.float64)
    except ValueError:
        return None
    if not bool(np.all(np.isfinite(values))):
        return None
    return Table(None, [values], list(range(1, values.size + 1)))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a directory; give a file.") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a UTF-8 text file.") from None
    except OSError as exc:
        raise InvalidInput(f"{path} cannot be read: {exc.strerror}.") from None


def _delimiter(line: str) -> str | None:
    for candidate in ("\t", ";", ","):
        if candidate in line:
            return candidate
    return None


def _split(line: str, delimiter: str | None) -> list[str]:
    return line.split(delimiter) if delimiter else line.split()


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def _parse_rows(
    path: Path, rows: list[tuple[int, str]], delimiter: str | None, width: int | None
) -> list[FloatArray]:
    if delimiter is None and width in (None, 1) and " " not in rows[0][1]:
        fast = _single_column(rows)
        if fast is not None:
            return [fast]
    cells = [_split(line, delimiter) for _, line in rows]
    width = width or len(cells[0])
    for (number, _), row in zip(rows, cells, strict=True):
        if len(row) != width:
            raise InvalidInput(
                f"{path}, line {number}: expected {width} value(s), found {len(row)}."
            )
    try:
        matrix = np.array(cells, dtype=np.float64)
    except ValueError:
        number, token = _first_bad(rows, cells)
        raise InvalidInput(
            f"{path}, line {number}: {token!r} is not a number. Each line must hold numbers "
            "only (a header row is allowed as the first line)."
        ) from None
    bad = np.argwhere(~np.isfinite(matrix))
    if bad.size:
        number = rows[int(bad[0][0])][0]
        raise InvalidInput(
            f"{path}, line {number}: {cells[int(bad[0][0])][int(bad[0][1])]!r} is not a finite "
            "number (NaN or infinity). Remove or fix that line."
        )
    return [matrix[:, k].copy() for k in range(width)]


def _single_column(rows: list[tuple[int, str]]) -> FloatArray | None:
    """Fast path for one number per line; None when some line needs the careful path."""
    try:
        values = np.array([line for _, line in rows], dtype=np.float64)
    except ValueError:
        return None
    return values if bool(np.all(np.isfinite(values))) else None


def _first_bad(rows: list[tuple[int, str]], cells: list[list[str]]) -> tuple[int, str]:
    for (number, _), row in zip(rows, cells, strict=True):
        for token in row:
            if not _is_number(token):
                return number, token.strip()
    return rows[0][0], ""  # pragma: no cover - np.array failed, so some token is bad


def pick_column(table: Table, column: str | None, kind: str, path: Path) -> tuple[FloatArray, str]:
    """The column to analyse and its name ("" when the file has no header)."""
    names = table.names
    if column is not None:
        if names is None:
            raise InvalidInput(f"--column {column!r} given, but {path} has no header row.")
        lowered = [n.lower() for n in names]
        if column.lower() not in lowered:
            raise InvalidInput(
                f"{path} has no column {column!r}; its columns are: {', '.join(names)}."
            )
        index = lowered.index(column.lower())
        return table.columns[index], names[index]
    if len(table.columns) == 1:
        return table.columns[0], names[0] if names else ""
    pattern = _RR_NAMES if kind == "rr" else _SIGNAL_NAMES[kind]
    matches = [i for i, n in enumerate(names or []) if pattern.search(n.lower())]
    if names is not None and len(matches) == 1:
        return table.columns[matches[0]], names[matches[0]]
    listed = ", ".join(names) if names else f"{len(table.columns)} unnamed columns"
    raise InvalidInput(f"{path} has several columns ({listed}); choose one with --column NAME.")


def header_unit(name: str) -> str | None:
    """'ms' or 's' when a column name states its unit, else None."""
    lowered = name.lower()
    if _MS.search(lowered):
        return "ms"
    if _S.search(lowered):
        return "s"
    return None


def rr_in_ms(values: FloatArray, name: str, unit: str | None, path: Path) -> FloatArray:
    """Convert an RR column to milliseconds from `--unit` or the header; never guess."""
    stated = header_unit(name) if name else None
    if unit is not None and stated is not None and unit != stated:
        raise InvalidInput(
            f"--unit {unit} contradicts the header of {path}, which names {name!r} ({stated})."
        )
    chosen = unit or stated
    if chosen is None:
        where = f"column {name!r} does not name its unit" if name else "it has no header"
        raise InvalidInput(
            f"The unit of the RR intervals in {path} is unknown ({where}). Pass --unit ms or "
            "--unit s, or name the unit in the header (e.g. rr_ms). Units are never guessed."
        )
    return values * 1000.0 if chosen == "s" else values
