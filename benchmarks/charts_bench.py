"""How long each progress chart takes to render for a year of daily data (issue 8).

Pure chart code only (no database): a year (365 days) of synthetic daily values with gaps, 53
weeks of counts and a "what helps me" result for 6 practices. Each chart is rendered N times;
the median and the minimum are reported in milliseconds. Target: a few ms per chart.

    .venv/bin/python benchmarks/charts_bench.py            # N = 50
    .venv/bin/python benchmarks/charts_bench.py --repeats 200 --markdown out.md
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from vagal.charts import progress as charts
from vagal.core.checkin import NervousSystemState
from vagal.core.insights import PracticeUse, WhatHelps, what_helps
from vagal.core.summary import DayNumbers, WeekNumbers, hrv_trend

FIRST = date(2025, 3, 11)
DAYS = 365


def year_of_data(seed: int = 8) -> tuple[list[DayNumbers], list[WeekNumbers], WhatHelps]:
    rng = np.random.default_rng(seed)
    states = list(NervousSystemState)
    ln = {
        FIRST + timedelta(days=k): float(rng.normal(3.8, 0.2))
        for k in range(-59, DAYS)
        if rng.random() > 0.15
    }
    trend = hrv_trend(ln, FIRST, FIRST + timedelta(days=DAYS - 1))
    days = []
    for point in trend:
        present = rng.random() > 0.1
        days.append(
            DayNumbers(
                local_date=point.local_date,
                ln_rmssd=point.ln_rmssd,
                mean_7d=point.mean_7d,
                band_low=point.band_low,
                band_high=point.band_high,
                resting_hr_bpm=float(rng.normal(60, 3)) if point.ln_rmssd is not None else None,
                sleep_hours=float(rng.normal(7, 0.8)) if present else None,
                sleep_quality=int(rng.integers(1, 6)) if present else None,
                distress=int(rng.integers(0, 10)) if present else None,
                state=states[int(rng.integers(0, 3))] if present else None,
            )
        )
    weeks = [
        WeekNumbers(
            start=FIRST + timedelta(days=7 * k),
            settled_days=int(rng.integers(0, 4)),
            activated_days=int(rng.integers(0, 3)),
            shut_down_days=int(rng.integers(0, 2)),
            moments=int(rng.integers(0, 5)),
            recovery_median_min=float(rng.integers(5, 60)) if rng.random() > 0.1 else None,
            strength_done=int(rng.integers(0, 4)),
            strength_planned=2,
            practices_done=int(rng.integers(0, 8)),
        )
        for k in range(53)
    ]
    uses = [
        PracticeUse(f"practice_{k % 6}", int(b), int(max(0, b - rng.integers(0, 4))))
        for k, b in enumerate(rng.integers(3, 10, size=300))
    ]
    return days, weeks, what_helps(uses, seed=1)


def measure(render: Callable[[], object], repeats: int) -> tuple[float, float, float]:
    """Median and minimum wall time, and median CPU time (less sensitive to a busy machine)."""
    render()  # warm up
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        render()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    days, weeks, helps = year_of_data()
    names = {f"practice_{k}": f"Practice {k}" for k in range(6)}
    ln = {d.local_date: d.ln_rmssd for d in days if d.ln_rmssd is not None}
    cases: list[tuple[str, Callable[[], object]]] = [
        ("ln RMSSD, 7-day mean and band (365 days)", lambda: charts.hrv_chart(days)),
        ("resting heart rate (365 days)", lambda: charts.resting_hr_chart(days)),
        ("sleep hours (365 days)", lambda: charts.sleep_chart(days)),
        ("sleep quality (365 days)", lambda: charts.sleep_quality_chart(days)),
        ("distress (365 days)", lambda: charts.distress_chart(days)),
        ("state per week (53 weeks)", lambda: charts.state_chart(weeks)),
        ("recovery time, weekly median (53 weeks)", lambda: charts.recovery_chart(weeks)),
        ("strength and practices vs plan (53 weeks)", lambda: charts.activity_chart(weeks)),
        ("what helps me (6 practices)", lambda: charts.what_helps_chart(helps, names)),
        ("all nine charts together", lambda: charts.progress_charts(days, weeks, helps, names)),
        (
            "hrv_trend: 7-day mean and band for 365 days",
            lambda: hrv_trend(ln, FIRST, FIRST + timedelta(days=DAYS - 1)),
        ),
    ]
    lines = [
        f"Python {platform.python_version()}, {platform.machine()}, "
        f"median and min of {args.repeats} renders after one warm-up; load average "
        f"{os.getloadavg()[0]:.1f} at the start.",
        "",
        "| chart | median (ms) | min (ms) | CPU median (ms) | SVG size (kB) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, render in cases:
        median, low, cpu = measure(render, args.repeats)
        result = render()
        size = f"{len(result.svg) / 1024:.1f}" if isinstance(result, charts.Chart) else "—"
        lines.append(f"| {label} | {median:.2f} | {low:.2f} | {cpu:.2f} | {size} |")
        print(f"{label}: {median:.2f} ms", file=sys.stderr)
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n")


if __name__ == "__main__":
    main()
