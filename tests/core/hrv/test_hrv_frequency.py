"""Frequency domain: the recipe against an independent SciPy build, sines, peers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import interpolate, signal

from tests.core.hrv.conftest import peaks_128, quietly
from vagal.core.hrv import hrv_frequency, lomb_scargle_psd, rr_psd, rr_series
from vagal.core.hrv._resample import natural_cubic_spline, smoothness_priors_detrend
from vagal.core.hrv.frequency_domain import _window_starts


def test_spline_equals_scipy_natural_cubic_spline(nsr001: np.ndarray) -> None:
    rr = nsr001[:3000]
    t = np.cumsum(rr) / 1000.0
    grid = np.arange(t[0], t[-1], 0.25)
    ref = interpolate.CubicSpline(t, rr, bc_type="natural")(grid)
    assert np.max(np.abs(natural_cubic_spline(t, rr, grid) - ref)) < 1e-9


def test_smoothness_priors_equals_dense_solve() -> None:
    n, lam = 300, 500.0
    frames = np.random.default_rng(0).normal(size=(3, n)).cumsum(axis=1)
    d2 = np.diff(np.eye(n), 2, axis=0)
    trend = np.linalg.solve(np.eye(n) + lam**2 * d2.T @ d2, frames.T).T
    assert np.allclose(smoothness_priors_detrend(frames, lam), frames - trend, atol=1e-7)


def reference_welch(rr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The documented recipe rebuilt from SciPy pieces and a dense solve."""
    t = np.concatenate([[0.0], np.cumsum(rr) / 1000.0])
    y = np.concatenate([[rr[0]], rr])
    x = interpolate.CubicSpline(t, y, bc_type="natural")(np.arange(t[0], t[-1], 0.25))
    width = min(1024, x.size)
    d2 = np.diff(np.eye(width), 2, axis=0)
    smoother = np.linalg.inv(np.eye(width) + 500.0**2 * d2.T @ d2)
    rows = []
    for s in np.round(_window_starts(float(x.size), float(width))).astype(int):
        frame = x[s : s + width]
        f, p = signal.periodogram(
            frame - smoother @ frame, fs=4.0, window="hann", nfft=1024, detrend=False
        )
        rows.append(p)
    return f, np.mean(rows, axis=0)


def test_welch_equals_independent_reference(clean_5min: np.ndarray) -> None:
    spectrum = rr_psd(rr_series(clean_5min))
    f, p = reference_welch(clean_5min)
    assert np.allclose(spectrum.freqs_hz, f)
    assert np.allclose(spectrum.psd_ms2_hz, p, rtol=1e-6, atol=1e-6 * p.max())


def sine_rr(freq_hz: float, amp_ms: float, seconds: float = 600.0) -> np.ndarray:
    rr, t = [], 0.0
    while t < seconds:
        value = 900.0 + amp_ms * math.sin(2 * math.pi * freq_hz * t)
        rr.append(value)
        t += value / 1000.0
    return np.array(rr)


@pytest.mark.parametrize(("freq", "band"), [(0.1, "lf_ms2"), (0.25, "hf_ms2")])
@pytest.mark.parametrize("method", ["welch", "lomb"])
def test_sine_power_lands_in_its_band(freq: float, band: str, method: str) -> None:
    amp = 30.0
    result = hrv_frequency(rr_series(sine_rr(freq, amp)), method)  # type: ignore[arg-type]
    power = getattr(result, band)
    assert power == pytest.approx(amp**2 / 2, rel=0.10)
    other = "hf_ms2" if band == "lf_ms2" else "lf_ms2"
    assert getattr(result, other) < 0.05 * power


def test_lomb_scargle_of_a_sine_integrates_to_its_variance() -> None:
    t = np.cumsum(np.random.default_rng(1).uniform(0.75, 0.95, 300))  # beat-like, uneven
    y = 20 * np.sin(2 * np.pi * 0.2 * t)
    freqs = np.arange(1, 130) * 4 / 1024
    psd = lomb_scargle_psd(t, y, freqs)
    assert psd.sum() * 4 / 1024 == pytest.approx(200.0, rel=0.1)


def test_short_recording_marks_vlf_unavailable(clean_5min: np.ndarray) -> None:
    result = hrv_frequency(rr_series(clean_5min[:200]))
    assert result.vlf_ms2 is None
    assert "300 s" in result.unavailable["vlf_ms2"]
    assert result.lf_hf is not None


def test_too_short_for_any_band() -> None:
    result = hrv_frequency(rr_series([800.0] * 40))
    assert result.hf_ms2 is None and result.lf_hf is None
    assert set(result.unavailable) >= {"hf_ms2", "lf_ms2", "lf_hf"}


def test_agrees_with_neurokit_and_scipy_within_measured_spread(
    clean_5min: np.ndarray,
    neurokit,  # type: ignore[no-untyped-def]
) -> None:
    ours = hrv_frequency(rr_series(clean_5min))
    nk = quietly(neurokit.hrv_frequency, peaks_128(clean_5min), sampling_rate=128, normalize=False)
    assert ours.lf_hf == pytest.approx(float(nk["HRV_LFHF"].iloc[0]), rel=0.10)
    assert ours.lf_ms2 == pytest.approx(float(nk["HRV_LF"].iloc[0]), rel=0.10)
    assert ours.hf_ms2 == pytest.approx(float(nk["HRV_HF"].iloc[0]), rel=0.10)
    # plain SciPy Welch: 4 Hz natural cubic spline, 256 s Hann, linear detrend
    t = np.concatenate([[0.0], np.cumsum(clean_5min) / 1000.0])
    x = interpolate.CubicSpline(
        t, np.concatenate([[clean_5min[0]], clean_5min]), bc_type="natural"
    )(np.arange(0, t[-1], 0.25))
    nperseg = min(1024, x.size)
    f, p = signal.welch(x, fs=4, window="hann", nperseg=nperseg, nfft=1024, detrend="linear")
    lf = p[(f >= 0.04) & (f < 0.15)].sum() * f[1]
    hf = p[(f >= 0.15) & (f < 0.4)].sum() * f[1]
    # (SciPy's Welch drops the last 44 s of a 300-s recording; we spread two windows over it)
    assert ours.lf_ms2 == pytest.approx(lf, rel=0.20)
    assert ours.hf_ms2 == pytest.approx(hf, rel=0.20)


def test_lomb_and_welch_agree_on_lf_hf(clean_5min: np.ndarray) -> None:
    welch = hrv_frequency(rr_series(clean_5min), "welch")
    lomb = hrv_frequency(rr_series(clean_5min), "lomb")
    assert lomb.lf_hf == pytest.approx(welch.lf_hf, rel=0.25)
