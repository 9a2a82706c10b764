from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from defusedxml import ElementTree

from vagal.charts.progress import (
    Chart,
    activity_chart,
    distress_chart,
    hrv_chart,
    progress_charts,
    recovery_chart,
    state_chart,
    what_helps_chart,
)
from vagal.core.checkin import NervousSystemState
from vagal.core.insights import PracticeUse, what_helps
from vagal.core.summary import DayNumbers, WeekNumbers

START = date(2026, 1, 5)
SVG = "{http://www.w3.org/2000/svg}"


def days(n: int = 28) -> list[DayNumbers]:
    out = []
    for k in range(n):
        gap = k % 7 == 3
        out.append(
            DayNumbers(
                local_date=START + timedelta(days=k),
                ln_rmssd=None if gap else 3.6 + 0.01 * k,
                mean_7d=3.7 if k >= 6 else None,
                band_low=3.5 if k >= 14 else None,
                band_high=3.9 if k >= 14 else None,
                resting_hr_bpm=None if gap else 60.0,
                sleep_hours=None if gap else 7.0,
                sleep_quality=None if gap else 3,
                distress=None if gap else k % 10,
                state=None if gap else list(NervousSystemState)[k % 3],
            )
        )
    return out


def weeks(n: int = 4) -> list[WeekNumbers]:
    return [
        WeekNumbers(
            start=START + timedelta(days=7 * k),
            settled_days=3,
            activated_days=2,
            shut_down_days=1,
            moments=2,
            recovery_median_min=None if k == 1 else 30.0 - 5 * k,
            strength_done=k % 3,
            strength_planned=2,
            practices_done=4,
        )
        for k in range(n)
    ]


def helps() -> object:
    uses = [PracticeUse("extended_exhale", 7, 3 + k % 2) for k in range(6)]
    uses += [PracticeUse("orienting", 5, 5 - k % 2) for k in range(5)]
    return what_helps(uses, seed=1, resamples=200)


def all_charts() -> list[Chart]:
    result = helps()
    return progress_charts(days(), weeks(), result, {"extended_exhale": "Longer breath out"})  # type: ignore[arg-type]


@pytest.mark.parametrize("chart", all_charts(), ids=lambda c: c.id)
def test_every_chart_is_valid_accessible_svg_with_a_table(chart: Chart) -> None:
    root = ElementTree.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart.id}-title {chart.id}-desc"
    assert root.find(f"{SVG}title").text == chart.title  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == chart.description  # type: ignore[union-attr]
    assert chart.title.endswith("?")
    assert chart.has_data and chart.rows
    assert all(len(row) == len(chart.columns) for row in chart.rows)


def test_missing_days_are_gaps_not_zeros() -> None:
    chart = distress_chart(days(14))
    # Day 3 and day 10 have no value: the line breaks into three runs, and no row shows a 0
    # for them.
    assert chart.svg.count("<polyline") == 3
    dates = [row[0] for row in chart.rows]
    assert "8 Jan" not in dates and "15 Jan" not in dates
    assert len(chart.rows) == 12


def test_hrv_chart_draws_the_band_and_the_7_day_mean() -> None:
    chart = hrv_chart(days())
    assert "<polygon" in chart.svg  # the usual range
    assert chart.columns == (
        "Date",
        "ln RMSSD",
        "7-day mean",
        "your usual range (low)",
        "your usual range (high)",
    )
    assert chart.rows[-1][3:] == ("3.50", "3.90")
    assert 'r="4.5"' in chart.svg  # the latest value marked with a dot


def test_state_chart_stacks_the_three_states() -> None:
    chart = state_chart(weeks(2))
    assert chart.svg.count("<rect") == 2 * 3 + 3  # bars and legend
    assert chart.rows[0] == ("5 Jan", "3", "2", "1")


def test_recovery_and_activity_charts_use_weeks() -> None:
    recovery = recovery_chart(weeks())
    assert [row[1] for row in recovery.rows] == ["30", "20", "15"]
    activity = activity_chart(weeks())
    assert activity.rows[1] == ("12 Jan", "1", "2", "4")
    assert "planned strength" in activity.svg


def test_what_helps_shows_each_interval_and_names_practices() -> None:
    chart = what_helps_chart(helps(), {"extended_exhale": "Longer breath out"})  # type: ignore[arg-type]
    assert chart.rows[0][:3] == ("Longer breath out", "6", "3.5")
    assert re.search(r"\d\.\d to \d\.\d", chart.rows[0][3])
    assert chart.rows[1][0] == "orienting"


def test_empty_data_gives_a_calm_empty_chart() -> None:
    empty_days = [DayNumbers(START + timedelta(days=k)) for k in range(7)]
    charts = progress_charts(empty_days, [WeekNumbers(start=START)], None, {})
    assert len(charts) == 9
    for chart in charts:
        assert not chart.has_data and chart.rows == ()
        assert "No data yet for this period" in chart.svg
        ElementTree.fromstring(chart.svg)


def test_text_is_escaped() -> None:
    uses = [PracticeUse("x", 5, 2) for _ in range(5)]
    chart = what_helps_chart(what_helps(uses, seed=1, resamples=200), {"x": "<b>me & you</b>"})
    assert "&lt;b&gt;me &amp; you" in chart.svg
    ElementTree.fromstring(chart.svg)


def test_covering_ticks_reach_past_both_ends() -> None:
    from vagal.charts.progress import covering_ticks

    assert covering_ticks(0.0, 2.1) == [0.0, 1.0, 2.0, 3.0]
    assert covering_ticks(-0.3, 1.0)[0] <= -0.3
    assert covering_ticks(0.0, 7.0)[-1] >= 7.0
