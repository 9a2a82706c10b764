"""The browser pacer's timing (static/pacer.js ``pacerPhase``) against the Python reference.

The Python ``pacer_phase`` works from the catalog's ``BreathPattern``; both must agree on every
pattern the catalog ships, at phase boundaries and in between. Needs ``node`` (skipped locally
without it, a failure when ``CI=true``).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from tests.web.node_support import run_node
from vagal.catalog.practices import BreathPattern, load_practice_catalog
from vagal.catalog.practices.model import pacer_phase

ROOT = Path(__file__).parents[2]
PACER_JS = ROOT / "src" / "vagal" / "web" / "static" / "pacer.js"
RUNNER = Path(__file__).with_name("pacer_runner.mjs")


def _patterns() -> list[BreathPattern]:
    seen: list[BreathPattern] = [
        BreathPattern(inhale_s=4, exhale_s=6),
        BreathPattern(inhale_s=4, hold_in_s=4, exhale_s=4, hold_out_s=4),
        BreathPattern(inhale_s=4, hold_in_s=7, exhale_s=8),
        BreathPattern(inhale_s=3, exhale_s=5, hold_out_s=2),
        BreathPattern.at_rate(5.5),
    ]
    for practice in load_practice_catalog().practices:
        for pattern in practice.breath_patterns:
            if pattern not in seen:
                seen.append(pattern)
    return seen


def _times(pattern: BreathPattern) -> list[float]:
    edges = [
        0.0,
        pattern.inhale_s,
        pattern.inhale_s + pattern.hold_in_s,
        pattern.inhale_s + pattern.hold_in_s + pattern.exhale_s,
        pattern.cycle_s,
    ]
    times = [-1.0, 0.0, 0.25, 1.0, 2.5]
    for cycle in (0, 1, 7):
        for edge in edges:
            base = cycle * pattern.cycle_s + edge
            times += [base, base + 0.001, max(base - 0.001, 0.0), base + 0.5]
    return times


CASES = [
    {
        "pattern": {
            "inhale_s": p.inhale_s,
            "hold_in_s": p.hold_in_s,
            "exhale_s": p.exhale_s,
            "hold_out_s": p.hold_out_s,
        },
        "t": t,
        "expected": asdict(pacer_phase(p, t)),
    }
    for p in _patterns()
    for t in _times(p)
]


@pytest.fixture(scope="module")
def js_results() -> list[dict[str, Any]]:
    printed = run_node(
        RUNNER,
        str(PACER_JS),
        stdin=json.dumps([{"pattern": c["pattern"], "t": c["t"]} for c in CASES]),
        what="the JavaScript pacer",
    )
    results: list[dict[str, Any]] = json.loads(printed)
    return results


def test_js_pacer_agrees_with_python_on_every_catalog_pattern(
    js_results: list[dict[str, Any]],
) -> None:
    assert len(js_results) == len(CASES) > 200
    mismatches = []
    for case, got in zip(CASES, js_results, strict=True):
        want = case["expected"]
        same = (
            got["phase"] == want["phase"]
            and got["cycle"] == want["cycle"]
            and all(
                got[key] == pytest.approx(want[key], abs=1e-9)
                for key in ("phase_elapsed", "phase_remaining", "fraction")
            )
        )
        if not same:
            mismatches.append((case["pattern"], case["t"], want, got))
    assert mismatches == []


def test_python_reference_by_hand() -> None:
    box = BreathPattern(inhale_s=4, hold_in_s=4, exhale_s=4, hold_out_s=4)
    assert pacer_phase(box, 0).phase == "inhale"
    assert pacer_phase(box, 2).fraction == pytest.approx(0.5)
    assert pacer_phase(box, 4).phase == "hold_in"
    assert pacer_phase(box, 5).fraction == 1.0
    at_ten = pacer_phase(box, 10)
    assert (at_ten.phase, at_ten.fraction, at_ten.phase_remaining) == ("exhale", 0.5, 2.0)
    assert pacer_phase(box, 13).phase == "hold_out"
    assert pacer_phase(box, 13).fraction == 0.0
    again = pacer_phase(box, 33)
    assert (again.phase, again.cycle, again.phase_elapsed) == ("inhale", 2, 1.0)
    plain = BreathPattern(inhale_s=4, exhale_s=6)
    assert pacer_phase(plain, 4).phase == "exhale"  # a 0 s hold is skipped
    assert pacer_phase(plain, 10).phase == "inhale"
    assert pacer_phase(plain, 10).cycle == 1
    assert pacer_phase(plain, 7).fraction == pytest.approx(0.5)
    assert pacer_phase(plain, -3) == pacer_phase(plain, 0)
