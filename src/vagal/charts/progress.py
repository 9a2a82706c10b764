"""The progress charts: one renderer for the progress page and the PDF report (pure, no I/O).

Every chart answers one question in its title, carries a one-sentence description, and comes with
the same numbers as a table (``Chart.columns`` / ``Chart.rows``) for screen readers and anyone
who prefers numbers. Days without a value are gaps in the line, never zeros. The person's normal
range is a soft band; the latest value is marked with a dot.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from vagal.charts.svg import GRID, INK, LINE, nice_ticks
from vagal.core.checkin import NervousSystemState
from vagal.core.insights import WhatHelps
from vagal.core.summary import DayNumbers, WeekNumbers

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 14, 46
LEGEND_SIZE = 11
BAND = "#dcebe6"
SOFT = "#8fb8b1"
STATE_COLOURS: dict[NervousSystemState, str] = {
    NervousSystemState.SETTLED: "#6fa89f",
    NervousSystemState.ACTIVATED: "#d7b377",
    NervousSystemState.SHUT_DOWN: "#9a9cb8",
}
STATE_NAMES: dict[NervousSystemState, str] = {
    NervousSystemState.SETTLED: "settled",
    NervousSystemState.ACTIVATED: "activated",
    NervousSystemState.SHUT_DOWN: "shut down",
}

Value = float | None


@dataclass(frozen=True, slots=True)
class Chart:
    """An SVG chart with its title, one-sentence description and table alternative."""

    id: str
    title: str
    description: str
    svg: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    has_data: bool = True


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: Sequence[Value]
    colour: str = LINE
    width: float = 1.5
    dashed: bool = False
    dots: bool = False
    mark_last: bool = False


@dataclass(slots=True)
class _Canvas:
    chart_id: str
    title: str
    description: str
    height: int = HEIGHT
    parts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        cid = escape(self.chart_id)
        self.parts += [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {self.height}" '
            f'role="img" aria-labelledby="{cid}-title {cid}-desc" class="chart" '
            f'font-family="sans-serif">',
            f'<title id="{cid}-title">{escape(self.title)}</title>',
            f'<desc id="{cid}-desc">{escape(self.description)}</desc>',
        ]

    def text(self, x: float, y: float, words: str, anchor: str = "middle", size: int = 13) -> None:
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{INK}">{escape(words)}</text>'
        )

    def close(self) -> str:
        return "".join([*self.parts, "</svg>"])


def _known(value: Value) -> float:
    if value is None:
        raise ValueError("a gap has no position")
    return value


def _fmt(value: Value, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _empty(chart_id: str, title: str, columns: tuple[str, ...]) -> Chart:
    canvas = _Canvas(chart_id, title, "No data yet for this period.", height=120)
    canvas.text(WIDTH / 2, 64, "No data yet for this period")
    return Chart(
        chart_id, title, "No data yet for this period.", canvas.close(), columns, (), False
    )


def covering_ticks(low: float, high: float) -> list[float]:
    """Round ticks whose first is at or below ``low`` and last at or above ``high``."""
    ticks = nice_ticks(low, high)
    if len(ticks) < 2:
        return [low, high] if high > low else [low, low + 1.0]
    step = ticks[1] - ticks[0]
    while ticks[0] > low:
        ticks.insert(0, round(ticks[0] - step, 10))
    while ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _y_range(values: Sequence[float], fixed: tuple[float, float] | None) -> tuple[float, float]:
    if fixed is not None:
        return fixed
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or max(abs(high) * 0.05, 1.0)
    return low - pad, high + pad


def line_over_time(
    chart_id: str,
    *,
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    y_label: str,
    band: tuple[Sequence[Value], Sequence[Value]] | None = None,
    band_label: str = "your usual range",
    y_range: tuple[float, float] | None = None,
    digits: int = 1,
    x_title: str = "Date",
) -> Chart:
    """Lines over evenly spaced points (days or weeks); ``None`` values leave gaps."""
    columns = (x_title, *(s.label for s in series))
    if band is not None:
        columns += (f"{band_label} (low)", f"{band_label} (high)")
    known = [v for s in series for v in s.values if v is not None and math.isfinite(v)]
    if band is not None:
        known += [v for edge in band for v in edge if v is not None]
    if not [v for s in series for v in s.values if v is not None]:
        return _empty(chart_id, title, columns)
    low, high = _y_range(known, y_range)
    n = len(x_labels)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(n - 1, 1)

    def px(i: int) -> float:
        return LEFT + (i * step if n > 1 else plot_w / 2)

    def py(v: float) -> float:
        return TOP + plot_h - (v - low) / ((high - low) or 1.0) * plot_h

    canvas = _Canvas(chart_id, title, description)
    _y_grid(canvas, low, high, py, y_label)
    if band is not None:
        _band(canvas, band, px, py)
    for s in series:
        _polyline(canvas, s, px, py)
    _x_labels(canvas, x_labels, px)
    if band is not None:
        _legend_band(canvas, band_label)
    rows = []
    for i, label in enumerate(x_labels):
        cells = [label, *(_fmt(s.values[i], digits) for s in series)]
        if band is not None:
            cells += [_fmt(band[0][i], digits), _fmt(band[1][i], digits)]
        if any(c != "—" for c in cells[1:]):
            rows.append(tuple(cells))
    return Chart(chart_id, title, description, canvas.close(), columns, tuple(rows))


def _y_grid(
    canvas: _Canvas, low: float, high: float, py: Callable[[float], float], y_label: str
) -> None:
    plot_h = HEIGHT - TOP - BOTTOM
    for tick in nice_ticks(low, high):
        y = py(tick)
        canvas.parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        canvas.text(LEFT - 6, y + 4, f"{tick:g}", anchor="end")
    mid = TOP + plot_h / 2
    canvas.parts.append(
        f'<text x="12" y="{mid:.1f}" text-anchor="middle" font-size="12" fill="{INK}" '
        f'transform="rotate(-90 12 {mid:.1f})">{escape(y_label)}</text>'
    )


def _runs(values: Sequence[Value]) -> list[list[int]]:
    """Indexes of consecutive known values: each run is drawn as one line (gaps between)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, v in enumerate(values):
        if v is None or not math.isfinite(v):
            if current:
                runs.append(current)
            current = []
        else:
            current.append(i)
    if current:
        runs.append(current)
    return runs


