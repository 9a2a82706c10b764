"""Exact template-pair counting for sample entropy, without quadratic memory.

Counts unordered pairs of templates within Chebyshev distance r (|a - b| <= r in every
coordinate) for templates of length m and m + 1 at once.

* Heart-beat data are quantised by the recorder (1/128 s Holter, 1 ms straps, one ECG
  sample), so few distinct values occur. Templates made only of the K most frequent values
  ("on-grid") go into a histogram over value ranks with a summed-area table; the matches of
  any template with all on-grid templates are then one box sum each: O(N + K^d).
* Pairs of two off-grid templates (e.g. interpolated, corrected beats) are compared directly
  within the r-band of their first coordinate, in chunks: O(n_off * band), bounded memory.
  Data with no quantisation at all end up entirely on this path (slower, still exact).
Every comparison is the floating-point test |a - b| <= r, so the result equals brute force.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from vagal.core.hrv.rr import FloatArray, IntArray

MAX_CELLS = 1 << 23
"""Largest summed-area table (cells) of the dense path (int32: 32 MB)."""
RARE = 5000
"""Values making up less than 1/RARE of the template coordinates stay off the grid: a
smaller table (K^d cells) costs less than comparing their few templates directly."""
CHUNK_PAIRS = 1 << 19
"""Candidate pairs compared at a time on the sweep path."""

BoolArray = npt.NDArray[np.bool_]


def count_matches(templates: FloatArray, r: float) -> tuple[int, int]:
    """(pairs matching on the first d-1 coordinates, pairs matching on all d)."""
    d = templates.shape[1]
    values, counts = np.unique(templates, return_counts=True)
    k_max = max(2, int(MAX_CELLS ** (1.0 / d)))
    common = counts >= max(2, templates.size // RARE)
    if common.sum() >= 2:  # rare values (corrected beats) are cheaper on the sweep path
        values, counts = values[common], counts[common]
    grid = values[np.sort(np.argsort(counts, kind="stable")[::-1][:k_max])]
    ranks = np.minimum(np.searchsorted(grid, templates), grid.size - 1)
    exact = grid[ranks] == templates
    on = np.all(exact, axis=1)
    grid_lo, grid_hi = _ranges(grid, grid, r)
    lo, hi = grid_lo[ranks], grid_hi[ranks]
    if not exact.all():
        q_lo, q_hi = _ranges(grid, templates[~exact], r)
        lo[~exact], hi[~exact] = q_lo, q_hi
    n_on = int(on.sum())
    short_table = _table(ranks[on, :-1], grid.size)
    full_table = _table(ranks[on], grid.size)
    # every template against the on-grid templates (on-on pairs appear twice plus self)
    short_all = _box_sums(short_table, lo[:, :-1], hi[:, :-1])
    full_all = _box_sums(full_table, lo, hi)
    short_on = (int(short_all[on].sum()) - n_on) // 2 + int(short_all[~on].sum())
    full_on = (int(full_all[on].sum()) - n_on) // 2 + int(full_all[~on].sum())
    short_off, full_off = _sweep_pairs(templates[~on], r)
    return short_on + short_off, full_on + full_off


def _ranges(grid: FloatArray, query: FloatArray, r: float) -> tuple[IntArray, IntArray]:
    """Inclusive grid-index range [lo, hi] of values v with |v - q| <= r for each query q
    (lo = hi + 1 when empty). Uses the exact floating-point test, which is monotone in v."""
    k = grid.size
    lo = np.searchsorted(grid, query - r, side="left")
    hi = np.searchsorted(grid, query + r, side="right") - 1
    while True:
        down = (lo > 0) & (query - grid[np.maximum(lo - 1, 0)] <= r)
        up = (lo < k) & (query - grid[np.minimum(lo, k - 1)] > r)
        if not (down.any() or up.any()):
            break
        lo = lo - down + up
    while True:
        up = (hi < k - 1) & (grid[np.minimum(hi + 1, k - 1)] - query <= r)
        down = (hi >= 0) & (grid[np.maximum(hi, 0)] - query > r)
        if not (down.any() or up.any()):
            break
        hi = hi + up - down
    return lo, hi


def _table(ranks: IntArray, k: int) -> npt.NDArray[np.int32]:
    """Summed-area table (with a leading zero plane per axis) of the rank histogram."""
    d = ranks.shape[1]
    shape = (k + 1,) * d
    flat = np.ravel_multi_index(tuple(ranks.T + 1), shape) if ranks.size else np.empty(0, int)
    table = np.bincount(flat, minlength=(k + 1) ** d).astype(np.int32).reshape(shape)
    for axis in range(d):
        np.cumsum(table, axis=axis, out=table)
    return table


def _box_sums(table: npt.NDArray[np.int32], lo: IntArray, hi: IntArray) -> IntArray:
    """Number of tabulated templates inside each box [lo, hi] (inclusion-exclusion)."""
    d = lo.shape[1]
    total = np.zeros(lo.shape[0], dtype=np.int64)
    for corner in range(1 << d):
        index = []
        sign = 1
        for axis in range(d):
            if corner >> axis & 1:
                index.append(hi[:, axis] + 1)
            else:
                index.append(lo[:, axis])
                sign = -sign
        total += sign * table[tuple(index)].astype(np.int64)
    return total


def _sweep_pairs(templates: FloatArray, r: float) -> tuple[int, int]:
    """Unordered matching pairs among `templates` by direct comparison within the r-band of
    the first coordinate (sorted), chunked to bound memory."""
    n = templates.shape[0]
    if n < 2:
        return 0, 0
    ordered = templates[np.argsort(templates[:, 0], kind="stable")]
    first = ordered[:, 0]
    margin = r * 1e-9 + np.abs(first) * 1e-12
    hi = np.searchsorted(first, first + r + margin, side="right")
    sizes = np.maximum(hi - np.arange(n) - 1, 0)
    short = full = 0
    cum = np.cumsum(sizes)
    bounds = np.searchsorted(cum, np.arange(CHUNK_PAIRS, int(cum[-1]), CHUNK_PAIRS))
    columns = [np.ascontiguousarray(ordered[:, k]) for k in range(ordered.shape[1])]
    for chunk in np.split(np.arange(n), bounds):
        if chunk.size == 0 or sizes[chunk].sum() == 0:
            continue
        reps = sizes[chunk]
        query = np.repeat(chunk, reps)
        partner = np.arange(query.size) - np.repeat(np.cumsum(reps) - reps - chunk - 1, reps)
        for column in columns[:-1]:  # filter coordinate by coordinate (same |a - b| <= r)
            keep = np.abs(column[query] - column[partner]) <= r
            query, partner = query[keep], partner[keep]
        short += int(query.size)
        full += int(np.count_nonzero(np.abs(columns[-1][query] - columns[-1][partner]) <= r))
    return short, full
