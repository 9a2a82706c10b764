from __future__ import annotations

import numpy as np

from vagal.charts.svg import envelope, line_chart, nice_ticks, tachogram


def test_nice_ticks_are_round_and_cover_the_range() -> None:
    assert nice_ticks(0, 100) == [0, 25, 50, 75, 100]
    assert nice_ticks(412, 1287)[0] >= 412
    assert nice_ticks(5, 5) == [5]


def test_envelope_keeps_every_extreme() -> None:
    x = np.arange(100_000, dtype=float)
    y = np.sin(x / 50)
    y[12_345] = 9.0
    ex, ey = envelope(x, y, 500)
    assert ex.size <= 1000
    assert ey.max() == 9.0
    assert ey.min() == y.min()


def test_chart_is_accessible_and_escapes_text() -> None:
    svg = line_chart(
        [0, 1], [1, 2], title="A <b> title", description="d & e", x_axis="x", y_axis="y"
    )
    assert '<title id="chart-title">A &lt;b&gt; title</title>' in svg
    assert "d &amp; e" in svg
    assert 'role="img"' in svg
    assert "No data yet" in line_chart([], [], title="t", description="d", x_axis="x", y_axis="y")


def test_tachogram_describes_the_recording() -> None:
    svg = tachogram(np.full(300, 1000.0))
    assert "300 beats over 5.0 minutes" in svg
    assert "time (min)" in svg
