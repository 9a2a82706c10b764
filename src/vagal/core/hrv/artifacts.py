"""Artefact detection and correction: Lipponen & Tarvainen (2019).

Reference: J.A. Lipponen, M.P. Tarvainen, "A robust algorithm for heart rate variability time
series artefact correction using novel beat classification", J. Med. Eng. Technol.
43(3):173-181, 2019, doi:10.1080/03091902.2019.1640306 (the method behind Kubios' automatic
correction). Written from the paper's description (see docs/hrv-metrics.md), vectorised: no
Python loop per beat.

Conventions: `rr[i]` is interval i (ms); `dRR[i] = rr[i] - rr[i-1]` (dRR[0] = mean of the
others). A premature/late beat shows as an NPN/PNP pattern centred on the *second* interval it
touches, so an "ectopic" flag at i marks the beat between rr[i-1] and rr[i]; both intervals
are replaced. "missed", "extra" and "long/short" flags mark interval i itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from vagal.core.hrv._rolling import (
    quartile_ranks,
    rolling_median,
    rolling_ranks,
    rolling_ranks_update,
)
from vagal.core.hrv.rr import FloatArray, IntArray, RRSeries, replace_intervals

ALPHA = 5.2
"""Threshold multiplier of the quartile deviation."""
QD_WINDOW = 91
"""Beats in the centred window of the time-varying thresholds."""
MEDIAN_WINDOW = 11
"""Beats in the centred window of the local median."""
C1 = 0.13
C2 = 0.17
THRESHOLD_FLOOR_MS = 30.0
"""Lower bound on both thresholds (our addition): a perfectly regular or coarsely quantised
stretch has a quartile deviation of 0, which would flag every quantisation step."""
MAX_ITERATIONS = 10

NORMAL, ECTOPIC, MISSED, EXTRA, LONG_SHORT = 0, 1, 2, 3, 4
TYPE_NAMES = {ECTOPIC: "ectopic", MISSED: "missed", EXTRA: "extra", LONG_SHORT: "long_short"}

Codes = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class ArtifactReport:
    """What the artefact detector found and what correction changed.

    Positions are indices into the caller's original RR array (0-based). `corrected_pct` is the
    share of input beats that were corrected (0 when correction was off); `artifact_pct` is the
    share flagged, corrected or not.
    """

    ectopic: int = 0
    missed: int = 0
    extra: int = 0
    long_short: int = 0
    n_beats_in: int = 0
    corrected: bool = False
    iterations: int = 0
    positions: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """All flagged beats."""
        return self.ectopic + self.missed + self.extra + self.long_short

    @property
    def artifact_pct(self) -> float:
        """Flagged beats as a percentage of the input beats."""
        return 100.0 * self.total / self.n_beats_in if self.n_beats_in else 0.0

    @property
    def corrected_pct(self) -> float:
        """Corrected beats as a percentage of the input beats."""
        return self.artifact_pct if self.corrected else 0.0


def classify_beats(rr_ms: FloatArray) -> Codes:
    """One pass of the beat classifier over a gap-free segment; returns a code per interval
    (0 normal, 1 ectopic, 2 missed, 3 extra, 4 long/short)."""
    return classify_blocks(rr_ms, np.array([0, rr_ms.size], dtype=np.intp))


def classify_blocks(rr_ms: FloatArray, bounds: IntArray) -> Codes:
    """`classify_beats` applied to each block rr_ms[bounds[k]:bounds[k+1]] on its own (its
    own reflected ends, its own dRR(0)), vectorised over all blocks at once."""
    if rr_ms.size == 0:
        return np.zeros(0, dtype=np.int8)
    return _decide(rr_ms, _features(rr_ms, bounds), bounds)


@dataclass(frozen=True, slots=True)
class _Features:
    """What the decision rules read, per interval of a series split into blocks: dRR (with
    each block's dRR(0)), the rolling quartiles of |dRR|, the 11-beat median, mRR and the
    rolling quartiles of |mRR|. Kept between passes so that only windows whose content
    changed are recomputed."""

    drr: FloatArray
    q_drr: list[FloatArray]
    med: FloatArray
    mrr: FloatArray
    q_mrr: list[FloatArray]

    def thresholds(self) -> tuple[FloatArray, FloatArray]:
        return _from_quartiles(self.q_drr), _from_quartiles(self.q_mrr)


def _from_quartiles(q: list[FloatArray]) -> FloatArray:
    return np.maximum(ALPHA * ((q[1] - q[0]) / 2.0), THRESHOLD_FLOOR_MS)


def _block_drr(rr_ms: FloatArray, bounds: IntArray, span: int | None = None) -> FloatArray:
    """dRR within each block; dRR(0) of a block of 4 or more intervals is the mean of
    dRR(1..) over the block, or over its first `span` intervals."""
    drr = np.diff(rr_ms, prepend=rr_ms[0])
    for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        if b - a >= 4:
            drr[a] = drr[a + 1 : b if span is None else min(b, a + span)].mean()
        elif b > a:
            drr[a] = 0.0  # blocks under 4 intervals are never classified
    return drr


def _mrr(rr_ms: FloatArray, med: FloatArray) -> FloatArray:
    mrr = rr_ms - med
    out: FloatArray = np.where(mrr < 0, 2.0 * mrr, mrr)
    return out


def _features(rr_ms: FloatArray, bounds: IntArray) -> _Features:
    drr = _block_drr(rr_ms, bounds)
    q_drr = rolling_ranks(np.abs(drr), bounds, QD_WINDOW, quartile_ranks(QD_WINDOW))
    med = rolling_median(rr_ms, MEDIAN_WINDOW, bounds)
    mrr = _mrr(rr_ms, med)
    q_mrr = rolling_ranks(np.abs(mrr), bounds, QD_WINDOW, quartile_ranks(QD_WINDOW))
    return _Features(drr, q_drr, med, mrr, q_mrr)


def _decide(rr_ms: FloatArray, features: _Features, bounds: IntArray) -> Codes:
    """The paper's decision rules on precomputed features; each block is classified on its
    own (no neighbour across a block end); blocks under 4 intervals stay normal."""
    codes = np.zeros(rr_ms.size, dtype=np.int8)
    sizes = np.diff(bounds)
    if not (sizes >= 4).any():
        return codes
    starts, last = bounds[:-1], bounds[1:] - 1
    th1, th2 = features.thresholds()
    drrs = features.drr / th1
    med, mrr = features.med, features.mrr
    mrrs = mrr / th2
    prev = np.concatenate([[0.0], drrs[:-1]])
    prev[starts] = 0.0
    nxt = np.concatenate([drrs[1:], [0.0]])
    nxt[last] = 0.0
    nxt2 = np.concatenate([drrs[2:], [0.0, 0.0]])
    nxt2[last] = 0.0
    nxt2[np.maximum(last - 1, 0)] = 0.0
    s12 = np.where(drrs > 0, np.maximum(prev, nxt), np.minimum(prev, nxt))
    s22 = np.where(drrs >= 0, np.minimum(nxt, nxt2), np.maximum(nxt, nxt2))
    entry = np.abs(drrs) > 1
    ectopic = entry & (
        ((drrs > 1) & (s12 < -C1 * drrs - C2)) | ((drrs < -1) & (s12 > -C1 * drrs + C2))
    )
    lead = entry & ~ectopic
    follow = np.zeros(rr_ms.size, dtype=bool)
    follow[1:] = (lead & (np.abs(nxt) < np.abs(nxt2)))[:-1]
    follow[starts] = False
    candidate = lead | follow
    rr_next = np.append(rr_ms[1:], np.inf)
    rr_next[last] = np.inf
    _long_short(codes, candidate, rr_ms, med, th2, drrs, s22, mrrs, rr_next)
    codes[ectopic] = ECTOPIC
    codes = _merge_events(codes, last)
    if (sizes < 4).any():
        codes[np.repeat(sizes < 4, sizes)] = NORMAL
    return codes


def _merge_events(codes: Codes, last: IntArray) -> Codes:
    """One event, one flag: a long/short interval right before an ectopic flag is the ectopic
    beat's own premature interval, and the interval right after an extra beat is its merge
    partner; both are handled by that correction, so they are not flagged twice. `last`:
    the last interval of each block (no event spans two blocks)."""
    crosses = np.zeros(codes.size - 1, dtype=bool)
    crosses[last[:-1]] = True
    before_ectopic = (codes[:-1] == LONG_SHORT) & (codes[1:] == ECTOPIC) & ~crosses
    codes[:-1][before_ectopic] = NORMAL
    after_extra = (codes[:-1] == EXTRA) & ~crosses
    codes[1:][after_extra] = NORMAL
    return codes


def _long_short(
    codes: Codes,
    candidate: BoolArray,
    rr: FloatArray,
    med: FloatArray,
    th2: FloatArray,
    drrs: FloatArray,
    s22: FloatArray,
    mrrs: FloatArray,
    rr_next: FloatArray,
) -> None:
    long_beat = (drrs > 1) & (s22 < -1)
    short_beat = (drrs < -1) & (s22 > 1)
    any_ls = candidate & (long_beat | short_beat | (np.abs(mrrs) > 3))
    missed = any_ls & long_beat & (np.abs(rr / 2.0 - med) < th2)
    extra = any_ls & short_beat & (np.abs(rr + rr_next - med) < th2)
    codes[any_ls] = LONG_SHORT
    codes[missed] = MISSED
    codes[extra] = EXTRA


def correct_segment(rr_ms: FloatArray, codes: Codes) -> tuple[FloatArray, IntArray]:
    """Correct one segment: interpolate ectopic and long/short intervals over beat index from
    the nearest normal intervals, merge extra beats with the next interval, split missed beats
    in two. Returns the new intervals and, for each, the index of the interval it came from."""
    n = rr_ms.size
    values = rr_ms.copy()
    interp = (codes == LONG_SHORT) | (codes == ECTOPIC)
    ectopic_prev = np.append(codes[1:] == ECTOPIC, False)
    interp |= ectopic_prev & (codes != EXTRA) & (codes != MISSED)
    good = codes == NORMAL
    good &= ~interp
    if interp.any() and good.sum() >= 2:
        idx = np.arange(n)
        values[interp] = np.interp(idx[interp], idx[good], rr_ms[good])
    extra = codes == EXTRA
    extra[-1] = False
    extra[1:] &= ~extra[:-1]
    merged_into = np.flatnonzero(extra) + 1
    values[extra] += values[merged_into]
    keep = np.ones(n, dtype=bool)
    keep[merged_into] = False
    missed = codes == MISSED
    values[missed] /= 2.0
    counts = np.where(missed, 2, 1)[keep]
    origin = np.repeat(np.arange(n, dtype=np.intp)[keep], counts)
    return np.repeat(values[keep], counts), origin


def rr_artifacts(series: RRSeries) -> tuple[Codes, ArtifactReport]:
    """Detect artefacts (one pass, no correction)."""
    codes = _classify_all(series)
    return codes, _report(series, [(codes, np.arange(series.n, dtype=np.intp))], corrected=False)


def rr_artifacts_many(series: Sequence[RRSeries]) -> list[tuple[Codes, ArtifactReport]]:
    """`rr_artifacts` of each series, identical to calling it one by one, with one detector
    pass over all of them (every gap-free segment of every series is its own block; no window
    spans two), so short series do not each pay the per-call cost."""
    sizes = [s.n for s in series]
    if not series:
        return []
    rr = np.concatenate([s.rr_ms for s in series])
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.intp)
    bounds = np.concatenate(
        [s.segment_starts + offsets[k] for k, s in enumerate(series)] + [offsets[-1:]]
    ).astype(np.intp)
    codes = classify_blocks(rr, bounds)
    # what `_report` gives for one pass, gathered for all series at once
    flagged = np.flatnonzero(codes)
    cuts = np.searchsorted(flagged, offsets).tolist()
    kinds = codes[flagged].tolist()
    where = np.concatenate([s.source_index for s in series])[flagged].tolist()
    out: list[tuple[Codes, ArtifactReport]] = []
    for k, s in enumerate(series):
        positions: dict[int, list[int]] = {code: [] for code in TYPE_NAMES}
        a, b = cuts[k], cuts[k + 1]
        for code, position in zip(kinds[a:b], where[a:b], strict=True):
            positions[code].append(position)
        report = ArtifactReport(
            ectopic=len(positions[ECTOPIC]),
            missed=len(positions[MISSED]),
            extra=len(positions[EXTRA]),
            long_short=len(positions[LONG_SHORT]),
            n_beats_in=s.n,
            corrected=False,
            iterations=1,
            positions={
                name: tuple(sorted(set(positions[code]))) for code, name in TYPE_NAMES.items()
            },
        )
        out.append((codes[offsets[k] : offsets[k + 1]], report))
    return out


def rr_clean(series: RRSeries) -> tuple[RRSeries, ArtifactReport]:
    """Detect and correct artefacts, repeating while the number found keeps decreasing.

    After the first full pass, later passes re-classify only the neighbourhood of what the
    previous correction changed (`REACH` beats either side, with `CONTEXT` beats of context),
    since every quantity the classifier uses is local.
    """
    current = series
    origin = np.arange(series.n, dtype=np.intp)
    passes: list[tuple[Codes, IntArray]] = []
    previous = np.inf
    if series.n == 0:
        return current, _report(series, passes, corrected=True)
    features = _features(series.rr_ms, series.segment_bounds)
    codes = _decide(series.rr_ms, features, series.segment_bounds)
    for _ in range(MAX_ITERATIONS):
        found = int(np.count_nonzero(codes))
        if found == 0 or found >= previous:
            break
        passes.append((codes, origin))
        corrected, step_origin = _correct_all(current, codes)
        changed = corrected.rr_ms != current.rr_ms[step_origin]
        changed[1:] |= step_origin[1:] == step_origin[:-1]
        features = _features_after(corrected, current, step_origin, features)
        current, origin, previous = corrected, origin[step_origin], found
        codes = _classify_near(current, changed, features)
    return current, _report(series, passes, corrected=True)


REACH = 60
"""Beats either side of a change whose classification can change (inputs reach +-53)."""
CONTEXT = 120
"""Beats of context either side of a re-classified block."""
BLOCK = 2048
"""Later passes re-classify only the blocks of this many beats that hold a change."""
DECIDE_CONTEXT = 8
"""Intervals either side of a re-classified range whose features the decision rules read
(they reach 3 intervals)."""


def _classify_near(series: RRSeries, changed: BoolArray, features: _Features) -> Codes:
    """Codes of the blocks of BLOCK beats within REACH of a change (zero elsewhere), each
    exactly as `classify_beats` on the block with CONTEXT beats of context either side (whose
    dRR(0), at a segment start, is the mean over that context: `_features_after`)."""
    codes = np.zeros(series.n, dtype=np.int8)
    bounds = series.segment_bounds
    ranges: list[tuple[int, int, int, int]] = []  # kept [start, stop), decided [lo, hi)
    for k in range(bounds.size - 1):
        a, b = int(bounds[k]), int(bounds[k + 1])
        hits = np.flatnonzero(changed[a:b])
        if hits.size == 0:
            continue
        first = np.maximum(hits - REACH, 0) // BLOCK
        last = np.minimum(hits + REACH, b - a - 1) // BLOCK
        for block in sorted(set(first.tolist()) | set(last.tolist())):
            start, stop = a + block * BLOCK, min(b, a + (block + 1) * BLOCK)
            if start > a and ranges and ranges[-1][1] == start:  # adjacent blocks: one range
                start = ranges.pop()[0]
            ranges.append(
                (start, stop, max(a, start - DECIDE_CONTEXT), min(b, stop + DECIDE_CONTEXT))
            )
    if not ranges:
        return codes
    lo = np.array([r[2] for r in ranges], dtype=np.intp)
    hi = np.array([r[3] for r in ranges], dtype=np.intp)
    sizes = hi - lo
    index = np.repeat(lo - np.cumsum(sizes) + sizes, sizes) + np.arange(int(sizes.sum()))
    sub_bounds = np.concatenate([[0], np.cumsum(sizes)]).astype(np.intp)
    sub = _Features(
        features.drr[index],
        [q[index] for q in features.q_drr],
        features.med[index],
        features.mrr[index],
        [q[index] for q in features.q_mrr],
    )
    found = _decide(series.rr_ms[index], sub, sub_bounds)
    for (start, stop, r_lo, _), offset in zip(ranges, sub_bounds[:-1].tolist(), strict=True):
        codes[start:stop] = found[offset + start - r_lo : offset + stop - r_lo]
    return codes


def _features_after(
    new: RRSeries, old: RRSeries, origin: IntArray, features: _Features
) -> _Features:
    """Features of the corrected series, recomputing rolling statistics only where a window's
    content differs from the previous pass (values compared exactly, positions aligned).

    dRR(0) of each segment is the mean over its first BLOCK + CONTEXT intervals: the context
    the block-wise re-classification of the first block of a segment sees."""
    bounds, old_bounds = new.segment_bounds, old.segment_bounds
    aligned = np.ones(new.n, dtype=bool)
    aligned[1:] = origin[1:] == origin[:-1] + 1
    nonempty = bounds[1:] > bounds[:-1]
    firsts, lasts = bounds[:-1][nonempty], bounds[1:][nonempty] - 1
    aligned[firsts] = origin[firsts] == old_bounds[:-1][nonempty]
    aligned[lasts] &= origin[lasts] == old_bounds[1:][nonempty] - 1
    rr = new.rr_ms
    drr = _block_drr(rr, bounds, BLOCK + CONTEXT)
    abs_drr = np.abs(drr)
    same = aligned & (abs_drr == np.abs(features.drr)[origin])
    ranks = quartile_ranks(QD_WINDOW)
    q_drr = rolling_ranks_update(
        abs_drr, bounds, QD_WINDOW, ranks, [q[origin] for q in features.q_drr], same
    )
    same = aligned & (rr == old.rr_ms[origin])
    (med,) = rolling_ranks_update(
        rr, bounds, MEDIAN_WINDOW, [MEDIAN_WINDOW // 2], [features.med[origin]], same
    )
    mrr = _mrr(rr, med)
    abs_mrr = np.abs(mrr)
    same = aligned & (abs_mrr == np.abs(features.mrr)[origin])
    q_mrr = rolling_ranks_update(
        abs_mrr, bounds, QD_WINDOW, ranks, [q[origin] for q in features.q_mrr], same
    )
    return _Features(drr, q_drr, med, mrr, q_mrr)


def _classify_all(series: RRSeries) -> Codes:
    if series.n == 0:
        return np.zeros(0, dtype=np.int8)
    return classify_blocks(series.rr_ms, series.segment_bounds)


def _correct_all(series: RRSeries, codes: Codes) -> tuple[RRSeries, IntArray]:
    bounds = series.segment_bounds
    new_segments: list[FloatArray] = []
    origins: list[IntArray] = []
    for k, seg in enumerate(series.segments()):
        new, org = correct_segment(seg, codes[bounds[k] : bounds[k + 1]])
        new_segments.append(new)
        origins.append(org + bounds[k])
    origin = np.concatenate(origins) if origins else np.empty(0, dtype=np.intp)
    return replace_intervals(series, new_segments, origin), origin


def _report(
    series: RRSeries, passes: list[tuple[Codes, IntArray]], *, corrected: bool
) -> ArtifactReport:
    counts = dict.fromkeys(TYPE_NAMES.values(), 0)
    positions: dict[str, list[int]] = {name: [] for name in TYPE_NAMES.values()}
    for codes, origin in passes:
        for code, name in TYPE_NAMES.items():
            where = np.flatnonzero(codes == code)
            counts[name] += int(where.size)
            positions[name].extend(series.source_index[origin[where]].tolist())
    return ArtifactReport(
        ectopic=counts["ectopic"],
        missed=counts["missed"],
        extra=counts["extra"],
        long_short=counts["long_short"],
        n_beats_in=series.n,
        corrected=corrected,
        iterations=len(passes),
        positions={k: tuple(sorted(set(v))) for k, v in positions.items()},
    )
