"""Frequency-domain HRV metrics (Task Force 1996 bands, Kubios-style recipe).

Recipe (see docs/hrv-metrics.md for the full specification and validation):

* per gap-free segment of at least 60 s, the NN tachogram (value at the time of the beat that
  ends each interval) is resampled at 4 Hz with a natural cubic spline;
* the segment is cut into 256-s windows (1024 samples) spread evenly from its start to its end
  with at least 50 % overlap; a segment shorter than 256 s is one window;
* each window is detrended with smoothness priors (lambda = 500, Tarvainen et al. 2002), Hann
  windowed, and its periodogram taken with a 1024-point FFT (shorter windows zero-padded), so
  every window shares one frequency grid (df = 4/1024 Hz); the PSD is the mean over windows;
* Lomb-Scargle option: the same windows in time, on the uneven series (mean and linear trend
  removed), evaluated on the same grid, scaled to ms^2/Hz.

Band powers integrate the PSD (rectangle rule) over [low, high): VLF 0.003-0.04 Hz, LF
0.04-0.15 Hz, HF 0.15-0.4 Hz.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from vagal.core.hrv._resample import natural_cubic_spline, smoothness_priors_detrend
from vagal.core.hrv.rr import FloatArray, RRSeries

SpectralMethod = Literal["welch", "lomb"]

FS_HZ = 4.0
WINDOW_S = 256.0
NFFT = 1024
LAMBDA = 500.0
DF_HZ = FS_HZ / NFFT
BANDS_HZ = {"vlf": (0.003, 0.04), "lf": (0.04, 0.15), "hf": (0.15, 0.4)}
MIN_SEGMENT_S = 60.0
"""Segments shorter than this do not enter the spectrum."""
MIN_DURATION_S = {"hf": 60.0, "lf": 120.0, "vlf": 300.0}
"""A band needs a gap-free segment of at least 10 periods of its lower edge (Task Force:
~1 min for HF, ~2 min for LF); VLF from 5 minutes or less is not interpretable."""


@dataclass(frozen=True, slots=True)
class FrequencyDomain:
    """Band powers (ms^2), their natural logs, normalised units, LF/HF and peak frequencies."""

    vlf_ms2: float | None = None
    lf_ms2: float | None = None
    hf_ms2: float | None = None
    total_power_ms2: float | None = None
    ln_vlf: float | None = None
    ln_lf: float | None = None
    ln_hf: float | None = None
    lf_nu: float | None = None
    hf_nu: float | None = None
    lf_hf: float | None = None
    lf_peak_hz: float | None = None
    hf_peak_hz: float | None = None
    method: str = "welch"
    n_windows: int = 0
    unavailable: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Spectrum:
    """One-sided power spectral density on the shared grid."""

    freqs_hz: FloatArray
    psd_ms2_hz: FloatArray
    n_windows: int
    longest_segment_s: float


def rr_psd(nn: RRSeries, method: SpectralMethod = "welch") -> Spectrum:
    """PSD of the NN series (ms^2/Hz) by Welch (default) or Lomb-Scargle."""
    rows: list[FloatArray] = []
    longest = 0.0
    for rr, times in zip(nn.segments(), nn.segment_times(), strict=True):
        if rr.size < 3:
            continue
        t = np.concatenate([[times[0] - rr[0] / 1000.0], times])
        y = np.concatenate([[rr[0]], rr])
        span = float(t[-1] - t[0])
        if span < MIN_SEGMENT_S:
            continue
        longest = max(longest, span)
        rows.extend(_welch_frames(t, y) if method == "welch" else _lomb_rows(t, y))
    if method == "welch":
        rows = _welch_rows(rows)
    freqs: FloatArray = np.arange(NFFT // 2 + 1, dtype=np.float64) * DF_HZ
    if not rows:
        return Spectrum(freqs, np.zeros(freqs.size), 0, longest)
    psd: FloatArray = np.mean(np.asarray(rows), axis=0)
    return Spectrum(freqs, psd, len(rows), longest)


def _window_starts(length: float, window: float) -> FloatArray:
    if length <= window:
        return np.zeros(1)
    count = math.ceil((length - window) / (window / 2.0)) + 1
    return np.linspace(0.0, length - window, count)


def _welch_frames(t: FloatArray, y: FloatArray) -> list[FloatArray]:
    """The 4-Hz spline resampling of one segment, cut into its (overlapping) windows."""
    grid = np.arange(t[0], t[-1], 1.0 / FS_HZ)
    x = natural_cubic_spline(t, y, grid)
    width = min(NFFT, x.size)
    starts = np.round(_window_starts(float(x.size), float(width))).astype(np.intp)
    return [x[s : s + width] for s in starts]


def _welch_rows(frames: list[FloatArray]) -> list[FloatArray]:
    """Periodogram of each window (detrended, Hann-tapered); windows of one length (all but
    those of segments shorter than 256 s) are detrended and transformed together."""
    rows: list[FloatArray] = [np.empty(0)] * len(frames)
    for width in sorted({f.size for f in frames}):
        which = [i for i, f in enumerate(frames) if f.size == width]
        stacked = smoothness_priors_detrend(np.stack([frames[i] for i in which]), LAMBDA)
        taper = 0.5 - 0.5 * np.cos(2.0 * np.pi * np.arange(width) / width)  # periodic Hann
        spec = np.abs(np.fft.rfft(stacked * taper, n=NFFT, axis=1)) ** 2
        psd = spec / (FS_HZ * float(np.sum(taper**2)))
        psd[:, 1:-1] *= 2.0
        for i, row in zip(which, psd, strict=True):
            rows[i] = row
    return rows


def _lomb_rows(t: FloatArray, y: FloatArray) -> list[FloatArray]:
    freqs: FloatArray = np.arange(1, int(BANDS_HZ["hf"][1] / DF_HZ) + 2, dtype=np.float64) * DF_HZ
    rows: list[FloatArray] = []
    span = float(t[-1] - t[0])
    for start in _window_starts(span, WINDOW_S):
        sel = (t >= t[0] + start) & (t <= t[0] + start + min(WINDOW_S, span))
        if np.count_nonzero(sel) < 8:
            continue
        row = np.zeros(NFFT // 2 + 1)
        row[1 : freqs.size + 1] = lomb_scargle_psd(t[sel], y[sel], freqs)
        rows.append(row)
    return rows


def lomb_scargle_psd(t: FloatArray, y: FloatArray, freqs_hz: FloatArray) -> FloatArray:
    """Lomb-Scargle periodogram (Lomb 1976; Scargle 1982) of uneven samples, as a one-sided
    density in units of y^2/Hz: 2 * P / fs_eff with fs_eff = n / T, so that its integral
    approximates the variance of y. Mean and linear trend are removed first."""
    tc = t - t.mean()
    slope = float(np.dot(tc, y - y.mean()) / np.dot(tc, tc))
    z = y - y.mean() - slope * tc
    omega = 2.0 * np.pi * freqs_hz[:, None]
    tau = np.arctan2(np.sin(2 * omega * tc).sum(axis=1), np.cos(2 * omega * tc).sum(axis=1))
    phase = omega * tc - tau[:, None] / 2.0
    cos, sin = np.cos(phase), np.sin(phase)
    power = 0.5 * ((cos @ z) ** 2 / (cos**2).sum(axis=1) + (sin @ z) ** 2 / (sin**2).sum(axis=1))
    duration = float(t[-1] - t[0]) or 1.0
    result: FloatArray = 2.0 * power * duration / t.size
    return result


def band_power(spectrum: Spectrum, band: tuple[float, float]) -> float:
    """Integral of the PSD over [low, high) Hz, ms^2."""
    lo, hi = band
    mask = (spectrum.freqs_hz >= lo) & (spectrum.freqs_hz < hi)
    return float(spectrum.psd_ms2_hz[mask].sum() * DF_HZ)


def peak_frequency(spectrum: Spectrum, band: tuple[float, float]) -> float:
    """Frequency of the PSD maximum within [low, high) Hz."""
    lo, hi = band
    mask = (spectrum.freqs_hz >= lo) & (spectrum.freqs_hz < hi)
    freqs = spectrum.freqs_hz[mask]
    return float(freqs[np.argmax(spectrum.psd_ms2_hz[mask])])


def hrv_frequency(nn: RRSeries, method: SpectralMethod = "welch") -> FrequencyDomain:
    """Task Force frequency-domain metrics of an NN series."""
    spectrum = rr_psd(nn, method)
    values: dict[str, float | None] = {}
    missing: dict[str, str] = {}
    have = {b: spectrum.longest_segment_s >= MIN_DURATION_S[b] for b in BANDS_HZ}
    for name, band in BANDS_HZ.items():
        if have[name]:
            power = band_power(spectrum, band)
            values[f"{name}_ms2"] = power
            values[f"ln_{name}"] = math.log(power) if power > 0 else None
        else:
            reason = (
                f"needs a gap-free stretch of at least {MIN_DURATION_S[name]:g} s, "
                f"longest is {spectrum.longest_segment_s:.0f} s"
            )
            missing |= {f"{name}_ms2": reason, f"ln_{name}": reason}
    _derived(spectrum, values, missing, have)
    return FrequencyDomain(
        **values, method=method, n_windows=spectrum.n_windows, unavailable=missing
    )


def _derived(
    spectrum: Spectrum,
    values: dict[str, float | None],
    missing: dict[str, str],
    have: dict[str, bool],
) -> None:
    if have["lf"] and have["hf"]:
        lf, hf = values["lf_ms2"] or 0.0, values["hf_ms2"] or 0.0
        if lf + hf > 0:
            values |= {"lf_nu": 100 * lf / (lf + hf), "hf_nu": 100 * hf / (lf + hf)}
        values["lf_hf"] = lf / hf if hf > 0 else None
        values["lf_peak_hz"] = peak_frequency(spectrum, BANDS_HZ["lf"])
        values["hf_peak_hz"] = peak_frequency(spectrum, BANDS_HZ["hf"])
    else:
        reason = "needs both LF and HF power"
        missing |= dict.fromkeys(("lf_nu", "hf_nu", "lf_hf", "lf_peak_hz", "hf_peak_hz"), reason)
    if have["vlf"] and have["lf"] and have["hf"]:
        values["total_power_ms2"] = sum(values[f"{b}_ms2"] or 0.0 for b in BANDS_HZ)
    else:
        missing["total_power_ms2"] = "needs VLF, LF and HF power"
    for key in [k for k, v in values.items() if v is None]:
        missing.setdefault(key, "zero power in the band")
        del values[key]
