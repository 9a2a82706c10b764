// The live strap page: connect a Bluetooth heart-rate strap (Web Bluetooth), show heart rate and a
// rolling RMSSD, record a 1-5 minute reading and send it to the server. vagal's own code.
//
// The strap connection (StrapConnection) and the helpers are exported for the resonance page.

import { MalformedHeartRateMeasurement, parseHeartRateMeasurement } from "/static/ble.js";

export const ROLLING_BEATS = 30;

/** Why Web Bluetooth cannot be used here, in plain words, or null when it can. */
export function bluetoothUnavailableReason() {
  if (!window.isSecureContext) {
    return (
      "Connecting a strap needs a secure connection. Open vagal through https:// " +
      "(or on this computer as http://localhost) and try again."
    );
  }
  if (!navigator.bluetooth) {
    return (
      "This browser cannot talk to Bluetooth straps. Chrome or Edge on a computer or an " +
      "Android phone can; Safari and Firefox cannot yet. You can still import a file from " +
      "your strap's app, or use `vagal record --ble` on a laptop."
    );
  }
  return null;
}

/** RMSSD (ms) of the last `beats` RR intervals, or null with fewer than 5. */
export function rollingRmssd(rrMs, beats = ROLLING_BEATS) {
  const recent = rrMs.slice(-beats);
  if (recent.length < 5) return null;
  let sum = 0;
  for (let i = 1; i < recent.length; i += 1) {
    const d = recent[i] - recent[i - 1];
    sum += d * d;
  }
  return Math.sqrt(sum / (recent.length - 1));
}

/** "2 min 5 s", "45 s". */
export function describeDuration(seconds) {
  const whole = Math.max(0, Math.round(seconds));
  const m = Math.floor(whole / 60);
  const s = whole % 60;
  if (m === 0) return `${s} s`;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

function clockText(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/**
 * One strap over Web Bluetooth. Callbacks: onMeasurement(parsed), onMalformed(count, error),
 * onDisconnect(). A malformed notification is counted and skipped; it never throws.
 */
export class StrapConnection {
  constructor({ onMeasurement, onMalformed, onDisconnect } = {}) {
    this.onMeasurement = onMeasurement || (() => {});
    this.onMalformed = onMalformed || (() => {});
    this.onDisconnect = onDisconnect || (() => {});
    this.device = null;
    this.characteristic = null;
    this.malformed = 0;
    this.handleValue = this.handleValue.bind(this);
    this.handleDisconnect = this.handleDisconnect.bind(this);
  }

  get name() {
    return (this.device && this.device.name) || "heart-rate strap";
  }

  async connect() {
    this.device = await navigator.bluetooth.requestDevice({
      filters: [{ services: ["heart_rate"] }],
    });
    this.device.addEventListener("gattserverdisconnected", this.handleDisconnect);
    const server = await this.device.gatt.connect();
    const service = await server.getPrimaryService("heart_rate");
    this.characteristic = await service.getCharacteristic("heart_rate_measurement");
    this.characteristic.addEventListener("characteristicvaluechanged", this.handleValue);
    await this.characteristic.startNotifications();
    return this.name;
  }

  handleValue(event) {
    let parsed;
    try {
      parsed = parseHeartRateMeasurement(event.target.value);
    } catch (error) {
      this.malformed += 1;
      this.onMalformed(this.malformed, error instanceof MalformedHeartRateMeasurement ? error : null);
      return;
    }
    this.onMeasurement(parsed);
  }

  handleDisconnect() {
    if (this.characteristic) {
      this.characteristic.removeEventListener("characteristicvaluechanged", this.handleValue);
    }
    this.onDisconnect();
  }

  disconnect() {
    if (this.device && this.device.gatt && this.device.gatt.connected) {
      this.device.gatt.disconnect();
    }
  }
}

/** POST JSON to the API with the page's CSRF token; resolves to the body or throws a message. */
export async function postJson(url, body, csrfToken) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrfToken },
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error("The reading could not reach vagal. Check your connection and try again.");
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const message = data && data.error && data.error.message;
    throw new Error(message || `vagal could not save the reading (error ${response.status}).`);
  }
  return data;
}

function setText(id, text) {
  const element = document.getElementById(id);
  if (element) element.textContent = text;
}

function show(id, visible) {
  const element = document.getElementById(id);
  if (element) element.hidden = !visible;
}

