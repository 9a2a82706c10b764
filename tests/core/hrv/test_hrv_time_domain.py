"""Time-domain metrics: hand-computed cases, properties, NeuroKit2 on real data."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.hrv.conftest import peaks_128, quietly
from vagal.core.hrv import hrv_time, rr_series

HAND = [800.0, 850.0, 790.0, 900.0, 820.0, 800.0, 880.0, 860.0, 810.0, 830.0]
# successive differences: 50, -60, 110, -80, -20, 80, -20, -50, 20


def test_hand_computed_time_domain() -> None:
    t = hrv_time(rr_series(HAND))
    diffs = np.array([50, -60, 110, -80, -20, 80, -20, -50, 20], dtype=float)
    mean = 8340.0 / 10
    assert t.mean_rr_ms == pytest.approx(834.0)
    assert t.mean_hr_bpm == pytest.approx(60000.0 / 834.0)
    assert t.min_hr_bpm == pytest.approx(60000.0 / 900.0)
    assert t.max_hr_bpm == pytest.approx(60000.0 / 790.0)
    sdnn = math.sqrt(sum((v - mean) ** 2 for v in HAND) / 9)
    assert t.sdnn_ms == pytest.approx(sdnn)
    assert t.rmssd_ms == pytest.approx(math.sqrt(np.sum(diffs**2) / 9))  # sqrt(34700/9)
    assert t.rmssd_ms == pytest.approx(62.093120, rel=1e-6)
    assert t.ln_rmssd == pytest.approx(math.log(math.sqrt(34700 / 9)))
    assert t.sdsd_ms == pytest.approx(float(np.std(diffs, ddof=1)))
    # |d| > 50: 60, 110, 80, 80 -> 4 of 9 differences; |d| > 20: 50,60,110,80,80,50 -> 6 of 9
    assert t.nn50 == 4
    assert t.pnn50_pct == pytest.approx(400 / 9)
    assert t.nn20 == 6
    assert t.pnn20_pct == pytest.approx(600 / 9)
    assert "hrv_triangular_index" in t.unavailable


def test_triangular_index_hand_computed() -> None:
    # 20 min of beats: 1500 intervals, 1000 at 800 ms (one bin), 500 at 812 ms (next bin)
    rr = np.array([800.0] * 1000 + [812.0] * 500)
    t = hrv_time(rr_series(rr))
    assert t.hrv_triangular_index == pytest.approx(1500 / 1000)


def test_short_series_reports_unavailable_not_nan() -> None:
    t = hrv_time(rr_series([800.0, 810.0, 820.0]))
    assert t.rmssd_ms is None
    assert "at least" in t.unavailable["rmssd_ms"]
    assert t.mean_rr_ms == pytest.approx(810.0)


rr_lists = st.lists(st.floats(400.0, 1500.0), min_size=12, max_size=200)


@settings(max_examples=60, deadline=None)
@given(rr_lists, st.floats(0.5, 2.5))
def test_scaling_scales_sdnn_and_rmssd(rr: list[float], k: float) -> None:
    scaled = [v * k for v in rr]
    if max(scaled) > 3000 or min(scaled) < 200:
        return
    a, b = hrv_time(rr_series(rr)), hrv_time(rr_series(scaled))
    assert b.sdnn_ms == pytest.approx(k * a.sdnn_ms, rel=1e-9, abs=1e-9)
    assert b.rmssd_ms == pytest.approx(k * a.rmssd_ms, rel=1e-9, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(rr_lists, st.floats(-150.0, 150.0))
def test_adding_a_constant_keeps_rmssd_and_sdnn(rr: list[float], c: float) -> None:
    a, b = hrv_time(rr_series(rr)), hrv_time(rr_series([v + c for v in rr]))
    assert b.rmssd_ms == pytest.approx(a.rmssd_ms, rel=1e-9, abs=1e-6)
    assert b.sdnn_ms == pytest.approx(a.sdnn_ms, rel=1e-9, abs=1e-6)


def test_matches_neurokit_on_real_clean_data(clean_5min: np.ndarray, neurokit) -> None:  # type: ignore[no-untyped-def]
    ours = hrv_time(rr_series(clean_5min))
    theirs = quietly(neurokit.hrv_time, peaks_128(clean_5min), sampling_rate=128)
    assert ours.rmssd_ms == pytest.approx(float(theirs["HRV_RMSSD"].iloc[0]), rel=1e-9, abs=1e-9)
    assert ours.sdnn_ms == pytest.approx(float(theirs["HRV_SDNN"].iloc[0]), rel=1e-9, abs=1e-9)
    assert ours.mean_rr_ms == pytest.approx(float(theirs["HRV_MeanNN"].iloc[0]), rel=1e-12)
    # neurokit divides NN50 by N, we by the N - 1 successive differences
    n = clean_5min.size
    assert ours.pnn50_pct * (n - 1) / n == pytest.approx(float(theirs["HRV_pNN50"].iloc[0]))
