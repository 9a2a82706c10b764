"""The live page's helpers (static/live.js) in node, against vagal's Python HRV engine.

``rollingRmssd`` is the number the live page shows while a strap streams: the RMSSD of the last
``ROLLING_BEATS`` intervals exactly as they arrived. The engine (``analyze_rr``) analyses the
reading once it is saved. They are meant to differ, and each is tested for what it promises:

- Same formula: on the same intervals both give sqrt(mean of squared successive differences),
  so for 10 or more gap-free intervals the browser's figure equals the engine's RMSSD without
  artefact correction (``correct_artifacts=False``), whenever the engine reports one.
- The browser shows a figure from 5 intervals on; the engine needs 10 (``MIN_BEATS``) and
  refuses fewer.
- The browser corrects no artefacts: with ectopic beats its figure stays the raw one, while the
  saved reading's RMSSD is computed after correction (and the engine leaves RMSSD out when too
  many beats are artefacts).
- The browser does not split at gaps: an interval longer than 3 s (signal loss for the engine,
  which never takes a difference across it) enters the browser's differences.

Real RR series from tests/data/rr (PhysioNet recordings, see LICENSES.md there). Needs ``node``
(skipped locally without it, a failure when ``CI=true``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.core.hrv.conftest import DATA, FloatArray, holter_ms
from tests.web.node_support import StaticRun, call_static, static_call, static_export
from vagal.core.hrv import analyze_rr
from vagal.core.hrv.pipeline import MIN_BEATS, analyze_rr_many
from vagal.core.hrv.rr import GAP_THRESHOLD_MS
from vagal.core.hrv.time_domain import rmssd_ms
from vagal.errors import InvalidInput

WHAT = "the live page's JavaScript helpers"
SHOWN_FROM = 5
"""live.js shows a rolling RMSSD from this many intervals on."""
EXTRA = 7
"""Intervals passed before each window, so rollingRmssd has to pick the last ones itself."""
CHF202_STRETCH = slice(3000, 5000)
"""chf202 (heart failure): 30 beats flagged as artefacts (mostly ectopic) and a 3.1 s gap."""
NSR001_STRETCH = slice(44600, 44900)
"""nsr001 (healthy): a 4.7 s gap (beat 44720) and 3 beats flagged as artefacts."""


@cache
def recordings() -> dict[str, FloatArray]:
    return {
        "healthy000": np.loadtxt(DATA / "healthy000_first5000_ms.txt"),
        "chf202": holter_ms("chf202")[CHF202_STRETCH],
        "nsr001": holter_ms("nsr001")[NSR001_STRETCH],
    }


def live(name: str, *args: Any, **globals_: Any) -> dict[str, Any]:
    """A call of a live.js export."""
    return static_call("live", name, *args, **globals_)


@dataclass(frozen=True)
class Window:
    """The intervals the browser's figure covers after beat `end` of a recording."""

    recording: str
    end: int
    rr_ms: FloatArray

    @property
    def has_gap(self) -> bool:
        return bool((self.rr_ms > GAP_THRESHOLD_MS).any())


def windows(beats: int) -> list[Window]:
    """Every window a streaming strap would show, from the first beat to the last."""
    return [
        Window(name, end, rr[max(0, end - beats) : end])
        for name, rr in recordings().items()
        for end in range(rr.size + 1)
    ]


def raw_rmssd(rr: FloatArray) -> float:
    """vagal's RMSSD formula on successive differences taken as they come (no segments)."""
    return rmssd_ms(np.diff(rr))


@pytest.fixture(scope="module")
def rolling_beats() -> int:
    beats = call_static([static_export("live", "ROLLING_BEATS")], what=WHAT).values()[0]
    assert isinstance(beats, int)
    return beats


@pytest.fixture(scope="module")
def streamed(rolling_beats: int) -> tuple[list[Window], list[Any]]:
    """rollingRmssd (default window) after every beat of the recordings, with its windows."""
    shown = windows(rolling_beats)
    full = recordings()
    calls = [
        live(
            "rollingRmssd",
            full[w.recording][max(0, w.end - rolling_beats - EXTRA) : w.end].tolist(),
        )
        for w in shown
    ]
    return shown, call_static(calls, what=WHAT).values()