function livePage(root) {
  const csrf = root.dataset.csrf;
  const connectButton = document.getElementById("connect-button");
  const form = document.getElementById("reading-form");
  const result = document.getElementById("reading-result");
  const recentRr = [];
  let reading = null; // {rr, startedAt, durationS, timer, kind}
  let connected = false;

  const unavailable = bluetoothUnavailableReason();
  if (unavailable) {
    setText("live-unavailable", unavailable);
    show("live-unavailable", true);
    show("live-connect", false);
    return;
  }
  connectButton.disabled = false;

  const strap = new StrapConnection({
    onMeasurement(parsed) {
      setText("live-hr", String(parsed.heartRateBpm));
      setText(
        "contact-note",
        parsed.contactLost
          ? "The strap cannot feel your skin just now. Moistening its contacts usually helps."
          : "",
      );
      for (const rr of parsed.rrMs) {
        recentRr.push(rr);
        if (reading) reading.rr.push(rr);
      }
      if (recentRr.length > ROLLING_BEATS) recentRr.splice(0, recentRr.length - ROLLING_BEATS);
      const rmssd = rollingRmssd(recentRr);
      setText("live-rmssd", rmssd === null ? "—" : rmssd.toFixed(0));
      if (reading) setText("beats-recorded", `${reading.rr.length} beats recorded.`);
    },
    onMalformed(count) {
      setText("live-malformed", String(count));
    },
    onDisconnect() {
      connected = false;
      connectButton.hidden = false;
      connectButton.textContent = "Connect again";
      setText("connect-status", "The strap disconnected.");
      show("reading-form", false);
      if (reading) interrupted();
    },
  });

  connectButton.addEventListener("click", async () => {
    setText("connect-status", "Choose your strap in the browser's window…");
    try {
      const name = await strap.connect();
      connected = true;
      connectButton.hidden = true;
      setText("connect-status", `Connected to ${name}. Waiting for the first beats…`);
      show("reading-form", true);
    } catch (error) {
      const cancelled = error && error.name === "NotFoundError";
      setText(
        "connect-status",
        cancelled
          ? "No strap was chosen. Wake the strap (wear it, with damp contacts) and try again."
          : "The strap could not be connected. Check that it is worn and not paired with " +
              "another app, then try again.",
      );
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!connected) return;
    const minutes = Number(new FormData(form).get("minutes") || 2);
    const morning = document.getElementById("morning").checked;
    reading = {
      rr: [],
      startedAt: new Date(),
      startedMs: Date.now(),
      durationS: minutes * 60,
      kind: morning ? "morning" : "live",
      timer: null,
    };
    result.hidden = true;
    show("reading-form", false);
    show("reading-progress", true);
    setText("remaining", clockText(reading.durationS));
    setText("beats-recorded", "0 beats recorded.");
    reading.timer = setInterval(tick, 250);
  });

  document.getElementById("stop-button").addEventListener("click", () => {
    if (reading) interrupted("You stopped the reading");
  });

  document.getElementById("save-button").addEventListener("click", () => {
    if (reading) send();
  });

  document.getElementById("discard-button").addEventListener("click", () => {
    reading = null;
    show("reading-partial", false);
    showResult("The reading was discarded. Nothing was saved.");
    if (connected) show("reading-form", true);
  });

  function elapsedS() {
    return (Date.now() - reading.startedMs) / 1000;
  }

  function tick() {
    const left = reading.durationS - elapsedS();
    setText("remaining", clockText(left));
    if (left <= 0) {
      clearInterval(reading.timer);
      show("reading-progress", false);
      send();
    }
  }

  function interrupted(why = "The strap disconnected") {
    clearInterval(reading.timer);
    const recordedS = reading.rr.reduce((a, b) => a + b, 0) / 1000;
    reading.durationS = elapsedS();
    show("reading-progress", false);
    if (reading.rr.length < 2) {
      reading = null;
      showResult(`${why} before any beats were recorded. Nothing was saved.`);
      if (connected) show("reading-form", true);
      return;
    }
    setText(
      "partial-message",
      `${why} after ${describeDuration(reading.durationS)}. ` +
        `${reading.rr.length} beats (${describeDuration(recordedS)} of heartbeats) were kept. ` +
        "You can save this shorter reading or discard it.",
    );
    show("reading-partial", true);
  }

  function showResult(text, link) {
    result.replaceChildren();
    const p = document.createElement("p");
    p.textContent = text;
    result.append(p);
    if (link) {
      const a = document.createElement("a");
      a.className = "button primary";
      a.href = link.href;
      a.textContent = link.text;
      result.append(a);
    }
    result.hidden = false;
  }

  async function send() {
    const current = reading;
    show("reading-partial", false);
    showResult("Saving and analysing the reading…");
    try {
      const saved = await postJson(
        "/api/v1/recordings",
        {
          rr_ms: current.rr,
          started_at: current.startedAt.toISOString(),
          kind: current.kind,
          source: `${strap.name} (live)`.slice(0, 120),
        },
        csrf,
      );
      reading = null;
      const rmssd = saved.metrics && saved.metrics.rmssd_ms;
      const summary =
        typeof rmssd === "number" ? ` Its RMSSD is ${rmssd.toFixed(1)} ms.` : "";
      showResult(
        `Saved: ${saved.n_beats} beats over ${describeDuration(saved.duration_s)}.${summary}`,
        { href: `/recordings/${saved.id}`, text: "See the analysed recording" },
      );
      if (connected) show("reading-form", true);
    } catch (error) {
      showResult(`${error.message} Your reading is still here.`);
      show("reading-partial", true);
      setText("partial-message", "The reading was not saved yet. You can try again or discard it.");
    }
  }
}

const root = document.getElementById("live");
if (root) livePage(root);
