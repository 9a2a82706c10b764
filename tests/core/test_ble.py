"""The 0x2A37 parser against the shared vectors (the JavaScript parser runs the same file)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from vagal.core.ble import (
    MALFORMED_REASONS,
    HeartRateMeasurement,
    MalformedHeartRateMeasurement,
    parse_heart_rate_measurement,
    rr_raw_to_ms,
)
from vagal.errors import InvalidInput

VECTORS_FILE = Path(__file__).parents[1] / "data" / "ble_vectors.json"
VECTORS: list[dict[str, Any]] = json.loads(VECTORS_FILE.read_text("utf-8"))["vectors"]
GOOD = [v for v in VECTORS if "expected" in v]
BAD = [v for v in VECTORS if "error" in v]


def as_dict(measurement: HeartRateMeasurement) -> dict[str, Any]:
    out = asdict(measurement)
    out["rr_raw"], out["rr_ms"] = list(out["rr_raw"]), list(out["rr_ms"])
    return out


@pytest.mark.parametrize("vector", GOOD, ids=[v["name"] for v in GOOD])
def test_vector_parses_to_the_expected_fields(vector: dict[str, Any]) -> None:
    parsed = parse_heart_rate_measurement(bytes.fromhex(vector["hex"]))
    assert as_dict(parsed) == vector["expected"]


@pytest.mark.parametrize("vector", BAD, ids=[v["name"] for v in BAD])
def test_malformed_vector_raises_with_its_reason(vector: dict[str, Any]) -> None:
    with pytest.raises(MalformedHeartRateMeasurement) as caught:
        parse_heart_rate_measurement(bytes.fromhex(vector["hex"]))
    assert caught.value.reason == vector["error"]
    assert caught.value.details["reason"] == vector["error"]
    assert isinstance(caught.value, InvalidInput)
    assert caught.value.message


def test_vectors_cover_every_flag_combination_and_every_reason() -> None:
    assert {v["expected"]["flags"] & 0x1F for v in GOOD} == set(range(32))
    assert {v["error"] for v in BAD} == set(MALFORMED_REASONS)


def test_worked_examples_by_hand() -> None:
    polar = parse_heart_rate_measurement(bytes.fromhex("16 40 C0 03"))
    assert polar.heart_rate_bpm == 64
    assert polar.rr_ms == (937.5,)
    assert polar.sensor_contact_detected is True
    two = parse_heart_rate_measurement(bytes.fromhex("16 3A 20 04 06 04"))
    assert two.rr_ms[0] == 1031.25
    assert two.rr_ms[1] == pytest.approx(1005.86, abs=0.005)
    full = parse_heart_rate_measurement(bytes.fromhex("1F B4 00 D2 04 55 01"))
    assert (full.heart_rate_bpm, full.energy_expended_kj) == (180, 1234)
    assert full.rr_ms[0] == pytest.approx(333.0, abs=0.01)
    off = parse_heart_rate_measurement(bytes.fromhex("04 00"))
    assert off.contact_lost
    assert not polar.contact_lost
    assert not parse_heart_rate_measurement(bytes.fromhex("00 48")).contact_lost


def test_accepts_bytearray_and_memoryview() -> None:
    data = bytearray.fromhex("16 40 C0 03")
    assert parse_heart_rate_measurement(data) == parse_heart_rate_measurement(memoryview(data))


def test_rr_conversion_is_exact() -> None:
    assert rr_raw_to_ms(1024) == 1000.0
    assert rr_raw_to_ms(1) == 0.9765625
