"""Centred rolling order statistics (quartile deviation, median) for the artefact detector.

Windows at the ends are filled by reflection ("d c b a | a b c d", SciPy's "reflect"). Several
independent series (blocks) are handled in one call: each is padded by its own reflection and
no window spans two blocks.

Pure NumPy (importing SciPy's ndimage costs more than the whole analysis of a 24 h Holter
recording): the values are replaced by their ranks among the distinct values (an order-keeping
relabelling, so order statistics are unchanged), which fit in 16 bits for any real recording,
and the sliding windows of ranks are sorted row by row in chunks (vectorised sorting
networks; memory bounded by CHUNK_ROWS x window). Exact: the result is the `rank`-th smallest
value itself, identical to `scipy.ndimage.rank_filter(..., mode="reflect")` (tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

RankArray = npt.NDArray[np.signedinteger[Any]]

CHUNK_ROWS = 8192
"""Windows sorted at a time (91-beat windows of int16 ranks: 1.5 MB)."""


def rolling_ranks(
    x: FloatArray, bounds: IntArray, window: int, ranks: Sequence[int]
) -> list[FloatArray]:
    """For each `rank` (0-based), the rank-th smallest value of the centred `window` around
    every sample, each block x[bounds[k]:bounds[k+1]] reflected at its own ends."""
    half = window // 2
    pieces: list[FloatArray] = []
    firsts: list[int] = []  # first window of each block in the padded concatenation
    offset = 0
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        if b == a:
            continue
        block = x[a:b]
        if block.size > half:  # "symmetric" padding: d c b a | a b c d | d c b a
            pieces += [block[:half][::-1], block, block[block.size - half :][::-1]]
        else:
            pieces.append(_reflect(block, half))
        firsts.append(offset)
        offset += block.size + 2 * half
    outputs = [np.empty(x.size, dtype=np.float64) for _ in ranks]
    if not pieces:
        return outputs
    values, codes = _dense_ranks(np.concatenate(pieces))
    view = np.lib.stride_tricks.sliding_window_view(codes, window)
    picked = np.empty((len(ranks), view.shape[0]), dtype=codes.dtype)
    for lo in range(0, view.shape[0], CHUNK_ROWS):
        ordered = np.sort(view[lo : lo + CHUNK_ROWS], axis=1)
        for k, rank in enumerate(ranks):
            picked[k, lo : lo + ordered.shape[0]] = ordered[:, rank]
    sizes = np.diff(bounds)
    sizes = sizes[sizes > 0]
    rows = np.repeat(np.asarray(firsts, dtype=np.intp) - np.cumsum(sizes) + sizes, sizes)
    rows += np.arange(rows.size)
    for k, out in enumerate(outputs):
        out[:] = values[picked[k, rows]]
    return outputs


def rolling_ranks_update(
    x: FloatArray,
    bounds: IntArray,
    window: int,
    ranks: Sequence[int],
    known: list[FloatArray],
    same: npt.NDArray[np.bool_],
) -> list[FloatArray]:
    """`rolling_ranks(x, bounds, window, ranks)`, given `known` results that hold wherever
    every sample of the window (clipped to its block) is flagged in `same` (the caller's
    guarantee: same value, same position relative to its neighbours and block ends as when
    `known` was computed). Only the other samples are recomputed, each with its full
    window, so the result is identical to the full computation. The arrays of `known` are
    updated in place and returned."""
    half = window // 2
    outputs = list(known)
    changed = np.flatnonzero(~same)
    if changed.size == 0:
        return outputs
    # samples whose window (clipped to the block) holds a changed sample, as merged runs
    block = np.searchsorted(bounds, changed, side="right") - 1
    lo = np.maximum(changed - half, bounds[block])
    hi = np.minimum(changed + half + 1, bounds[block + 1])
    split = (lo[1:] > hi[:-1] + 2 * half) | (block[1:] != block[:-1])
    heads = np.concatenate([[0], np.flatnonzero(split) + 1])
    tails = np.concatenate([heads[1:] - 1, [changed.size - 1]])
    run_lo, run_hi, run_block = lo[heads], hi[tails], block[heads]
    piece_lo = np.maximum(run_lo - half, bounds[run_block])
    piece_hi = np.minimum(run_hi + half, bounds[run_block + 1])
    offsets = _starts(piece_hi - piece_lo)
    fresh = rolling_ranks(x[_ranges(piece_lo, piece_hi)], offsets, window, ranks)
    rows = _ranges(run_lo, run_hi)
    where = _ranges(run_lo - piece_lo + offsets[:-1], run_hi - piece_lo + offsets[:-1])
    for out, new in zip(outputs, fresh, strict=True):
        out[rows] = new[where]
    return outputs


def _starts(lengths: IntArray) -> IntArray:
    """[0, l0, l0 + l1, ...]."""
    out: IntArray = np.concatenate([[0], np.cumsum(lengths)]).astype(np.intp)
    return out


def _ranges(lo: IntArray, hi: IntArray) -> IntArray:
    """Concatenation of arange(lo[k], hi[k]) over k."""
    lengths = hi - lo
    total = int(lengths.sum())
    out: IntArray = np.repeat(lo - _starts(lengths)[:-1], lengths) + np.arange(total)
    return out


def _dense_ranks(x: FloatArray) -> tuple[FloatArray, RankArray]:
    """The distinct values of `x` (sorted) and each element's index among them (an
    order-keeping relabelling in the smallest integer type that holds it)."""
    order = np.argsort(x)
    ordered = x[order]
    new = np.empty(x.size, dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    values = ordered[new]
    dtype = np.int16 if values.size <= np.iinfo(np.int16).max else np.int32
    codes: RankArray = np.empty(x.size, dtype=dtype)
    codes[order] = np.cumsum(new, dtype=dtype) - 1
    return values, codes


def rolling_rank(x: FloatArray, window: int, rank: int) -> FloatArray:
    """The `rank`-th smallest value (0-based) of the centred `window` around each sample."""
    bounds = np.array([0, x.size], dtype=np.intp)
    return rolling_ranks(x, bounds, window, [rank])[0]


def _reflect(x: FloatArray, half: int) -> FloatArray:
    """Reflection padding that repeats for series shorter than the half window."""
    tiled = np.tile(np.concatenate([x, x[::-1]]), half // x.size + 2)
    return np.concatenate([tiled[tiled.size - half :], x, tiled[x.size : x.size + half]])


def quartile_ranks(window: int) -> tuple[int, int]:
    """Order-statistic ranks of Q1 and Q3: floor(0.25 w) and floor(0.75 w) (22, 68 for 91)."""
    return int(window * 0.25), int(window * 0.75)


def rolling_quartile_deviation(
    x: FloatArray, window: int, bounds: IntArray | None = None
) -> FloatArray:
    """(Q3 - Q1) / 2 over a centred window; Q1, Q3 are order statistics of rank
    floor(0.25 * window) and floor(0.75 * window) (22 and 68 of 0..90 for 91 beats)."""
    if bounds is None:
        bounds = np.array([0, x.size], dtype=np.intp)
    q1, q3 = rolling_ranks(x, bounds, window, quartile_ranks(window))
    return (q3 - q1) / 2.0


def rolling_median(x: FloatArray, window: int, bounds: IntArray | None = None) -> FloatArray:
    """Median over a centred odd window."""
    if bounds is None:
        bounds = np.array([0, x.size], dtype=np.intp)
    return rolling_ranks(x, bounds, window, [window // 2])[0]
