"""A person's own baseline from morning HRV readings, resting heart rate and sleep (pure).

Everything here is a plain function of the readings and ``today`` (the person's local date): no
clock, no I/O. The numbers feed the planner (``vagal.core.planner``) and are shown to the person
with their meaning ("lower than your usual range").

Windows are counted in calendar days ending on ``today``:

- chronic windows (7-day mean, 7-day CV, 60-day band) include today;
- reference windows for acute checks (10-day mean and SD, resting-HR and sleep baselines) end the
  day before, so today is compared with the days that came before it.

One value per day: several valid morning readings on the same day are averaged. Standard
deviations are sample SDs (``ddof = 1``, as ``statistics.stdev``), computed in floats with
``math.fsum`` (``statistics`` goes through exact fractions, which is slow and not needed here).

References
----------
- Plews DJ, Laursen PB, Le Meur Y, Hausswirth C, Kilding AE, Buchheit M (2014). Monitoring training
  with heart-rate variability: how much compliance is needed for valid assessment? Int J Sports
  Physiol Perform 9(5):783-790. (7-day rolling mean of ln RMSSD; at least 3 readings a week.)
- Plews DJ, Laursen PB, Kilding AE, Buchheit M (2012). Heart rate variability in elite
  triathletes: is variation in variability the key to effective training? Eur J Appl Physiol
  112(11):3729-3741. (7-day coefficient of variation of ln RMSSD.)
- Vesterinen V, Nummela A, Heikura I, et al. (2016). Individual endurance training prescription
  with heart rate variability. Med Sci Sports Exerc 48(7):1347-1354. (Normal band as mean ± 0.5 SD,
  the smallest worthwhile change.)
- Javaloyes A, Sarabia JM, Lamberts RP, Moya-Ramon M (2019). Training prescription guided by heart
  rate variability in cycling. Int J Sports Physiol Perform 14(1):23-32. (Same band, 60 days.)
- Kiviniemi AM, Hautala AJ, Kinnunen H, Tulppo MP (2007). Endurance training guided individually
  by daily heart rate variability measurements. Eur J Appl Physiol 101(6):743-751. (Today against
  the 10-day mean and SD.)
- Buchheit M (2014). Monitoring training status with HR measures: do all roads lead to Rome?
  Front Physiol 5:73. (Resting heart rate alongside HRV.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from vagal.errors import InvalidInput

#: Valid readings needed before the baseline is trusted; below this the status is calibrating.
CALIBRATION_READINGS = 14
#: Days in the chronic rolling mean and CV window (Plews 2014), today included.
ROLLING_DAYS = 7
#: Valid readings needed inside the 7-day window (Plews 2014).
ROLLING_MIN_READINGS = 3
#: Days in the normal-band window (Javaloyes 2019), today included.
BAND_DAYS = 60
#: Half-width of the normal band in SDs: the smallest worthwhile change (Vesterinen 2016).
BAND_SD_FRACTION = 0.5
#: Days in the acute reference window (Kiviniemi 2007), ending yesterday.
ACUTE_DAYS = 10
#: Readings needed in the acute reference window (our choice).
ACUTE_MIN_READINGS = 5
#: Days in the resting-heart-rate baseline, ending yesterday (our choice).
RESTING_HR_DAYS = 30
#: Resting-HR values needed for its baseline (our choice).
RESTING_HR_MIN_READINGS = 7
#: Nights in the sleep baseline, ending the night before last night (our choice).
SLEEP_DAYS = 14
#: Nights needed for the sleep baseline (our choice).
SLEEP_MIN_NIGHTS = 5

#: Plausible ln RMSSD (RMSSD about 1 to 665 ms); values outside are ignored as invalid.
LN_RMSSD_RANGE = (0.0, 6.5)
#: Plausible resting heart rate in beats per minute; values outside are ignored.
RESTING_HR_RANGE = (25.0, 220.0)


class BaselineStatus(StrEnum):
    CALIBRATING = "calibrating"
    ESTABLISHED = "established"


@dataclass(frozen=True, slots=True)
class MorningReading:
    """One morning reading: ln RMSSD (natural log of RMSSD in ms) and resting heart rate."""

    local_date: date
    ln_rmssd: float
    resting_hr_bpm: float | None = None


@dataclass(frozen=True, slots=True)
class SleepNight:
    """Hours slept in the night that ended on the morning of ``local_date``."""

    local_date: date
    hours: float


@dataclass(frozen=True, slots=True)
class MeanSd:
    """A mean and sample SD over a window, with the number of values they came from."""

    mean: float
    sd: float | None
    n: int


@dataclass(frozen=True, slots=True)
class Baseline:
    """A person's baseline on ``today``. ``None`` means unavailable; ``notes`` says why."""

    today: date
    readings_count: int
    status: BaselineStatus
    today_ln_rmssd: float | None
    yesterday_ln_rmssd: float | None
    two_days_ago_ln_rmssd: float | None
    rolling_7d: MeanSd | None
    cv_7d_percent: float | None
    band_60d: MeanSd | None
    band_low: float | None
    band_high: float | None
    reference_10d: MeanSd | None
    falling_two_days: bool
    resting_hr_today: float | None
    resting_hr_baseline: MeanSd | None
    resting_hr_delta: float | None
    sleep_last_night_hours: float | None
    sleep_baseline: MeanSd | None
    notes: tuple[str, ...] = ()

    @property
    def calibrating(self) -> bool:
        return self.status is BaselineStatus.CALIBRATING

    @property
    def readings_to_go(self) -> int:
        return max(0, CALIBRATION_READINGS - self.readings_count)