def _band(
    canvas: _Canvas,
    band: tuple[Sequence[Value], Sequence[Value]],
    px: Callable[[int], float],
    py: Callable[[float], float],
) -> None:
    lows, highs = band
    both = [
        lo if lo is not None and hi is not None else None
        for lo, hi in zip(lows, highs, strict=True)
    ]
    for run in _runs(both):
        top = [f"{px(i):.1f},{py(_known(highs[i])):.1f}" for i in run]
        bottom = [f"{px(i):.1f},{py(_known(lows[i])):.1f}" for i in reversed(run)]
        if len(run) == 1:
            i = run[0]
            top = [
                f"{px(i) - 2:.1f},{py(_known(highs[i])):.1f}",
                f"{px(i) + 2:.1f},{py(_known(highs[i])):.1f}",
            ]
            bottom = [
                f"{px(i) + 2:.1f},{py(_known(lows[i])):.1f}",
                f"{px(i) - 2:.1f},{py(_known(lows[i])):.1f}",
            ]
        canvas.parts.append(
            f'<polygon fill="{BAND}" stroke="none" points="{" ".join(top + bottom)}"/>'
        )


def _polyline(
    canvas: _Canvas, s: Series, px: Callable[[int], float], py: Callable[[float], float]
) -> None:
    dash = ' stroke-dasharray="5 4"' if s.dashed else ""
    for run in _runs(s.values):
        points = [(px(i), py(_known(s.values[i]))) for i in run]
        if len(points) > 1:
            joined = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            canvas.parts.append(
                f'<polyline fill="none" stroke="{s.colour}" stroke-width="{s.width}"{dash} '
                f'points="{joined}"/>'
            )
        if s.dots or len(points) == 1:
            canvas.parts += [
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{s.colour}"/>' for x, y in points
            ]
    known = [i for i, v in enumerate(s.values) if v is not None]
    if s.mark_last and known:
        i = known[-1]
        canvas.parts.append(
            f'<circle cx="{px(i):.1f}" cy="{py(_known(s.values[i])):.1f}" r="4.5" '
            f'fill="{s.colour}" stroke="#fff" stroke-width="1.5"/>'
        )


def _x_labels(canvas: _Canvas, labels: Sequence[str], px: Callable[[int], float]) -> None:
    n = len(labels)
    shown = 6
    every = max(1, math.ceil(n / shown))
    for i in range(0, n, every):
        canvas.text(px(i), HEIGHT - BOTTOM + 18, labels[i])


