// Runs the browser 0x2A37 parser over the shared vectors and prints one JSON result per vector.
// Usage: node ble_vectors_runner.mjs <path/to/ble.js> <path/to/ble_vectors.json>
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [bleJs, vectorsFile] = process.argv.slice(2);
const ble = await import(pathToFileURL(bleJs).href);
const { vectors } = JSON.parse(readFileSync(vectorsFile, "utf-8"));

function bytesOf(hex) {
  const clean = hex.replace(/\s+/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const results = vectors.map((vector) => {
  // Parse from the middle of a larger buffer, as a DataView, to prove offsets are respected.
  const bytes = bytesOf(vector.hex);
  const buffer = new Uint8Array(bytes.length + 6).fill(0xee);
  buffer.set(bytes, 3);
  const view = new DataView(buffer.buffer, 3, bytes.length);
  try {
    const m = ble.parseHeartRateMeasurement(view);
    return {
      name: vector.name,
      result: {
        flags: m.flags,
        heart_rate_bpm: m.heartRateBpm,
        heart_rate_uint16: m.heartRateUint16,
        sensor_contact_supported: m.sensorContactSupported,
        sensor_contact_detected: m.sensorContactDetected,
        energy_expended_kj: m.energyExpendedKj,
        rr_raw: m.rrRaw,
        rr_ms: m.rrMs,
      },
      contact_lost: m.contactLost,
    };
  } catch (error) {
    if (error instanceof ble.MalformedHeartRateMeasurement) {
      return { name: vector.name, error: error.reason, message: error.message };
    }
    return { name: vector.name, crash: String(error) };
  }
});
process.stdout.write(JSON.stringify(results));