def compute_baseline(
    readings: Iterable[MorningReading],
    *,
    today: date,
    sleep: Iterable[SleepNight] = (),
) -> Baseline:
    """The baseline on ``today`` from every morning reading and night of sleep given.

    - 7-day rolling mean of ln RMSSD, only with 3 or more readings in those days (Plews 2014),
      and its coefficient of variation (Plews 2012);
    - 60-day mean and sample SD, and the normal band mean ± 0.5 SD (Vesterinen 2016; Javaloyes
      2019), only once there are 14 readings (before that: calibrating);
    - 10-day mean and SD before today, for acute checks (Kiviniemi 2007);
    - resting heart rate against its 30-day mean (Buchheit 2014), sleep against its 14-night mean.

    A reading or night dated after ``today`` is contradictory and raises ``InvalidInput``.
    Implausible or non-finite values are skipped, never raised: missing data is normal.
    """
    hrv, rhr = _daily_values(readings, today)
    nights = _daily_sleep(sleep, today)
    band_values = _window(hrv, today, BAND_DAYS, include_today=True)
    count = len(band_values)
    status = (
        BaselineStatus.ESTABLISHED if count >= CALIBRATION_READINGS else BaselineStatus.CALIBRATING
    )
    rolling = _mean_sd(_window(hrv, today, ROLLING_DAYS, include_today=True), ROLLING_MIN_READINGS)
    band = _mean_sd(band_values, CALIBRATION_READINGS)
    reference = _mean_sd(_window(hrv, today, ACUTE_DAYS, include_today=False), ACUTE_MIN_READINGS)
    rhr_base = _mean_sd(
        _window(rhr, today, RESTING_HR_DAYS, include_today=False), RESTING_HR_MIN_READINGS
    )
    sleep_base = _mean_sd(_window(nights, today, SLEEP_DAYS, include_today=False), SLEEP_MIN_NIGHTS)
    low, high = normal_band(band)
    rhr_today = rhr.get(today)
    return Baseline(
        today=today,
        readings_count=count,
        status=status,
        today_ln_rmssd=hrv.get(today),
        yesterday_ln_rmssd=hrv.get(today - timedelta(days=1)),
        two_days_ago_ln_rmssd=hrv.get(today - timedelta(days=2)),
        rolling_7d=rolling,
        cv_7d_percent=coefficient_of_variation(rolling),
        band_60d=band,
        band_low=low,
        band_high=high,
        reference_10d=reference,
        falling_two_days=fell_two_days_in_a_row(hrv, today),
        resting_hr_today=rhr_today,
        resting_hr_baseline=rhr_base,
        resting_hr_delta=None
        if rhr_today is None or rhr_base is None
        else rhr_today - rhr_base.mean,
        sleep_last_night_hours=nights.get(today),
        sleep_baseline=sleep_base,
        notes=_notes(count, rolling, reference, rhr_base, sleep_base, hrv.get(today)),
    )


def normal_band(band: MeanSd | None) -> tuple[float | None, float | None]:
    """Mean ± 0.5 SD (the smallest worthwhile change, Vesterinen 2016); ``None`` if unavailable."""
    if band is None or band.sd is None:
        return None, None
    half = BAND_SD_FRACTION * band.sd
    return band.mean - half, band.mean + half


def coefficient_of_variation(stat: MeanSd | None) -> float | None:
    """SD / mean x 100 of ln RMSSD over the window (Plews 2012); ``None`` if unavailable."""
    if stat is None or stat.sd is None or stat.mean <= 0:
        return None
    return 100.0 * stat.sd / stat.mean