def _legend_band(canvas: _Canvas, label: str) -> None:
    _legend(canvas, [(BAND, label, False)])


def _legend(canvas: _Canvas, items: Sequence[tuple[str, str, bool]]) -> None:
    """A one-line key under the chart: a swatch (or a dashed mark) and words per item."""
    x, y = 8.0, HEIGHT - 8
    for colour, label, dashed in items:
        if dashed:
            canvas.parts.append(
                f'<line x1="{x:.1f}" x2="{x + 12:.1f}" y1="{y - 4}" y2="{y - 4}" '
                f'stroke="{colour}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
        else:
            canvas.parts.append(
                f'<rect x="{x:.1f}" y="{y - 9}" width="12" height="10" fill="{colour}"/>'
            )
        canvas.text(x + 16, y, label, anchor="start", size=LEGEND_SIZE)
        x += 16 + 0.6 * LEGEND_SIZE * len(label) + 14


def _day_label(day: date) -> str:
    return f"{day.day} {day:%b}"


def _week_label(week: WeekNumbers) -> str:
    return _day_label(week.start)


# --- The charts ---------------------------------------------------------------------------


def hrv_chart(days: Sequence[DayNumbers]) -> Chart:
    labels = [_day_label(d.local_date) for d in days]
    values = [d.ln_rmssd for d in days]
    known = [v for v in values if v is not None]
    description = (
        f"{len(known)} morning readings; ln RMSSD from {min(known):.2f} to {max(known):.2f}, "
        "with its 7-day mean and your usual range."
        if known
        else "No morning readings in this period."
    )
    return line_over_time(
        "chart-hrv",
        title="How is my heart-rate variability (ln RMSSD) moving?",
        description=description,
        x_labels=labels,
        series=[
            Series("ln RMSSD", values, colour=SOFT, dots=True),
            Series("7-day mean", [d.mean_7d for d in days], width=2.5, mark_last=True),
        ],
        y_label="ln RMSSD",
        band=([d.band_low for d in days], [d.band_high for d in days]),
        digits=2,
    )


def resting_hr_chart(days: Sequence[DayNumbers]) -> Chart:
    values = [d.resting_hr_bpm for d in days]
    known = [v for v in values if v is not None]
    description = (
        f"Resting heart rate on {len(known)} days, from {min(known):.0f} to {max(known):.0f} "
        "beats per minute."
        if known
        else "No resting heart rate in this period."
    )
    return line_over_time(
        "chart-resting-hr",
        title="Is my resting heart rate changing?",
        description=description,
        x_labels=[_day_label(d.local_date) for d in days],
        series=[Series("Resting heart rate (bpm)", values, dots=True, mark_last=True)],
        y_label="beats per minute",
        digits=0,
    )


def sleep_chart(days: Sequence[DayNumbers]) -> Chart:
    values = [d.sleep_hours for d in days]
    known = [v for v in values if v is not None]
    description = (
        f"Sleep on {len(known)} nights, {sum(known) / len(known):.1f} hours on average."
        if known
        else "No sleep recorded in this period."
    )
    return line_over_time(
        "chart-sleep",
        title="How much am I sleeping?",
        description=description,
        x_labels=[_day_label(d.local_date) for d in days],
        series=[Series("Sleep (hours)", values, dots=True, mark_last=True)],
        y_label="hours",
        y_range=(0.0, max([10.0, *known])),
    )


def sleep_quality_chart(days: Sequence[DayNumbers]) -> Chart:
    values: list[Value] = [
        None if d.sleep_quality is None else float(d.sleep_quality) for d in days
    ]
    known = [v for v in values if v is not None]
    description = (
        f"Sleep quality on {len(known)} nights, {sum(known) / len(known):.1f} out of 5 on average."
        if known
        else "No sleep quality recorded in this period."
    )
    return line_over_time(
        "chart-sleep-quality",
        title="How well am I sleeping?",
        description=description,
        x_labels=[_day_label(d.local_date) for d in days],
        series=[Series("Sleep quality (1–5)", values, dots=True, mark_last=True)],
        y_label="quality, 1 to 5",
        y_range=(1.0, 5.0),
        digits=0,
    )


def distress_chart(days: Sequence[DayNumbers]) -> Chart:
    values: list[Value] = [None if d.distress is None else float(d.distress) for d in days]
    known = [v for v in values if v is not None]
    description = (
        f"Distress at check-in on {len(known)} days, {sum(known) / len(known):.1f} out of 10 "
        "on average."
        if known
        else "No distress ratings in this period."
    )
    return line_over_time(
        "chart-distress",
        title="How has distress felt at check-in?",
        description=description,
        x_labels=[_day_label(d.local_date) for d in days],
        series=[Series("Distress (0–10)", values, dots=True, mark_last=True)],
        y_label="distress, 0 to 10",
        y_range=(0.0, 10.0),
        digits=0,
    )


def recovery_chart(weeks: Sequence[WeekNumbers]) -> Chart:
    values = [w.recovery_median_min for w in weeks]
    known = [v for v in values if v is not None]
    description = (
        f"Median minutes to settle after a hard moment, over {len(known)} weeks with moments; "
        f"latest {known[-1]:.0f} minutes."
        if known
        else "No settled moments in this period."
    )
    return line_over_time(
        "chart-recovery",
        title="How long does settling take after a hard moment?",
        description=description,
        x_labels=[_week_label(w) for w in weeks],
        series=[Series("Median minutes to settle", values, dots=True, mark_last=True)],
        y_label="minutes (median)",
        y_range=(0.0, max([10.0, *known]) * 1.1),
        digits=0,
        x_title="Week starting",
    )


def _bars_frame(canvas: _Canvas, top_value: float, y_label: str) -> tuple[float, float]:
    plot_h = HEIGHT - TOP - BOTTOM

    def py(v: float) -> float:
        return TOP + plot_h - v / top_value * plot_h

    _y_grid(canvas, 0.0, top_value, py, y_label)
    return TOP + plot_h, plot_h / top_value


def state_chart(weeks: Sequence[WeekNumbers]) -> Chart:
    title = "How has my nervous system felt, week by week?"
    columns = ("Week starting", "Settled days", "Activated days", "Shut-down days")
    counts = [
        (
            w,
            {
                NervousSystemState.SETTLED: w.settled_days,
                NervousSystemState.ACTIVATED: w.activated_days,
                NervousSystemState.SHUT_DOWN: w.shut_down_days,
            },
        )
        for w in weeks
    ]
    total = sum(sum(c.values()) for _, c in counts)
    if not total:
        return _empty("chart-state", title, columns)
    settled = sum(c[NervousSystemState.SETTLED] for _, c in counts)
    description = (
        f"Check-ins by state over {len(weeks)} weeks: settled on {settled} of {total} days."
    )
    canvas = _Canvas("chart-state", title, description)
    top = float(max(7, *(sum(c.values()) for _, c in counts)))
    bottom, per_unit = _bars_frame(canvas, top, "days")
    slot = (WIDTH - LEFT - RIGHT) / max(len(weeks), 1)
    bar = min(40.0, slot * 0.7)
    for i, (_, c) in enumerate(counts):
        x = LEFT + i * slot + (slot - bar) / 2
        y = bottom
        for state in NervousSystemState:
            h = c[state] * per_unit
            if h:
                y -= h
                canvas.parts.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                    f'fill="{STATE_COLOURS[state]}"/>'
                )
    _x_labels(canvas, [_week_label(w) for w in weeks], lambda i: LEFT + i * slot + slot / 2)
    _legend(canvas, [(STATE_COLOURS[st], STATE_NAMES[st], False) for st in NervousSystemState])
    rows = tuple(
        (
            _week_label(w),
            str(c[NervousSystemState.SETTLED]),
            str(c[NervousSystemState.ACTIVATED]),
            str(c[NervousSystemState.SHUT_DOWN]),
        )
        for w, c in counts
    )
    return Chart("chart-state", title, description, canvas.close(), columns, rows)


