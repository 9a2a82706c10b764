"""RR-interval series: validation, beat times and gap segmentation.

All intervals are milliseconds; all times are seconds. An `RRSeries` holds only *plausible*
intervals; anything longer than `GAP_THRESHOLD_MS` is signal loss (a gap), which splits the
recording into segments. Successive differences, spectra and DFA boxes never span a gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

import numpy as np
import numpy.typing as npt

from vagal.errors import InvalidInput

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

MIN_RR_MS = 200.0
"""Shortest plausible interval (300 bpm). Shorter values are rejected as invalid input."""

GAP_THRESHOLD_MS = 3000.0
"""Longest plausible interval (20 bpm). Longer values are signal loss and split segments."""

TIMESTAMP_GAP_TOLERANCE_S = 0.5
"""With timestamps: elapsed time exceeding the interval by more than this is a gap."""


@dataclass(frozen=True, slots=True)
class RRSeries:
    """Plausible RR intervals, their beat times and the segments between gaps.

    Attributes:
        rr_ms: intervals in milliseconds (gap intervals removed).
        beat_times_s: time of the beat that *ends* each interval, seconds from the beat that
            starts the first interval.
        segment_starts: index into `rr_ms` where each gap-free segment begins (first is 0).
        source_index: position of each interval in the caller's original array.
        gap_count: number of gaps (signal losses) in the recording.
        gap_s: total time lost in gaps, seconds.
    """

    rr_ms: FloatArray
    beat_times_s: FloatArray
    segment_starts: IntArray
    source_index: IntArray
    gap_count: int = 0
    gap_s: float = 0.0

    @property
    def n(self) -> int:
        """Number of intervals."""
        return int(self.rr_ms.size)

    @property
    def segment_bounds(self) -> IntArray:
        """Segment start indices followed by `n` (so segment k is bounds[k]:bounds[k+1])."""
        return np.append(self.segment_starts, self.n).astype(np.intp)

    @property
    def duration_s(self) -> float:
        """Wall-clock span from the first to the last beat, gaps included."""
        if self.n == 0:
            return 0.0
        start = self.beat_times_s[0] - self.rr_ms[0] / 1000.0
        return float(self.beat_times_s[-1] - start)

    @property
    def analysed_s(self) -> float:
        """Sum of the intervals (gaps excluded)."""
        return float(self.rr_ms.sum() / 1000.0)

    def segments(self) -> list[FloatArray]:
        """The intervals of each gap-free segment (views, not copies)."""
        b = self.segment_bounds
        return [self.rr_ms[b[k] : b[k + 1]] for k in range(b.size - 1)]

    def segment_times(self) -> list[FloatArray]:
        """Beat times (end of each interval) per segment."""
        b = self.segment_bounds
        return [self.beat_times_s[b[k] : b[k + 1]] for k in range(b.size - 1)]

    def successive_differences_ms(self) -> FloatArray:
        """RR(i+1) - RR(i) within segments only (never across a gap)."""
        if self.n < 2:
            return np.empty(0)
        diff = np.diff(self.rr_ms)
        keep = np.ones(diff.size, dtype=bool)
        starts = self.segment_starts[self.segment_starts > 0]
        keep[starts - 1] = False
        return diff[keep]


def rr_series(
    rr_ms: npt.ArrayLike,
    *,
    timestamps_s: npt.ArrayLike | None = None,
    gap_threshold_ms: float = GAP_THRESHOLD_MS,
) -> RRSeries:
    """Validate RR intervals (ms) and build an `RRSeries`.

    Args:
        rr_ms: intervals in milliseconds, oldest first.
        timestamps_s: optional time (s) of the beat that ends each interval; when given, an
            elapsed time longer than the interval (beyond `TIMESTAMP_GAP_TOLERANCE_S`) is a gap.
            Without timestamps, beat times are the cumulative sum of the intervals.
        gap_threshold_ms: intervals longer than this are signal loss (gaps), not beats.

    Raises:
        InvalidInput: non-numeric, non-finite, zero, negative or implausibly short intervals,
            inconsistent timestamps, or no plausible interval at all.
    """
    rr = _as_vector(rr_ms, "RR intervals")
    _check_values(rr, gap_threshold_ms)
    is_gap = rr > gap_threshold_ms
    if timestamps_s is None:
        times = np.cumsum(rr) / 1000.0
        breaks = np.zeros(rr.size, dtype=bool)
    else:
        times = _as_vector(timestamps_s, "timestamps")
        breaks = _timestamp_breaks(rr, times)
    return _assemble(rr, times, is_gap, breaks)


def rr_series_many(
    items: Sequence[tuple[npt.ArrayLike, npt.ArrayLike | None]],
) -> list[RRSeries | InvalidInput]:
    """`rr_series(rr_ms, timestamps_s=...)` of each pair, in order: the series, or the
    InvalidInput it raises. Identical to one call each; the checks run once over all series
    (the per-call cost dominates for short ones), and any series that fails a check, or is
    not a one-dimensional float64 array, goes through `rr_series` itself for its message."""
    out: list[RRSeries | InvalidInput | None] = [None] * len(items)
    fast: list[int] = []
    rrs: list[FloatArray] = []
    times: list[FloatArray] = []
    stamped: list[bool] = []
    for k, (rr_ms, stamps) in enumerate(items):
        if _plain(rr_ms) and (stamps is None or (_plain(stamps) and stamps.shape == rr_ms.shape)):
            fast.append(k)
            rrs.append(rr_ms)
            times.append(np.cumsum(rr_ms) / 1000.0 if stamps is None else stamps)
            stamped.append(stamps is not None)
    if fast:
        sizes = np.array([rr.size for rr in rrs], dtype=np.intp)
        starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        owner = np.repeat(np.arange(sizes.size), sizes)
        rr_all, t_all = np.concatenate(rrs), np.concatenate(times)
        bad = ~(np.isfinite(rr_all) & np.isfinite(t_all) & (rr_all >= MIN_RR_MS))
        # timestamps: strictly increasing and never closer together than the intervals
        elapsed = np.diff(t_all)
        excess = elapsed - rr_all[1:] / 1000.0
        checked = np.repeat(np.array(stamped), sizes)
        checked[starts] = False
        bad[1:] |= checked[1:] & ((elapsed <= 0) | (excess < -TIMESTAMP_GAP_TOLERANCE_S))
        is_gap = rr_all > GAP_THRESHOLD_MS
        unusable = np.bincount(owner[bad], minlength=sizes.size) > 0
        unusable |= np.bincount(owner[~is_gap], minlength=sizes.size) == 0
        breaks = np.zeros(rr_all.size, dtype=bool)
        breaks[1:] = checked[1:] & (excess > TIMESTAMP_GAP_TOLERANCE_S)
        for j, k in enumerate(fast):
            if not unusable[j]:
                a, b = starts[j], starts[j] + sizes[j]
                out[k] = _assemble(rrs[j], times[j], is_gap[a:b], breaks[a:b])
    for k, (rr_ms, stamps) in enumerate(items):
        if out[k] is None:
            try:
                out[k] = rr_series(rr_ms, timestamps_s=stamps)
            except InvalidInput as exc:
                out[k] = exc
    return [item for item in out if item is not None]


def _plain(values: object) -> TypeGuard[FloatArray]:
    return (
        isinstance(values, np.ndarray)
        and values.dtype == np.float64
        and values.ndim == 1
        and values.size > 0
    )


def rr_from_beat_times(beat_times_s: npt.ArrayLike) -> RRSeries:
    """Build an `RRSeries` from beat times in seconds (e.g. detected R-peaks)."""
    t = _as_vector(beat_times_s, "beat times")
    if t.size < 2:
        raise InvalidInput(
            f"Only {t.size} beat(s) were found; at least 2 are needed to form an interval.",
            details={"n_beats": int(t.size)},
        )
    if np.any(np.diff(t) <= 0):
        raise InvalidInput("Beat times must be strictly increasing.")
    return rr_series(np.diff(t) * 1000.0, timestamps_s=t[1:])


def _as_vector(values: npt.ArrayLike, what: str) -> FloatArray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"The {what} must be numbers: {exc}.") from None
    if arr.ndim != 1:
        raise InvalidInput(f"The {what} must be a one-dimensional sequence, got shape {arr.shape}.")
    if arr.size == 0:
        raise InvalidInput(f"The {what} are empty: give at least one value.")
    bad = np.flatnonzero(~np.isfinite(arr))
    if bad.size:
        raise InvalidInput(
            f"The {what} contain {bad.size} value(s) that are not finite numbers (NaN or "
            f"infinity), first at position {bad[0] + 1}. Remove or fix those values.",
            details={"position": int(bad[0] + 1)},
        )
    return arr


def _check_values(rr: FloatArray, gap_threshold_ms: float) -> None:
    nonpos = np.flatnonzero(rr <= 0)
    if nonpos.size:
        i = int(nonpos[0])
        raise InvalidInput(
            f"RR interval {i + 1} is {rr[i]:g} ms: intervals must be positive. "
            f"{nonpos.size} value(s) are zero or negative; remove them.",
            details={"position": i + 1, "value": float(rr[i])},
        )
    short = np.flatnonzero(rr < MIN_RR_MS)
    if short.size:
        i = int(short[0])
        hint = (
            " The values look like seconds: convert them to milliseconds (or pass --unit s)."
            if np.median(rr) < 10
            else " Fix or remove those values."
        )
        raise InvalidInput(
            f"RR interval {i + 1} is {rr[i]:g} ms, shorter than the plausible minimum of "
            f"{MIN_RR_MS:g} ms (300 bpm); {short.size} value(s) are that short.{hint}",
            details={"position": i + 1, "value": float(rr[i])},
        )
    if np.all(rr > gap_threshold_ms):
        raise InvalidInput(
            f"Every RR interval is longer than {gap_threshold_ms:g} ms, so none is a plausible "
            "heartbeat. Check the unit: RR intervals must be milliseconds.",
        )


def _timestamp_breaks(rr: FloatArray, times: FloatArray) -> npt.NDArray[np.bool_]:
    if times.size != rr.size:
        raise InvalidInput(
            f"There are {times.size} timestamps for {rr.size} RR intervals; give one timestamp "
            "(the time of the beat ending the interval) per interval.",
        )
    elapsed = np.diff(times)
    if np.any(elapsed <= 0):
        i = int(np.flatnonzero(elapsed <= 0)[0]) + 1
        raise InvalidInput(f"Timestamps must increase strictly; timestamp {i + 1} does not.")
    excess = elapsed - rr[1:] / 1000.0
    if np.any(excess < -TIMESTAMP_GAP_TOLERANCE_S):
        i = int(np.flatnonzero(excess < -TIMESTAMP_GAP_TOLERANCE_S)[0]) + 1
        raise InvalidInput(
            f"Timestamp {i + 1} is closer to the previous one than RR interval {i + 1} "
            "allows; timestamps and intervals disagree.",
        )
    return np.concatenate([[False], excess > TIMESTAMP_GAP_TOLERANCE_S])


def _assemble(
    rr: FloatArray,
    times: FloatArray,
    is_gap: npt.NDArray[np.bool_],
    breaks: npt.NDArray[np.bool_],
) -> RRSeries:
    keep = ~is_gap
    index = np.flatnonzero(keep).astype(np.intp)
    # a segment starts after a gap interval, or where the timestamps show lost time
    prev_gap = np.concatenate([[True], is_gap[:-1]])
    starts_all = keep & (prev_gap | breaks)
    starts = np.flatnonzero(starts_all[keep]).astype(np.intp)
    lost = float(rr[is_gap].sum() / 1000.0)
    if breaks.any():
        excess = np.diff(times) - rr[1:] / 1000.0
        lost += float(excess[breaks[1:]].sum())
    n_gaps = int(is_gap.sum() + (breaks & keep & ~prev_gap).sum())
    return RRSeries(
        rr_ms=rr[keep].copy(),
        beat_times_s=times[keep].copy(),
        segment_starts=starts,
        source_index=index,
        gap_count=n_gaps,
        gap_s=lost,
    )


def replace_intervals(series: RRSeries, segments: list[FloatArray], origin: IntArray) -> RRSeries:
    """A new series with each segment's intervals replaced (e.g. after artefact correction).

    Beat times are rebuilt by cumulative sum from each segment's original start time, so the
    gaps between segments keep their length. `origin` maps each new interval to the index (in
    `series`) it derives from.
    """
    old_bounds = series.segment_bounds
    first_start = series.beat_times_s[old_bounds[:-1]] - series.rr_ms[old_bounds[:-1]] / 1000.0
    lengths = np.array([s.size for s in segments], dtype=np.intp)
    rr = np.concatenate(segments) if segments else np.empty(0)
    offsets = np.repeat(first_start, lengths)
    seg_cum = np.concatenate([np.cumsum(s) for s in segments]) / 1000.0
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.intp)
    return RRSeries(
        rr_ms=rr,
        beat_times_s=offsets + seg_cum,
        segment_starts=starts,
        source_index=series.source_index[origin],
        gap_count=series.gap_count,
        gap_s=series.gap_s,
    )
