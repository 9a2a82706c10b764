"""Synthetic Apple Health export (`export.zip` → `apple_health_export/export.xml`), streamed.

The XML is written record by record straight into the zip member (deflate), never built in
memory. Layout follows a real iOS 16/17 export (HRV-REFERENCE.md §4.7): the XML declaration,
Apple's inline `<!DOCTYPE HealthData [...]>` (element and attribute declarations, no entities),
`<HealthData locale="en_US">`, `<ExportDate>`, `<Me>`, then the records grouped by type and
sorted by date within each type, then `<Workout>` elements, then one `<ActivitySummary>` per day.

Record mix per day (an Apple Watch + iPhone wearer; jittered from day to day):

* quantities, the bulk of the bytes: ActiveEnergyBurned (~900, Watch), BasalEnergyBurned (~400),
  HeartRate (~350, Watch, with the motion-context metadata entry), StepCount and
  DistanceWalkingRunning from both the iPhone and the Watch (~150 each per device),
  AppleExerciseTime, AppleStandTime, OxygenSaturation, RespiratoryRate (at night);
* HeartRateVariabilitySDNN: 4-8 readings a day, each with its nested
  `HeartRateVariabilityMetadataList` of 50-95 `InstantaneousBeatsPerMinute` (integer bpm and a
  "h:mm:ss.ss am" clock time);
* RestingHeartRate and WalkingHeartRateAverage: one a day;
* SleepAnalysis every night from two sources: the Watch (stages Core/Deep/REM/Awake, 15-30
  entries) and a sleep app (InBed plus AsleepUnspecified blocks that overlap the Watch's);
* AppleStandHour category records; about 0.6 Workouts a day (metadata, events, statistics).

Everything is seeded: the same size and seed give byte-identical XML. A JSON manifest beside the
zip records what was generated (counts per type, the summaries vagal should find).
"""

from __future__ import annotations

import itertools
import json
import math
import random
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 1
MEMBER = "apple_health_export/export.xml"
CDA_MEMBER = "apple_health_export/export_cda.xml"
FIRST_DAY = date(2021, 3, 1)
CHUNK_BYTES = 1 << 20

WATCH = "Jane’s Apple Watch"
PHONE = "Jane’s iPhone"
SLEEP_APP = "AutoSleep"
WATCH_ATTRS = (
    f'sourceName="{WATCH}" sourceVersion="9.1" device="&lt;&lt;HKDevice: 0x283d5c0f0&gt;, '
    "name:Apple Watch, manufacturer:Apple Inc., model:Watch, hardware:Watch6,2, "
    'software:9.1&gt;"'
)
PHONE_ATTRS = (
    f'sourceName="{PHONE}" sourceVersion="16.1" device="&lt;&lt;HKDevice: 0x283d5c1e0&gt;, '
    "name:iPhone, manufacturer:Apple Inc., model:iPhone, hardware:iPhone14,5, "
    'software:16.1&gt;"'
)
SLEEP_APP_ATTRS = f'sourceName="{SLEEP_APP}" sourceVersion="7.1.2"'

Q = "HKQuantityTypeIdentifier"
C = "HKCategoryTypeIdentifier"
HRV_TYPE = Q + "HeartRateVariabilitySDNN"
SLEEP_TYPE = C + "SleepAnalysis"
STAGE = "HKCategoryValueSleepAnalysis"

# 86,400 "HH:MM:SS" strings: formatting a time is a list lookup.
_HMS = [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(86400)]

DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord|Audiogram|VisionPrescription)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth                 CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex               CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType                   CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!-- Note: Any Records that appear as children of a correlation also appear as top-level records in this document. -->
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  totalEnergyBurned     CDATA #IMPLIED
  totalEnergyBurnedUnit CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutEvent (MetadataEntry?)>
