"""Garmin FIT files: beat-to-beat data from `hrv` (78), `beat_intervals` (290), `raw_bbi`
(372) messages, or stored beat times in `hr` (132) messages, read with fitdecode.

Message layouts are in HRV-REFERENCE §4.6. The file is decoded as a stream (fitdecode reads
record by record), with CRC checks that raise; only the intervals are kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

import numpy as np

from vagal.errors import InvalidInput
from vagal.importers._text import RRBuffer
from vagal.importers.model import FloatArray, ImportResult, ParsedRecording, RecordingKind

FORMAT = "garmin_fit"
LABEL = "Garmin FIT activity or monitoring file"
NO_BEATS = (
    "{file}: this file has no beat-to-beat data: turn on HRV logging on the device "
    "(Garmin: 'Log HRV' in the activity settings, with a chest strap paired), record again, "
    "and import the new file."
)
HRV_NOTE = "Garmin 'hrv' messages carry no beat times, so signal gaps cannot be located."
INTERVALS_NOTE = "Garmin 'beat_intervals' messages: intervals only, gaps cannot be located."
MIN_BEAT_GAP_S = 0.2
"""Beats closer than this (300 bpm) are double detections, not heartbeats."""
HR_NOTE = "Beat times stored by the chest strap (FIT 'hr' messages); RR is their difference."
BBI_NOTE = "Wrist (optical) beat intervals from Garmin 'raw_bbi' messages; low-quality beats kept."


@dataclass
class _Collected:
    """What the message loop gathered (only numbers: the messages themselves are dropped)."""

    hrv_s: RRBuffer = field(default_factory=RRBuffer)
    intervals_ms: RRBuffer = field(default_factory=RRBuffer)
    bbi_ms: RRBuffer = field(default_factory=RRBuffer)
    bbi_end_s: RRBuffer = field(default_factory=RRBuffer)
    bbi_clock_s: float = 0.0
    beat_epoch_s: RRBuffer = field(default_factory=RRBuffer)
    file_type: str | None = None
    product: str = "Garmin device"
    created: datetime | None = None
    session_start: datetime | None = None


def parse(stream: BinaryIO, file_name: str, *, kind: RecordingKind | None = None) -> ImportResult:
    """The best beat-to-beat series in the file as one recording (kind 'session' for activities)."""
    data = _collect(stream, file_name)
    rr_ms, beat_times, start, note = _best_series(data, file_name)
    chosen_kind: RecordingKind = kind or ("session" if data.file_type == "activity" else "imported")
    recording = ParsedRecording(
        source=data.product,
        file_name=file_name,
        rr_ms=rr_ms,
        kind=chosen_kind,
        start_utc=start,
        beat_times_s=beat_times,
        notes=(note,),
    )
    return ImportResult(FORMAT, file_name, recordings=(recording,))


def _collect(stream: BinaryIO, file_name: str) -> _Collected:
    import fitdecode  # type: ignore[import-untyped]  # only when a FIT file is read (~0.1 s)

    data = _Collected()
    try:
        with fitdecode.FitReader(
            stream,
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage):
                    _HANDLERS.get(frame.global_mesg_num, _ignore)(frame, data)
    except fitdecode.FitCRCError:
        raise InvalidInput(
            f"{file_name}: the FIT file is damaged (its checksum does not match). Copy the "
            "file from the device or Garmin Connect again and re-import it."
        ) from None
    except fitdecode.FitHeaderError:
        raise InvalidInput(
            f"{file_name} is not a FIT file (its header is not a FIT header). Choose the "
            "file's real format, or export the activity as 'Original' (.fit) from Garmin Connect."
        ) from None
    except (fitdecode.FitEOFError, fitdecode.FitError, EOFError) as exc:
        raise InvalidInput(
            f"{file_name}: the FIT file is truncated or malformed ({exc}). Copy it from the "
            "device again and re-import it."
        ) from None
    return data


def _values(frame: Any, name: str) -> list[Any]:
    """All values of the fields called `name` (arrays flattened, invalid None dropped)."""
    out: list[Any] = []
    for fit_field in frame.fields:
        if fit_field.name != name or fit_field.value is None:
            continue
        value = fit_field.value
        items: Iterable[Any] = value if isinstance(value, tuple | list) else (value,)
        out.extend(item for item in items if item is not None)
    return out


def _first(frame: Any, name: str) -> Any:
    values = _values(frame, name)
    return values[0] if values else None


def _on_file_id(frame: Any, data: _Collected) -> None:
    data.file_type = str(_first(frame, "type") or "") or None
    maker = str(_first(frame, "manufacturer") or "")
    product = _first(frame, "garmin_product") or _first(frame, "product")
    label = f"{maker.title() if maker else 'FIT'} {product}" if product is not None else ""
    data.product = label.strip() or "Garmin device"
    created = _first(frame, "time_created")
    data.created = created if isinstance(created, datetime) else None


def _on_session(frame: Any, data: _Collected) -> None:
    start = _first(frame, "start_time")
    if isinstance(start, datetime) and data.session_start is None:
        data.session_start = start


def _on_hrv(frame: Any, data: _Collected) -> None:
    data.hrv_s.extend([float(v) for v in _values(frame, "time")])


def _on_beat_intervals(frame: Any, data: _Collected) -> None:
    data.intervals_ms.extend([float(v) for v in _values(frame, "time")])


def _on_raw_bbi(frame: Any, data: _Collected) -> None:
    times = _values(frame, "time")
    gaps = _values(frame, "gap")
    if not times:  # components not expanded: decode the packed 16-bit words ourselves
        words = [int(v) for v in _values(frame, "data")]
        times = [w & 0x3FFF for w in words]
        gaps = [(w >> 15) & 1 for w in words]
    for k, time_ms in enumerate(times):
        data.bbi_clock_s += float(time_ms) / 1000.0
        if k < len(gaps) and int(gaps[k]) == 1:
            continue
        data.bbi_ms.append(float(time_ms))
        data.bbi_end_s.append(data.bbi_clock_s)


def _on_hr(frame: Any, data: _Collected) -> None:
    for value in _values(frame, "event_timestamp"):
        if isinstance(value, datetime):  # a bare number is the anchor of the 12-bit stream
            data.beat_epoch_s.append(value.timestamp())


def _ignore(frame: Any, data: _Collected) -> None:
    return None


_HANDLERS = {
    0: _on_file_id,
    18: _on_session,
    78: _on_hrv,
    290: _on_beat_intervals,
    372: _on_raw_bbi,
    132: _on_hr,
}


def _best_series(data: _Collected, file_name: str) -> tuple[FloatArray, Any, datetime | None, str]:
    start = data.session_start or data.created
    if len(data.hrv_s):
        return data.hrv_s.to_array(1000.0), None, start, HRV_NOTE
    if len(data.intervals_ms):
        return data.intervals_ms.to_array(), None, start, INTERVALS_NOTE
    if len(data.bbi_ms):
        return data.bbi_ms.to_array(), data.bbi_end_s.to_array(), start, BBI_NOTE
    if len(data.beat_epoch_s) >= 2:
        return _from_beat_times(data.beat_epoch_s.to_array(), file_name)
    raise InvalidInput(NO_BEATS.format(file=file_name))


def _from_beat_times(
    epoch_s: FloatArray, file_name: str
) -> tuple[FloatArray, Any, datetime | None, str]:
    times, dropped = _drop_double_beats(epoch_s)
    if times.size < 2:
        raise InvalidInput(NO_BEATS.format(file=file_name))
    start = datetime.fromtimestamp(float(times[0]), tz=UTC)
    relative = times - times[0]
    note = HR_NOTE
    if dropped:
        note += f" {dropped} beat time(s) under {MIN_BEAT_GAP_S * 1000:.0f} ms after the previous beat were dropped."
    return np.diff(times) * 1000.0, relative[1:], start, note


def _drop_double_beats(epoch_s: FloatArray) -> tuple[FloatArray, int]:
    """Drop repeated (padding) times and beats too close to the last kept one to be real."""
    kept: list[float] = []
    dropped = 0
    for moment in epoch_s.tolist():
        if not kept or moment - kept[-1] >= MIN_BEAT_GAP_S:
            kept.append(moment)
        elif moment != kept[-1]:
            dropped += 1
    return np.asarray(kept, dtype=np.float64), dropped
