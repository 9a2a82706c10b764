"""Regression pin: the full 24 h reports (golden_24h.json) must not move beyond rounding noise.

The golden file holds `analyze_rr(...).to_dict()` of the real 24 h recordings as computed before
the performance work on the engine; every float must agree within 1e-9 relative, every count,
position, string and key exactly. Regenerate only on a deliberate algorithm change (and then
bump ALGORITHM_VERSION).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from tests.core.hrv.conftest import holter_ms
from vagal.core.hrv import analyze_rr

GOLDEN = json.loads((Path(__file__).parent / "golden_24h.json").read_text())
REL = 1e-9

CASES: dict[str, tuple[str, dict[str, Any]]] = {
    "nsr001": ("nsr001", {}),
    "nsr001_lomb": ("nsr001", {"spectral_method": "lomb"}),
    "nsr001_uncorrected": ("nsr001", {"correct_artifacts": False}),
    "chf202": ("chf202", {}),
}


def differences(got: Any, want: Any, where: str = "") -> list[str]:
    """Where `got` differs from `want` (floats within REL relative, the rest exactly)."""
    if isinstance(want, dict):
        if not isinstance(got, dict) or set(got) != set(want):
            return [f"{where}: keys {sorted(got) if isinstance(got, dict) else got!r}"]
        return [d for k in want for d in differences(got[k], want[k], f"{where}.{k}")]
    if isinstance(want, list):
        if not isinstance(got, list | tuple) or len(got) != len(want):
            return [f"{where}: length {len(got) if isinstance(got, list | tuple) else got!r}"]
        return [d for i, (g, w) in enumerate(zip(got, want, strict=True)) for d in
                differences(g, w, f"{where}[{i}]")]  # fmt: skip
    if isinstance(want, float) and isinstance(got, float):
        if math.isclose(got, want, rel_tol=REL, abs_tol=1e-300):
            return []
        return [f"{where}: {got!r} != {want!r} (rel {abs(got - want) / abs(want):.2e})"]
    if type(got) is not type(want) or got != want:
        return [f"{where}: {got!r} != {want!r}"]
    return []


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_24h_report_is_pinned(case: str) -> None:
    name, kwargs = CASES[case]
    got = json.loads(json.dumps(analyze_rr(holter_ms(name), **kwargs).to_dict()))
    assert differences(got, GOLDEN[case]) == []
