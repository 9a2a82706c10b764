"""`vagal record --ble --user EMAIL`: a live reading from a Bluetooth heart-rate strap.

The strap is reached with bleak, an optional extra (``pip install 'vagal[ble]'``). Everything
between the strap and the database is kept apart from bleak so tests can drive it with a fake
strap: ``Strap`` is what a reading needs from a connection, ``Collector`` turns 0x2A37
notifications into RR intervals with ``vagal.core.ble`` (malformed packets are skipped and
counted), ``record_reading`` runs the clock, and ``store_reading`` saves through
``vagal.services.recordings`` in one transaction.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Protocol

import typer
from rich.console import Console

from vagal.cli import common
from vagal.cli.common import friendly
from vagal.errors import InvalidInput, VagalError

if TYPE_CHECKING:
    from vagal.services.recordings import RecordingView
    from vagal.storage.db import Database

console = Console(highlight=False)

HEART_RATE_SERVICE = "0000180d-0000-1000-8000-00805f9b34fb"
HEART_RATE_MEASUREMENT = "00002a37-0000-1000-8000-00805f9b34fb"
SCAN_TIMEOUT_S = 10.0
INSTALL_HINT = "Live readings need the Bluetooth extra: pip install 'vagal[ble]'"

#: Replaced in tests: the clock the reading runs on and how often it looks at it.
clock: Callable[[], float] = time.monotonic
TICK_S = 1.0


class Strap(Protocol):
    """What a reading needs from a connected strap."""

    name: str

    async def start(self, on_notification: Callable[[bytes], None]) -> None: ...

    def is_connected(self) -> bool: ...

    async def stop(self) -> None: ...


@dataclass
class Collector:
    """RR intervals from 0x2A37 notifications; malformed ones are skipped and counted by reason."""

    recording: bool = False
    rr_ms: list[float] = field(default_factory=list)
    heart_rate_bpm: int | None = None
    malformed: Counter[str] = field(default_factory=Counter)

    def feed(self, data: bytes | bytearray) -> None:
        from vagal.core.ble import MalformedHeartRateMeasurement, parse_heart_rate_measurement

        try:
            measurement = parse_heart_rate_measurement(bytes(data))
        except MalformedHeartRateMeasurement as error:
            self.malformed[error.reason] += 1
            return
        self.heart_rate_bpm = measurement.heart_rate_bpm
        if self.recording:
            self.rr_ms.extend(measurement.rr_ms)

    @property
    def malformed_count(self) -> int:
        return sum(self.malformed.values())


@dataclass(frozen=True, slots=True)
class Reading:
    rr_ms: tuple[float, ...]
    elapsed_s: float
    planned_s: float
    disconnected: bool
    malformed: dict[str, int]


async def record_reading(
    strap: Strap,
    seconds: float,
    *,
    collector: Collector | None = None,
    on_tick: Callable[[float, Collector], None] | None = None,
) -> Reading:
    """Record for ``seconds`` (or until the strap disconnects) and return what arrived."""
    collector = collector or Collector()
    await strap.start(collector.feed)
    collector.recording = True
    started = clock()
    elapsed = 0.0
    try:
        while elapsed < seconds and strap.is_connected():
            await asyncio.sleep(TICK_S)
            elapsed = clock() - started
            if on_tick is not None:
                on_tick(elapsed, collector)
    finally:
        collector.recording = False
        if strap.is_connected():
            await strap.stop()
    return Reading(
        rr_ms=tuple(collector.rr_ms),
        elapsed_s=min(elapsed, seconds),
        planned_s=seconds,
        disconnected=elapsed < seconds,
        malformed=dict(collector.malformed),
    )


def store_reading(
    database: Database,
    email: str,
    reading: Reading,
    *,
    started_at: datetime,
    source: str,
    kind: str,
    now: datetime,
) -> RecordingView:
    """Analyse the reading (outside the transaction), then store it as a recording."""
    import numpy as np

    from vagal.services import recordings
    from vagal.services.recordings import RecordingInput, RecordingKind

    if len(reading.rr_ms) < 2:
        raise InvalidInput(
            "No heartbeats arrived from the strap, so nothing was saved. Check that it is worn "
            "with damp contacts and try again.",
            details={"field": "rr_ms"},
        )
    recording = RecordingInput(
        started_at=started_at,
        source=source[:120],
        kind=RecordingKind(kind),
        rr_ms=np.asarray(reading.rr_ms, dtype=np.float64),
    )
    recordings.check_start(recording, now)
    metrics = recordings.analyze(recording.rr_ms)
    with database.session(write=True) as session:
        account = common.account(session, email)
        view, _ = recordings.add_recording(session, account, recording, now=now, metrics=metrics)
    return view


class BleakStrap:
    """A strap reached with bleak (imported only when a reading starts)."""

    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name

    async def start(self, on_notification: Callable[[bytes], None]) -> None:
        await self.client.connect()
        await self.client.start_notify(
            HEART_RATE_MEASUREMENT, lambda _sender, data: on_notification(bytes(data))
        )

    def is_connected(self) -> bool:
        return bool(self.client.is_connected)

    async def stop(self) -> None:
        try:
            await self.client.stop_notify(HEART_RATE_MEASUREMENT)
        finally:
            await self.client.disconnect()


async def open_strap(device: str | None) -> Strap:
    """Find a heart-rate strap by name or address (the first one advertising 0x180D if none)."""
    try:
        from bleak import BleakClient, BleakScanner
    except ImportError:
        raise VagalError(INSTALL_HINT, code="ble_missing") from None

    found: Any = None
    if device is None:
        found = await BleakScanner.find_device_by_filter(
            lambda _d, adv: HEART_RATE_SERVICE in (adv.service_uuids or []),
            timeout=SCAN_TIMEOUT_S,
        )
    elif ":" in device or "-" in device:
        found = await BleakScanner.find_device_by_address(device, timeout=SCAN_TIMEOUT_S)
    else:
        found = await BleakScanner.find_device_by_name(device, timeout=SCAN_TIMEOUT_S)
    if found is None:
        which = f"'{device}'" if device else "advertising heart rate"
        raise VagalError(
            f"No strap {which} was found within {SCAN_TIMEOUT_S:.0f} s. Wear the strap with damp "
            "contacts, close other apps that use it, and try again.",
            code="ble_not_found",
        )
    return BleakStrap(BleakClient(found), str(found.name or found.address))


def _duration(seconds: float) -> str:
    whole = round(seconds)
    minutes, rest = divmod(whole, 60)
    if minutes == 0:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


@friendly
def record_command(
    user: Annotated[str, typer.Option("--user", "--email", help="The account's email address.")],
    ble: Annotated[
        bool, typer.Option("--ble", help="Read from a Bluetooth heart-rate strap (bleak).")
    ] = False,
    minutes: Annotated[
        int, typer.Option("--minutes", min=1, max=5, help="Length of the reading, 1-5 minutes.")
    ] = 2,
    device: Annotated[
        str | None, typer.Option("--device", help="The strap's name or address (else the first).")
    ] = None,
    kind: Annotated[str, typer.Option("--kind", help="morning or live.")] = "morning",
    yes: Annotated[
        bool, typer.Option("--yes", help="Save a shortened reading without asking.")
    ] = False,
) -> None:
    """Record a live reading from a heart-rate strap and store it, analysed."""
    if not ble:
        raise InvalidInput("Say where the reading comes from: `vagal record --ble --user EMAIL`.")
    if kind not in ("morning", "live"):
        raise InvalidInput(f"--kind '{kind}' is not one of: morning, live.")
    config = common.settings()
    database = common.database(config)
    try:
        with database.session(write=False) as session:
            common.account(session, user)  # a clear error before the strap is searched for
        reading, name, started_at = asyncio.run(_run(device, minutes * 60.0))
        if reading.malformed:
            total = sum(reading.malformed.values())
            console.print(f"{total} garbled packet(s) from the strap were skipped.")
        if reading.disconnected:
            console.print(
                f"The strap disconnected after {_duration(reading.elapsed_s)} of "
                f"{_duration(reading.planned_s)}; {len(reading.rr_ms)} beats were kept."
            )
            if not yes and not typer.confirm("Save this shorter reading?", default=True):
                console.print("Discarded. Nothing was saved.")
                return
        view = store_reading(
            database,
            user,
            reading,
            started_at=started_at,
            source=f"{name} (vagal record)",
            kind=kind,
            now=common.now(),
        )
    finally:
        database.dispose()
    rmssd = view.rmssd_ms
    summary = f", RMSSD {rmssd:.1f} ms" if rmssd is not None else ""
    console.print(
        f"Saved recording {view.id}: {view.n_beats} beats over {_duration(view.duration_s)}{summary}."
    )


async def _run(device: str | None, seconds: float) -> tuple[Reading, str, datetime]:
    strap = await open_strap(device)
    console.print(f"Connecting to {strap.name}… sit comfortably and breathe as you normally do.")
    started_at = common.now()

    def tick(elapsed: float, collector: Collector) -> None:
        if round(elapsed) % 15 == 0:
            hr = collector.heart_rate_bpm
            console.print(
                f"{_duration(seconds - elapsed)} left · {len(collector.rr_ms)} beats"
                + (f" · {hr} bpm" if hr else "")
            )

    reading = await record_reading(strap, seconds, on_tick=tick)
    return reading, strap.name, started_at
