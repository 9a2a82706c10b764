from __future__ import annotations

import io
from datetime import datetime

import numpy as np
import pytest

from tests.importers.conftest import DATA, stream
from vagal.errors import InvalidInput
from vagal.importers import polar, polar_ppi
from vagal.importers.model import ImportResult

POLAR = DATA / "polar"
RR_FILE = POLAR / "Polar_H10_A1B2C3D4_20260203_071016_RR.txt"
PPI_FILE = POLAR / "Polar_Sense_B5C6D7E8_20260203_071016_PPI.txt"


def parse(name: str) -> ImportResult:
    with (POLAR / name).open("rb") as f:
        return polar.parse(f, name)


def test_sensor_logger_rr_uses_the_intervals_not_the_arrival_times() -> None:
    result = parse(RR_FILE.name)
    assert result.format == "polar_sensor_logger"
    (rec,) = result.recordings
    assert rec.n_intervals == 120
    assert rec.rr_ms[:2].tolist() == [900.0, 952.0]
    assert rec.start_local == datetime(2026, 2, 3, 7, 10, 16, 752000)
    assert rec.beat_times_s is None  # arrival times are BLE batches, not beats
    assert "arrival" in rec.notes[0]


def test_sensor_logger_headers_match_case_insensitively() -> None:
    text = "PHONE TIMESTAMP;rr-INTERVAL [MS]\n2026-02-03T07:10:16.752;937\n"
    (rec,) = polar.parse(stream(text), "x_RR.txt").recordings
    assert rec.rr_ms.tolist() == [937.0]


def test_sensor_logger_ppi_file() -> None:
    (rec,) = parse(PPI_FILE.name).recordings
    assert rec.n_intervals == 60
    assert rec.rr_ms[0] == 903.0


def test_sensor_logger_hr_file_is_refused_with_a_hint() -> None:
    text = "Phone timestamp;HR [bpm];HRV [ms];Breathing interval [rpm];\n2026-02-03T07:10:16;60;40;12;\n"
    with pytest.raises(InvalidInput, match="no RR-interval or PP-interval column"):
        polar.parse(stream(text), "x_HR.txt")


def test_flow_rr_export_keeps_elapsed_times_as_beat_times() -> None:
    result = parse("flow_rr_export.txt")
    assert result.format == "polar_flow_rr"
    (rec,) = result.recordings
    assert rec.n_intervals == 120 and rec.start_utc is None and rec.start_local is None
    assert rec.beat_times_s is not None
    assert np.allclose(np.diff(rec.beat_times_s), rec.rr_ms[1:] / 1000.0)


def test_flow_rr_with_header_and_wrong_columns() -> None:
    (rec,) = polar.parse(stream("Time (s)\tRR (ms)\n0.8\t800\n1.61\t810\n"), "f.txt").recordings
    assert rec.rr_ms.tolist() == [800.0, 810.0]
    with pytest.raises(InvalidInput, match=r"line 2: expected two columns"):
        polar.parse(stream("0.8\t800\n1.6\t800\t3\n"), "f.txt")


def test_ppi_json_gives_one_recording_per_continuous_stretch() -> None:
    result = parse("ppi_samples_2026-02.json")
    assert result.format == "polar_ppi"
    first, second = result.recordings
    assert first.source == "Polar A1B2C3D4"
    assert first.n_intervals == 70 and second.n_intervals == 25
    assert first.start_local is not None and first.start_local.date() == datetime(2026, 2, 3).date()
    # first sample '2026-02-04T01:00:00' (milliseconds omitted) ends a 986 ms pulse
    assert second.start_local == datetime(2026, 2, 4, 0, 59, 59, 14000)
    assert first.beat_times_s is not None and np.all(np.diff(first.beat_times_s) > 0)
    assert first.beat_times_s[0] == pytest.approx(first.rr_ms[0] / 1000.0)


def test_ppi_json_is_scanned_in_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(polar_ppi, "CHUNK_BYTES", 7)
    data = (POLAR / "ppi_samples_2026-02.json").read_bytes()
    result = polar_ppi.parse(io.BytesIO(data), "ppi.json")
    assert [r.n_intervals for r in result.recordings] == [70, 25]


def test_ppi_json_without_samples() -> None:
    with pytest.raises(InvalidInput, match="has no PPI samples"):
        polar.parse(stream('[{"date": "2026-02-03", "steps": 5}]'), "ppi_samples_x.json")
