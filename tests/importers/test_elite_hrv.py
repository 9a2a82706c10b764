from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.importers.conftest import DATA, stream, zip_of
from vagal.errors import InvalidInput
from vagal.importers import elite_hrv

READING = DATA / "elite_hrv" / "2026-02-03 07-15-00.txt"


def test_single_file_start_time_comes_from_its_name() -> None:
    with READING.open("rb") as f:
        result = elite_hrv.parse(f, READING.name)
    (rec,) = result.recordings
    assert rec.source == "Elite HRV"
    assert rec.start_local == datetime(2026, 2, 3, 7, 15, 0)
    assert rec.start_utc is None and rec.local_time_only
    assert rec.n_intervals == 300
    assert 800 < rec.rr_ms.mean() < 1200
    assert result.warnings == ()


def test_zip_of_readings_gives_one_recording_each() -> None:
    members = {f"export/{p.name}": p.read_bytes() for p in sorted(READING.parent.glob("*.txt"))}
    members["export/readme.pdf"] = b"%PDF"
    result = elite_hrv.parse(zip_of(members), "elite_export.zip")
    starts = [r.start_local for r in result.recordings]
    assert starts == [datetime(2026, 2, 3, 7, 15), datetime(2026, 2, 4, 7, 2, 31)]
    assert result.recordings[0].file_name == "elite_export.zip/export/2026-02-03 07-15-00.txt"
    assert [s.where for s in result.skipped] == ["elite_export.zip/export/readme.pdf"]


def test_file_without_a_dated_name_has_no_time_and_says_so() -> None:
    result = elite_hrv.parse(stream("800\n810\n"), "reading.txt")
    assert result.recordings[0].start_local is None
    assert "does not give the start time" in result.warnings[0]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2017-06-29 13-11-53.txt", datetime(2017, 6, 29, 13, 11, 53)),
        ("dir/2026-02-03 07-15-00.TXT", datetime(2026, 2, 3, 7, 15)),
        ("2026-02-30 07-15-00.txt", None),
        ("notes.txt", None),
    ],
)
def test_start_from_name(name: str, expected: datetime | None) -> None:
    assert elite_hrv.start_from_name(name) == expected


def test_bad_line_and_empty_zip_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="2026-02-03 07-15-00.txt, line 2: 'x' is not a number"):
        elite_hrv.parse(stream("800\nx\n"), "2026-02-03 07-15-00.txt")
    with pytest.raises(InvalidInput, match="holds no Elite HRV readings"):
        elite_hrv.parse(zip_of({"a.txt": b"1\n"}), "e.zip")