def fell_two_days_in_a_row(values: dict[date, float], today: date) -> bool:
    """Whether today < yesterday < the day before, all three days having a reading."""
    days = [today - timedelta(days=k) for k in (2, 1, 0)]
    if any(d not in values for d in days):
        return False
    first, second, third = (values[d] for d in days)
    return first > second > third


def _daily_values(
    readings: Iterable[MorningReading], today: date
) -> tuple[dict[date, float], dict[date, float]]:
    hrv: dict[date, list[float]] = {}
    rhr: dict[date, list[float]] = {}
    for reading in readings:
        _reject_future(reading.local_date, today, "reading")
        if _plausible(reading.ln_rmssd, LN_RMSSD_RANGE):
            hrv.setdefault(reading.local_date, []).append(reading.ln_rmssd)
        if reading.resting_hr_bpm is not None and _plausible(
            reading.resting_hr_bpm, RESTING_HR_RANGE
        ):
            rhr.setdefault(reading.local_date, []).append(reading.resting_hr_bpm)
    return _day_means(hrv), _day_means(rhr)


def _daily_sleep(nights: Iterable[SleepNight], today: date) -> dict[date, float]:
    by_day: dict[date, list[float]] = {}
    for night in nights:
        _reject_future(night.local_date, today, "night of sleep")
        if _plausible(night.hours, (0.0, 24.0)):
            by_day.setdefault(night.local_date, []).append(night.hours)
    return _day_means(by_day)


def _reject_future(day: date, today: date, what: str) -> None:
    if day > today:
        raise InvalidInput(
            f"A {what} is dated {day.isoformat()}, after {today.isoformat()}. "
            "Choose today or an earlier day.",
            details={"field": "local_date"},
        )


def _plausible(value: float, bounds: tuple[float, float]) -> bool:
    return math.isfinite(value) and bounds[0] < value < bounds[1]


def _day_means(by_day: dict[date, list[float]]) -> dict[date, float]:
    return {day: _fmean(values) for day, values in by_day.items()}


def _window(
    values: dict[date, float], today: date, days: int, *, include_today: bool
) -> list[float]:
    last = today if include_today else today - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    return [values[d] for d in sorted(values) if first <= d <= last]


def _mean_sd(values: Sequence[float], minimum: int) -> MeanSd | None:
    if len(values) < max(minimum, 1):
        return None
    mean = _fmean(values)
    sd = sample_sd(values, mean) if len(values) >= 2 else None
    return MeanSd(mean=mean, sd=sd, n=len(values))


def _fmean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def sample_sd(values: Sequence[float], mean: float | None = None) -> float:
    """Sample standard deviation (``ddof = 1``) of at least two values, in floats.

    Two passes with ``math.fsum`` and the compensating term for the rounding of the mean (the
    corrected two-pass algorithm), so it agrees with ``statistics.stdev`` to well within 1e-12
    relative for readings like these, without its exact-fraction arithmetic.
    """
    n = len(values)
    if n < 2:
        raise ValueError("a sample standard deviation needs at least two values")
    centre = _fmean(values) if mean is None else mean
    deviations = [v - centre for v in values]
    total = math.fsum(deviations)
    squares = math.fsum(d * d for d in deviations) - total * total / n
    return math.sqrt(max(squares, 0.0) / (n - 1))


def _notes(
    count: int,
    rolling: MeanSd | None,
    reference: MeanSd | None,
    rhr_base: MeanSd | None,
    sleep_base: MeanSd | None,
    today_value: float | None,
) -> tuple[str, ...]:
    notes: list[str] = []
    if count < CALIBRATION_READINGS:
        notes.append(
            f"Calibrating: {count} of {CALIBRATION_READINGS} morning readings in the last "
            f"{BAND_DAYS} days. Your usual range appears once there are {CALIBRATION_READINGS}."
        )
    if today_value is None:
        notes.append("No morning reading today.")
    if rolling is None:
        notes.append(
            f"No 7-day average yet: it needs {ROLLING_MIN_READINGS} readings in the last "
            f"{ROLLING_DAYS} days."
        )
    if reference is None:
        notes.append(
            f"No 10-day reference yet: it needs {ACUTE_MIN_READINGS} readings in the "
            f"{ACUTE_DAYS} days before today."
        )
    if rhr_base is None:
        notes.append(
            f"No resting-heart-rate baseline yet: it needs {RESTING_HR_MIN_READINGS} values in "
            f"the {RESTING_HR_DAYS} days before today."
        )
    if sleep_base is None:
        notes.append(
            f"No sleep baseline yet: it needs {SLEEP_MIN_NIGHTS} nights in the {SLEEP_DAYS} "
            "nights before last night."
        )
    return tuple(notes)
