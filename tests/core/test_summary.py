from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from vagal.core.baseline import MorningReading, compute_baseline
from vagal.core.summary import WeekNumbers, hrv_trend, weekly_summary

MONDAY = date(2026, 3, 2)
WORDS_WE_NEVER_USE = ("miss", "fail", "only", "worse", "bad", "should", "push", "streak")


def week(**values: object) -> WeekNumbers:
    return WeekNumbers(start=MONDAY, **values)  # type: ignore[arg-type]


def before(**values: object) -> WeekNumbers:
    return WeekNumbers(start=MONDAY - timedelta(days=7), **values)  # type: ignore[arg-type]


def test_faster_recovery_is_named_with_both_numbers() -> None:
    lines = weekly_summary(week(recovery_median_min=25.0), before(recovery_median_min=40.0))
    assert lines == [
        "You settled faster after hard moments this week: 25 minutes at the median, "
        "40 the week before."
    ]


def test_slower_recovery_is_stated_kindly_without_a_comparison() -> None:
    lines = weekly_summary(week(recovery_median_min=40.0), before(recovery_median_min=25.0))
    assert len(lines) == 1
    assert "40 minutes" in lines[0] and "25" not in lines[0]
    assert "faster" not in lines[0] and "slower" not in lines[0]


def test_a_similar_recovery_is_much_like_the_week_before() -> None:
    lines = weekly_summary(week(recovery_median_min=30.0), before(recovery_median_min=31.0))
    assert "much like the week before" in lines[0]


def test_good_news_comparisons_for_sleep_distress_and_settled_days() -> None:
    lines = weekly_summary(
        week(sleep_mean_hours=7.4, distress_mean=3.0, settled_days=4),
        before(sleep_mean_hours=6.8, distress_mean=4.5, settled_days=2),
    )
    assert "You checked in as settled on 4 days, 2 the week before." in lines
    assert (
        "You slept a little more this week: 7.4 hours a night on average, 6.8 the week before."
        in lines
    )
    assert "Distress was lower on average this week: 3.0 out of 10, 4.5 the week before." in lines


def test_worse_numbers_bring_no_discouraging_sentence() -> None:
    lines = weekly_summary(
        week(sleep_mean_hours=6.0, distress_mean=6.0, settled_days=1, practices_done=1),
        before(sleep_mean_hours=7.5, distress_mean=3.0, settled_days=5, practices_done=6),
    )
    text = " ".join(lines).lower()
    assert "sleep" not in text and "distress" not in text
    assert "You made time for 1 regulation practice this week." in lines
    assert not any(word in text for word in WORDS_WE_NEVER_USE)


def test_strength_sessions_never_mention_what_was_not_done() -> None:
    assert weekly_summary(week(strength_done=1, strength_planned=3), None) == [
        "You did 1 gentle strength session."
    ]
    assert weekly_summary(week(strength_done=2, strength_planned=2), None) == [
        "You did 2 gentle strength sessions (2 were in the plan)."
    ]
    # Nothing done at all, but a check-in: a kind line, no mention of the plan.
    lines = weekly_summary(week(strength_planned=2, activated_days=1), None)
    assert lines == ["You kept showing up for yourself this week, and that counts."]


def test_an_empty_week_invites_a_check_in() -> None:
    lines = weekly_summary(week(), before(settled_days=3))
    assert len(lines) == 1 and "check-in" in lines[0]


def test_hrv_is_only_mentioned_within_or_above_the_usual_range() -> None:
    band = (3.6, 4.0)
    assert weekly_summary(week(ln_rmssd_mean=3.8), None, band=band) == [
        "Your heart-rate variability stayed within your usual range this week."
    ]
    assert "above" in weekly_summary(week(ln_rmssd_mean=4.2), None, band=band)[0]
    below = weekly_summary(week(ln_rmssd_mean=3.2), None, band=band)
    assert not any("variability" in line for line in below)


def test_hrv_trend_matches_the_baseline_windows() -> None:
    today = date(2026, 3, 10)
    values = {today - timedelta(days=k): 3.5 + 0.02 * (k % 5) for k in range(40) if k % 6 != 3}
    trend = hrv_trend(values, today - timedelta(days=13), today)
    assert trend[0].local_date == today - timedelta(days=13)
    assert len(trend) == 14
    for point in trend:
        base = compute_baseline(
            [MorningReading(d, v) for d, v in values.items() if d <= point.local_date],
            today=point.local_date,
        )
        expected_mean = base.rolling_7d.mean if base.rolling_7d else None
        assert point.mean_7d == pytest.approx(expected_mean)
        assert point.band_low == pytest.approx(base.band_low)
        assert point.band_high == pytest.approx(base.band_high)
        assert point.ln_rmssd == values.get(point.local_date)


def test_hrv_trend_leaves_gaps_and_waits_for_enough_readings() -> None:
    today = date(2026, 3, 10)
    trend = hrv_trend(
        {today: 4.0, today - timedelta(days=2): 3.9}, today - timedelta(days=3), today
    )
    assert [p.ln_rmssd for p in trend] == [None, 3.9, None, 4.0]
    assert all(p.mean_7d is None and p.band_low is None for p in trend)
    assert not any(isinstance(p.ln_rmssd, float) and math.isnan(p.ln_rmssd) for p in trend)


def test_hrv_trend_agrees_with_the_baseline_over_months_of_noisy_data() -> None:
    import numpy as np

    rng = np.random.default_rng(3)
    today = date(2026, 3, 10)
    values = {
        today - timedelta(days=k): float(rng.normal(4.2, 0.3))
        for k in range(150)
        if rng.random() > 0.3
    }
    first = today - timedelta(days=80)
    trend = hrv_trend(values, first, today)
    readings = [MorningReading(d, v) for d, v in values.items()]
    for point in trend[::7]:
        base = compute_baseline(
            [r for r in readings if r.local_date <= point.local_date], today=point.local_date
        )
        assert point.mean_7d == pytest.approx(base.rolling_7d.mean if base.rolling_7d else None)
        assert point.band_low == pytest.approx(base.band_low, rel=1e-9)
        assert point.band_high == pytest.approx(base.band_high, rel=1e-9)
    assert hrv_trend(values, today, first) == []


def test_one_planned_session_reads_naturally() -> None:
    assert weekly_summary(week(strength_done=1, strength_planned=1), None) == [
        "You did 1 gentle strength session (1 was in the plan)."
    ]
