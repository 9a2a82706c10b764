"""Polar account export 24/7 PPI (`ppi_samples_*.json`), read as a stream.

Layout: `[{"date":…, "devicePpiSamplesList":[{"deviceId":…, "ppiSamples":[{"sampleDateTime":
"2023-01-01T02:03:04.123", "pulseLength": 912}, …]}]}]` (local time; seconds or milliseconds
sometimes omitted). The file is scanned in chunks for the flat sample objects, so memory holds
only the intervals, never the text. Samples become one recording per device and continuous
stretch (a pause over `SPLIT_GAP_S` starts a new one), with beat times so gaps show.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any, BinaryIO

import numpy as np

from vagal.errors import InvalidInput
from vagal.importers._text import RRBuffer, align_beat_times
from vagal.importers.model import FloatArray, ImportResult, ParsedRecording, RecordingKind

FORMAT = "polar_ppi"
LABEL = "Polar account export: 24/7 PPI JSON (ppi_samples_*.json)"
SOURCE = "Polar"
CHUNK_BYTES = 256 * 1024
MAX_PENDING_BYTES = 4 * 1024 * 1024
SPLIT_GAP_S = 2 * 3600.0
PPI_NOTE = "Wrist pulse-to-pulse intervals (PPI, optical): noisier than a chest strap's RR."
_TOKENS = re.compile(rb'"deviceId"\s*:\s*"([^"\\]*)"|\{[^{}\[\]]*\}')
_EPOCH = datetime(1970, 1, 1)


def parse(stream: BinaryIO, file_name: str, *, kind: RecordingKind = "imported") -> ImportResult:
    """One recording per device and continuous stretch of PPI samples."""
    samples: dict[str, tuple[RRBuffer, RRBuffer]] = defaultdict(lambda: (RRBuffer(), RRBuffer()))
    device = "unknown device"
    aware = False
    for match in _scan(stream, file_name):
        if match.group(1) is not None:
            device = match.group(1).decode("utf-8", "replace")
            continue
        sample = _sample(match.group(0))
        if sample is not None:
            moment, pulse_ms = sample
            aware = aware or moment.tzinfo is not None
            times, values = samples[device]
            times.append(_seconds(moment))
            values.append(pulse_ms)
    if not samples:
        raise InvalidInput(
            f"{file_name} has no PPI samples (objects with sampleDateTime and pulseLength). "
            "Choose the ppi_samples_*.json file of the Polar account export."
        )
    recordings = [
        rec
        for name, (times, values) in sorted(samples.items())
        for rec in _recordings(name, times.to_array(), values.to_array(), file_name, kind, aware)
    ]
    return ImportResult(FORMAT, file_name, recordings=tuple(recordings))


def _scan(stream: BinaryIO, file_name: str) -> Any:
    """Yield deviceId and flat-object matches chunk by chunk, keeping only an unmatched tail."""
    pending = b""
    while chunk := stream.read(CHUNK_BYTES):
        pending += chunk
        end = 0
        for match in _TOKENS.finditer(pending):
            end = match.end()
            yield match
        pending = pending[end:]
        if len(pending) > MAX_PENDING_BYTES:
            raise InvalidInput(
                f"{file_name} does not look like Polar PPI JSON (no sample objects in the last "
                f"{MAX_PENDING_BYTES // 1024**2} MB). Choose the ppi_samples_*.json file."
            )


def _sample(raw: bytes) -> tuple[datetime, float] | None:
    try:
        item = json.loads(raw)
        moment = _parse_time(str(item["sampleDateTime"]))
        pulse = float(item["pulseLength"])
    except (ValueError, KeyError, TypeError):
        return None
    if moment is None or not np.isfinite(pulse) or pulse <= 0:
        return None
    return moment, pulse


def _parse_time(text: str) -> datetime | None:
    """ISO date-time with seconds or milliseconds possibly missing; 'Z' or offset allowed."""
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _seconds(moment: datetime) -> float:
    if moment.tzinfo is not None:
        return moment.timestamp()
    return (moment - _EPOCH).total_seconds()


def _recordings(
    device: str,
    times: FloatArray,
    pulses: FloatArray,
    file_name: str,
    kind: RecordingKind,
    aware: bool,
) -> list[ParsedRecording]:
    order = np.argsort(times, kind="stable")
    times, pulses = times[order], pulses[order]
    keep = np.concatenate(([True], np.diff(times) > 0))  # duplicated samples dropped
    times, pulses = times[keep], pulses[keep]
    breaks = np.flatnonzero(np.diff(times) > SPLIT_GAP_S) + 1
    out = []
    for part_t, part_rr in zip(np.split(times, breaks), np.split(pulses, breaks), strict=True):
        start = _EPOCH + timedelta(seconds=float(part_t[0]) - float(part_rr[0]) / 1000.0)
        out.append(
            ParsedRecording(
                source=f"{SOURCE} {device}",
                file_name=file_name,
                rr_ms=part_rr,
                kind=kind,
                start_utc=start.replace(tzinfo=UTC) if aware else None,
                start_local=None if aware else start,
                beat_times_s=align_beat_times(part_rr, part_t - (part_t[0] - part_rr[0] / 1000.0)),
                notes=(PPI_NOTE,),
            )
        )
    return out