def test_the_window_is_30_beats(rolling_beats: int) -> None:
    assert rolling_beats == 30


def test_rolling_rmssd_is_the_raw_rmssd_of_the_last_beats(
    streamed: tuple[list[Window], list[Any]], rolling_beats: int
) -> None:
    shown, got = streamed
    assert len(got) > 7000
    short = [(w.recording, w.end, g) for w, g in zip(shown, got, strict=True) if w.rr_ms.size < 5]
    assert short and all(g is None for *_, g in short)
    mismatches = [
        (w.recording, w.end, g, raw_rmssd(w.rr_ms))
        for w, g in zip(shown, got, strict=True)
        if w.rr_ms.size >= SHOWN_FROM
        and not (isinstance(g, int | float) and g == pytest.approx(raw_rmssd(w.rr_ms), rel=1e-12))
    ]
    assert mismatches == []
    # Short series (fewer beats than the window) and full windows both occur.
    sizes = {w.rr_ms.size for w in shown}
    assert sizes == set(range(rolling_beats + 1))


def test_rolling_rmssd_equals_the_engine_without_correction(
    streamed: tuple[list[Window], list[Any]],
) -> None:
    shown, got = streamed
    reports = analyze_rr_many([(w.rr_ms, None) for w in shown], frequency_domain=False)
    kinds: dict[str, int] = {}
    mismatches = []
    for w, g, report in zip(shown, got, reports, strict=True):
        if w.rr_ms.size < SHOWN_FROM:
            kind = "nothing shown"
        elif isinstance(report, InvalidInput):
            # The engine needs 10 intervals; the browser already shows a figure from 5.
            assert w.rr_ms.size < MIN_BEATS
            assert f"at least {MIN_BEATS}" in report.message
            kind = "too short for the engine"
        elif w.has_gap:
            # The engine takes no difference across a gap; the browser does.
            kind = "gap"
            if report.time.rmssd_ms is not None and report.time.rmssd_ms == pytest.approx(g):
                mismatches.append((w.recording, w.end, g, report.time.rmssd_ms))
        elif report.time.rmssd_ms is None:
            assert "artefacts" in report.unavailable["rmssd_ms"]
            kind = "too many artefacts for the engine"
        else:
            kind = "same"
            if g != pytest.approx(report.time.rmssd_ms, rel=1e-12):
                mismatches.append((w.recording, w.end, g, report.time.rmssd_ms))
        kinds[kind] = kinds.get(kind, 0) + 1
    assert mismatches == []
    assert set(kinds) == {
        "nothing shown",
        "too short for the engine",
        "gap",
        "too many artefacts for the engine",
        "same",
    }
    assert kinds["same"] > 6000


def test_rolling_rmssd_is_not_artefact_corrected(
    streamed: tuple[list[Window], list[Any]],
) -> None:
    """Where correction changes the engine's RMSSD, the browser keeps the uncorrected one."""
    shown, got = streamed
    corrected_differs = 0
    mismatches = []
    for w, g in zip(shown, got, strict=True):
        if w.rr_ms.size < MIN_BEATS or w.has_gap or w.recording != "chf202":
            continue
        raw = analyze_rr(w.rr_ms, correct_artifacts=False, frequency_domain=False)
        if raw.artifacts.total == 0:
            continue
        fixed = analyze_rr(w.rr_ms, correct_artifacts=True, frequency_domain=False)
        if fixed.time.rmssd_ms is None or fixed.time.rmssd_ms == pytest.approx(g, rel=1e-9):
            continue
        corrected_differs += 1
        if raw.time.rmssd_ms is not None and g != pytest.approx(raw.time.rmssd_ms, rel=1e-12):
            mismatches.append((w.end, g, raw.time.rmssd_ms, fixed.time.rmssd_ms))
    assert mismatches == []
    assert corrected_differs > 100


