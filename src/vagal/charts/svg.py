"""Small, fast, accessible SVG line charts.

Each chart carries a <title> and <desc> (read by screen readers) and is drawn with muted lines.
Long series are reduced to a min/max envelope per pixel column, so a 24-hour tachogram of
100,000 beats draws as quickly as a 5-minute one and looks the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np
import numpy.typing as npt

WIDTH, HEIGHT = 640, 240
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 16, 16, 40
LINE = "#2f6f68"
GRID = "#e3ddd2"
INK = "#5f5b53"


@dataclass(frozen=True, slots=True)
class Axis:
    label: str
    low: float
    high: float

    def scale(
        self, value: npt.NDArray[np.float64], start: float, length: float
    ) -> npt.NDArray[np.float64]:
        span = (self.high - self.low) or 1.0
        return start + (value - self.low) / span * length


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low]
    raw = (high - low) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    return [round(first + i * step, 10) for i in range(int((high - first) / step) + 1)]


def envelope(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], columns: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Reduce a long series to min and max per column (drawn as a zig-zag that keeps every peak)."""
    if x.size <= 2 * columns:
        return x, y
    edges = np.linspace(x[0], x[-1], columns + 1)
    index = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, columns - 1)
    starts = np.flatnonzero(np.r_[True, index[1:] != index[:-1]])
    lows = np.minimum.reduceat(y, starts)
    highs = np.maximum.reduceat(y, starts)
    centres = (edges[index[starts]] + edges[index[starts] + 1]) / 2
    xs = np.repeat(centres, 2)
    ys = np.column_stack([lows, highs]).ravel()
    return xs, ys


def line_chart(
    x: Sequence[float] | npt.NDArray[np.float64],
    y: Sequence[float] | npt.NDArray[np.float64],
    *,
    title: str,
    description: str,
    x_axis: str,
    y_axis: str,
    chart_id: str = "chart",
) -> str:
    """An SVG line chart of y against x with labelled axes, a title and a description."""
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="chart">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    if xs.size == 0:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="{INK}">No data yet</text></svg>'
        )
        return "".join(parts)
    xa = Axis(x_axis, float(xs.min()), float(xs.max()))
    pad = (float(ys.max()) - float(ys.min())) * 0.05 or 1.0
    ya = Axis(y_axis, float(ys.min()) - pad, float(ys.max()) + pad)
    parts += _grid(xa, ya, plot_w, plot_h)
    ex, ey = envelope(xs, ys, plot_w)
    px = xa.scale(ex, MARGIN_LEFT, plot_w)
    py = ya.scale(ey, MARGIN_TOP + plot_h, -plot_h)
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
    parts.append(f'<polyline fill="none" stroke="{LINE}" stroke-width="1.5" points="{points}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _grid(xa: Axis, ya: Axis, plot_w: int, plot_h: int) -> list[str]:
    out: list[str] = []
    bottom = MARGIN_TOP + plot_h
    for tick in nice_ticks(ya.low, ya.high):
        y = float(ya.scale(np.array([tick]), bottom, -plot_h)[0])
        out.append(
            f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{MARGIN_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{INK}">{tick:g}</text>'
        )
    for tick in nice_ticks(xa.low, xa.high):
        x = float(xa.scale(np.array([tick]), MARGIN_LEFT, plot_w)[0])
        out.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" font-size="12" fill="{INK}">{tick:g}</text>'
        )
    out.append(
        f'<text x="{MARGIN_LEFT + plot_w / 2}" y="{HEIGHT - 6}" text-anchor="middle" font-size="12" fill="{INK}">{escape(xa.label)}</text>'
    )
    out.append(
        f'<text x="14" y="{MARGIN_TOP + plot_h / 2}" text-anchor="middle" font-size="12" fill="{INK}" transform="rotate(-90 14 {MARGIN_TOP + plot_h / 2})">{escape(ya.label)}</text>'
    )
    return out


def tachogram(rr_ms: npt.NDArray[np.float64], *, chart_id: str = "tachogram") -> str:
    """RR intervals over the recording's time: how the heart's rhythm rose and fell."""
    t = np.cumsum(rr_ms) / 1000.0
    minutes = t[-1] / 60 if t.size else 0.0
    use_minutes = minutes >= 3
    x = t / 60 if use_minutes else t
    description = (
        f"{rr_ms.size} beats over {minutes:.1f} minutes; RR intervals from "
        f"{rr_ms.min():.0f} to {rr_ms.max():.0f} ms."
        if rr_ms.size
        else "No beats."
    )
    return line_chart(
        x,
        rr_ms,
        title="How did the time between heartbeats change?",
        description=description,
        x_axis="time (min)" if use_minutes else "time (s)",
        y_axis="RR interval (ms)",
        chart_id=chart_id,
    )
