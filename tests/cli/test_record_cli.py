"""`vagal record --ble` with a fake strap standing in for bleak (no hardware)."""

from __future__ import annotations

import asyncio
import builtins
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from tests.cli.test_cli import create_user, env  # noqa: F401 (fixture)
from vagal.cli import record
from vagal.cli.main import app
from vagal.services import recordings as recordings_service
from vagal.storage.db import Database
from vagal.storage.rows import RecordingRow

runner = CliRunner()
RR_FILE = Path(__file__).parents[1] / "data" / "rr" / "healthy000_first5000_ms.txt"
MALFORMED = [b"", b"\x11\x48", b"\x10\x48", b"\x10\x48\x01"]


def packet(rr_ms: list[int], *, uint16: bool = False) -> bytes:
    hr = round(60000 / rr_ms[-1])
    head = bytes([0x16 | (0x01 if uint16 else 0)]) + hr.to_bytes(2 if uint16 else 1, "little")
    return head + b"".join(round(rr * 1024 / 1000).to_bytes(2, "little") for rr in rr_ms)


class FakeStrap:
    """Emits one notification per beat; its time is the sum of the beats emitted so far."""

    name = "Fake strap"

    def __init__(self, rr: list[int], *, disconnect_after_s: float | None = None) -> None:
        self.rr = rr
        self.disconnect_after_s = disconnect_after_s
        self.now_s = 0.0
        self.connected = False
        self.stopped = False
        self.task: asyncio.Task[None] | None = None

    async def start(self, on_notification: Callable[[bytes], None]) -> None:
        self.connected = True
        self.task = asyncio.get_running_loop().create_task(self._emit(on_notification))

    async def _emit(self, on_notification: Callable[[bytes], None]) -> None:
        for i, rr in enumerate(self.rr):
            await asyncio.sleep(0)
            if self.disconnect_after_s is not None and self.now_s >= self.disconnect_after_s:
                self.connected = False
                return
            self.now_s += rr / 1000
            on_notification(packet([rr], uint16=i == 10))
            if i % 20 == 5:
                on_notification(MALFORMED[(i // 20) % len(MALFORMED)])

    def is_connected(self) -> bool:
        return self.connected

    async def stop(self) -> None:
        self.stopped = True
        self.connected = False
        if self.task is not None:
            self.task.cancel()


@pytest.fixture
def fake_strap(monkeypatch: pytest.MonkeyPatch) -> Callable[..., FakeStrap]:
    def install(**kwargs: Any) -> FakeStrap:
        rr = [int(x) for x in RR_FILE.read_text().split()[:400]]
        strap = FakeStrap(rr, **kwargs)

        async def open_strap(device: str | None) -> FakeStrap:
            return strap

        monkeypatch.setattr(record, "open_strap", open_strap)
        monkeypatch.setattr(record, "clock", lambda: strap.now_s)
        monkeypatch.setattr(record, "TICK_S", 0)
        return strap

    return install


def recordings_in(db: Database) -> list[tuple[str, str, np.ndarray, dict[str, Any]]]:
    with db.session(write=False) as session:
        return [
            (r.kind, r.source, recordings_service.decode_rr(r.rr_blob), dict(r.metrics))
            for r in session.scalars(select(RecordingRow))
        ]


def test_a_reading_from_the_strap_is_stored_and_analysed(
    env: dict[str, str],  # noqa: F811
    db: Database,
    fake_strap: Callable[..., FakeStrap],
) -> None:
    create_user()
    strap = fake_strap()
    result = runner.invoke(app, ["record", "--ble", "--user", "cli@example.org", "--minutes", "1"])
    assert result.exit_code == 0, result.output
    assert "garbled packet(s) from the strap were skipped" in result.output
    assert "Saved recording" in result.output
    assert strap.stopped
    [(kind, source, rr, metrics)] = recordings_in(db)
    assert (kind, source) == ("morning", "Fake strap (vagal record)")
    assert 59 <= rr.sum() / 1000 <= 61.5
    assert metrics["rmssd_ms"] > 0


def test_malformed_packets_are_skipped_and_counted() -> None:
    async def run() -> record.Reading:
        rr = [int(x) for x in RR_FILE.read_text().split()[:200]]
        strap = FakeStrap(rr)
        record.clock = lambda: strap.now_s
        record.TICK_S = 0
        return await record.record_reading(strap, 30.0)

    saved = (record.clock, record.TICK_S)
    try:
        reading = asyncio.run(run())
    finally:
        record.clock, record.TICK_S = saved
    reasons = ["empty", "truncated_heart_rate", "missing_rr", "odd_rr_bytes"]
    expected: dict[str, int] = {}
    for i in range(len(reading.rr_ms)):
        if i % 20 == 5:
            reason = reasons[(i // 20) % len(reasons)]
            expected[reason] = expected.get(reason, 0) + 1
    assert reading.malformed == expected
    assert sum(expected.values()) >= 2
    assert not reading.disconnected
    quantised = [round(x * 1024 / 1000) * 1000 / 1024 for x in strap_rr(len(reading.rr_ms))]
    assert list(reading.rr_ms) == quantised


def strap_rr(n: int) -> list[int]:
    return [int(x) for x in RR_FILE.read_text().split()[:n]]


def test_a_strap_that_disconnects_asks_before_saving(
    env: dict[str, str],  # noqa: F811
    db: Database,
    fake_strap: Callable[..., FakeStrap],
) -> None:
    create_user()
    fake_strap(disconnect_after_s=45)
    args = ["record", "--ble", "--user", "cli@example.org", "--minutes", "2", "--kind", "live"]
    declined = runner.invoke(app, args, input="n\n")
    assert declined.exit_code == 0, declined.output
    assert re.search(r"The strap disconnected after 4\d s of 2 min; \d+ beats", declined.output)
    assert "Discarded" in declined.output
    assert recordings_in(db) == []

    fake_strap(disconnect_after_s=45)
    saved = runner.invoke(app, [*args, "--yes"])
    assert saved.exit_code == 0, saved.output
    [(kind, _, rr, _)] = recordings_in(db)
    assert kind == "live"
    assert 45 <= rr.sum() / 1000 <= 47


def test_without_bleak_a_clear_message_says_how_to_install_it(
    env: dict[str, str],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    create_user()
    real_import = builtins.__import__

    def no_bleak(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "bleak" or name.startswith("bleak."):
            raise ImportError("No module named 'bleak'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_bleak)
    result = runner.invoke(app, ["record", "--ble", "--user", "cli@example.org"])
    assert result.exit_code == 1
    assert "pip install 'vagal[ble]'" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "cli@example.org"], "vagal record --ble"),
        (["--ble", "--user", "nobody@example.org"], "nobody@example.org"),
        (["--ble", "--user", "cli@example.org", "--kind", "nap"], "not one of: morning, live"),
    ],
)
def test_bad_options_give_a_clear_error(
    env: dict[str, str],  # noqa: F811
    fake_strap: Callable[..., FakeStrap],
    args: list[str],
    message: str,
) -> None:
    create_user()
    fake_strap()
    result = runner.invoke(app, ["record", *args])
    assert result.exit_code == 1
    assert message in result.output
