"""The personal baseline, pinned by hand-computed numbers.

Standard deviations are sample SDs (ddof = 1): for the values 3.8 and 4.2 seven times each the
sample SD is sqrt(14 x 0.04 / 13) = 0.207550..., where the population SD would be 0.2.
"""

from __future__ import annotations

import math
import random
import statistics
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vagal.core.baseline import (
    BaselineStatus,
    MorningReading,
    SleepNight,
    compute_baseline,
    sample_sd,
)
from vagal.errors import InvalidInput

TODAY = date(2026, 3, 11)


def day(offset: int) -> date:
    return TODAY - timedelta(days=offset)


def readings(values: dict[int, float], rhr: dict[int, float] | None = None) -> list[MorningReading]:
    rhr = rhr or {}
    return [MorningReading(day(k), v, rhr.get(k)) for k, v in values.items()]


def test_nothing_at_all_is_calibrating_and_never_raises() -> None:
    b = compute_baseline([], today=TODAY)
    assert b.status is BaselineStatus.CALIBRATING
    assert (b.readings_count, b.readings_to_go) == (0, 14)
    assert b.today_ln_rmssd is None
    assert b.rolling_7d is b.band_60d is b.reference_10d is None
    assert b.band_low is b.band_high is b.cv_7d_percent is None
    assert b.resting_hr_delta is None and b.sleep_baseline is None
    assert not b.falling_two_days
    assert b.notes[0] == (
        "Calibrating: 0 of 14 morning readings in the last 60 days. "
        "Your usual range appears once there are 14."
    )
    assert "No morning reading today." in b.notes


def test_seven_day_mean_needs_three_readings_in_seven_days() -> None:
    two = compute_baseline(readings({0: 4.0, 3: 3.7, 7: 4.3}), today=TODAY)
    assert two.rolling_7d is None  # the day-7 reading is outside the window (today - 6 .. today)
    assert any("needs 3 readings in the last 7 days" in n for n in two.notes)
    three = compute_baseline(readings({0: 4.0, 3: 3.7, 6: 4.3}), today=TODAY)
    assert three.rolling_7d is not None
    assert three.rolling_7d.n == 3
    assert three.rolling_7d.mean == pytest.approx(4.0)
    # deviations 0, -0.3, +0.3: sum of squares 0.18, over n - 1 = 2: SD 0.3
    assert three.rolling_7d.sd == pytest.approx(0.3)
    assert three.cv_7d_percent == pytest.approx(7.5)  # 0.3 / 4.0 x 100


def test_band_is_mean_plus_minus_half_a_sample_sd_once_fourteen_readings() -> None:
    values = {k: (3.8 if k % 2 else 4.2) for k in range(14)}
    b = compute_baseline(readings(values), today=TODAY)
    assert b.status is BaselineStatus.ESTABLISHED and b.readings_count == 14
    assert b.band_60d is not None
    assert b.band_60d.mean == pytest.approx(4.0)
    sd = math.sqrt(14 * 0.04 / 13)
    assert b.band_60d.sd == pytest.approx(sd)
    assert (b.band_low, b.band_high) == (pytest.approx(4.0 - sd / 2), pytest.approx(4.0 + sd / 2))
    assert b.band_low == pytest.approx(3.896225, abs=1e-6)


def test_thirteen_readings_is_still_calibrating_without_a_band() -> None:
    values = {k: (3.8 if k % 2 else 4.2) for k in range(13)}
    b = compute_baseline(readings(values), today=TODAY)
    assert b.calibrating and b.readings_to_go == 1
    assert b.band_60d is None and b.band_low is None
    assert b.notes[0].startswith("Calibrating: 13 of 14")


def test_band_window_is_sixty_days_including_today() -> None:
    values = dict.fromkeys(range(59, 45, -1), 4.0)  # 14 readings, days 46..59 ago
    assert compute_baseline(readings(values), today=TODAY).readings_count == 14
    shifted = {k + 1: v for k, v in values.items()}  # the oldest one is now 60 days ago
    assert compute_baseline(readings(shifted), today=TODAY).readings_count == 13


def test_ten_day_reference_ends_yesterday() -> None:
    values = {0: 3.5, 1: 4.0, 2: 4.2, 3: 3.8, 4: 4.0, 5: 4.0, 11: 4.5}
    b = compute_baseline(readings(values), today=TODAY)
    assert b.reference_10d is not None
    assert b.reference_10d.n == 5  # today and the day-11 reading are outside
    assert b.reference_10d.mean == pytest.approx(4.0)
    assert b.reference_10d.sd == pytest.approx(math.sqrt(0.08 / 4))
    four = compute_baseline(readings({1: 4.0, 2: 4.2, 3: 3.8, 4: 4.0}), today=TODAY)
    assert four.reference_10d is None


