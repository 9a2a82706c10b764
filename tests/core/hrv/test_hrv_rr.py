"""RRSeries: validation, gaps, segments and timestamps."""

from __future__ import annotations

import numpy as np
import pytest

from vagal.core.hrv import rr_from_beat_times, rr_series
from vagal.errors import InvalidInput


def test_cumulative_beat_times_and_one_segment() -> None:
    s = rr_series([800.0, 900.0, 1000.0])
    assert s.beat_times_s.tolist() == pytest.approx([0.8, 1.7, 2.7])
    assert s.segment_starts.tolist() == [0]
    assert s.successive_differences_ms().tolist() == [100.0, 100.0]
    assert s.duration_s == pytest.approx(2.7)


def test_long_interval_is_a_gap_that_splits_segments() -> None:
    s = rr_series([800.0, 810.0, 5000.0, 790.0, 800.0])
    assert s.rr_ms.tolist() == [800.0, 810.0, 790.0, 800.0]
    assert s.segment_starts.tolist() == [0, 2]
    assert s.gap_count == 1
    assert s.gap_s == pytest.approx(5.0)
    # no successive difference spans the gap
    assert s.successive_differences_ms().tolist() == [10.0, 10.0]
    assert s.source_index.tolist() == [0, 1, 3, 4]


def test_timestamps_reveal_gaps() -> None:
    rr = [800.0, 800.0, 800.0, 800.0]
    s = rr_series(rr, timestamps_s=[0.8, 1.6, 10.0, 10.8])
    assert s.segment_starts.tolist() == [0, 2]
    assert s.gap_s == pytest.approx(10.0 - 1.6 - 0.8)


def test_from_beat_times() -> None:
    s = rr_from_beat_times([0.0, 1.0, 1.9, 2.9])
    assert s.rr_ms == pytest.approx([1000.0, 900.0, 1000.0])


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ([], "empty"),
        ([800.0, float("nan")], "not finite"),
        ([800.0, float("inf")], "not finite"),
        ([800.0, -5.0], "positive"),
        ([800.0, 0.0], "positive"),
        ([800.0, 150.0], "shorter than the plausible minimum"),
        ([0.8, 0.9, 0.85], "look like seconds"),
        ([8e5, 9e5], "Check the unit"),
    ],
)
def test_bad_values_raise_invalid_input(values: list[float], fragment: str) -> None:
    with pytest.raises(InvalidInput, match=fragment):
        rr_series(values)


def test_error_names_the_position() -> None:
    with pytest.raises(InvalidInput) as info:
        rr_series([800.0, 810.0, -1.0])
    assert "RR interval 3" in info.value.message
    assert info.value.details["position"] == 3


def test_timestamps_must_match_and_increase() -> None:
    with pytest.raises(InvalidInput, match="one timestamp"):
        rr_series([800.0, 800.0], timestamps_s=[0.8])
    with pytest.raises(InvalidInput, match="increase"):
        rr_series([800.0, 800.0], timestamps_s=[0.8, 0.8])
    with pytest.raises(InvalidInput, match="disagree"):
        rr_series([800.0, 2000.0], timestamps_s=[0.8, 1.0])


def test_real_holter_gaps(nsr001: np.ndarray) -> None:
    s = rr_series(nsr001)
    assert s.gap_count == 3
    assert s.segment_starts.size == 4
    assert s.n == nsr001.size - 3