def activity_chart(weeks: Sequence[WeekNumbers]) -> Chart:
    """Strength sessions (bars, with the plan as a line mark) and practices per week."""
    title = "What have I made time for, week by week?"
    columns = (
        "Week starting",
        "Strength sessions",
        "Planned strength days",
        "Regulation practices",
    )
    if not any(w.strength_done or w.practices_done for w in weeks):
        return _empty("chart-activity", title, columns)
    strength = sum(w.strength_done for w in weeks)
    practices = sum(w.practices_done for w in weeks)
    description = (
        f"Over {len(weeks)} weeks: {strength} gentle strength sessions and {practices} "
        "regulation practices, with the planned strength days marked."
    )
    canvas = _Canvas("chart-activity", title, description)
    top = covering_ticks(
        0.0,
        float(max(3, *(max(w.strength_done, w.strength_planned, w.practices_done) for w in weeks))),
    )[-1]
    bottom, per_unit = _bars_frame(canvas, top, "per week")
    slot = (WIDTH - LEFT - RIGHT) / max(len(weeks), 1)
    bar = min(18.0, slot * 0.35)
    for i, w in enumerate(weeks):
        x = LEFT + i * slot + slot / 2 - bar
        for value, colour, dx in ((w.strength_done, LINE, 0.0), (w.practices_done, SOFT, bar)):
            h = value * per_unit
            if h:
                canvas.parts.append(
                    f'<rect x="{x + dx:.1f}" y="{bottom - h:.1f}" width="{bar:.1f}" '
                    f'height="{h:.1f}" fill="{colour}"/>'
                )
        if w.strength_planned:
            y = bottom - w.strength_planned * per_unit
            canvas.parts.append(
                f'<line x1="{x - 3:.1f}" x2="{x + bar + 3:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="{INK}" stroke-width="2" stroke-dasharray="3 2"/>'
            )
    _x_labels(canvas, [_week_label(w) for w in weeks], lambda i: LEFT + i * slot + slot / 2)
    _legend(
        canvas,
        [
            (LINE, "strength sessions", False),
            (SOFT, "practices", False),
            (INK, "planned strength", True),
        ],
    )
    rows = tuple(
        (_week_label(w), str(w.strength_done), str(w.strength_planned), str(w.practices_done))
        for w in weeks
    )
    return Chart("chart-activity", title, description, canvas.close(), columns, rows)


