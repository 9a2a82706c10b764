from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

from tests.importers.conftest import DATA, stream, zip_of
from vagal.errors import InvalidInput
from vagal.importers import apple_health
from vagal.importers._apple_records import clock_seconds, sleep_hours_by_day
from vagal.importers.model import ImportResult

EXPORT = DATA / "apple_health" / "export.xml"
WATCH = "Sam’s Apple Watch"


def parse_fixture() -> ImportResult:
    with EXPORT.open("rb") as f:
        return apple_health.parse(f, "export.xml")


def values(result: ImportResult, metric: str) -> dict[tuple[str, date], float]:
    return {(s.source, s.local_date): s.value for s in result.summaries if s.metric == metric}


def test_sdnn_stays_sdnn_as_a_daily_mean_per_source() -> None:
    result = parse_fixture()
    assert values(result, "sdnn_ms") == {
        (WATCH, date(2026, 2, 3)): pytest.approx((48.25 + 31.75) / 2),
        (WATCH, date(2026, 2, 4)): pytest.approx(45.1937),
    }
    assert values(result, "rmssd_ms") == {}
    note = next(s.note for s in result.summaries if s.metric == "sdnn_ms")
    assert "SDNN (not RMSSD)" in note


def test_beat_lists_become_coarse_recordings_with_a_caveat() -> None:
    first, second = parse_fixture().recordings
    assert first.source == WATCH
    assert first.start_utc == datetime(2026, 2, 3, 6, 15, tzinfo=UTC)
    assert first.rr_ms[:3] == pytest.approx([1000.0, 60000 / 63, 60000 / 66])
    assert first.beat_times_s is not None
    # clock times, nudged (ms) only where they sit closer than the bpm-derived intervals allow
    assert first.beat_times_s[:2] == pytest.approx([0.84, 1.79], abs=0.01)
    assert any("whole-number bpm" in n and "RMSSD" in n for n in first.notes)
    assert any("48.2 ms" in n for n in first.notes)
    assert second.beat_times_s == pytest.approx(
        [18.57, 19.2, 19.84, 20.48], abs=0.01
    )  # "4:17:18.57 pm"


def test_resting_heart_rate_by_day() -> None:
    assert values(parse_fixture(), "resting_hr_bpm") == {
        (WATCH, date(2026, 2, 3)): 54.0,
        (WATCH, date(2026, 2, 4)): 56.0,
    }


def test_sleep_hours_from_asleep_stages_per_source_overlaps_merged() -> None:
    # Watch: core 23:00-01:00 + deep 00:30-02:00 (3 h), REM 02:30-06:30 + core 05:00-06:00
    # (4 h); in-bed and awake left out. SleepTracker: 23:15-06:15 containing 01:00-03:00.
    assert values(parse_fixture(), "sleep_hours") == {
        (WATCH, date(2026, 2, 3)): pytest.approx(7.0),
        ("SleepTracker", date(2026, 2, 3)): pytest.approx(7.0),
    }


def test_malformed_records_are_skipped_with_a_reason() -> None:
    (skipped,) = parse_fixture().skipped
    assert "not a date" in skipped.where and "malformed" in skipped.reason


def test_export_zip_is_read_through_the_safe_archive() -> None:
    archive = zip_of(
        {
            "apple_health_export/export.xml": EXPORT.read_bytes(),
            "apple_health_export/export_cda.xml": b"<x/>",
        }
    )
    result = apple_health.parse(archive, "export.zip")
    assert result.file_name == "export.zip/apple_health_export/export.xml"
    assert len(result.recordings) == 2 and len(result.summaries) == 6


def test_zip_without_export_xml() -> None:
    with pytest.raises(InvalidInput, match="no export.xml inside"):
        apple_health.parse(zip_of({"notes.txt": b"hi"}), "export.zip")


def test_export_without_heart_data_is_refused() -> None:
    text = EXPORT.read_text(encoding="utf-8")
    body_start = text.index("<HealthData")
    xml = text[:body_start] + '<HealthData locale="en_GB">\n <Me/>\n</HealthData>\n'
    with pytest.raises(InvalidInput, match="has no heart data"):
        apple_health.parse(stream(xml), "export.xml")


def test_other_xml_is_not_an_apple_export() -> None:
    with pytest.raises(InvalidInput, match="not an Apple Health export"):
        apple_health.parse(stream("<gpx><trk/></gpx>"), "route.xml")


