"""The Bluetooth Heart Rate Measurement characteristic (0x2A37, service 0x180D), parsed (pure).

Layout (Bluetooth SIG GATT ``org.bluetooth.characteristic.heart_rate_measurement``, HRS 1.0;
see ``HRV-REFERENCE.md`` §4.1), little-endian:

==========  =======================================================  ===============
byte(s)     field                                                    present when
==========  =======================================================  ===============
0           flags: bit 0 heart-rate format (0 uint8, 1 uint16);      always
            bits 1–2 sensor contact (0/1 not supported, 2 supported
            but no contact, 3 supported and contact); bit 3 energy
            expended present; bit 4 RR intervals present; bits 5–7
            reserved (ignored, kept in ``flags``)
1 or 1–2    heart rate, beats per minute                             always
+2          energy expended, kJ, uint16 (accumulated)                bit 3
+2·n        RR intervals, uint16 each, unit 1/1024 s, oldest first   bit 4
==========  =======================================================  ===============

RR in milliseconds is ``raw × 1000 / 1024`` (exact in binary floating point, so the Python and
JavaScript parsers agree to the last bit). Bit 1 means nothing unless bit 2 is set.

A notification that does not fit this layout raises ``MalformedHeartRateMeasurement`` with a
stable ``reason`` (one of ``MALFORMED_REASONS``); the live page skips and counts such packets.
The same rules are implemented in ``vagal/web/static/ble.js`` and both are tested against
``tests/data/ble_vectors.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

from vagal.errors import InvalidInput

HEART_RATE_SERVICE_UUID = 0x180D
HEART_RATE_MEASUREMENT_UUID = 0x2A37

FLAG_HR_UINT16 = 0x01
FLAG_CONTACT_DETECTED = 0x02
FLAG_CONTACT_SUPPORTED = 0x04
FLAG_ENERGY_EXPENDED = 0x08
FLAG_RR_INTERVALS = 0x10

RR_UNITS_PER_SECOND = 1024

#: Stable reasons for a malformed notification, shared with ble.js and the test vectors.
MALFORMED_REASONS = (
    "empty",  # no bytes at all
    "truncated_heart_rate",  # the heart-rate field is missing or cut short
    "truncated_energy",  # bit 3 set, but fewer than 2 bytes left for energy expended
    "missing_rr",  # bit 4 set, but no RR bytes follow
    "odd_rr_bytes",  # bit 4 set, and the RR bytes are not a whole number of uint16 values
    "trailing_bytes",  # bit 4 clear, but bytes follow the last field
)


class MalformedHeartRateMeasurement(InvalidInput):
    """A 0x2A37 notification whose bytes do not fit the layout; ``reason`` says how."""

    code = "ble_malformed_measurement"

    def __init__(self, reason: str, message: str, data: bytes) -> None:
        super().__init__(message, details={"reason": reason, "hex": data.hex(" ")})
        self.reason = reason


@dataclass(frozen=True, slots=True)
class HeartRateMeasurement:
    """One parsed notification. ``rr_ms`` are milliseconds, oldest first (``rr_raw`` in 1/1024 s)."""

    flags: int
    heart_rate_bpm: int
    heart_rate_uint16: bool
    sensor_contact_supported: bool
    #: ``None`` when the strap does not report contact at all.
    sensor_contact_detected: bool | None
    energy_expended_kj: int | None
    rr_raw: tuple[int, ...]
    rr_ms: tuple[float, ...]

    @property
    def contact_lost(self) -> bool:
        """The strap reports contact and says there is none: the heart rate is not to be trusted."""
        return self.sensor_contact_supported and self.sensor_contact_detected is False


def rr_raw_to_ms(raw: int) -> float:
    """An RR value in 1/1024 s as milliseconds (e.g. 960 → 937.5)."""
    return raw * 1000 / RR_UNITS_PER_SECOND


def parse_heart_rate_measurement(data: bytes | bytearray | memoryview) -> HeartRateMeasurement:
    """Parse the value of one Heart Rate Measurement notification.

    >>> parse_heart_rate_measurement(bytes.fromhex("16 40 C0 03")).rr_ms
    (937.5,)
    """
    raw = bytes(data)
    if not raw:
        _fail("empty", "The notification holds no bytes.", raw)
    flags = raw[0]
    offset = 1
    uint16 = bool(flags & FLAG_HR_UINT16)
    width = 2 if uint16 else 1
    if len(raw) < offset + width:
        _fail(
            "truncated_heart_rate",
            f"The heart rate needs {width} byte(s) after the flags; the notification ends early.",
            raw,
        )
    heart_rate = int.from_bytes(raw[offset : offset + width], "little")
    offset += width

    energy: int | None = None
    if flags & FLAG_ENERGY_EXPENDED:
        if len(raw) < offset + 2:
            _fail(
                "truncated_energy",
                "The flags announce energy expended, but fewer than 2 bytes are left for it.",
                raw,
            )
        energy = int.from_bytes(raw[offset : offset + 2], "little")
        offset += 2

    rest = raw[offset:]
    rr_raw: tuple[int, ...] = ()
    if flags & FLAG_RR_INTERVALS:
        if not rest:
            _fail("missing_rr", "The flags announce RR intervals, but none follow.", raw)
        if len(rest) % 2:
            _fail(
                "odd_rr_bytes",
                f"RR intervals take 2 bytes each, but {len(rest)} bytes are left for them.",
                raw,
            )
        rr_raw = tuple(int.from_bytes(rest[i : i + 2], "little") for i in range(0, len(rest), 2))
    elif rest:
        _fail(
            "trailing_bytes",
            f"{len(rest)} byte(s) follow the last field the flags announce.",
            raw,
        )

    supported = bool(flags & FLAG_CONTACT_SUPPORTED)
    return HeartRateMeasurement(
        flags=flags,
        heart_rate_bpm=heart_rate,
        heart_rate_uint16=uint16,
        sensor_contact_supported=supported,
        sensor_contact_detected=bool(flags & FLAG_CONTACT_DETECTED) if supported else None,
        energy_expended_kj=energy,
        rr_raw=rr_raw,
        rr_ms=tuple(rr_raw_to_ms(value) for value in rr_raw),
    )


def _fail(reason: str, message: str, data: bytes) -> NoReturn:
    raise MalformedHeartRateMeasurement(reason, message, data)
