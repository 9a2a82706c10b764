"""What the Apple Health parser keeps from each <Record>: SDNN readings and their beat lists,
resting heart rate and asleep intervals, aggregated per source and local day.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from vagal.importers._text import align_beat_times
from vagal.importers.model import (
    RESTING_HR_BPM,
    SDNN_MS,
    SLEEP_HOURS,
    DailySummary,
    FloatArray,
    ParsedRecording,
    SkippedItem,
)

RECORD = "Record"
HRV_LIST = "HeartRateVariabilityMetadataList"
HRV = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
RESTING = "HKQuantityTypeIdentifierRestingHeartRate"
HEART_RATE = "HKQuantityTypeIdentifierHeartRate"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
ASLEEP = frozenset(
    "HKCategoryValueSleepAnalysis" + stage
    for stage in ("Asleep", "AsleepUnspecified", "AsleepCore", "AsleepDeep", "AsleepREM")
)
WANTED = frozenset((HRV, RESTING, HEART_RATE, SLEEP))
"""The record types `AppleRecords.record` looks at; the parser skips the others unseen."""
BEATS_NOTE = (
    "Apple gives whole-number bpm per beat with a clock time: intervals from it are coarse "
    "(8-15 ms steps), so RMSSD and other beat-to-beat metrics from it are not trustworthy."
)
SDNN_NOTE = "Apple Watch reports SDNN (not RMSSD) over about a minute; mean of {n} reading(s)."
SLEEP_NOTE = (
    "Asleep time (core, deep, REM, unspecified) recorded by this source; overlapping entries "
    "merged; counted on the morning it ended (sleep ending from 18:00 counts for the next day)."
)
SLEEP_DAY_CUTOFF_HOUR = 18
MAX_SKIPPED = 200
_CLOCK = re.compile(
    r"^\s*(\d{1,2})[:.](\d{2})[:.](\d{2})(?:[.,](\d{1,6}))?\s*([ap])?\.?\s*m?\.?\s*$",
    re.IGNORECASE,
)


def parse_apple_date(text: str | None) -> datetime | None:
    """'2021-03-27 16:18:15 +1100' → aware datetime; None if missing or malformed."""
    if not text:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")
    except ValueError:
        return None


def clock_seconds(text: str) -> float | None:
    """Seconds since midnight of a locale-formatted time such as '4:17:18.57 pm' or '16:17:18,57'."""
    match = _CLOCK.match(text)
    if match is None:
        return None
    hour, minute, second = int(match[1]), int(match[2]), int(match[3])
    if match[5]:
        hour = hour % 12 + (12 if match[5].lower() == "p" else 0)
    fraction = float("0." + match[4]) if match[4] else 0.0
    return hour * 3600 + minute * 60 + second + fraction


@dataclass
class _Reading:
    """An SDNN reading whose beat list is being read."""

    source: str
    start: datetime
    sdnn: float
    bpm: list[float] = field(default_factory=list)
    clock: list[float | None] = field(default_factory=list)


Attributes = Mapping[str, str]


@dataclass
class AppleRecords:
    """Accumulates per-record facts (from each element's attributes); `summaries` totals them.

    The parser calls `record` for every <Record>; for an SDNN reading (it returns True) it then
    calls `beat` for each beat of its beat list and `end_reading` when the record closes.
    """

    file_name: str
    heart_records: int = 0
    recordings: list[ParsedRecording] = field(default_factory=list)
    sdnn: dict[tuple[str, date], list[float]] = field(default_factory=lambda: defaultdict(list))
    resting: dict[tuple[str, date], list[float]] = field(default_factory=lambda: defaultdict(list))
    sleep: dict[str, list[tuple[float, float, date]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    skipped: list[SkippedItem] = field(default_factory=list)
    skipped_total: int = 0
    _reading: _Reading | None = None

    def record(self, record: Attributes) -> bool:
        """Take in one <Record>; True when it is an SDNN reading whose beats should follow."""
        kind = record.get("type")
        if kind == HEART_RATE:
            self.heart_records += 1
        elif kind == HRV:
            self.heart_records += 1
            return self._hrv(record)
        elif kind == RESTING:
            self.heart_records += 1
            self._resting(record)
        elif kind == SLEEP and record.get("value") in ASLEEP:
            self._sleep(record)
        return False

    def skip(self, record: Attributes, reason: str) -> None:
        self.skipped_total += 1
        if len(self.skipped) < MAX_SKIPPED:
            where = f"{record.get('type', 'Record')} from {record.get('startDate', '?')}"
            self.skipped.append(SkippedItem(where, reason))

    def _quantity(self, record: Attributes, unit: str) -> tuple[str, datetime, float] | None:
        start = parse_apple_date(record.get("startDate"))
        try:
            value = float(record.get("value", ""))
        except ValueError:
            value = float("nan")
        if start is None or not math.isfinite(value) or value <= 0:
            self.skip(record, "missing or malformed date or value")
            return None
        if record.get("unit") != unit:
            self.skip(record, f"unit {record.get('unit')!r}, expected {unit!r}")
            return None
        return record.get("sourceName") or "Apple Health", start, value

    def _hrv(self, record: Attributes) -> bool:
        self.end_reading()
        parsed = self._quantity(record, "ms")
        if parsed is None:
            return False
        source, start, value = parsed
        self.sdnn[(source, start.date())].append(value)
        self._reading = _Reading(source, start, value)
        return True

    def beat(self, beat: Attributes) -> None:
        """One <InstantaneousBeatsPerMinute> of the open SDNN reading's beat list."""
        reading = self._reading
        if reading is None:
            return
        try:
            value = float(beat.get("bpm", ""))
        except ValueError:
            return
        if math.isfinite(value) and value > 0:
            reading.bpm.append(value)
            reading.clock.append(clock_seconds(beat.get("time", "")))

    def end_reading(self) -> None:
        """The open SDNN reading has closed: its beat list (if any) becomes a recording."""
        reading, self._reading = self._reading, None
        if reading is None or len(reading.bpm) < 2:
            return
        rr = 60000.0 / np.asarray(reading.bpm, dtype=np.float64)
        times = _relative_times(reading.clock, reading.start)
        times = None if times is None else align_beat_times(rr, times)
        notes = [BEATS_NOTE, f"Apple's own SDNN for this reading: {reading.sdnn:.1f} ms."]
        if times is None:
            notes.append("The beat clock times could not be read, so gaps cannot be located.")
        self.recordings.append(
            ParsedRecording(
                source=reading.source,
                file_name=self.file_name,
                rr_ms=rr,
                start_utc=reading.start.astimezone(UTC),
                beat_times_s=times,
                notes=tuple(notes),
                coarse=True,
            )
        )

    def _resting(self, record: Attributes) -> None:
        parsed = self._quantity(record, "count/min")
        if parsed is not None:
            source, start, value = parsed
            self.resting[(source, start.date())].append(value)

    def _sleep(self, record: Attributes) -> None:
        start = parse_apple_date(record.get("startDate"))
        end = parse_apple_date(record.get("endDate"))
        if start is None or end is None or end <= start:
            self.skip(record, "missing, malformed or reversed start/end dates")
            return
        source = record.get("sourceName") or "Apple Health"
        self.sleep[source].append((start.timestamp(), end.timestamp(), sleep_day(end)))

    def summaries(self) -> list[DailySummary]:
        out = [
            DailySummary(day, source, SDNN_MS, float(np.mean(v)), SDNN_NOTE.format(n=len(v)))
            for (source, day), v in self.sdnn.items()
        ]
        out += [
            DailySummary(day, source, RESTING_HR_BPM, float(np.mean(v)), "Apple resting HR.")
            for (source, day), v in self.resting.items()
        ]
        for source, intervals in self.sleep.items():
            for day, hours in sleep_hours_by_day(intervals).items():
                out.append(DailySummary(day, source, SLEEP_HOURS, round(hours, 3), SLEEP_NOTE))
        return sorted(out, key=lambda s: (s.local_date, s.source, s.metric))


def sleep_day(end: datetime) -> date:
    """The morning a sleep belongs to: its end date, or the next day if it ends from 18:00."""
    return (end + timedelta(hours=24 - SLEEP_DAY_CUTOFF_HOUR)).date()


def sleep_hours_by_day(intervals: list[tuple[float, float, date]]) -> dict[date, float]:
    """Merge overlapping asleep intervals (one source) and total the hours per end day."""
    totals: dict[date, float] = defaultdict(float)
    current: list[Any] | None = None
    for start, end, day in sorted(intervals):
        if current is not None and start <= current[1]:
            if end > current[1]:
                current[1], current[2] = end, day
            continue
        if current is not None:
            totals[current[2]] += (current[1] - current[0]) / 3600.0
        current = [start, end, day]
    if current is not None:
        totals[current[2]] += (current[1] - current[0]) / 3600.0
    return dict(totals)


def _relative_times(clock: list[float | None], start: datetime) -> FloatArray | None:
    """Beat times in seconds after `start` (local clock), or None when any is unreadable."""
    if any(c is None for c in clock):
        return None
    origin = start.hour * 3600 + start.minute * 60 + start.second
    seconds = np.asarray(clock, dtype=np.float64) - origin
    seconds = np.where(seconds < -43200, seconds + 86400, seconds)  # past midnight
    if np.any(np.diff(seconds) <= 0):
        return None
    return seconds