def test_truncated_xml_names_the_line() -> None:
    data = EXPORT.read_bytes()
    with pytest.raises(InvalidInput, match=r"export.xml, line \d+: the XML is malformed"):
        apple_health.parse(io.BytesIO(data[: len(data) // 2 + 1000]), "export.xml")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<HealthData>&lol3;</HealthData>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE HealthData [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<HealthData><Record type="x" sourceName="&secret;" startDate="a" endDate="b"/></HealthData>
"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external"])
def test_entities_are_refused(xml: str) -> None:
    with pytest.raises(InvalidInput, match="declares XML entities or external references"):
        apple_health.parse(stream(xml), "export.xml")


PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE HealthData [ <!ENTITY % remote SYSTEM "http://example.org/evil.dtd"> %remote; ]>
<HealthData/>
"""
UNPARSED_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE HealthData [
 <!NOTATION png SYSTEM "image/png">
 <!ENTITY picture SYSTEM "picture.png" NDATA png>
]>
<HealthData/>
"""
ENTITY_NEVER_USED = """<?xml version="1.0"?>
<!DOCTYPE HealthData [ <!ENTITY harmless "but still declared"> ]>
<HealthData/>
"""


@pytest.mark.parametrize(
    "xml",
    [PARAMETER_ENTITY, UNPARSED_ENTITY, ENTITY_NEVER_USED],
    ids=["parameter-entity", "unparsed-entity", "declared-not-used"],
)
def test_every_entity_declaration_is_refused_before_use(xml: str) -> None:
    with pytest.raises(InvalidInput, match="declares XML entities or external references"):
        apple_health.parse(stream(xml), "export.xml")


def test_the_safe_parser_refuses_entities_itself() -> None:
    parser = apple_health.safe_expat_parser()
    with pytest.raises(apple_health.XMLEntitiesRefused):
        parser.Parse(ENTITY_NEVER_USED.encode(), True)


def test_an_external_dtd_is_never_fetched(tmp_path: Path) -> None:
    """A DOCTYPE pointing at an outside file is not read: its entities could not be used."""
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "from outside">')
    _, body = EXPORT.read_text().split("]>", 1)
    xml = f'<?xml version="1.0"?>\n<!DOCTYPE HealthData SYSTEM "{dtd.as_uri()}">{body}'
    xml = xml.replace('sourceName="SleepTracker"', 'sourceName="Sleep&secret;Tracker"')
    result = apple_health.parse(stream(xml), "export.xml")
    assert len(result.recordings) == 2
    sources = {s.source for s in result.summaries}
    assert "SleepTracker" in sources  # the undeclared entity is dropped, its file never read
    assert not any("outside" in source for source in sources)


def test_apples_inline_dtd_is_accepted() -> None:
    assert EXPORT.read_text().count("<!ATTLIST") > 3  # the fixture carries Apple's DTD
    assert len(parse_fixture().recordings) == 2


def test_result_does_not_depend_on_how_the_stream_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = parse_fixture()
    monkeypatch.setattr(apple_health, "CHUNK_BYTES", 7)
    cut = parse_fixture()
    assert cut.summaries == whole.summaries
    assert cut.skipped == whole.skipped
    assert [r.rr_ms.tolist() for r in cut.recordings] == [
        r.rr_ms.tolist() for r in whole.recordings
    ]


def _export(records: str) -> str:
    head = EXPORT.read_text()
    return head[: head.index("<HealthData")] + f'<HealthData locale="en_GB">{records}</HealthData>'


def _sdnn(start: str, inner: str, value: str = "40", unit: str = "ms") -> str:
    return (
        f'<Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="Watch" '
        f'unit="{unit}" startDate="2026-02-03 {start} +0000" endDate="2026-02-03 {start} +0000" '
        f'value="{value}">{inner}</Record>'
    )


def _beats(*bpm: int, minute: str = "07:15") -> str:
    return "".join(
        f'<InstantaneousBeatsPerMinute bpm="{b}" time="{minute}:{i:02d}.00"/>'
        for i, b in enumerate(bpm)
    )


def test_only_beats_inside_a_readings_beat_list_are_kept() -> None:
    meta = '<MetadataEntry key="HKAlgorithmVersion" value="2"/>'
    records = (
        _sdnn(
            "07:15:00",
            f"{meta}{_beats(60, 61)}<HeartRateVariabilityMetadataList>"
            f"{_beats(62, 64, 66)}</HeartRateVariabilityMetadataList>{_beats(70, 71)}",
        )
        + _sdnn("08:00:00", "", value="33")  # a reading without beats: SDNN only
        + _sdnn(
            "09:00:00",
            f"<HeartRateVariabilityMetadataList>{_beats(58, 59)}"
            "</HeartRateVariabilityMetadataList>",
            unit="count/min",
        )  # skipped whole
        + f"<Workout>{_beats(90, 91, 92)}</Workout>"  # stray beats outside any reading
    )
    result = apple_health.parse(stream(_export(records)), "export.xml")
    (recording,) = result.recordings
    assert recording.rr_ms.tolist() == pytest.approx([60000 / 62, 60000 / 64, 60000 / 66])
    assert recording.coarse
    assert values(result, "sdnn_ms") == {("Watch", date(2026, 2, 3)): pytest.approx(36.5)}
    assert [s.reason for s in result.skipped] == ["unit 'count/min', expected 'ms'"]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("4:17:18.57 pm", 16 * 3600 + 17 * 60 + 18.57),
        ("12:00:01.5 am", 1.5),
        ("12:00:01 PM", 12 * 3600 + 1),
        ("16:17:18,57", 16 * 3600 + 17 * 60 + 18.57),
        ("7:15:00.84 a.m.", 7 * 3600 + 15 * 60 + 0.84),
        ("午後4:17:18", None),
    ],
)
def test_clock_times_in_several_locales(text: str, seconds: float | None) -> None:
    assert clock_seconds(text) == (pytest.approx(seconds) if seconds is not None else None)


