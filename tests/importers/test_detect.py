from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.conftest import DATA, stream, zip_of
from vagal.errors import InvalidInput
from vagal.importers import detect
from vagal.importers.detect import FORMATS, detect_format, detect_stream_format, parse_file

FIXTURES = [
    ("garmin_fit/garmin-edge-820-bike.fit", "garmin_fit"),
    ("garmin_fit/event_timestamp.fit", "garmin_fit"),
    ("apple_health/export.xml", "apple_health"),
    ("elite_hrv/2026-02-03 07-15-00.txt", "elite_hrv"),
    ("polar/Polar_H10_A1B2C3D4_20260203_071016_RR.txt", "polar_sensor_logger"),
    ("polar/Polar_Sense_B5C6D7E8_20260203_071016_PPI.txt", "polar_sensor_logger"),
    ("polar/ppi_samples_2026-02.json", "polar_ppi"),
    ("hrv4training/MyMeasurements.csv", "hrv4training"),
    ("kubios/kubios_results.csv", "kubios"),
    ("polar/flow_rr_export.txt", None),  # two numeric columns: Polar Flow or Kubios? ask
    ("kubios/kubios_rr.txt", None),  # free text header line: ask
]


@pytest.mark.parametrize(("path", "expected"), FIXTURES)
def test_fixtures_are_recognised(path: str, expected: str | None) -> None:
    file = DATA / path
    assert detect_format(file.name, file.read_bytes()[: detect.HEAD_BYTES]) == expected


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("rr.csv", b"rr_ms\n800\n810\n", "plain_rr"),
        ("rr.csv", b"time_s,RR (s)\n0.8,0.8\n1.6,0.8\n", "plain_rr"),
        ("rr.txt", b"800\n810\n", None),  # no unit: the person chooses
        ("reading.txt", b"800\n810\n", None),  # Elite-like but not its file name
        ("ecg.csv", b"time_s,ecg_mv\n0,0.1\n", "raw_signal"),
        ("x.txt", b"Phone timestamp;sensor timestamp [ns];timestamp [ms];ecg [uV]\n", "raw_signal"),
        ("export.zip", b"PK\x03\x04rest", "apple_health"),
        ("other.zip", b"PK\x03\x04rest", None),
        ("notes.xml", b"<?xml version='1.0'?><gpx/>", None),
        ("data.json", b'{"steps": 1}', None),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00", None),
        ("empty.txt", b"", None),
    ],
)
def test_detect_format_from_name_and_head(name: str, head: bytes, expected: str | None) -> None:
    assert detect_format(name, head) == expected


def test_zips_are_looked_into_safely() -> None:
    elite = zip_of({"2026-02-03 07-15-00.txt": b"800\n"})
    assert detect_stream_format(elite, "elite.zip") == "elite_hrv"
    assert elite.tell() == 0
    apple = zip_of({"apple_health_export/export.xml": b"<HealthData/>"})
    assert detect_stream_format(apple, "download.zip") == "apple_health"
    assert detect_stream_format(zip_of({"a.pdf": b"x"}), "x.zip") is None


def test_every_format_has_a_label_and_a_parser() -> None:
    assert {"plain_rr", "elite_hrv", "kubios", "polar", "hrv4training", "garmin_fit"} <= set(
        FORMATS
    )
    for name, spec in FORMATS.items():
        assert spec.name == name and spec.label and callable(spec.parse)


def test_parse_file_detects_or_asks() -> None:
    file = DATA / "elite_hrv" / "2026-02-03 07-15-00.txt"
    with file.open("rb") as f:
        assert parse_file(f, file.name).format == "elite_hrv"
    with pytest.raises(InvalidInput, match="cannot tell the format of mystery.bin.*Choose"):
        parse_file(stream(b"\x00\x01\x02"), "mystery.bin")
    with pytest.raises(InvalidInput, match="Unknown format 'csv-ish'.*plain_rr"):
        parse_file(stream(b"800\n"), "rr.txt", "csv-ish")
    with pytest.raises(InvalidInput, match="also give kind, sampling_rate_hz"):
        parse_file(stream(b"ecg\n1\n"), "ecg.csv", "raw_signal")
    assert parse_file(stream(b"800\n"), "rr.txt", "plain_rr", unit="ms").recordings


def test_unknown_format_through_parse_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cannot tell the format"):
        parse_file(stream(b"hello world\nthis is prose\n"), "letter.txt")


RECORDING_FIXTURES = [
    ("garmin_fit/garmin-fenix-5-run.fit", {}),
    ("garmin_fit/event_timestamp.fit", {}),
    ("apple_health/export.xml", {}),
    ("elite_hrv/2026-02-03 07-15-00.txt", {}),
    ("polar/Polar_H10_A1B2C3D4_20260203_071016_RR.txt", {}),
    ("polar/ppi_samples_2026-02.json", {}),
    ("polar/flow_rr_export.txt", {"format_name": "polar_flow_rr"}),
    ("kubios/kubios_rr.txt", {"format_name": "kubios"}),
    ("kubios/kubios_results.csv", {}),
]


@pytest.mark.parametrize(("path", "options"), RECORDING_FIXTURES)
def test_every_recording_is_accepted_by_the_hrv_engine(path: str, options: dict[str, str]) -> None:
    from vagal.core.hrv import rr_series

    file = DATA / path
    with file.open("rb") as f:
        result = parse_file(f, file.name, **options)
    assert result.recordings
    for rec in result.recordings:
        series = rr_series(rec.rr_ms, timestamps_s=rec.beat_times_s)
        assert series.n > 0
