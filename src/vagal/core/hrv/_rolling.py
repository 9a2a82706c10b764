"""Centred rolling order statistics (quartile deviation, median) for the artefact detector.

Windows at the ends are filled by reflection ("d c b a | a b c d"). Short series use a NumPy
partition over a sliding-window view (no SciPy import, ~4 us per beat); long series use
`scipy.ndimage.rank_filter` (C, O(N log w)), imported lazily because importing SciPy costs
more than the whole analysis of a 5-minute reading. Both give identical results (tested).
"""

from __future__ import annotations

import sys

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

NUMPY_MAX_N = 2000
"""Up to this many samples (and while SciPy is not loaded yet) the NumPy path is cheaper."""


def rolling_rank(x: FloatArray, window: int, rank: int) -> FloatArray:
    """The `rank`-th smallest value (0-based) of the centred `window` around each sample."""
    if x.size <= NUMPY_MAX_N and "scipy.ndimage" not in sys.modules:
        half = window // 2
        padded = np.pad(x, half, mode="symmetric") if x.size > half else _reflect(x, half)
        view = np.lib.stride_tricks.sliding_window_view(padded, window)
        return np.partition(view, rank, axis=1)[:, rank].copy()
    from scipy import ndimage

    out: FloatArray = ndimage.rank_filter(x, rank, size=window, mode="reflect")
    return out


def _reflect(x: FloatArray, half: int) -> FloatArray:
    """Reflection padding that repeats for series shorter than the half window."""
    tiled = np.tile(np.concatenate([x, x[::-1]]), half // x.size + 2)
    return np.concatenate([tiled[tiled.size - half :], x, tiled[x.size : x.size + half]])


def rolling_quartile_deviation(x: FloatArray, window: int) -> FloatArray:
    """(Q3 - Q1) / 2 over a centred window; Q1, Q3 are order statistics of rank
    floor(0.25 * window) and floor(0.75 * window) (22 and 68 of 0..90 for 91 beats)."""
    q1 = rolling_rank(x, window, int(window * 0.25))
    q3 = rolling_rank(x, window, int(window * 0.75))
    return (q3 - q1) / 2.0


def rolling_median(x: FloatArray, window: int) -> FloatArray:
    """Median over a centred odd window."""
    return rolling_rank(x, window, window // 2)