<!ATTLIST WorkoutEvent
  type         CDATA #REQUIRED
  date         CDATA #REQUIRED
  duration     CDATA #IMPLIED
  durationUnit CDATA #IMPLIED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type      CDATA #REQUIRED
  startDate CDATA #REQUIRED
  endDate   CDATA #REQUIRED
  average   CDATA #IMPLIED
  minimum   CDATA #IMPLIED
  maximum   CDATA #IMPLIED
  sum       CDATA #IMPLIED
  unit      CDATA #IMPLIED
>
<!ELEMENT WorkoutRoute ((MetadataEntry|FileReference)*)>
<!ATTLIST WorkoutRoute
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT FileReference EMPTY>
<!ATTLIST FileReference
  path CDATA #REQUIRED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents           CDATA #IMPLIED
  activeEnergyBurned       CDATA #IMPLIED
  activeEnergyBurnedGoal   CDATA #IMPLIED
  activeEnergyBurnedUnit   CDATA #IMPLIED
  appleMoveTime            CDATA #IMPLIED
  appleMoveTimeGoal        CDATA #IMPLIED
  appleExerciseTime        CDATA #IMPLIED
  appleExerciseTimeGoal    CDATA #IMPLIED
  appleStandHours          CDATA #IMPLIED
  appleStandHoursGoal      CDATA #IMPLIED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
<!-- Note: Heart Rate Variability records captured by Apple Watch may include an associated list of instantaneous beats-per-minute readings. -->
<!ELEMENT HeartRateVariabilityMetadataList (InstantaneousBeatsPerMinute*)>
<!ELEMENT InstantaneousBeatsPerMinute EMPTY>
<!ATTLIST InstantaneousBeatsPerMinute
  bpm  CDATA #REQUIRED
  time CDATA #REQUIRED
>
<!ELEMENT ClinicalRecord EMPTY>
<!ATTLIST ClinicalRecord
  type              CDATA #REQUIRED
  identifier        CDATA #REQUIRED
  sourceName        CDATA #REQUIRED
  sourceURL         CDATA #REQUIRED
  fhirVersion       CDATA #REQUIRED
  receivedDate      CDATA #REQUIRED
  resourceFilePath  CDATA #REQUIRED
>
]>
"""

CDA_XML = """<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <realmCode code="US"/>
 <typeId root="2.16.840.1.113883.1.3" extension="POCD_HD000040"/>
 <title>Health Export CDA</title>
</ClinicalDocument>
"""


# ---------------------------------------------------------------------------------------------
# One day's plan, shared by every record type so that the types agree with each other
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayPlan:
    """When the person slept (the night that ended this morning), woke and trained."""

    index: int
    day: date
    sleep_start_s: int  # seconds from this day's midnight (negative: the evening before)
    wake_s: int
    bed_s: int  # tonight, seconds from this day's midnight (may exceed 86,400)
    workout: tuple[int, int, str] | None  # start s, duration s, activity type
    resting_hr: float


WORKOUT_TYPES = (
    "HKWorkoutActivityTypeRunning",
    "HKWorkoutActivityTypeWalking",
    "HKWorkoutActivityTypeCycling",
    "HKWorkoutActivityTypeTraditionalStrengthTraining",
    "HKWorkoutActivityTypeYoga",
)


def day_plan(seed: int, index: int) -> DayPlan:
    rng = random.Random(seed * 1_000_003 + index)
    sleep_start = rng.randint(-5400, 1800)  # 22:30 the evening before … 00:30
    wake = rng.randint(6 * 3600, 7 * 3600 + 2400)
    bed = rng.randint(22 * 3600 + 1800, 24 * 3600 + 1800)
    workout = None
    if rng.random() < 0.6:
        start = rng.randint(wake + 1800, 20 * 3600)
        workout = (start, rng.randint(20 * 60, 75 * 60), rng.choice(WORKOUT_TYPES))
    return DayPlan(
        index, FIRST_DAY + timedelta(days=index), sleep_start, wake, bed, workout,
        58.0 + 4.0 * math.sin(index / 40.0) + rng.gauss(0.0, 1.5),
    )  # fmt: skip


def _tz(day: date) -> str:
    return "+0200" if 4 <= day.month <= 10 else "+0100"


class Clock:
    """Formats "YYYY-MM-DD HH:MM:SS +ZZZZ" for seconds relative to one day's midnight."""

    def __init__(self, day: date) -> None:
        self.day = day
        self._prefix: dict[int, str] = {}
        self._suffix = " " + _tz(day)

    def at(self, seconds: float) -> str:
        s = int(seconds)
        offset, s = divmod(s, 86400)
        prefix = self._prefix.get(offset)
        if prefix is None:
            prefix = (self.day + timedelta(days=offset)).isoformat() + " "
            self._prefix[offset] = prefix
        return prefix + _HMS[s] + self._suffix


