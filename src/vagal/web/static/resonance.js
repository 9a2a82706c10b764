// The resonance-breathing assessment: the strap (from live.js) records RR while the breath pacer
// (pacer.js) plays each protocol pace in turn; the RR per pace go to the server, which scores them.
// vagal's own code.

import { BreathPacer } from "/static/pacer.js";
import { StrapConnection, bluetoothUnavailableReason, postJson } from "/static/live.js";

export const INHALE_SHARE = 0.45;

/** The pacer pattern for `rate` breaths per minute (no holds; 45 % of each breath in). */
export function patternFor(rate) {
  const period = 60 / rate;
  return {
    inhale_s: period * INHALE_SHARE,
    hold_in_s: 0,
    exhale_s: period * (1 - INHALE_SHARE),
    hold_out_s: 0,
  };
}

/**
 * Seconds from the beat that opens the first RR interval to the pacer's next inhale (from 0 up
 * to one breath, `periodS`). `pacerStartMs` is when the pacer began (an inhale); `firstEndMs`
 * when the first RR interval ended (≈ when it arrived) and `firstRrMs` its length. When that
 * beat came after the pacer began, the next inhale is a whole number of breaths later: the
 * offset wraps around the breath rather than stopping at 0 (which would shift the phase).
 */
export function pacerOffsetS(pacerStartMs, firstEndMs, firstRrMs, periodS) {
  const raw = (pacerStartMs - (firstEndMs - firstRrMs)) / 1000;
  return ((raw % periodS) + periodS) % periodS;
}

