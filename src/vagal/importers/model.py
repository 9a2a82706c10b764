"""Plain typed results of the file parsers: what a file holds, before anything is stored.

Parsers never touch the database, never read the clock and never guess a time zone: a file that
only knows local clock time gives `start_local` (naive) and leaves `start_utc` None; the caller
converts it with the person's time zone (`ParsedRecording.resolve_start_utc`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
RecordingKind = Literal["morning", "session", "overnight", "live", "imported"]
KINDS: tuple[RecordingKind, ...] = ("morning", "session", "overnight", "live", "imported")

# Metric names of daily summaries: the unit is part of the name.
RMSSD_MS = "rmssd_ms"
SDNN_MS = "sdnn_ms"
MEAN_NN_MS = "mean_nn_ms"
PNN50_PCT = "pnn50_pct"
RESTING_HR_BPM = "resting_hr_bpm"
SLEEP_HOURS = "sleep_hours"


@dataclass(frozen=True, slots=True, eq=False)
class ParsedRecording:
    """One beat-to-beat recording found in a file.

    Attributes:
        source: device or app that recorded it, e.g. "Elite HRV", "Garmin fenix5".
        file_name: the uploaded file (and, inside an archive, "archive.zip/member.txt").
        rr_ms: RR (or PP) intervals in milliseconds, oldest first, float64.
        kind: morning | session | overnight | live | imported.
        start_utc: aware start time when the file states it with a UTC offset, else None.
        start_local: naive local wall-clock start when the file only knows local time.
        beat_times_s: optional time of the beat that ends each interval, seconds from the
            start (same length as `rr_ms`); lets the engine see gaps.
        notes: caveats to show wherever the recording is used.
        coarse: the intervals come from whole-number bpm values (Apple's beat lists), too
            coarse for the full analysis: it gets the lighter one (`services.recordings.analyze`).
    """

    source: str
    file_name: str
    rr_ms: FloatArray
    kind: RecordingKind = "imported"
    start_utc: datetime | None = None
    start_local: datetime | None = None
    beat_times_s: FloatArray | None = None
    notes: tuple[str, ...] = ()
    coarse: bool = False

    def __post_init__(self) -> None:
        if self.start_utc is not None and self.start_utc.utcoffset() is None:
            raise ValueError("start_utc must be timezone-aware")
        if self.start_local is not None and self.start_local.tzinfo is not None:
            raise ValueError("start_local must be naive (local wall-clock time)")
        if self.kind not in KINDS:
            raise ValueError(f"unknown recording kind {self.kind!r}")
        if self.beat_times_s is not None and self.beat_times_s.shape != self.rr_ms.shape:
            raise ValueError("beat_times_s must have one time per interval")

    @property
    def local_time_only(self) -> bool:
        """True when only local clock time is known: convert with the person's time zone."""
        return self.start_utc is None and self.start_local is not None

    @property
    def n_intervals(self) -> int:
        return int(self.rr_ms.size)

    def resolve_start_utc(self, tz: tzinfo | None = None) -> datetime | None:
        """The start in UTC, converting a local-only start with `tz`; None without any time."""
        if self.start_utc is not None:
            return self.start_utc
        if self.start_local is None or tz is None:
            return None
        return self.start_local.replace(tzinfo=tz).astimezone(UTC)

    def natural_key(self, tz: tzinfo | None = None) -> tuple[str, datetime] | None:
        """(source, UTC start) to de-duplicate re-imports; None when the file has no time."""
        start = self.resolve_start_utc(tz)
        return None if start is None else (self.source, start)


@dataclass(frozen=True, slots=True)
class DailySummary:
    """A per-day value computed by another app (never by vagal), e.g. Apple's SDNN.

    Attributes:
        local_date: the day it belongs to, in the person's local time as the file states it.
        source: device or app, e.g. "HRV4Training", "Apple Watch".
        metric: unit-bearing name: rmssd_ms, sdnn_ms, mean_nn_ms, pnn50_pct,
            resting_hr_bpm, sleep_hours.
        value: the number, in the metric's unit.
        note: caveat or provenance shown beside the value.
    """

    local_date: date
    source: str
    metric: str
    value: float
    note: str = ""

    def natural_key(self) -> tuple[str, str, date]:
        """(source, metric, local date): one value per source, metric and day."""
        return (self.source, self.metric, self.local_date)


@dataclass(frozen=True, slots=True)
class SkippedItem:
    """Something in the file that was left out, and why (shown in the import summary)."""

    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Everything one file yielded."""

    format: str
    file_name: str
    recordings: tuple[ParsedRecording, ...] = ()
    summaries: tuple[DailySummary, ...] = ()
    skipped: tuple[SkippedItem, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.recordings and not self.summaries