def clock_12h(seconds: float) -> str:
    """'7:46:54.59 am' — the beat-list time format of an en_US export."""
    seconds %= 86400.0
    whole = int(seconds)
    centi = int((seconds - whole) * 100)
    hour, rest = divmod(whole, 3600)
    suffix = "am" if hour < 12 else "pm"
    return f"{hour % 12 or 12}:{rest // 60:02d}:{rest % 60:02d}.{centi:02d} {suffix}"


# ---------------------------------------------------------------------------------------------
# Record writers: each takes (rng, plan, clock, counts) and returns the day's XML lines
# ---------------------------------------------------------------------------------------------


class Tally(Counter[str]):
    """Counts per record type, plus every asleep interval (to predict vagal's sleep summaries)."""

    def __init__(self) -> None:
        super().__init__()
        self.asleep: dict[str, list[tuple[int, int, date]]] = {}

    def add_asleep(self, source: str, plan: DayPlan, start_s: int, end_s: int) -> None:
        base = plan.index * 86400
        end_day = plan.day + timedelta(days=end_s // 86400)
        self.asleep.setdefault(source, []).append((base + start_s, base + end_s, end_day))

    def sleep_days(self) -> int:
        """(source, day) pairs with asleep time: overlapping intervals merged, dated by their end."""
        total = 0
        for intervals in self.asleep.values():
            days: set[date] = set()
            current: list[Any] | None = None
            for start, end, day in sorted(intervals):
                if current is not None and start <= current[1]:
                    if end > current[1]:
                        current[1], current[2] = end, day
                    continue
                if current is not None:
                    days.add(current[2])
                current = [start, end, day]
            if current is not None:
                days.add(current[2])
            total += len(days)
        return total


Writer = Callable[[random.Random, DayPlan, Clock, Tally], list[str]]


def _quantity(
    type_id: str,
    source: str,
    unit: str,
    per_day: int,
    value: Callable[[random.Random, int], str],
    span: tuple[int, int],
    *,
    metadata: str = "",
    awake_only: bool = True,
    asleep_only: bool = False,
) -> Writer:
    """Many short quantity samples spread over the waking (or sleeping) hours."""
    head = f' <Record type="{Q}{type_id}" {source} unit="{unit}" creationDate="'
    key = Q + type_id

    def write(rng: random.Random, plan: DayPlan, clock: Clock, counts: Tally) -> list[str]:
        if asleep_only:
            lo, hi = plan.sleep_start_s, plan.wake_s
        elif awake_only:
            lo, hi = plan.wake_s, min(plan.bed_s, 86399)
        else:
            lo, hi = 0, 86399
        n = max(1, int(per_day * rng.uniform(0.8, 1.2)))
        starts = sorted(rng.randint(lo, hi) for _ in range(n))
        out = []
        at = clock.at
        for start in starts:
            end = start + rng.randint(span[0], span[1])
            out.append(
                f'{head}{at(end + rng.randint(1, 90))}" startDate="{at(start)}" '
                f'endDate="{at(end)}" value="{value(rng, start)}"'
                + (f">\n{metadata}\n </Record>\n" if metadata else "/>\n")
            )
        counts[key] += n
        return out

    return write


def _heart_rate_value(plan_hr: float) -> Callable[[random.Random, int], str]:
    def value(rng: random.Random, _start: int) -> str:
        return str(int(plan_hr + rng.expovariate(1 / 18.0)))

    return value


def heart_rate(rng: random.Random, plan: DayPlan, clock: Clock, counts: Tally) -> list[str]:
    """HeartRate every few minutes around the clock, denser during the workout."""
    head = f' <Record type="{Q}HeartRate" {WATCH_ATTRS} unit="count/min" creationDate="'
    n = int(300 * rng.uniform(0.85, 1.15))
    starts = [rng.randint(0, 86399) for _ in range(n)]
    if plan.workout is not None:
        w_start, w_len, _ = plan.workout
        starts += list(range(w_start, w_start + w_len, 10))  # every 10 s while training
    starts.sort()
    out = []
    at = clock.at
    for start in starts:
        moving = plan.workout is not None and plan.workout[0] <= start < sum(plan.workout[:2])
        bpm = plan.resting_hr + (rng.uniform(60, 100) if moving else rng.expovariate(1 / 15.0))
        context = "2" if moving else rng.choice("0111")
        out.append(
            f'{head}{at(start + rng.randint(30, 400))}" startDate="{at(start)}" '
            f'endDate="{at(start)}" value="{int(bpm)}">\n'
            f'  <MetadataEntry key="HKMetadataKeyHeartRateMotionContext" value="{context}"/>\n'
            " </Record>\n"
        )
    counts[Q + "HeartRate"] += len(starts)
    return out


def hrv(rng: random.Random, plan: DayPlan, clock: Clock, counts: Tally) -> list[str]:
    """4-8 SDNN readings a day (some at night), each with ~1 min of instantaneous bpm."""
    head = f' <Record type="{HRV_TYPE}" {WATCH_ATTRS} unit="ms" creationDate="'
    n = rng.randint(4, 8)
    starts = sorted(rng.randint(max(plan.sleep_start_s, 0) + 1800, 86000) for _ in range(n))
    out = []
    at = clock.at
    base_rr = 60000.0 / (plan.resting_hr + 8.0)
    for start in starts:
        rr_mean = base_rr * rng.uniform(0.85, 1.15)
        beats = []
        t = start + rng.uniform(0.5, 1.5)
        rr = []
        for _ in range(rng.randint(50, 95)):
            interval = rr_mean + rng.gauss(0.0, 45.0)
            t += interval / 1000.0
            rr.append(interval)
            beats.append(
                f'   <InstantaneousBeatsPerMinute bpm="{round(60000.0 / interval)}" '
                f'time="{clock_12h(t)}"/>\n'
            )
        mean = sum(rr) / len(rr)
        sdnn = math.sqrt(sum((x - mean) ** 2 for x in rr) / (len(rr) - 1))
        end = int(t) + 1
        out.append(
            f'{head}{at(end + 1)}" startDate="{at(start)}" endDate="{at(end)}" '
            f'value="{sdnn:.4f}">\n  <HeartRateVariabilityMetadataList>\n'
            + "".join(beats)
            + "  </HeartRateVariabilityMetadataList>\n </Record>\n"
        )
    counts[HRV_TYPE] += n
    return out


def daily_value(type_id: str, unit: str, value: Callable[[random.Random, DayPlan], str]) -> Writer:
    head = f' <Record type="{Q}{type_id}" {WATCH_ATTRS} unit="{unit}" creationDate="'

    def write(rng: random.Random, plan: DayPlan, clock: Clock, counts: Tally) -> list[str]:
        at = clock.at
        counts[Q + type_id] += 1
        return [
            f'{head}{at(86000)}" startDate="{at(plan.wake_s - 3600)}" endDate="{at(85990)}" '
            f'value="{value(rng, plan)}"/>\n'
        ]

    return write


def sleep(rng: random.Random, plan: DayPlan, clock: Clock, counts: Tally) -> list[str]:
    """Last night from two sources: Watch stages, and a sleep app's in-bed + asleep blocks."""
    at = clock.at
    watch_head = (
        f' <Record type="{SLEEP_TYPE}" {WATCH_ATTRS} creationDate="{at(plan.wake_s + 600)}"'
    )
    app_head = (
        f' <Record type="{SLEEP_TYPE}" {SLEEP_APP_ATTRS} creationDate="{at(plan.wake_s + 900)}"'
    )
    out = []
    # The Watch: stages one after another, ~90-min cycles of core → deep → core → REM, short wakes.
    t = plan.sleep_start_s + rng.randint(300, 1200)
    while t < plan.wake_s - 300:
        for stage, lo, hi in (("Core", 600, 2400), ("Deep", 300, 1800), ("Core", 300, 1500),
                              ("REM", 300, 1800), ("Awake", 30, 300)):  # fmt: skip
            end = min(t + rng.randint(lo, hi), plan.wake_s)
            if stage != "Awake":
                counts.add_asleep(WATCH, plan, t, end)
            out.append(
                f'{watch_head} startDate="{at(t)}" endDate="{at(end)}" '
                f'value="{STAGE}{"Awake" if stage == "Awake" else "Asleep" + stage}"/>\n'
            )
            t = end
            if t >= plan.wake_s:
                break
    # The sleep app: in bed for the whole night, asleep in 2-4 overlapping blocks.
    bed_start, bed_end = plan.sleep_start_s - rng.randint(300, 1800), plan.wake_s + 600
    out.append(
        f'{app_head} startDate="{at(bed_start)}" endDate="{at(bed_end)}" value="{STAGE}InBed"/>\n'
    )
    cuts = sorted(rng.randint(plan.sleep_start_s + 600, plan.wake_s - 600) for _ in range(3))
    edges = [plan.sleep_start_s, *cuts, plan.wake_s - 120]
    for a, b in itertools.pairwise(edges):
        if b - a > 300:
            b -= rng.randint(0, 200)
            counts.add_asleep(SLEEP_APP, plan, a, b)
            out.append(
                f'{app_head} startDate="{at(a)}" endDate="{at(b)}" '
                f'value="{STAGE}AsleepUnspecified"/>\n'
            )
    counts[SLEEP_TYPE] += len(out)
    return out


def stand_hours(rng: random.Random, plan: DayPlan, clock: Clock, counts: Tally) -> list[str]:
    head = f' <Record type="{C}AppleStandHour" {WATCH_ATTRS} creationDate="'
    at = clock.at
    out = []
    for hour in range(plan.wake_s // 3600 + 1, 23):
        stood = rng.random() < 0.75
        out.append(
            f'{head}{at(hour * 3600 + 3599)}" startDate="{at(hour * 3600)}" '
            f'endDate="{at(hour * 3600 + 3600)}" '
            f'value="HKCategoryValueAppleStandHour{"Stood" if stood else "Idle"}"/>\n'
        )
    counts[C + "AppleStandHour"] += len(out)
    return out


def _workout(plan: DayPlan, clock: Clock, rng: random.Random) -> str | None:
    if plan.workout is None:
        return None
    start, length, kind = plan.workout
    at = clock.at
    end = start + length
    kcal = length / 60.0 * rng.uniform(6.0, 12.0)
    events = "".join(
        f'  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{at(s)}" '
        f'duration="{min(600, end - s) / 60:.4f}" durationUnit="min"/>\n'
        for s in range(start, end, 600)
    )
    return (
        f' <Workout workoutActivityType="{kind}" duration="{length / 60:.4f}" durationUnit="min" '
        f"{WATCH_ATTRS} "
        f'creationDate="{at(end + 5)}" startDate="{at(start)}" endDate="{at(end)}">\n'
        '  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
        f'  <MetadataEntry key="HKAverageMETs" value="{rng.uniform(4, 11):.4f} kcal/hr·kg"/>\n'
        f'  <MetadataEntry key="HKWeatherTemperature" value="{rng.randint(35, 85)} degF"/>\n'
        f'  <MetadataEntry key="HKWeatherHumidity" value="{rng.randint(3000, 9500)} %"/>\n'
        f'  <MetadataEntry key="HKTimeZone" value="Europe/Berlin"/>\n'
        f"{events}"
        f'  <WorkoutStatistics type="{Q}ActiveEnergyBurned" startDate="{at(start)}" '
        f'endDate="{at(end)}" sum="{kcal:.4f}" unit="Cal"/>\n'
        f'  <WorkoutStatistics type="{Q}HeartRate" startDate="{at(start)}" endDate="{at(end)}" '
        f'average="{plan.resting_hr + 70:.4f}" minimum="{plan.resting_hr + 20:.0f}" '
        f'maximum="{plan.resting_hr + 110:.0f}" unit="count/min"/>\n'
        f'  <WorkoutStatistics type="{Q}BasalEnergyBurned" startDate="{at(start)}" '
        f'endDate="{at(end)}" sum="{length / 60 * 1.1:.4f}" unit="Cal"/>\n'
        " </Workout>\n"
    )


def workouts(rng: random.Random, plan: DayPlan, clock: Clock, counts: Tally) -> list[str]:
    text = _workout(plan, clock, rng)
    if text is None:
        return []
    counts["Workout"] += 1
    return [text]


def activity_summary(rng: random.Random, plan: DayPlan, clock: Clock, counts: Tally) -> list[str]:
    counts["ActivitySummary"] += 1
    return [
        f' <ActivitySummary dateComponents="{plan.day.isoformat()}" '
        f'activeEnergyBurned="{rng.uniform(250, 900):.4f}" activeEnergyBurnedGoal="500" '
        'activeEnergyBurnedUnit="Cal" appleMoveTime="0" appleMoveTimeGoal="0" '
        f'appleExerciseTime="{rng.randint(5, 90)}" appleExerciseTimeGoal="30" '
        f'appleStandHours="{rng.randint(6, 15)}" appleStandHoursGoal="12"/>\n'
    ]


def _f(lo: float, hi: float, digits: int) -> Callable[[random.Random, int], str]:
    def value(rng: random.Random, _start: int) -> str:
        return f"{rng.uniform(lo, hi):.{digits}f}"

    return value


def _i(lo: int, hi: int) -> Callable[[random.Random, int], str]:
    def value(rng: random.Random, _start: int) -> str:
        return str(rng.randint(lo, hi))

    return value


# (name, writer) in the order a real export lists the types.
WRITERS: tuple[tuple[str, Writer], ...] = (
    ("StepCount/iPhone", _quantity("StepCount", PHONE_ATTRS, "count", 150, _i(5, 400), (60, 600))),
    ("StepCount/Watch", _quantity("StepCount", WATCH_ATTRS, "count", 150, _i(5, 300), (60, 500))),
    (
        "Distance/iPhone",
        _quantity("DistanceWalkingRunning", PHONE_ATTRS, "mi", 140, _f(0.002, 0.2, 5), (60, 600)),
    ),
    (
        "Distance/Watch",
        _quantity("DistanceWalkingRunning", WATCH_ATTRS, "mi", 140, _f(0.002, 0.15, 5), (60, 500)),
    ),
    (
        "BasalEnergyBurned",
        _quantity(
            "BasalEnergyBurned",
            WATCH_ATTRS,
            "Cal",
            400,
            _f(0.5, 2.0, 3),
            (60, 300),
            awake_only=False,
        ),
    ),
    (
        "ActiveEnergyBurned",
        _quantity("ActiveEnergyBurned", WATCH_ATTRS, "Cal", 900, _f(0.02, 2.5, 3), (30, 120)),
    ),
    ("HeartRate", heart_rate),
    (
        "AppleExerciseTime",
        _quantity("AppleExerciseTime", WATCH_ATTRS, "min", 45, _i(1, 1), (60, 60)),
    ),
    (
        "OxygenSaturation",
        _quantity(
            "OxygenSaturation", WATCH_ATTRS, "%", 8, _f(0.93, 0.99, 2), (0, 0), awake_only=False
        ),
    ),
    (
        "RespiratoryRate",
        _quantity(
            "RespiratoryRate",
            WATCH_ATTRS,
            "count/min",
            30,
            _f(12.0, 17.5, 1),
            (0, 300),
            asleep_only=True,
        ),
    ),
    (
        "RestingHeartRate",
        daily_value("RestingHeartRate", "count/min", lambda rng, p: str(round(p.resting_hr))),
    ),
    (
        "WalkingHeartRateAverage",
        daily_value(
            "WalkingHeartRateAverage", "count/min", lambda rng, p: f"{p.resting_hr + 40:.1f}"
        ),
    ),
    ("HeartRateVariabilitySDNN", hrv),
    ("AppleStandTime", _quantity("AppleStandTime", WATCH_ATTRS, "min", 40, _i(1, 5), (60, 300))),
    ("SleepAnalysis", sleep),
    ("AppleStandHour", stand_hours),
    ("Workout", workouts),
    ("ActivitySummary", activity_summary),
)


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------


def header(seed: int, n_days: int) -> str:
    export_day = FIRST_DAY + timedelta(days=n_days)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + DTD + '<HealthData locale="en_US">\n'
        f' <ExportDate value="{export_day.isoformat()} 09:12:44 {_tz(export_day)}"/>\n'
        ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1986-04-02" '
        'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" '
        'HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet" '
        'HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" '
        'HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>\n'
    )


FOOTER = "</HealthData>\n"


def chunks(seed: int, n_days: int, counts: Tally) -> Iterator[str]:
    """The whole document as ~1 MB text chunks, type by type, day by day."""
    yield header(seed, n_days)
    buffer: list[str] = []
    size = 0
    for type_index, (_name, writer) in enumerate(WRITERS):
        for index in range(n_days):
            plan = day_plan(seed, index)
            rng = random.Random((seed * 1_000_003 + index) * 64 + type_index)
            lines = writer(rng, plan, Clock(plan.day), counts)
            buffer.extend(lines)
            size += sum(len(line) for line in lines)
            if size >= CHUNK_BYTES:
                yield "".join(buffer)
                buffer, size = [], 0
    buffer.append(FOOTER)
    yield "".join(buffer)


def bytes_per_day(seed: int, sample_days: int = 6) -> float:
    """Average XML bytes per day of data (measured on a few days, not written anywhere)."""
    counts = Tally()
    total = 0
    for chunk in chunks(seed, sample_days, counts):
        total += len(chunk.encode())
    return (total - len(header(seed, sample_days).encode())) / sample_days


def generate(path: Path, size_mb: float, seed: int = 7) -> dict[str, Any]:
    """Write export.zip at `path` with about `size_mb` MiB of XML; return (and store) a manifest."""
    n_days = max(2, round(size_mb * 1024**2 / bytes_per_day(seed)))
    counts = Tally()
    tmp = path.with_suffix(".partial")
    xml_bytes = 0
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:  # zlib level 6
        export_day = FIRST_DAY + timedelta(days=n_days)
        info = zipfile.ZipInfo(MEMBER, date_time=(*export_day.timetuple()[:3], 9, 12, 44))
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            for chunk in chunks(seed, n_days, counts):
                data = chunk.encode()
                xml_bytes += len(data)
                member.write(data)
        cda = zipfile.ZipInfo(CDA_MEMBER, date_time=info.date_time)
        archive.writestr(cda, CDA_XML, compress_type=zipfile.ZIP_DEFLATED)
    tmp.replace(path)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "days": n_days,
        "first_day": FIRST_DAY.isoformat(),
        "xml_bytes": xml_bytes,
        "zip_bytes": path.stat().st_size,
        "records": sum(v for k, v in counts.items() if k.startswith("HK")),
        "workouts": counts["Workout"],
        "activity_summaries": counts["ActivitySummary"],
        "counts": dict(sorted(counts.items())),
        # What vagal's parser should find: one beat-list recording per SDNN reading; one SDNN and
        # one resting-HR value per day (one source); nightly sleep hours from both sources.
        "expected_vagal": {
            "recordings": counts[HRV_TYPE],
            "sdnn_ms": n_days,
            "resting_hr_bpm": n_days,
            "sleep_hours": counts.sleep_days(),
        },
    }
    manifest_path(path).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def manifest_path(path: Path) -> Path:
    return path.with_suffix(".json")
