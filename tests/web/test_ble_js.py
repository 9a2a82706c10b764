"""The browser's 0x2A37 parser (static/ble.js) against the shared vectors, run with node.

Needs ``node`` (v18+) on PATH; CI has it. Without node the test is skipped locally, and fails when
``CI=true`` so the JavaScript parser can never go untested there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.web.node_support import run_node

ROOT = Path(__file__).parents[2]
BLE_JS = ROOT / "src" / "vagal" / "web" / "static" / "ble.js"
VECTORS_FILE = ROOT / "tests" / "data" / "ble_vectors.json"
RUNNER = Path(__file__).with_name("ble_vectors_runner.mjs")
VECTORS: list[dict[str, Any]] = json.loads(VECTORS_FILE.read_text("utf-8"))["vectors"]


@pytest.fixture(scope="module")
def js_results() -> list[dict[str, Any]]:
    printed = run_node(RUNNER, str(BLE_JS), str(VECTORS_FILE), what="the JavaScript 0x2A37 parser")
    results: list[dict[str, Any]] = json.loads(printed)
    return results


def test_js_parser_agrees_with_every_vector(js_results: list[dict[str, Any]]) -> None:
    assert len(js_results) == len(VECTORS)
    mismatches = []
    for vector, got in zip(VECTORS, js_results, strict=True):
        assert got["name"] == vector["name"]
        if "expected" in vector:
            ok = got.get("result") == vector["expected"]
        else:
            ok = got.get("error") == vector["error"] and bool(got.get("message"))
        if not ok:
            mismatches.append((vector["name"], vector.get("expected", vector.get("error")), got))
    assert mismatches == []


def test_js_parser_flags_lost_contact(js_results: list[dict[str, Any]]) -> None:
    lost = {r["name"] for r in js_results if r.get("contact_lost")}
    expected = {
        v["name"]
        for v in VECTORS
        if "expected" in v
        and v["expected"]["sensor_contact_supported"]
        and not v["expected"]["sensor_contact_detected"]
    }
    assert lost == expected
    assert lost
