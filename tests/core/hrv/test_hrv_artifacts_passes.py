"""The incremental correction passes equal the plain definition: every later pass classifies
each dirty block on its own (classify_beats on the block with CONTEXT beats either side)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.hrv.conftest import holter_ms
from vagal.core.hrv import rr_series
from vagal.core.hrv.artifacts import (
    BLOCK,
    CONTEXT,
    MAX_ITERATIONS,
    REACH,
    ArtifactReport,
    _classify_near,
    _correct_all,
    _features,
    _features_after,
    _report,
    classify_beats,
    rr_clean,
)
from vagal.core.hrv.rr import RRSeries


def plain_rr_clean(series: RRSeries) -> tuple[RRSeries, ArtifactReport]:
    """rr_clean written directly: one classify_beats call per segment, then per dirty block."""
    current = series
    origin = np.arange(series.n, dtype=np.intp)
    passes = []
    previous = np.inf
    codes = np.concatenate([classify_beats(seg) for seg in series.segments()])
    for _ in range(MAX_ITERATIONS):
        found = int(np.count_nonzero(codes))
        if found == 0 or found >= previous:
            break
        passes.append((codes, origin))
        corrected, step_origin = _correct_all(current, codes)
        changed = corrected.rr_ms != current.rr_ms[step_origin]
        changed[1:] |= step_origin[1:] == step_origin[:-1]
        current, origin, previous = corrected, origin[step_origin], found
        codes = np.zeros(current.n, dtype=np.int8)
        bounds = current.segment_bounds
        for k, seg in enumerate(current.segments()):
            a = int(bounds[k])
            for hit in np.flatnonzero(changed[a : bounds[k + 1]]).tolist():
                for block in {
                    max(hit - REACH, 0) // BLOCK,
                    min(hit + REACH, seg.size - 1) // BLOCK,
                }:
                    start, stop = block * BLOCK, min(seg.size, (block + 1) * BLOCK)
                    lo, hi = max(0, start - CONTEXT), min(seg.size, stop + CONTEXT)
                    part = classify_beats(seg[lo:hi])[start - lo : stop - lo]
                    codes[a + start : a + stop] = part
    return current, _report(series, passes, corrected=True)


def corrupted(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    source = holter_ms("chf202" if seed % 2 else "nsr001")
    n = int(rng.integers(3000, 12000))
    start = int(rng.integers(0, source.size - n))
    rr = source[start : start + n].copy()
    for _ in range(int(rng.integers(5, 120))):
        j = int(rng.integers(1, 80)) if rng.random() < 0.2 else int(rng.integers(1, n - 2))
        kind = int(rng.integers(0, 3))
        if kind == 0:  # premature beat with compensatory pause
            rr[j + 1] += 0.4 * rr[j]
            rr[j] *= 0.6
        elif kind == 1:  # missed beat
            rr[j] *= 2.0
        else:  # extra beat
            rr[j] *= 0.45
    for j in rng.integers(0, n, int(rng.integers(0, 4))).tolist():
        rr[j] = 3500.0  # gaps: several segments
    if seed % 3 == 0:
        rr += rng.normal(0.0, 2.0, n)  # off the 1/128-s grid
        rr[rr > 3000] = 3500.0
    return np.maximum(rr, 210.0)


@pytest.mark.parametrize("seed", range(8))
def test_incremental_passes_equal_the_plain_definition(seed: int) -> None:
    series = rr_series(corrupted(seed))
    nn, report = rr_clean(series)
    plain_nn, plain_report = plain_rr_clean(series)
    assert report.iterations >= 2
    assert report == plain_report
    assert np.array_equal(nn.rr_ms, plain_nn.rr_ms)
    assert np.array_equal(nn.segment_starts, plain_nn.segment_starts)


def plain_near(series: RRSeries, changed: np.ndarray) -> np.ndarray:
    codes = np.zeros(series.n, dtype=np.int8)
    bounds = series.segment_bounds
    for k, seg in enumerate(series.segments()):
        a = int(bounds[k])
        for hit in np.flatnonzero(changed[a : bounds[k + 1]]).tolist():
            for block in {max(hit - REACH, 0) // BLOCK, min(hit + REACH, seg.size - 1) // BLOCK}:
                start, stop = block * BLOCK, min(seg.size, (block + 1) * BLOCK)
                lo, hi = max(0, start - CONTEXT), min(seg.size, stop + CONTEXT)
                codes[a + start : a + stop] = classify_beats(seg[lo:hi])[start - lo : stop - lo]
    return codes


def test_block_reclassification_edges() -> None:
    """Dense artefacts at the edges of the re-classified ranges and at segment starts."""
    mismatches = 0
    for seed in range(60):
        rng = np.random.default_rng(seed)
        n = int(rng.integers(2100, 6000))
        t = np.arange(n)
        rr = 800 + 150 * np.sin(t / 700.0 + rng.random() * 6) + rng.normal(0, 15, n)
        hit = rng.random(n) < 0.08
        rr[hit] *= rng.choice([0.6, 1.5, 2.0, 0.45], hit.sum())
        rr = np.clip(rr, 210, 2900)
        rr[rng.integers(0, n, int(rng.integers(0, 3)))] = 3500.0
        series = rr_series(rr)
        edges = [0, 1, 2, 3, BLOCK - REACH - 1, BLOCK - REACH, BLOCK + REACH - 1, BLOCK + REACH]
        changed = np.zeros(series.n, dtype=bool)
        changed[np.clip(np.concatenate([rng.integers(0, series.n, 5), edges]), 0, series.n - 1)] = 1
        same = np.arange(series.n)
        features = _features_after(
            series, series, same, _features(series.rr_ms, series.segment_bounds)
        )
        got = _classify_near(series, changed, features)
        mismatches += not np.array_equal(got, plain_near(series, changed))
    assert mismatches == 0
