from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from tests.importers.conftest import DATA, stream
from vagal.errors import InvalidInput
from vagal.importers import hrv4training, kubios
from vagal.importers.model import ImportResult

KUBIOS = DATA / "kubios"


def parse_kubios(name: str, **options: str) -> ImportResult:
    with (KUBIOS / name).open("rb") as f:
        return kubios.parse(f, name, **options)  # type: ignore[arg-type]


def test_kubios_rr_text_two_columns_header_names_seconds() -> None:
    (rec,) = parse_kubios("kubios_rr.txt").recordings
    assert rec.n_intervals == 150
    assert 850 < rec.rr_ms.mean() < 1050
    assert rec.source == "Kubios"


def test_kubios_results_rr_section() -> None:
    (rec,) = parse_kubios("kubios_results.csv").recordings
    (text,) = parse_kubios("kubios_rr.txt").recordings
    assert rec.n_intervals == 150  # the spectrum column runs longer and is ignored
    assert np.allclose(rec.rr_ms, text.rr_ms)
    assert rec.rr_ms[0] == pytest.approx(966.0)
    assert "Kubios's own beat corrections" in rec.notes[0]


def test_kubios_one_column_needs_a_unit() -> None:
    with pytest.raises(InvalidInput, match="unit .* is unknown"):
        kubios.parse(stream("Header line\n0.8\n0.81\n"), "k.txt")
    (rec,) = kubios.parse(stream("Header line\n0.8\n0.81\n"), "k.txt", unit="s").recordings
    assert rec.rr_ms.tolist() == pytest.approx([800.0, 810.0])


def test_kubios_results_without_rr_section() -> None:
    with pytest.raises(InvalidInput, match="no 'RR INTERVAL DATA AND SPECTRUM ESTIMATES'"):
        kubios.parse(stream("Kubios HRV results\nRMSSD (ms):,40\n"), "r.csv")


def test_kubios_wrong_columns() -> None:
    with pytest.raises(InvalidInput, match="line 3: expected one column .* found 3"):
        kubios.parse(stream("rr_ms\n800\n1,2,3\n"), "k.txt")


def parse_h4t() -> ImportResult:
    path = DATA / "hrv4training" / "MyMeasurements.csv"
    with path.open("rb") as f:
        return hrv4training.parse(f, path.name)


def test_hrv4training_daily_summaries() -> None:
    result = parse_h4t()
    got = {(s.metric, s.local_date): s.value for s in result.summaries}
    assert got[("rmssd_ms", date(2026, 2, 1))] == 58.4
    assert got[("resting_hr_bpm", date(2026, 2, 1))] == 55.0
    assert got[("sdnn_ms", date(2026, 2, 1))] == 62.3
    assert got[("mean_nn_ms", date(2026, 2, 1))] == 1090.9
    assert got[("pnn50_pct", date(2026, 2, 1))] == 31.2
    assert got[("rmssd_ms", date(2026, 2, 2))] == 47.9  # morning kept, evening skipped
    assert got[("rmssd_ms", date(2026, 2, 3))] == 52.6  # orthostatic: lying values
    assert got[("resting_hr_bpm", date(2026, 2, 3))] == 57.0
    assert ("sdnn_ms", date(2026, 2, 3)) not in got  # '-' is missing
    assert all(s.source == "HRV4Training" for s in result.summaries)


def test_hrv4training_skips_with_reasons() -> None:
    reasons = [(s.where, s.reason) for s in parse_h4t().skipped]
    assert any("line 4" in w and "later measurement" in r for w, r in reasons)
    assert any("line 6" in w and "'abc' is not a number" in r for w, r in reasons)
    assert any("line 7" in w and "no readable date" in r for w, r in reasons)


def test_hrv4training_wrong_columns() -> None:
    with pytest.raises(InvalidInput, match="does not have HRV4Training's columns"):
        hrv4training.parse(stream("day,steps\n2026-02-01,5000\n"), "x.csv")
