"""`analyze_rr_many` (many series in one call) against `analyze_rr` one series at a time."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vagal.core.hrv.artifacts import rr_artifacts, rr_artifacts_many
from vagal.core.hrv.pipeline import analyze_rr, analyze_rr_many
from vagal.core.hrv.report import HRVReport
from vagal.core.hrv.rr import RRSeries, rr_series, rr_series_many
from vagal.errors import InvalidInput

Item = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64] | None]


def _one(rr: Any, times: Any, frequency_domain: bool) -> HRVReport | InvalidInput:
    try:
        return analyze_rr(
            rr, timestamps_s=times, correct_artifacts=False, frequency_domain=frequency_domain
        )
    except InvalidInput as exc:
        return exc


def _same(batch: HRVReport | InvalidInput, single: HRVReport | InvalidInput) -> None:
    if isinstance(single, InvalidInput):
        assert isinstance(batch, InvalidInput)
        assert (batch.message, batch.details) == (single.message, single.details)
        return
    assert isinstance(batch, HRVReport)
    # the JSON text: every float to its last bit, NaN included
    assert json.dumps(batch.to_dict()) == json.dumps(single.to_dict())
    assert batch == single


def _check(items: list[Item], frequency_domain: bool = False) -> None:
    batch = analyze_rr_many(items, frequency_domain=frequency_domain)
    assert len(batch) == len(items)
    for (rr, times), result in zip(items, batch, strict=True):
        _same(result, _one(rr, times, frequency_domain))


def _bpm_series(rng: np.random.Generator, n: int) -> npt.NDArray[np.float64]:
    """Intervals from whole-number bpm, as in Apple's beat lists."""
    bpm = np.round(rng.normal(65, 6, n)).clip(40, 180)
    return np.asarray(60000.0 / bpm, dtype=np.float64)


@st.composite
def series(draw: st.DrawFn) -> Item:
    """A short RR series: plain, coarse, with artefacts, gaps, timestamps or invalid values."""
    n = draw(st.integers(0, 160))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    kind = draw(st.sampled_from(["normal", "coarse", "constant", "wild"]))
    if kind == "normal":
        rr = rng.normal(850, draw(st.sampled_from([5.0, 40.0, 120.0])), n).clip(300, 2500)
    elif kind == "coarse":
        rr = _bpm_series(rng, n)
    elif kind == "constant":
        rr = np.full(n, 1000.0)
    else:
        rr = rng.uniform(250, 2900, n)
    rr = np.asarray(rr, dtype=np.float64)
    for _ in range(draw(st.integers(0, 4)) if n else 0):  # artefacts
        i = draw(st.integers(0, n - 1))
        rr[i] = draw(st.sampled_from([rr[i] * 2, rr[i] / 2, rr[i] * 0.6, rr[i] * 1.4, 400.0]))
        rr[i] = max(rr[i], 201.0)
    for _ in range(draw(st.integers(0, 2)) if n else 0):  # gaps (signal loss)
        rr[draw(st.integers(0, n - 1))] = draw(st.sampled_from([3500.0, 9000.0]))
    if n and draw(st.integers(0, 19)) == 0:  # invalid values
        rr[draw(st.integers(0, n - 1))] = draw(st.sampled_from([-5.0, 0.0, 150.0, np.nan]))
    times: npt.NDArray[np.float64] | None = None
    if n and draw(st.booleans()):
        times = np.cumsum(rr) / 1000.0
        if draw(st.booleans()):  # lost time shown by the clock only
            times[draw(st.integers(0, n - 1)) :] += draw(st.sampled_from([0.4, 2.0, 30.0]))
        if draw(st.integers(0, 9)) == 0:  # clock and intervals disagree
            times = times[::-1].copy()
    return rr, times


@settings(max_examples=150, deadline=None)
@given(st.lists(series(), min_size=1, max_size=12))
def test_many_matches_one_by_one(items: list[Item]) -> None:
    _check(items)


def test_apple_like_beat_lists() -> None:
    rng = np.random.default_rng(11)
    items: list[Item] = []
    for k in range(300):
        rr = _bpm_series(rng, int(rng.integers(5, 130)))
        if k % 3 == 0 and rr.size > 20:
            rr[int(rng.integers(0, rr.size))] *= 1.8  # a missed beat
        times = np.cumsum(rr) / 1000.0 if k % 2 else None
        items.append((rr, times))
    _check(items)


