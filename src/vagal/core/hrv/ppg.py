"""PPG pulse detection: Elgendi's systolic-peak detector (two moving averages).

Detector (written from the paper): M. Elgendi, I. Norton, M. Brearley, D. Abbott,
D. Schuurmans, "Systolic Peak Detection in Acceleration Photoplethysmograms Measured from
Emergency Responders in Tropical Conditions", PLoS ONE 8(10):e76585 (2013),
doi:10.1371/journal.pone.0076585. (Its QRS sibling, PLoS ONE 8(9):e73557, is used in `ecg.py`.)

1. Band-pass 0.5–8 Hz (second-order Butterworth, zero phase): S.
2. Keep the positive part and square it: y = max(S, 0)².
3. Two centred moving averages of y: MA_peak over W1 = 111 ms (a systolic peak) and MA_beat
   over W2 = 667 ms (a beat).
4. Threshold THR1 = MA_beat + β·mean(y) with β = 0.02; blocks of interest are where
   MA_peak > THR1, and a block holds a systolic peak when it lasts at least THR2 = W1.
5. One beat per block, at the maximum of S inside it — the local maximum of the band-passed
   PPG, which is the fiducial point vagal reports (zero-phase filtering keeps it in place).

vagal adds a 250 ms refractory period (the weaker of two peaks closer than that is dropped),
a physiological limit (240 bpm) that the paper's block rule nearly always satisfies anyway.

Quality: `signal_quality.template_correlation_quality` on S, window −250 ms to +400 ms around
each systolic peak, per-beat threshold r ≥ 0.86 — the PPG threshold of Orphanidou et al., IEEE
JBHI 19(3):832–838 (2015), applied per beat (see `signal_quality`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from vagal.core.hrv.beats import BeatDetection
from vagal.core.hrv.filters import (
    FloatArray,
    IntArray,
    argmax_in_blocks,
    bandpass,
    blocks_of_interest,
    enforce_refractory,
    moving_average,
    odd_width,
)
from vagal.core.hrv.signal_quality import (
    as_signal,
    check_plausible_rate,
    template_correlation_quality,
)

METHOD = "Elgendi 2013 systolic-peak detector (PLoS ONE 8:e76585)"
MIN_RATE_HZ = 20.0

BAND_HZ = (0.5, 8.0)
FILTER_ORDER = 2
W1_S = 0.111
W2_S = 0.667
BETA = 0.02
REFRACTORY_S = 0.25

QUALITY_BEFORE_S = 0.25
QUALITY_AFTER_S = 0.4
QUALITY_THRESHOLD = 0.86


def ppg_peaks(signal: npt.ArrayLike, sampling_rate_hz: float) -> BeatDetection:
    """Find the systolic peaks of a photoplethysmogram (finger, ear or wrist PPG).

    Args:
        signal: one PPG channel, any unit, larger = more blood volume (the usual convention
            of pulse oximeters; invert raw light-intensity signals first), at least 5 s long,
            without NaN.
        sampling_rate_hz: the rate the PPG was recorded at; at least 20 Hz.

    Returns:
        `BeatDetection` with the sample index of each systolic peak and the template-matching
        quality index in [0, 1].

    Raises:
        InvalidInput: bad shape, NaN/inf, too short, flat, a sampling rate below 20 Hz, or
            beats that imply a heart rate outside 20–300 bpm or fewer than one beat per 6 s
            (a wrong sampling rate, or a channel with no pulse in it).
    """
    x = as_signal(signal, sampling_rate_hz, kind="PPG", min_rate_hz=MIN_RATE_HZ)
    fs = float(sampling_rate_hz)
    filtered = bandpass(x, *BAND_HZ, fs, FILTER_ORDER)
    peaks = _elgendi_systolic_peaks(filtered, fs)
    check_plausible_rate(peaks, x.size, fs, kind="PPG")
    quality = template_correlation_quality(
        filtered,
        peaks,
        round(QUALITY_BEFORE_S * fs),
        round(QUALITY_AFTER_S * fs),
        QUALITY_THRESHOLD,
    )
    return BeatDetection(peak_indices=peaks, sampling_rate_hz=fs, quality=quality, method=METHOD)


def _elgendi_systolic_peaks(filtered: FloatArray, fs: float) -> IntArray:
    """Steps 2–5 of Elgendi et al. (2013) plus the refractory period."""
    clipped = np.maximum(filtered, 0.0)
    y = clipped * clipped
    w1 = odd_width(W1_S, fs)
    ma_peak = moving_average(y, w1)
    ma_beat = moving_average(y, odd_width(W2_S, fs))
    threshold = ma_beat + BETA * float(y.mean())
    starts, ends = blocks_of_interest(ma_peak > threshold, min_width=w1)
    peaks = argmax_in_blocks(filtered, starts, ends)
    return enforce_refractory(peaks, filtered[peaks], round(REFRACTORY_S * fs))