def what_helps_chart(helps: WhatHelps | None, names: dict[str, str]) -> Chart:
    """Mean drop in distress per practice with its 95 % interval (a dot and a whisker)."""
    title = "What helps me?"
    columns = ("Practice", "Uses", "Mean drop in distress", "95 % interval")
    if helps is None or not helps.effects:
        return _empty("chart-helps", title, columns)
    effects = helps.effects
    row_h = 30
    height = TOP + row_h * len(effects) + BOTTOM
    ticks = covering_ticks(
        min(0.0, *(e.ci_low for e in effects)), max(1.0, *(e.ci_high for e in effects))
    )
    low, high = ticks[0], ticks[-1]
    left = 170
    plot_w = WIDTH - left - RIGHT
    best = effects[0]
    description = (
        f"Mean drop in distress (0–10) after each practice with at least {helps.min_uses} uses; "
        f"the largest is {names.get(best.practice_id, best.practice_id)}, "
        f"{best.mean_drop:.1f} points."
    )
    canvas = _Canvas("chart-helps", title, description, height=height)

    def px(v: float) -> float:
        return left + (v - low) / ((high - low) or 1.0) * plot_w

    for tick in ticks:
        x = px(tick)
        canvas.parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{height - BOTTOM}" '
            f'stroke="{INK if tick == 0 else GRID}"/>'
        )
        canvas.text(x, height - BOTTOM + 18, f"{tick:g}")
    canvas.text(left + plot_w / 2, height - 8, "drop in distress (points, 0–10 scale)")
    for i, e in enumerate(effects):
        y = TOP + row_h * i + row_h / 2
        canvas.text(left - 8, y + 4, names.get(e.practice_id, e.practice_id)[:22], anchor="end")
        canvas.parts.append(
            f'<line x1="{px(e.ci_low):.1f}" x2="{px(e.ci_high):.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{SOFT}" stroke-width="3"/>'
            f'<circle cx="{px(e.mean_drop):.1f}" cy="{y:.1f}" r="5" fill="{LINE}"/>'
        )
    rows = tuple(
        (
            names.get(e.practice_id, e.practice_id),
            str(e.uses),
            f"{e.mean_drop:.1f}",
            f"{e.ci_low:.1f} to {e.ci_high:.1f}",
        )
        for e in effects
    )
    return Chart("chart-helps", title, description, canvas.close(), columns, rows)


def progress_charts(
    days: Sequence[DayNumbers],
    weeks: Sequence[WeekNumbers],
    helps: WhatHelps | None,
    practice_names: dict[str, str],
) -> list[Chart]:
    """Every progress chart, in page order."""
    return [
        hrv_chart(days),
        resting_hr_chart(days),
        sleep_chart(days),
        sleep_quality_chart(days),
        distress_chart(days),
        state_chart(weeks),
        recovery_chart(weeks),
        activity_chart(weeks),
        what_helps_chart(helps, practice_names),
    ]