def test_edge_cases() -> None:
    ok = _bpm_series(np.random.default_rng(3), 60)
    items: list[Item] = [
        (np.array([]), None),  # empty
        (np.array([800.0]), None),  # one interval
        (np.full(9, 800.0), None),  # one short of the minimum
        (np.full(10, 800.0), None),  # exactly the minimum, no variability
        (np.full(12, 5000.0), None),  # no plausible interval at all
        (np.array([800.0, 4000.0] * 8), None),  # only gaps between single beats
        (np.concatenate([ok[:3], [5000.0], ok[3:6], [5000.0], ok[6:40]]), None),  # tiny segments
        (ok, np.cumsum(ok)[::-1] / 1000.0),  # timestamps out of order
        (ok, None),
        (np.array([800.0, np.nan] * 10), None),
        (ok / 1000.0, None),  # seconds, not milliseconds
        (np.where(np.arange(60) % 7 == 3, ok * 2.0, ok), None),  # many artefacts
        (np.tile([600.0, 1200.0], 30), None),  # alternating: too many to analyse
    ]
    _check(items)
    _check([items[-1]])
    assert analyze_rr_many([]) == []


def test_spectrum_too(nsr001: npt.NDArray[np.float64]) -> None:
    """With the spectrum on, long series give the same reports as well."""
    _check([(nsr001[:600], None), (nsr001[5000:5400], None), (nsr001[:5], None)], True)


def test_unknown_spectral_method() -> None:
    with pytest.raises(InvalidInput, match="spectral method"):
        analyze_rr_many([], spectral_method="fft")  # type: ignore[arg-type]


def test_artifacts_many_matches_one_by_one(chf202: npt.NDArray[np.float64]) -> None:
    parts = [chf202[a : a + size] for a, size in ((0, 3000), (40000, 95), (70000, 2500))]
    many = rr_artifacts_many([rr_series(p) for p in parts])
    for part, (codes, report) in zip(parts, many, strict=True):
        single_codes, single_report = rr_artifacts(rr_series(part))
        assert np.array_equal(codes, single_codes)
        assert report == single_report
    assert any(report.total for _, report in many)
    assert rr_artifacts_many([]) == []


def test_series_many_matches_one_by_one() -> None:
    """Inputs off the fast path (lists, integers, 2-D, mismatched timestamps) and on it."""
    rr = _bpm_series(np.random.default_rng(8), 40)
    times = np.cumsum(rr) / 1000.0
    items: list[tuple[Any, Any]] = [
        ([800, 810, 790] * 5, None),
        (np.arange(900, 940), None),
        (rr.reshape(4, 10), None),
        (rr, times[:-1]),
        (rr, times.reshape(4, 10)),
        (np.array([]), None),
        (rr, times),
        (rr, None),
        (["a", "b"], None),
        (rr, np.where(np.arange(40) == 7, np.inf, times)),
        (rr, times + np.where(np.arange(40) >= 20, 5.0, 0.0)),  # a gap shown by the clock
        (np.where(np.arange(40) % 9 == 4, 4000.0, rr), times),  # gap intervals
        (rr, times - np.where(np.arange(40) >= 20, 0.6, 0.0)),  # clock behind the intervals
    ]
    many = rr_series_many(items)
    for (values, stamps), got in zip(items, many, strict=True):
        try:
            expected: RRSeries | InvalidInput = rr_series(values, timestamps_s=stamps)
        except InvalidInput as exc:
            expected = exc
        if isinstance(expected, InvalidInput):
            assert isinstance(got, InvalidInput)
            assert (got.message, got.details) == (expected.message, expected.details)
        else:
            assert isinstance(got, RRSeries)
            for name in ("rr_ms", "beat_times_s", "segment_starts", "source_index"):
                assert np.array_equal(getattr(got, name), getattr(expected, name))
            assert (got.gap_count, got.gap_s) == (expected.gap_count, expected.gap_s)
    assert sum(isinstance(m, RRSeries) for m in many) >= 5
    assert rr_series_many([]) == []