@pytest.mark.parametrize(
    ("values", "falling"),
    [
        ({2: 4.2, 1: 4.1, 0: 4.0}, True),
        ({2: 4.2, 1: 4.1, 0: 4.1}, False),
        ({2: 4.0, 1: 4.1, 0: 3.9}, False),
        ({3: 4.3, 2: 4.2, 0: 4.0}, False),  # no reading yesterday
        ({2: 4.2, 1: 4.1}, False),  # no reading today
    ],
)
def test_falling_two_days_in_a_row(values: dict[int, float], falling: bool) -> None:
    assert compute_baseline(readings(values), today=TODAY).falling_two_days is falling


def test_resting_hr_baseline_is_the_thirty_days_before_today() -> None:
    values = dict.fromkeys(range(9), 4.0) | {31: 4.0}
    rhr = {k: (50.0 if k % 2 else 60.0) for k in range(1, 9)} | {0: 62.0, 31: 90.0}
    b = compute_baseline(readings(values, rhr), today=TODAY)
    assert b.resting_hr_baseline is not None
    assert (b.resting_hr_baseline.n, b.resting_hr_baseline.mean) == (8, pytest.approx(55.0))
    assert b.resting_hr_today == 62.0
    assert b.resting_hr_delta == pytest.approx(7.0)


def test_resting_hr_needs_seven_values() -> None:
    rhr = dict.fromkeys(range(7), 55.0)
    b = compute_baseline(readings(dict.fromkeys(range(7), 4.0), rhr), today=TODAY)
    assert b.resting_hr_baseline is None and b.resting_hr_delta is None
    assert b.resting_hr_today == 55.0


def test_sleep_baseline_is_the_fourteen_nights_before_last_night() -> None:
    nights = [SleepNight(day(k), 7.0 if k % 2 else 8.0) for k in range(1, 15)]
    nights += [SleepNight(TODAY, 4.5), SleepNight(day(15), 2.0)]
    b = compute_baseline([], today=TODAY, sleep=nights)
    assert b.sleep_last_night_hours == 4.5
    assert b.sleep_baseline is not None
    assert (b.sleep_baseline.n, b.sleep_baseline.mean) == (14, pytest.approx(7.5))


def test_several_readings_on_one_day_count_once_as_their_mean() -> None:
    b = compute_baseline(
        [MorningReading(TODAY, 3.9, 50.0), MorningReading(TODAY, 4.1, 54.0)], today=TODAY
    )
    assert b.readings_count == 1
    assert b.today_ln_rmssd == pytest.approx(4.0)
    assert b.resting_hr_today == pytest.approx(52.0)


def test_implausible_values_are_skipped_not_raised() -> None:
    bad = [
        MorningReading(day(1), math.nan),
        MorningReading(day(2), 0.0),
        MorningReading(day(3), -1.0),
        MorningReading(day(4), 7.0),
        MorningReading(TODAY, 4.0, 300.0),
    ]
    b = compute_baseline(bad, today=TODAY, sleep=[SleepNight(TODAY, math.inf)])
    assert b.readings_count == 1
    assert b.today_ln_rmssd == 4.0
    assert b.resting_hr_today is None
    assert b.sleep_last_night_hours is None


def test_a_reading_in_the_future_is_rejected() -> None:
    with pytest.raises(InvalidInput, match="after 2026-03-11") as err:
        compute_baseline([MorningReading(day(-1), 4.0)], today=TODAY)
    assert err.value.details == {"field": "local_date"}
    with pytest.raises(InvalidInput):
        compute_baseline([], today=TODAY, sleep=[SleepNight(day(-2), 7.0)])


@given(
    st.lists(
        st.tuples(
            st.integers(0, 90),
            st.floats(allow_nan=True, allow_infinity=True),
            st.none() | st.floats(allow_nan=True),
        ),
        max_size=80,
    )
)
def test_any_history_gives_a_baseline_with_a_band_that_contains_its_mean(
    rows: list[tuple[int, float, float | None]],
) -> None:
    b = compute_baseline([MorningReading(day(k), v, r) for k, v, r in rows], today=TODAY)
    assert b.calibrating is (b.readings_count < 14)
    if b.band_60d is not None and b.band_low is not None and b.band_high is not None:
        assert b.band_low <= b.band_60d.mean <= b.band_high
    if b.rolling_7d is not None:
        assert b.rolling_7d.n >= 3


@pytest.mark.parametrize("seed", range(20))
def test_float_sample_sd_agrees_with_statistics_stdev(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 120)
    centre = rng.uniform(0.5, 6.0) if seed % 2 else rng.uniform(25.0, 200.0)
    values = [rng.gauss(centre, rng.uniform(1e-6, 2.0)) for _ in range(n)]
    expected = statistics.stdev(values)
    assert math.isclose(sample_sd(values), expected, rel_tol=1e-13)
    assert math.isclose(sample_sd(values, statistics.fmean(values)), expected, rel_tol=1e-13)


def test_float_sample_sd_of_equal_values_is_zero_and_needs_two_values() -> None:
    assert sample_sd([4.2, 4.2, 4.2]) == 0.0
    with pytest.raises(ValueError, match="two values"):
        sample_sd([4.2])
