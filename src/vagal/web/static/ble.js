// Bluetooth Heart Rate Measurement (0x2A37) parser for the live strap page. vagal's own code.
//
// The same rules as vagal.core.ble (Python); both are tested against tests/data/ble_vectors.json.
// Layout, little-endian: flags (bit 0 uint16 heart rate, bits 1-2 sensor contact, bit 3 energy
// expended, bit 4 RR intervals, bits 5-7 reserved); heart rate (1 or 2 bytes); energy expended
// in kJ (2 bytes, if bit 3); RR intervals (2 bytes each in 1/1024 s, oldest first, if bit 4).

export const HEART_RATE_SERVICE = 0x180d;
export const HEART_RATE_MEASUREMENT = 0x2a37;

const FLAG_HR_UINT16 = 0x01;
const FLAG_CONTACT_DETECTED = 0x02;
const FLAG_CONTACT_SUPPORTED = 0x04;
const FLAG_ENERGY_EXPENDED = 0x08;
const FLAG_RR_INTERVALS = 0x10;

/** A notification whose bytes do not fit the layout; `reason` matches the Python parser. */
export class MalformedHeartRateMeasurement extends Error {
  constructor(reason, message) {
    super(message);
    this.name = "MalformedHeartRateMeasurement";
    this.reason = reason;
  }
}

/** An RR value in 1/1024 s as milliseconds (exact: 960 -> 937.5). */
export function rrRawToMs(raw) {
  return (raw * 1000) / 1024;
}

function toDataView(value) {
  if (value instanceof DataView) return value;
  if (ArrayBuffer.isView(value)) {
    return new DataView(value.buffer, value.byteOffset, value.byteLength);
  }
  if (value instanceof ArrayBuffer) return new DataView(value);
  throw new TypeError("Expected a DataView, a typed array or an ArrayBuffer.");
}

/**
 * Parse one notification (`characteristic.value` from Web Bluetooth is a DataView).
 * Returns {flags, heartRateBpm, heartRateUint16, sensorContactSupported,
 * sensorContactDetected (null when not supported), energyExpendedKj (null when absent),
 * rrRaw, rrMs, contactLost}. Throws MalformedHeartRateMeasurement for malformed bytes.
 */
export function parseHeartRateMeasurement(dataView) {
  const view = toDataView(dataView);
  const length = view.byteLength;
  if (length === 0) {
    throw new MalformedHeartRateMeasurement("empty", "The notification holds no bytes.");
  }
  const flags = view.getUint8(0);
  let offset = 1;
  const uint16 = (flags & FLAG_HR_UINT16) !== 0;
  const width = uint16 ? 2 : 1;
  if (length < offset + width) {
    throw new MalformedHeartRateMeasurement(
      "truncated_heart_rate",
      `The heart rate needs ${width} byte(s) after the flags; the notification ends early.`,
    );
  }
  const heartRateBpm = uint16 ? view.getUint16(offset, true) : view.getUint8(offset);
  offset += width;

  let energyExpendedKj = null;
  if (flags & FLAG_ENERGY_EXPENDED) {
    if (length < offset + 2) {
      throw new MalformedHeartRateMeasurement(
        "truncated_energy",
        "The flags announce energy expended, but fewer than 2 bytes are left for it.",
      );
    }
    energyExpendedKj = view.getUint16(offset, true);
    offset += 2;
  }

  const rest = length - offset;
  const rrRaw = [];
  if (flags & FLAG_RR_INTERVALS) {
    if (rest === 0) {
      throw new MalformedHeartRateMeasurement(
        "missing_rr",
        "The flags announce RR intervals, but none follow.",
      );
    }
    if (rest % 2 !== 0) {
      throw new MalformedHeartRateMeasurement(
        "odd_rr_bytes",
        `RR intervals take 2 bytes each, but ${rest} bytes are left for them.`,
      );
    }
    for (let i = offset; i < length; i += 2) rrRaw.push(view.getUint16(i, true));
  } else if (rest > 0) {
    throw new MalformedHeartRateMeasurement(
      "trailing_bytes",
      `${rest} byte(s) follow the last field the flags announce.`,
    );
  }

  const sensorContactSupported = (flags & FLAG_CONTACT_SUPPORTED) !== 0;
  const sensorContactDetected = sensorContactSupported
    ? (flags & FLAG_CONTACT_DETECTED) !== 0
    : null;
  return {
    flags,
    heartRateBpm,
    heartRateUint16: uint16,
    sensorContactSupported,
    sensorContactDetected,
    energyExpendedKj,
    rrRaw,
    rrMs: rrRaw.map(rrRawToMs),
    contactLost: sensorContactSupported && sensorContactDetected === false,
  };
}
