"""HRV4Training CSV export: one row per measurement with the app's own summaries (no RR).

Mapped to daily summaries: rMSSD → rmssd_ms, HR → resting_hr_bpm, SDNN → sdnn_ms,
AVNN → mean_nn_ms, pNN50 → pnn50_pct (orthostatic tests' `*_lying` columns fill in when the
plain column is missing). `-` or an empty cell means missing. One value per metric and day:
the first measurement of a day is kept (the morning reading), later ones are listed as skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from typing import BinaryIO

from vagal.errors import InvalidInput
from vagal.importers._text import iter_lines
from vagal.importers.model import (
    MEAN_NN_MS,
    PNN50_PCT,
    RESTING_HR_BPM,
    RMSSD_MS,
    SDNN_MS,
    DailySummary,
    ImportResult,
    SkippedItem,
)

FORMAT = "hrv4training"
LABEL = "HRV4Training CSV export (daily summaries)"
SOURCE = "HRV4Training"
COLUMNS: dict[str, tuple[str, ...]] = {
    RMSSD_MS: ("rmssd", "rmssd_lying"),
    RESTING_HR_BPM: ("hr", "hr_lying"),
    SDNN_MS: ("sdnn", "sdnn_lying"),
    MEAN_NN_MS: ("avnn", "avnn_lying"),
    PNN50_PCT: ("pnn50", "pnn50_lying"),
}
NOTE = "Computed by HRV4Training from its own measurement (not recomputed by vagal)."
MISSING = frozenset({"", "-", "na", "nan"})
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


def parse(stream: BinaryIO, file_name: str) -> ImportResult:
    """Daily summaries from the export; rows without a usable date are skipped."""
    rows = _rows(stream, file_name)
    header = next(rows, None)
    if header is None:
        raise InvalidInput(f"{file_name} is empty.")
    date_index, columns = _columns(header[1], file_name)
    seen: dict[tuple[str, date], int] = {}
    summaries: list[DailySummary] = []
    skipped: list[SkippedItem] = []
    for number, cells in rows:
        where = f"{file_name}, line {number}"
        day = _date(cells[date_index] if date_index < len(cells) else "")
        if day is None:
            skipped.append(SkippedItem(where, "no readable date"))
            continue
        for metric, indices in columns.items():
            text = _first_present(cells, indices)
            if text is None:
                continue
            try:
                value = float(text)
            except ValueError:
                skipped.append(SkippedItem(where, f"{metric} {text!r} is not a number"))
                continue
            if (metric, day) in seen:
                reason = f"{metric}: a later measurement on {day} (line {seen[(metric, day)]} kept)"
                skipped.append(SkippedItem(where, reason))
                continue
            seen[(metric, day)] = number
            summaries.append(DailySummary(day, SOURCE, metric, value, NOTE))
    if not summaries:
        raise InvalidInput(f"{file_name} has no measurements with values.")
    return ImportResult(FORMAT, file_name, summaries=tuple(summaries), skipped=tuple(skipped))


def _rows(stream: BinaryIO, file_name: str) -> Iterator[tuple[int, list[str]]]:
    lines = ((n, line) for n, line in iter_lines(stream, file_name) if line.strip())
    first = next(lines, None)
    if first is None:
        return
    delimiter = ";" if first[1].count(";") > first[1].count(",") else ","
    yield first[0], next(csv.reader([first[1]], delimiter=delimiter))
    for number, line in lines:
        yield number, next(csv.reader([line], delimiter=delimiter))


def _columns(header: list[str], file_name: str) -> tuple[int, dict[str, list[int]]]:
    """Index of `date`, and each metric's columns in order of preference (plain, lying)."""
    lowered = [name.strip().lower() for name in header]
    columns = {
        metric: [lowered.index(n) for n in names if n in lowered]
        for metric, names in COLUMNS.items()
    }
    columns = {metric: indices for metric, indices in columns.items() if indices}
    if "date" not in lowered or not columns:
        raise InvalidInput(
            f"{file_name} does not have HRV4Training's columns: it needs 'date' and at least "
            f"one of rMSSD, HR, SDNN, AVNN, pNN50 (found: {', '.join(header[:12])}). Export "
            "the data from HRV4Training (Insights → Export), or choose another format."
        )
    return lowered.index("date"), columns


def _first_present(cells: list[str], indices: list[int]) -> str | None:
    """The first non-missing cell among `indices` ('-' and empty mean missing)."""
    for index in indices:
        text = cells[index].strip() if index < len(cells) else ""
        if text.lower() not in MISSING:
            return text
    return None


def _date(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None
