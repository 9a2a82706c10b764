"""The live strap page in Chromium with a fake strap standing in for navigator.bluetooth.

The fake strap emits 0x2A37 notifications built from a real RR recording
(tests/data/rr/healthy000_first5000_ms.txt), one per beat at the pace of the beats, with a few
malformed packets and one packet holding several RR values behind a 16-bit heart rate. The page's
clock is Playwright's fake clock, so a 1-minute reading takes a moment.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from tests.conftest import make_account
from tests.web.browser_support import log_in
from vagal.core.hrv import analyze_rr
from vagal.services import recordings as recordings_service
from vagal.storage.db import Database
from vagal.storage.rows import RecordingRow

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RR_FILE = Path(__file__).parents[1] / "data" / "rr" / "healthy000_first5000_ms.txt"
#: The browser's clock starts here: before the server's fixed clock (2026-03-10 09:30 UTC).
BROWSER_START = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
MALFORMED = [[], [0x11, 0x48], [0x10, 0x48], [0x10, 0x48, 0x01], [0x00, 0x48, 0x00]]


def real_rr(n: int) -> list[int]:
    return [int(line) for line in RR_FILE.read_text().split()[:n]]


def packet(rr_ms: list[int], *, uint16: bool = False) -> list[int]:
    """A 0x2A37 notification: contact detected, RR present, heart rate from the last beat."""
    hr = round(60000 / rr_ms[-1])
    flags = 0x16 | (0x01 if uint16 else 0x00)
    body = list(hr.to_bytes(2, "little")) if uint16 else [hr]
    for rr in rr_ms:
        body += list(round(rr * 1024 / 1000).to_bytes(2, "little"))
    return [flags, *body]


def strap_script(rr: list[int], *, disconnect_after_ms: float | None = None) -> tuple[str, int]:
    """The init script, and how many malformed packets it sends."""
    events: list[dict[str, Any]] = []
    i = 0
    while i < len(rr):
        if i == 20:  # three beats in one notification, 16-bit heart rate
            events.append(
                {"delay": sum(rr[i : i + 3]), "bytes": packet(rr[i : i + 3], uint16=True)}
            )
            i += 3
            continue
        events.append({"delay": rr[i], "bytes": packet([rr[i]])})
        if i % 15 == 7 and len(events) // 15 < len(MALFORMED):
            events.append({"delay": 5, "bytes": MALFORMED[(i // 15) % len(MALFORMED)]})
        i += 1
    malformed = sum(1 for e in events if e["bytes"] in MALFORMED)
    script = (
        "(() => {\n"
        f"const EVENTS = {json.dumps(events)};\n"
        f"const DISCONNECT_AFTER = {json.dumps(disconnect_after_ms)};\n"
        + FAKE_BLUETOOTH
        + "\n})();"
    )
    return script, malformed


FAKE_BLUETOOTH = """
class FakeCharacteristic extends EventTarget {
  constructor(device) { super(); this.device = device; this.value = null; this.timer = null; }
  async startNotifications() {
    let k = 0;
    const started = Date.now();
    const next = () => {
      if (!this.device.gatt.connected || k >= EVENTS.length) return;
      const event = EVENTS[k++];
      this.timer = setTimeout(() => {
        if (DISCONNECT_AFTER !== null && Date.now() - started >= DISCONNECT_AFTER) {
          this.device.gatt.disconnect();
          return;
        }
        this.value = new DataView(new Uint8Array(event.bytes).buffer);
        this.dispatchEvent(new Event("characteristicvaluechanged"));
        next();
      }, event.delay);
    };
    next();
    return this;
  }
  async stopNotifications() { clearTimeout(this.timer); return this; }
}
class FakeDevice extends EventTarget {
  constructor() {
    super();
    this.name = "Fake strap";
    const device = this;
    const characteristic = new FakeCharacteristic(device);
    const service = { getCharacteristic: async (name) => {
      if (name !== "heart_rate_measurement" && name !== 0x2a37) throw new Error("no such characteristic");
      return characteristic;
    } };
    this.gatt = {
      connected: false,
      async connect() { this.connected = true; return this; },
      async getPrimaryService(name) {
        if (name !== "heart_rate" && name !== 0x180d) throw new Error("no such service");
        return service;
      },
      disconnect() {
        if (!this.connected) return;
        this.connected = false;
        device.dispatchEvent(new Event("gattserverdisconnected"));
      },
    };
  }
}
window.__requestedFilters = null;
Object.defineProperty(navigator, "bluetooth", {
  configurable: true,
  value: {
    async requestDevice(options) {
      window.__requestedFilters = JSON.stringify(options.filters);
      return new FakeDevice();
    },
  },
});
"""


def stored_recordings(db: Database) -> list[tuple[SimpleNamespace, np.ndarray]]:
    with db.session(write=False) as session:
        rows = session.scalars(select(RecordingRow)).all()
        return [
            (
                SimpleNamespace(
                    id=row.id,
                    kind=row.kind,
                    source=row.source,
                    started_at=row.started_at,
                    metrics=dict(row.metrics),
                ),
                recordings_service.decode_rr(row.rr_blob),
            )
            for row in rows
        ]


def open_live_page(page: Any, base: str, script: str) -> None:
    page.clock.install(time=BROWSER_START)
    page.add_init_script(script)
    log_in(page, base, "live@example.org")
    page.goto(base + "/live")


def test_a_live_reading_reaches_the_server_and_is_analysed(
    browser_page: object, live_server: str, db: Database
) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    make_account(db, "live@example.org")
    rr = real_rr(120)
    script, malformed = strap_script(rr)
    open_live_page(page, live_server, script)

    page.get_by_role("button", name="Connect a strap").click()
    expect(page.locator("#connect-status")).to_contain_text("Connected to Fake strap")
    assert page.evaluate("window.__requestedFilters") == '[{"services":["heart_rate"]}]'
    page.get_by_text("1 minute", exact=True).click()
    page.get_by_role("button", name="Start the reading").click()
    page.clock.run_for(30_000)
    expect(page.locator("#remaining")).to_have_text("0:30")
    assert page.locator("#live-hr").inner_text() != "—"
    assert page.locator("#live-rmssd").inner_text() != "—"
    page.clock.run_for(31_000)

    link = page.get_by_role("link", name="See the analysed recording")
    expect(link).to_be_visible()
    expect(page.locator("#live-malformed")).to_have_text(str(malformed))
    assert malformed >= 3

    stored = stored_recordings(db)
    assert len(stored) == 1
    row, stored_rr = stored[0]
    assert row.kind == "morning"
    assert row.source == "Fake strap (live)"
    started = row.started_at.replace(tzinfo=UTC)
    assert BROWSER_START <= started <= BROWSER_START.replace(minute=1)
    # The beats recorded during the minute: a run of the real recording, at 1/1024 s resolution.
    quantised = np.round(np.asarray(rr) * 1024 / 1000) * 1000 / 1024
    n = stored_rr.size
    assert 58 <= stored_rr.sum() / 1000 <= 60.5
    starts = [k for k in range(len(rr) - n + 1) if np.array_equal(quantised[k : k + n], stored_rr)]
    assert starts, "the stored RR are not a run of the emitted beats"
    # Analysed on the server, and the same RMSSD as the Python engine for the same RR.
    python_rmssd = analyze_rr(stored_rr).to_dict()["rmssd_ms"]
    assert row.metrics["rmssd_ms"] == pytest.approx(python_rmssd, rel=1e-9)
    expect(page.locator("#reading-result")).to_contain_text(f"{row.metrics['rmssd_ms']:.1f} ms")
    link.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url.endswith(f"/recordings/{row.id}")


def test_a_strap_that_disconnects_keeps_the_partial_reading_to_save(
    browser_page: object, live_server: str, db: Database
) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    make_account(db, "live@example.org")
    script, _ = strap_script(real_rr(200), disconnect_after_ms=50_000)
    open_live_page(page, live_server, script)

    page.get_by_role("button", name="Connect a strap").click()
    expect(page.locator("#connect-status")).to_contain_text("Connected")
    page.get_by_text("3 minutes", exact=True).click()
    page.get_by_label("This is my morning reading").uncheck()
    page.clock.run_for(2_000)
    page.get_by_role("button", name="Start the reading").click()
    page.clock.run_for(60_000)

    message = page.locator("#partial-message")
    expect(message).to_contain_text("The strap disconnected after 4")
    expect(page.locator("#connect-status")).to_contain_text("disconnected")
    assert stored_recordings(db) == []
    page.get_by_role("button", name="Save what was recorded").click()
    expect(page.get_by_role("link", name="See the analysed recording")).to_be_visible()
    stored = stored_recordings(db)
    assert len(stored) == 1
    row, stored_rr = stored[0]
    assert row.kind == "live"
    assert 40 <= stored_rr.sum() / 1000 <= 50
    assert "rmssd_ms" in row.metrics


def test_without_web_bluetooth_the_page_says_so_and_offers_an_import(
    browser_page: object, live_server: str, db: Database
) -> None:
    from playwright.sync_api import Page, expect

    page = browser_page
    assert isinstance(page, Page)
    make_account(db, "live@example.org")
    page.add_init_script(
        "Object.defineProperty(navigator, 'bluetooth', {configurable: true, value: undefined});"
    )
    log_in(page, live_server, "live@example.org")
    page.goto(live_server + "/live")
    expect(page.locator("#live-unavailable")).to_contain_text("cannot talk to Bluetooth straps")
    expect(page.get_by_role("button", name="Connect a strap")).to_be_hidden()
    page.goto(live_server + "/resonance")
    expect(page.locator("#resonance-unavailable")).to_contain_text("Chrome or Edge")
