"""Real RR recordings for the HRV tests (copied into tests/data/rr, see LICENSES.md there)."""

from __future__ import annotations

import gzip
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

DATA = Path(__file__).parents[2] / "data" / "rr"
FloatArray = npt.NDArray[np.float64]

CLEAN_5MIN_STARTS = (1000, 67500)
"""Starts (beat index) of 400-beat stretches of nsr001 where the detector flags nothing."""


@cache
def holter_ms(name: str) -> FloatArray:
    """A PhysioNet *_rr_secs.txt recording in ms, without its leading start time."""
    with gzip.open(DATA / f"{name}_rr_secs.txt.gz", "rt") as fh:
        values = np.array(fh.read().split(), dtype=np.float64)
    return values[1:] * 1000.0


@pytest.fixture(scope="session")
def nsr001() -> FloatArray:
    """24 h Holter RR (ms), healthy adult, quantised to 1/128 s, three real gaps."""
    return holter_ms("nsr001")


@pytest.fixture(scope="session")
def chf202() -> FloatArray:
    """24 h Holter RR (ms), congestive heart failure: ectopy and 35 gaps."""
    return holter_ms("chf202")


@pytest.fixture(scope="session")
def healthy_ms() -> FloatArray:
    """First 5000 RR intervals (integer ms) of a healthy subject (Irurzun et al. 2021)."""
    return np.loadtxt(DATA / "healthy000_first5000_ms.txt")


@pytest.fixture(scope="session", params=CLEAN_5MIN_STARTS)
def clean_5min(request: pytest.FixtureRequest) -> FloatArray:
    """A real 400-beat stretch (about 5 min) with no artefact flags."""
    return holter_ms("nsr001")[request.param : request.param + 400]


@pytest.fixture
def neurokit(monkeypatch: pytest.MonkeyPatch) -> Any:
    """neurokit2 (test-time oracle only), with np.trapz restored for NumPy >= 2.4."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import neurokit2
    monkeypatch.setattr(np, "trapz", np.trapezoid, raising=False)
    return neurokit2


def quietly(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a peer library with its warnings silenced (pytest turns warnings into errors)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


def peaks_128(rr_ms: FloatArray) -> npt.NDArray[np.int64]:
    """Beat sample indices at 128 Hz for 1/128-s-quantised intervals (exact, no rounding)."""
    return np.concatenate([[0], np.cumsum(np.round(rr_ms / 7.8125))]).astype(np.int64)
