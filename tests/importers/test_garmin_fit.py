from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from tests.importers.conftest import DATA, stream
from vagal.errors import InvalidInput
from vagal.importers import garmin_fit
from vagal.importers.model import ImportResult

FIT = DATA / "garmin_fit"


def parse(path: Path) -> ImportResult:
    with path.open("rb") as f:
        return garmin_fit.parse(f, path.name)


@pytest.mark.parametrize(
    ("name", "n", "source", "start"),
    [
        ("garmin-edge-820-bike.fit", 126, "Garmin edge_820", datetime(2017, 6, 12, 16, 10, 15)),
        ("garmin-fenix-5-run.fit", 113, "Garmin fenix5", datetime(2017, 6, 11, 14, 34, 9)),
        ("garmin-fenix-5-walk.fit", 62, "Garmin fenix5", datetime(2017, 6, 11, 14, 32, 51)),
    ],
)
def test_hrv_messages_give_rr_in_ms(name: str, n: int, source: str, start: datetime) -> None:
    (rec,) = parse(FIT / name).recordings
    assert rec.n_intervals == n  # padding (None) dropped
    assert rec.source == source
    assert rec.kind == "session"
    assert rec.start_utc == start.replace(tzinfo=UTC)
    assert rec.rr_ms.dtype == np.float64
    assert rec.rr_ms.min() > 300 and rec.rr_ms.max() < 2000
    assert np.allclose(rec.rr_ms, np.round(rec.rr_ms))  # 1 ms resolution
    assert "no beat times" in rec.notes[0]


def test_bike_file_first_intervals() -> None:
    (rec,) = parse(FIT / "garmin-edge-820-bike.fit").recordings
    assert rec.rr_ms[:3].tolist() == [594.0, 588.0, 588.0]


def test_hr_event_timestamps_give_beat_times() -> None:
    (rec,) = parse(FIT / "event_timestamp.fit").recordings
    assert rec.beat_times_s is not None
    assert rec.n_intervals > 10_000
    assert np.all(np.diff(rec.beat_times_s) > 0)
    assert np.allclose(np.diff(rec.beat_times_s), rec.rr_ms[1:] / 1000.0)
    assert rec.start_utc == datetime(2017, 6, 13, 13, 31, 58, 364258, tzinfo=UTC)
    assert rec.source == "Garmin fr735xt"
    assert rec.rr_ms.min() >= 200  # double detections (< 200 ms apart) dropped, and said so
    assert "7 beat time(s) under 200 ms" in rec.notes[0]


def test_bad_crc_is_a_clear_error() -> None:
    data = bytearray((FIT / "garmin-fenix-5-walk.fit").read_bytes())
    data[len(data) // 2] ^= 0xFF
    with pytest.raises(InvalidInput, match="damaged .*checksum"):
        garmin_fit.parse(io.BytesIO(bytes(data)), "walk.fit")


def test_truncated_file_is_a_clear_error() -> None:
    data = (FIT / "garmin-fenix-5-walk.fit").read_bytes()[:3000]
    with pytest.raises(InvalidInput, match="walk.fit: the FIT file is (truncated|damaged)"):
        garmin_fit.parse(io.BytesIO(data), "walk.fit")


def test_file_without_beat_to_beat_data() -> None:
    data = _without_hrv_messages((FIT / "garmin-fenix-5-walk.fit").read_bytes())
    with pytest.raises(
        InvalidInput, match="this file has no beat-to-beat data: turn on HRV logging"
    ):
        garmin_fit.parse(io.BytesIO(data), "walk.fit")


def test_not_a_fit_file() -> None:
    with pytest.raises(InvalidInput, match="not a FIT file"):
        garmin_fit.parse(stream(b"800\n810\n" * 10), "rr.fit")


def _without_hrv_messages(fit: bytes) -> bytes:
    """Re-encode a FIT file keeping every message except `hrv` (78): a real file, no beats."""
    import fitdecode  # type: ignore[import-untyped]

    from tests.importers.fit_writer import rewrite_without

    with fitdecode.FitReader(io.BytesIO(fit), keep_raw_chunks=True) as reader:
        return rewrite_without(reader, {78})