function clockText(seconds) {
  const whole = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

function $(id) {
  return document.getElementById(id);
}

function show(id, visible) {
  const element = $(id);
  if (element) element.hidden = !visible;
}

function say(text) {
  $("resonance-message").textContent = text;
}

function resonancePage(root) {
  const csrf = root.dataset.csrf;
  const stepS = Number(root.dataset.stepS);
  const restS = Number(root.dataset.restS);
  const rates = root.dataset.rates.split(",").map(Number);
  const done = []; // {breaths_per_min, rr_ms, started_at, pacer_offset_s, inhale_share}
  let index = 0;
  let step = null; // {rate, rr, startMs, firstArrivalMs, firstRr, timer}
  let restTimer = null;
  let connected = false;
  let pacer = null;

  const unavailable = bluetoothUnavailableReason();
  if (unavailable) {
    $("resonance-unavailable").textContent = unavailable;
    show("resonance-unavailable", true);
    show("resonance-connect", false);
    return;
  }
  const connectButton = $("connect-button");
  connectButton.disabled = false;

  const strap = new StrapConnection({
    onMeasurement(parsed) {
      $("live-hr").textContent = String(parsed.heartRateBpm);
      if (!step) return;
      const arrived = Date.now();
      parsed.rrMs.forEach((rr, i) => {
        if (step.rr.length === 0) {
          // A packet arrives when its last interval ends: an earlier one ended that much sooner.
          const later = parsed.rrMs.slice(i + 1).reduce((sum, ms) => sum + ms, 0);
          step.firstArrivalMs = arrived - later;
          step.firstRr = rr;
        }
        step.rr.push(rr);
      });
    },
    onMalformed(count) {
      $("live-malformed").textContent = String(count);
    },
    onDisconnect() {
      connected = false;
      connectButton.hidden = false;
      connectButton.textContent = "Connect again";
      $("connect-status").textContent = "The strap disconnected.";
      $("repeat-button").textContent = step ? "Repeat this pace" : "Go on with the next pace";
      if (step) {
        endStep();
        say(
          `The strap disconnected during the pace of ${rates[index]} breaths per minute, so that ` +
            "pace was set aside. Connect again, then repeat it when you are ready.",
        );
        show("step", false);
      }
      clearTimeout(restTimer);
      show("rest", false);
      show("score-button", done.length >= 2);
    },
  });

  connectButton.addEventListener("click", async () => {
    $("connect-status").textContent = "Choose your strap in the browser's window…";
    try {
      const name = await strap.connect();
      connected = true;
      connectButton.hidden = true;
      $("connect-status").textContent = `Connected to ${name}.`;
      if (done.length === 0 && index === 0) {
        show("begin-button", true);
      } else {
        show("repeat-button", true);
      }
    } catch {
      $("connect-status").textContent =
        "The strap could not be connected. Check that it is worn with damp contacts, then try again.";
    }
  });

  $("begin-button").addEventListener("click", () => {
    show("begin-button", false);
    show("latest-rate", false);
    show("stop-button", true);
    startStep();
  });

  $("repeat-button").addEventListener("click", () => {
    show("repeat-button", false);
    show("score-button", false);
    show("stop-button", true);
    startStep();
  });

  $("continue-button").addEventListener("click", () => {
    clearTimeout(restTimer);
    startStep();
  });

  $("stop-button").addEventListener("click", () => {
    if (step) endStep();
    clearTimeout(restTimer);
    show("step", false);
    show("rest", false);
    show("stop-button", false);
    if (done.length >= 2) {
      say(`You stopped after ${done.length} paces. You can score those, or leave it here.`);
      show("score-button", true);
    } else {
      say("You stopped the assessment. Nothing was saved. You can begin again any time.");
      index = 0;
      done.length = 0;
      if (connected) show("begin-button", true);
    }
  });

  $("score-button").addEventListener("click", () => {
    show("score-button", false);
    send();
  });

  function startStep() {
    show("rest", false);
    say("");
    const rate = rates[index];
    $("step-title").textContent =
      `Pace ${index + 1} of ${rates.length}: ${rate} breaths per minute`;
    show("step", true);
    if (!pacer) {
      pacer = new BreathPacer($("pacer"), patternFor(rate), { now: () => Date.now() });
    } else {
      pacer.setPattern(patternFor(rate));
    }
    step = { rate, rr: [], startMs: Date.now(), firstArrivalMs: null, firstRr: null, timer: null };
    pacer.start();
    $("step-remaining").textContent = clockText(stepS);
    step.timer = setInterval(tickStep, 250);
  }

  function endStep() {
    clearInterval(step.timer);
    if (pacer) pacer.stop();
    step = null;
  }

  function tickStep() {
    const left = stepS - (Date.now() - step.startMs) / 1000;
    $("step-remaining").textContent = clockText(left);
    if (left > 0) return;
    const finished = step;
    endStep();
    show("step", false);
    if (finished.rr.length >= 2) {
      done.push({
        breaths_per_min: finished.rate,
        rr_ms: finished.rr,
        started_at: new Date(finished.startMs).toISOString(),
        pacer_offset_s: pacerOffsetS(
          finished.startMs,
          finished.firstArrivalMs,
          finished.firstRr,
          60 / finished.rate,
        ),
        inhale_share: INHALE_SHARE,
      });
    }
    index += 1;
    if (index >= rates.length) {
      show("stop-button", false);
      send();
      return;
    }
    show("rest", true);
    const restEnds = Date.now() + restS * 1000;
    const restTick = () => {
      const left = (restEnds - Date.now()) / 1000;
      $("rest-remaining").textContent = clockText(left);
      if (left <= 0) startStep();
      else restTimer = setTimeout(restTick, 250);
    };
    restTick();
  }

  async function send() {
    say(`Scoring ${done.length} paces…`);
    try {
      const result = await postJson("/api/v1/resonance-assessments", { rates: done }, csrf);
      showResult(result);
      say("");
      strap.disconnect();
    } catch (error) {
      say(error.message);
      show("score-button", true);
    }
  }

  function showResult(result) {
    $("chosen-rate").textContent =
      `Your resonance rate looks like ${result.rate_bpm} breaths per minute. ` +
      "The breath pacer will offer this rate by default.";
    show("close-call", result.close_call);
    const list = $("ranking");
    list.replaceChildren();
    const ranked = result.scores
      .filter((s) => s.rank !== null)
      .sort((a, b) => a.rank - b.rank);
    for (const s of ranked) {
      const item = document.createElement("li");
      const title = document.createElement("strong");
      title.textContent = `${s.rate_bpm} breaths per minute (score ${Math.round(s.score * 100)} of 100)`;
      const reasons = document.createElement("ul");
      for (const reason of s.reasons) {
        const line = document.createElement("li");
        line.textContent = reason;
        reasons.append(line);
      }
      item.append(title, reasons);
      list.append(item);
    }
    for (const s of result.scores.filter((x) => x.rank === null)) {
      const item = document.createElement("li");
      item.textContent = `${s.rate_bpm} breaths per minute could not be scored: ${s.unscored}`;
      list.append(item);
    }
    show("resonance-result", true);
    $("resonance-result").scrollIntoView({ block: "start" });
  }
}

const root = document.getElementById("resonance");
if (root) resonancePage(root);
