"""Small, vectorised signal-processing steps shared by the ECG and PPG beat detectors.

Everything here is pure NumPy/SciPy: no I/O, no state apart from a cache of filter designs.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy import signal as sps

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@lru_cache(maxsize=64)
def _butter_bandpass_sos(
    low_hz: float, high_hz: float, sampling_rate_hz: float, order: int
) -> FloatArray:
    sos: FloatArray = sps.butter(
        order, [low_hz, high_hz], btype="bandpass", output="sos", fs=sampling_rate_hz
    )
    return sos


def bandpass(
    x: FloatArray, low_hz: float, high_hz: float, sampling_rate_hz: float, order: int
) -> FloatArray:
    """Zero-phase Butterworth band-pass (`sosfiltfilt`, so the filter order is doubled)."""
    sos = _butter_bandpass_sos(low_hz, high_hz, sampling_rate_hz, order)
    out: FloatArray = sps.sosfiltfilt(sos, x)
    return out


def odd_width(duration_s: float, sampling_rate_hz: float) -> int:
    """A window length in samples, rounded to the nearest odd number (at least 1)."""
    n = round(duration_s * sampling_rate_hz)
    return max(1, n if n % 2 == 1 else n + 1)


def moving_average(x: FloatArray, width: int) -> FloatArray:
    """Centred moving average of odd `width`; edges average over the samples that exist.

    Computed from a cumulative sum, so it costs O(n) whatever the width.
    """
    n, half = x.size, width // 2
    csum = np.concatenate(([0.0], np.cumsum(x)))
    if n <= width:
        idx = np.arange(n)
        lo, hi = np.maximum(idx - half, 0), np.minimum(idx + half + 1, n)
        small: FloatArray = (csum[hi] - csum[lo]) / (hi - lo)
        return small
    out = np.empty(n)
    out[half : n - half] = (csum[width:] - csum[:-width]) / width
    head = np.arange(half + 1, width)
    out[:half] = csum[head] / head
    tail = np.arange(n - width + 1, n - half)
    out[n - half :] = (csum[n] - csum[tail]) / (n - tail)
    return out


def blocks_of_interest(mask: npt.NDArray[np.bool_], min_width: int) -> tuple[IntArray, IntArray]:
    """Start (inclusive) and end (exclusive) of each run of True at least `min_width` long."""
    edges = np.diff(mask.astype(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1).astype(np.int64)
    ends = np.flatnonzero(edges == -1).astype(np.int64)
    keep = (ends - starts) >= min_width
    return starts[keep], ends[keep]


def argmax_in_blocks(x: FloatArray, starts: IntArray, ends: IntArray) -> IntArray:
    """Index of the (first) largest value of `x` inside each block [start, end).

    Blocks must be non-empty, ascending and non-overlapping. O(samples in blocks).
    """
    if starts.size == 0:
        return np.empty(0, dtype=np.int64)
    lengths = ends - starts
    block_id = np.repeat(np.arange(starts.size), lengths)
    first = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    idx = np.arange(block_id.size, dtype=np.int64) - first[block_id] + starts[block_id]
    values = x[idx]
    block_max = np.maximum.reduceat(values, first)
    at_max = np.flatnonzero(values == block_max[block_id])
    hit_block = block_id[at_max]
    first_hit = np.flatnonzero(np.diff(hit_block, prepend=-1) != 0)
    out: IntArray = idx[at_max[first_hit]]
    return out


def argmax_around(x: FloatArray, centres: IntArray, half_width: int) -> IntArray:
    """Index of the largest value of `x` within ±`half_width` samples of each centre."""
    if centres.size == 0:
        return centres.copy()
    offsets = np.arange(-half_width, half_width + 1, dtype=np.int64)
    idx = np.clip(centres[:, None] + offsets[None, :], 0, x.size - 1)
    out: IntArray = idx[np.arange(idx.shape[0]), np.argmax(x[idx], axis=1)]
    return out


def enforce_refractory(peaks: IntArray, strength: FloatArray, min_distance: int) -> IntArray:
    """Drop the weaker of any two peaks closer than `min_distance` samples, until none are.

    `peaks` must be ascending and `strength` holds one value per peak.
    """
    keep = np.ones(peaks.size, dtype=bool)
    while True:
        kept = np.flatnonzero(keep)
        close = np.flatnonzero(np.diff(peaks[kept]) < min_distance)
        if close.size == 0:
            break
        left, right = kept[close], kept[close + 1]
        weaker = np.where(strength[left] >= strength[right], right, left)
        # Resolve one pair per chain per pass: never drop both members of overlapping pairs.
        first_of_chain = np.concatenate(([True], np.diff(close) > 1))
        keep[weaker[first_of_chain]] = False
    out: IntArray = np.unique(peaks[keep])
    return out
