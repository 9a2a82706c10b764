"""Poincare, DFA and sample entropy against independent straightforward implementations."""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.hrv.conftest import peaks_128, quietly
from vagal.core.hrv import dfa_alpha, hrv_nonlinear, rr_series, sample_entropy
from vagal.core.hrv.nonlinear import DFA_ALPHA1_SCALES, DFA_ALPHA2_SCALES


def textbook_dfa(rr: np.ndarray, scales: list[int]) -> float:
    """Peng et al. 1995, written plainly: profile, non-overlapping boxes, polyfit per box."""
    y = np.cumsum(rr - rr.mean())
    fluct = []
    for n in scales:
        boxes = len(y) // n
        k = np.arange(n)
        ss = 0.0
        for b in range(boxes):
            seg = y[b * n : (b + 1) * n]
            fit = np.polyval(np.polyfit(k, seg, 1), k)
            ss += float(np.sum((seg - fit) ** 2))
        fluct.append(np.sqrt(ss / (boxes * n)))
    return float(np.polyfit(np.log(scales), np.log(fluct), 1)[0])


def brute_sampen(x: np.ndarray, m: int = 2) -> float:
    """O(N^2) sample entropy: N - m templates, Chebyshev distance <= 0.2 SD."""
    r = 0.2 * np.std(x, ddof=1)
    templates = np.lib.stride_tricks.sliding_window_view(x, m + 1)[: len(x) - m]
    n = len(templates)
    b = a = 0
    for i in range(n):
        dist = np.abs(templates[i + 1 :] - templates[i])
        short = np.all(dist[:, :m] <= r, axis=1)
        b += int(short.sum())
        a += int((short & (dist[:, m] <= r)).sum())
    return float(-np.log(a / b))


def test_dfa_matches_textbook(nsr001: np.ndarray) -> None:
    rr = nsr001[10000:12000]
    assert dfa_alpha([rr], DFA_ALPHA1_SCALES) == pytest.approx(
        textbook_dfa(rr, list(DFA_ALPHA1_SCALES)), abs=1e-6
    )
    assert dfa_alpha([rr], DFA_ALPHA2_SCALES) == pytest.approx(
        textbook_dfa(rr, list(DFA_ALPHA2_SCALES)), abs=1e-6
    )


def test_dfa_of_white_noise_is_about_half() -> None:
    noise = 800 + np.random.default_rng(0).normal(0, 30, 4000)
    assert dfa_alpha([noise], DFA_ALPHA1_SCALES) == pytest.approx(0.5, abs=0.15)


@pytest.mark.parametrize("start", [0, 5000, 40000])
def test_sample_entropy_equals_brute_force(nsr001: np.ndarray, start: int) -> None:
    rr = nsr001[start : start + 300]
    assert sample_entropy([rr]) == brute_sampen(rr)


def test_sample_entropy_exact_on_unquantised_and_mixed_values(nsr001: np.ndarray) -> None:
    rng = np.random.default_rng(2)
    continuous = 800 + rng.normal(0, 40, 250)
    assert sample_entropy([continuous]) == brute_sampen(continuous)
    mixed = nsr001[:400].copy()
    mixed[rng.choice(400, 20, replace=False)] += rng.uniform(-3, 3, 20)  # "corrected" beats
    assert sample_entropy([mixed]) == brute_sampen(mixed)


def test_nonlinear_agrees_with_neurokit(clean_5min: np.ndarray, neurokit) -> None:  # type: ignore[no-untyped-def]
    ours = hrv_nonlinear(rr_series(clean_5min))
    nk = quietly(neurokit.hrv_nonlinear, peaks_128(clean_5min), sampling_rate=128)
    assert ours.sd1_ms == pytest.approx(float(nk["HRV_SD1"].iloc[0]), rel=1e-9)
    # SD2 by Brennan's identity vs neurokit's direct SD: measured difference < 0.1 %
    assert ours.sd2_ms == pytest.approx(float(nk["HRV_SD2"].iloc[0]), rel=1e-3)
    assert ours.sample_entropy == pytest.approx(float(nk["HRV_SampEn"].iloc[0]), rel=1e-9)


@pytest.mark.slow
def test_sample_entropy_on_24h(nsr001: np.ndarray) -> None:
    # Its speed is measured in benchmarks/hrv_bench.py, never asserted here.
    value = sample_entropy([nsr001[nsr001 < 3000]])
    assert value is not None and 0.1 < value < 2.5


def test_short_series_reasons() -> None:
    result = hrv_nonlinear(rr_series([800.0, 820.0, 810.0] * 20))
    assert result.sd1_ms is not None
    assert result.dfa_alpha1 is None and "boxes of 16" in result.unavailable["dfa_alpha1"]
    assert result.sample_entropy is None and "200" in result.unavailable["sample_entropy"]


def test_dfa_boxes_never_span_a_gap() -> None:
    a = 800 + np.random.default_rng(4).normal(0, 20, 500)
    b = 1200 + np.random.default_rng(5).normal(0, 20, 500)
    joined = dfa_alpha([a, b], DFA_ALPHA1_SCALES)
    with_gap = hrv_nonlinear(rr_series(np.concatenate([a, [9000.0], b]))).dfa_alpha1
    assert with_gap == pytest.approx(joined)
    assert with_gap != pytest.approx(dfa_alpha([np.concatenate([a, b])], DFA_ALPHA1_SCALES))
