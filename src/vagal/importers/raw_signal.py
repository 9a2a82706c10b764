"""Raw ECG or PPG as CSV/text: one column of samples (or a named column of a delimited file,
e.g. Polar Sensor Logger `ecg [uV]`) at a sampling rate the person states.

`read_signal` returns the samples; `parse` also runs the HRV engine's beat detection
(`vagal.core.hrv.ecg.ecg_peaks` / `ppg.ppg_peaks`, imported only then) to give RR intervals.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import BinaryIO, Literal

from vagal.errors import InvalidInput
from vagal.importers._text import RRBuffer, content_lines, is_number, parse_number, split_row
from vagal.importers.model import FloatArray, ImportResult, ParsedRecording, RecordingKind

FORMAT = "raw_signal"
LABEL = "Raw ECG or PPG samples (CSV, needs the sampling rate)"
SignalKind = Literal["ecg", "ppg"]
_NAMES: dict[str, re.Pattern[str]] = {
    "ecg": re.compile(r"ecg|mlii|lead|\bii\b|\bv\d\b", re.IGNORECASE),
    "ppg": re.compile(r"ppg|pleth|pulse|channel 0|green", re.IGNORECASE),
}


@dataclass(frozen=True, slots=True)
class RawSignal:
    """Samples of one channel, ready for `ecg_peaks` / `ppg_peaks`."""

    kind: SignalKind
    samples: FloatArray
    sampling_rate_hz: float
    column: str
    file_name: str

    @property
    def duration_s(self) -> float:
        return self.samples.size / self.sampling_rate_hz


def read_signal(
    stream: BinaryIO,
    file_name: str,
    *,
    kind: SignalKind,
    sampling_rate_hz: float,
    column: str | None = None,
) -> RawSignal:
    """Stream the chosen column into a float64 array; any bad cell names its line."""
    if kind not in _NAMES:
        raise InvalidInput(f"Unknown signal kind {kind!r}: choose 'ecg' or 'ppg'.")
    if not (math.isfinite(sampling_rate_hz) and sampling_rate_hz > 0):
        raise InvalidInput(
            f"The sampling rate must be a positive number of samples per second (Hz); "
            f"got {sampling_rate_hz!r}. Look it up in the device's documentation."
        )
    lines = content_lines(stream, file_name)
    first = next(lines, None)
    if first is None:
        raise InvalidInput(f"{file_name} is empty: it has no samples.")
    cells = split_row(first[1])
    header = None if is_number(cells[0]) else cells
    index, name = _column(header, len(cells), kind, column, file_name)
    samples = RRBuffer()
    if header is None:
        samples.append(parse_number(cells[index], file_name, first[0], "sample"))
    for number, line in lines:
        row = split_row(line)
        if index >= len(row):
            raise InvalidInput(f"{file_name}, line {number}: the {name or kind} column is missing.")
        samples.append(parse_number(row[index], file_name, number, "sample"))
    return RawSignal(kind, samples.to_array(), float(sampling_rate_hz), name, file_name)


def parse(
    stream: BinaryIO,
    file_name: str,
    *,
    kind: SignalKind,
    sampling_rate_hz: float,
    column: str | None = None,
    recording_kind: RecordingKind = "imported",
    source: str | None = None,
) -> ImportResult:
    """Samples → beats (the HRV engine's detector) → one recording with beat times."""
    signal = read_signal(
        stream, file_name, kind=kind, sampling_rate_hz=sampling_rate_hz, column=column
    )
    if kind == "ecg":
        from vagal.core.hrv.ecg import ecg_peaks as detect
    else:
        from vagal.core.hrv.ppg import ppg_peaks as detect
    beats = detect(signal.samples, signal.sampling_rate_hz)
    times = beats.beat_times_s
    note = (
        f"Beats found in the {kind.upper()} by {beats.method}; signal quality "
        f"{beats.quality:.2f} (1 = clean)."
    )
    recording = ParsedRecording(
        source=source or f"{kind.upper()} file",
        file_name=file_name,
        rr_ms=beats.rr_ms,
        kind=recording_kind,
        beat_times_s=times[1:].copy(),
        notes=(note,),
    )
    return ImportResult(FORMAT, file_name, recordings=(recording,))


def _column(
    header: list[str] | None, width: int, kind: str, column: str | None, file_name: str
) -> tuple[int, str]:
    if header is None:
        if column is not None or width != 1:
            raise InvalidInput(
                f"{file_name} has {width} unnamed column(s). Add a header row naming them, "
                "or keep only the signal column."
            )
        return 0, ""
    lowered = [name.lower() for name in header]
    if column is not None:
        if column.lower() not in lowered:
            raise InvalidInput(
                f"{file_name} has no column {column!r}; its columns are: {', '.join(header)}."
            )
        return lowered.index(column.lower()), header[lowered.index(column.lower())]
    matches = [i for i, name in enumerate(header) if _NAMES[kind].search(name)]
    if width == 1 or len(matches) == 1:
        index = 0 if width == 1 else matches[0]
        return index, header[index]
    raise InvalidInput(
        f"{file_name} has the columns {', '.join(header)}; choose the {kind.upper()} column."
    )