@pytest.mark.parametrize("beats", [5, 10, 60, 300])
def test_other_window_sizes(beats: int) -> None:
    rr = holter_ms("nsr001")[:2000]
    ends = [0, 4, 5, 9, 10, beats - 1, beats, beats + 1, 1000, 2000]
    calls = [live("rollingRmssd", rr[: max(end, 0)].tolist(), beats) for end in ends]
    got = call_static(calls, what=WHAT).values()
    for end, g in zip(ends, got, strict=True):
        window = rr[max(0, end - beats) : end]
        if window.size < SHOWN_FROM:
            assert g is None
            continue
        assert g == pytest.approx(raw_rmssd(window), rel=1e-12)
        if window.size >= MIN_BEATS:
            report = analyze_rr(window, correct_artifacts=False, frequency_domain=False)
            assert report.time.rmssd_ms is not None
            assert g == pytest.approx(report.time.rmssd_ms, rel=1e-12)


def test_rolling_rmssd_by_hand() -> None:
    calls = [
        live("rollingRmssd", []),
        live("rollingRmssd", [800, 810, 790, 800]),
        live("rollingRmssd", [800, 810, 790, 800, 800]),  # diffs 10, -20, 10, 0
        live("rollingRmssd", [1000, 5000, 800, 810, 790, 800, 800], 5),  # only the last 5
        live("rollingRmssd", [700] * 40),
    ]
    got = call_static(calls, what=WHAT).values()
    assert got[:2] == [None, None]
    assert got[2] == pytest.approx((600 / 4) ** 0.5)
    assert got[3] == got[2]
    assert got[4] == 0


DURATIONS = [
    (0, "0 s"),
    (0.4, "0 s"),
    (0.5, "1 s"),
    (1, "1 s"),
    (45, "45 s"),
    (59, "59 s"),
    (59.4, "59 s"),
    (59.5, "1 min"),
    (60, "1 min"),
    (61, "1 min 1 s"),
    (119, "1 min 59 s"),
    (120, "2 min"),
    (125, "2 min 5 s"),
    (300, "5 min"),
    (3599, "59 min 59 s"),
    (3600, "60 min"),  # no hours: live readings last 1-5 minutes
    (3601, "60 min 1 s"),
    (-5, "0 s"),
]


def test_describe_duration() -> None:
    got = call_static(
        [live("describeDuration", seconds) for seconds, _ in DURATIONS], what=WHAT
    ).values()
    assert list(zip([s for s, _ in DURATIONS], got, strict=True)) == DURATIONS


SECURE: dict[str, object] = {"isSecureContext": True}
INSECURE: dict[str, object] = {"isSecureContext": False}
WITH_BLUETOOTH: dict[str, object] = {"bluetooth": {}}


def test_bluetooth_unavailable_reason() -> None:
    calls = [
        live("bluetoothUnavailableReason", window=SECURE, navigator=WITH_BLUETOOTH),
        live("bluetoothUnavailableReason", window=SECURE, navigator={}),
        live("bluetoothUnavailableReason", window=INSECURE, navigator=WITH_BLUETOOTH),
        live("bluetoothUnavailableReason", window=INSECURE, navigator={}),
        live("bluetoothUnavailableReason", window=SECURE, navigator={"bluetooth": None}),
    ]
    usable, no_bluetooth, insecure, insecure_too, null_bluetooth = call_static(
        calls, what=WHAT
    ).values()
    assert usable is None
    assert "Chrome or Edge" in no_bluetooth
    assert "import a file" in no_bluetooth
    assert null_bluetooth == no_bluetooth
    # A page that is not secure cannot use Web Bluetooth at all: that reason comes first.
    assert "https://" in insecure and "http://localhost" in insecure
    assert insecure_too == insecure
    # The way out it offers exists.
    command = "vagal record --ble"
    assert command in no_bluetooth
    assert command in (Path(__file__).parents[2] / "docs" / "cli.md").read_text("utf-8")


def test_the_modules_import_in_node_and_leave_an_empty_page_alone() -> None:
    """Imported on a page without their root element (#live, #resonance), the modules only
    look for it; the runner's page throws on anything else, which would fail the import."""
    run: StaticRun = call_static(
        [static_export("live", "ROLLING_BEATS"), static_export("resonance", "INHALE_SHARE")],
        what=WHAT,
    )
    assert run.values() == [30, 0.45]
    assert run.lookups == ["live", "resonance"]