def test_sleep_merging_handles_nested_and_disjoint_intervals() -> None:
    d = date(2026, 2, 3)
    hours = sleep_hours_by_day([(0, 3600, d), (600, 1200, d), (7200, 10800, d)])
    assert hours == {d: pytest.approx(2.0)}


class _GeneratedExport(io.RawIOBase):
    """A synthetic export.xml of `size` bytes, produced on the fly (never held in memory)."""

    def __init__(self, size: int) -> None:
        self._chunks = self._generate(size)
        self._buffer = b""

    def _generate(self, size: int) -> Iterator[bytes]:
        head = EXPORT.read_bytes()
        yield head[: head.index(b"<HealthData")] + b'<HealthData locale="en_GB">\n'
        written = 0
        rng = np.random.default_rng(1)
        i = 0
        while written < size:
            day = 1 + (i // 400) % 28
            hr = f'<Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min" creationDate="2026-02-{day:02d} 07:00:00 +0100" startDate="2026-02-{day:02d} 07:00:00 +0100" endDate="2026-02-{day:02d} 07:00:00 +0100" value="{60 + i % 30}">\n  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="1"/>\n </Record>\n'
            block = hr * 20
            if i % 50 == 0:
                beats = "".join(
                    f'<InstantaneousBeatsPerMinute bpm="{int(b)}" time="7:15:{k:02d}.00 am"/>'
                    for k, b in enumerate(rng.integers(55, 70, 55))
                )
                block += f'<Record type="HKQuantityTypeIdentifierHeartRateVariabilitySDNN" sourceName="Watch" unit="ms" startDate="2026-02-{day:02d} 07:15:00 +0100" endDate="2026-02-{day:02d} 07:16:00 +0100" value="45"><HeartRateVariabilityMetadataList>{beats}</HeartRateVariabilityMetadataList></Record>\n'
            data = block.encode()
            written += len(data)
            i += 1
            yield data
        yield b"</HealthData>\n"

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buffer = chunk
        n = min(len(target), len(self._buffer))
        target[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        return n


@pytest.mark.slow
def test_memory_stays_flat_on_a_50_mb_export() -> None:
    source = io.BufferedReader(_GeneratedExport(50 * 1024**2))
    tracemalloc.start()
    try:
        result = apple_health.parse(source, "export.xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(result.recordings) > 100
    assert peak < 10 * 1024**2, f"peak {peak / 1024**2:.1f} MB"


def test_attribute_order_does_not_matter() -> None:
    """Apple writes `type` first; a record with it elsewhere (or none at all) reads the same."""
    reordered = (
        '<Record sourceName="Watch" unit="count/min" startDate="2026-02-03 06:00:00 +0000" '
        'endDate="2026-02-03 06:00:00 +0000" value="51" '
        'type="HKQuantityTypeIdentifierRestingHeartRate"/><Record/>'
        + _sdnn(
            "07:15:00",
            f"<HeartRateVariabilityMetadataList>{_beats(62, 64)}"
            "</HeartRateVariabilityMetadataList>",
        )
    )
    result = apple_health.parse(stream(_export(reordered)), "export.xml")
    assert values(result, "resting_hr_bpm") == {("Watch", date(2026, 2, 3)): 51.0}
    assert len(result.recordings) == 1
