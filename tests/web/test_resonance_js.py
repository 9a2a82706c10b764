"""The resonance page's helpers (static/resonance.js) in node, against the Python side.

The page plays each protocol rate with ``patternFor(rate)``, posts ``INHALE_SHARE`` and
``pacerOffsetS(...)`` with each pace, and the server scores the pace assuming the person breathed
with that pacer (``core/resonance.py``). So the browser's pattern must be the catalog's
``BreathPattern.at_rate(rate)``, and the lung volume the pacer shows must be the one the scoring
assumes. Needs ``node`` (skipped locally without it, a failure when ``CI=true``).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from tests.conftest import Persona
from tests.web.node_support import call_static, static_call, static_export
from tests.web.test_pages import log_in
from vagal.catalog.practices import BreathPattern
from vagal.core.resonance import PROTOCOL_RATES_BPM, RateRecording, _lung_volume

WHAT = "the resonance page's JavaScript helpers"


def resonance(name: str, *args: Any) -> dict[str, Any]:
    """A call of a resonance.js export."""
    return static_call("resonance", name, *args)


def test_the_page_hands_the_protocol_rates_to_the_script(
    app_client: TestClient, client_persona: Persona
) -> None:
    log_in(app_client, "client@example.org")
    page = app_client.get("/resonance").text
    found = re.search(r'data-rates="([^"]+)"', page)
    assert found
    # resonance.js reads them with Number(); Python's float() parses these the same way.
    assert tuple(float(r) for r in found.group(1).split(",")) == PROTOCOL_RATES_BPM


def test_pattern_for_every_protocol_rate_is_the_catalogs() -> None:
    got = call_static(
        [resonance("patternFor", rate) for rate in PROTOCOL_RATES_BPM], what=WHAT
    ).values()
    assert len(got) == len(PROTOCOL_RATES_BPM) == 5
    for rate, pattern in zip(PROTOCOL_RATES_BPM, got, strict=True):
        want = BreathPattern.at_rate(rate)
        assert set(pattern) == {"inhale_s", "hold_in_s", "exhale_s", "hold_out_s"}
        for key, value in pattern.items():
            assert value == pytest.approx(getattr(want, key), rel=1e-12, abs=1e-12), (rate, key)
        assert sum(pattern.values()) == pytest.approx(60 / rate, rel=1e-12)


def test_pattern_for_by_hand() -> None:
    six, five = call_static(
        [resonance("patternFor", 6), resonance("patternFor", 5)], what=WHAT
    ).values()
    assert six == pytest.approx({"inhale_s": 4.5, "hold_in_s": 0, "exhale_s": 5.5, "hold_out_s": 0})
    assert five == pytest.approx(
        {"inhale_s": 5.4, "hold_in_s": 0, "exhale_s": 6.6, "hold_out_s": 0}
    )


def test_the_inhale_share_posted_is_the_one_scored() -> None:
    (share,) = call_static([static_export("resonance", "INHALE_SHARE")], what=WHAT).values()
    fields = {f.name: f.default for f in dataclasses.fields(RateRecording)}
    assert share == fields["inhale_share"] == 0.45
    catalog = BreathPattern.at_rate(6.0)
    assert share == pytest.approx(catalog.inhale_s / catalog.cycle_s, rel=1e-12)


@pytest.fixture(scope="module")
def js_patterns() -> tuple[float, dict[float, dict[str, float]]]:
    """resonance.js's INHALE_SHARE and its pattern for each protocol rate."""
    share, *patterns = call_static(
        [static_export("resonance", "INHALE_SHARE")]
        + [resonance("patternFor", rate) for rate in PROTOCOL_RATES_BPM],
        what=WHAT,
    ).values()
    return share, dict(zip(PROTOCOL_RATES_BPM, patterns, strict=True))


@pytest.mark.parametrize("rate", PROTOCOL_RATES_BPM)
def test_the_pacer_shows_the_lung_volume_the_scoring_assumes(
    rate: float, js_patterns: tuple[float, dict[float, dict[str, float]]]
) -> None:
    """pacer.js's lung fill for patternFor(rate), over three breaths and around each switch to
    the out-breath, against the volume wave core/resonance.py fits the heart rate to (t in
    seconds since the pacer began)."""
    share, patterns = js_patterns
    period = 60.0 / rate
    times = np.concatenate(
        [
            np.linspace(0.0, 3 * period, 241),
            [period * (k + share) + d for k in range(3) for d in (-1e-6, 0.0, 1e-6)],
        ]
    )
    phases = call_static(
        [static_call("pacer", "pacerPhase", patterns[rate], float(t)) for t in times], what=WHAT
    ).values()
    shown = np.array([p["fraction"] for p in phases])
    assumed = _lung_volume(times, period, share)
    assert shown == pytest.approx(assumed, abs=1e-9)
    assert {p["phase"] for p in phases} == {"inhale", "exhale"}


PACER_OFFSETS = [
    # (pacer start, first RR ended, first RR, breath period s, seconds from the beat opening it
    # to the pacer's next inhale)
    (10_000, 10_500, 800, 10.0, 0.3),  # that beat came 0.3 s before the pacer began
    (10_000, 10_800, 800, 10.0, 0.0),  # ... exactly when it began
    (10_000, 10_000, 1_250, 12.0, 1.25),
    (1_763_769_600_000, 1_763_769_600_950, 1_000, 10.0, 0.05),  # epoch ms, as Date.now()
    # The beat came 1.2 s after the pacer began: the next inhale is one breath after the first.
    (10_000, 12_000, 800, 10.0, 8.8),
    (10_000, 35_000, 800, 60 / 4.5, 60 / 4.5 * 2 - 24.2),  # ... two breaths after
]


def test_pacer_offset_by_hand() -> None:
    got = call_static(
        [
            resonance("pacerOffsetS", start, ended, rr, period)
            for start, ended, rr, period, _ in PACER_OFFSETS
        ],
        what=WHAT,
    ).values()
    for (start, ended, rr, period, want), offset in zip(PACER_OFFSETS, got, strict=True):
        assert offset == pytest.approx(want, abs=1e-9), (start, ended, rr)
        assert 0 <= offset < period
        raw = (start - (ended - rr)) / 1000
        assert (offset - raw) / period == pytest.approx(round((offset - raw) / period), abs=1e-9)
        # The server accepts every offset the page can send.
        RateRecording(6.0, (800.0,) * 3, pacer_offset_s=offset)
