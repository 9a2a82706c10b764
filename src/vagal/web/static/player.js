// The practice player: runs the steps with timers, plays the breath pacer on paced steps, lets
// the person pause or stop at any time, and logs the use through the API. A log that cannot be
// sent (offline) waits in localStorage and is re-sent later with the same client_id, so the
// server stores it once.
import { BreathPacer } from "./pacer.js";

const QUEUE_KEY = "vagal.pendingPracticeLogs";

function now() {
  return performance.now();
}

function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (m === 0) return `${rest} s`;
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function readQueue() {
  try {
    const items = JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
    return Array.isArray(items) ? items : [];
  } catch (error) {
    return [];
  }
}

function writeQueue(items) {
  try {
    if (items.length) localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
    else localStorage.removeItem(QUEUE_KEY);
  } catch (error) {
    /* storage full or blocked: nothing more we can do */
  }
}

function queue(payload) {
  const items = readQueue().filter((p) => p.client_id !== payload.client_id);
  items.push(payload);
  writeQueue(items);
}

// POST one log. Returns {ok, body} on success, {retry: true} when worth trying again later,
// or {ok: false, body} when the server said no (a 4xx: trying again would not help).
async function send(payload, csrf) {
  let response;
  try {
    response = await fetch("/api/v1/practice-logs", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(payload),
    });
  } catch (error) {
    return { retry: true };
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null;
  }
  if (response.ok) return { ok: true, body };
  if (response.status >= 500 || response.status === 429) return { retry: true };
  return { ok: false, body, status: response.status };
}

export async function flushQueue(csrf) {
  const left = [];
  for (const payload of readQueue()) {
    const result = await send(payload, csrf);
    if (result.retry) left.push(payload);
  }
  writeQueue(left);
  return left.length;
}

function checkedValue(form, name) {
  const input = form.querySelector(`input[name="${name}"]:checked`);
  return input ? input.value : null;
}

function needsSupport(distress, state) {
  if (distress === null) return false;
  return distress >= 9 || (state === "shut_down" && distress >= 8);
}

function setup() {
  const dataNode = document.getElementById("practice-data");
  const form = document.getElementById("player-form");
  if (!dataNode || !form) return;
  const data = JSON.parse(dataNode.textContent);
  const csrf = form.querySelector('input[name="csrf_token"]').value;
  const startButton = document.getElementById("start");
  const pauseButton = document.getElementById("pause");
  const stopButton = document.getElementById("stop");
  const controls = document.getElementById("controls");
  const status = document.getElementById("run-status");
  const announce = document.getElementById("step-announce");
  const saveStatus = document.getElementById("save-status");
  const saveButton = document.getElementById("save");
  const pacerBox = document.getElementById("pacer");
  const options = document.getElementById("pacer-options");
  const supportSlot = document.getElementById("support-slot");
  const items = Array.from(document.querySelectorAll("#steps li"));
  const totalS = data.steps.reduce((sum, step) => sum + step.seconds, 0);
  const bounds = [];
  let acc = 0;
  for (const step of data.steps) {
    bounds.push([acc, acc + step.seconds]);
    acc += step.seconds;
  }

  let pacer = null;
  let runningSince = null; // performance.now() of the last (re)start, null while paused
  let banked = 0; // seconds run before the last pause
  let currentStep = -1;
  let timer = null;
  let finished = false;
  let startedAt = null;

  startButton.hidden = false;
  options.hidden = false;
  const tones = document.getElementById("opt-tones");
  const vibrate = document.getElementById("opt-vibrate");
  tones.addEventListener("change", () => {
    if (pacer) pacer.tones = tones.checked;
  });
  vibrate.addEventListener("change", () => {
    if (pacer) pacer.vibrate = vibrate.checked;
  });

  function updateSupport() {
    const before = checkedValue(form, "distress_before");
    const after = checkedValue(form, "distress_after");
    const show =
      needsSupport(before === null ? null : Number(before), checkedValue(form, "state_before")) ||
      needsSupport(after === null ? null : Number(after), checkedValue(form, "state_after"));
    supportSlot.hidden = !show;
  }
  form.addEventListener("change", updateSupport);
  updateSupport();

  function elapsed() {
    return banked + (runningSince === null ? 0 : (now() - runningSince) / 1000);
  }

  function enterStep(index) {
    items.forEach((li, i) => {
      li.classList.toggle("current", i === index);
      li.classList.toggle("done", i < index);
      if (i === index) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
      const bar = li.querySelector(".step-progress");
      if (bar) bar.hidden = i !== index;
    });
    const step = data.steps[index];
    announce.textContent = `Step ${index + 1} of ${data.steps.length}: ${step.text}`;
    if (step.breath) {
      pacerBox.hidden = false;
      if (!pacer) {
        pacer = new BreathPacer(pacerBox, step.breath, {
          tones: tones.checked,
          vibrate: vibrate.checked,
        });
      } else {
        pacer.setPattern(step.breath);
      }
      pacer.start();
    } else {
      if (pacer) pacer.stop();
      pacerBox.hidden = true;
    }
    currentStep = index;
  }

  function tick() {
    timer = null;
    const t = elapsed();
    if (t >= totalS) {
      finish(true);
      return;
    }
    let index = bounds.findIndex(([a, b]) => t >= a && t < b);
    if (index < 0) index = bounds.length - 1;
    if (index !== currentStep) enterStep(index);
    const [a, b] = bounds[index];
    const bar = items[index] && items[index].querySelector(".step-progress");
    if (bar) bar.value = (t - a) / (b - a);
    status.textContent = `Step ${index + 1} of ${data.steps.length} · ${clock(totalS - t)} left in the practice`;
    if (runningSince !== null) timer = setTimeout(tick, 250);
  }

  function finish(completed) {
    if (finished) return;
    finished = true;
    const done = Math.min(Math.round(elapsed()), Math.round(totalS));
    if (timer !== null) clearTimeout(timer);
    timer = null;
    runningSince = null;
    if (pacer) pacer.stop();
    pacerBox.hidden = true;
    controls.hidden = true;
    items.forEach((li) => {
      li.classList.remove("current");
      li.removeAttribute("aria-current");
    });
    form.querySelector('input[name="done_s"]').value = String(done);
    form.querySelector('input[name="completed"]').value = completed ? "yes" : "no";
    status.textContent = completed
      ? "That is the end of the practice. Take a moment, then notice how you are."
      : `You stopped after ${formatDuration(done)}. Stopping when you need to is a good choice.`;
    announce.textContent = status.textContent;
    const heading = document.getElementById("after-title");
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }

  startButton.addEventListener("click", () => {
    startButton.hidden = true;
    controls.hidden = false;
    startedAt = new Date();
    runningSince = now();
    banked = 0;
    finished = false;
    tick();
  });

  pauseButton.addEventListener("click", () => {
    if (finished) return;
    if (runningSince !== null) {
      banked = elapsed();
      runningSince = null;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      if (pacer) pacer.pause();
      pauseButton.textContent = "Resume";
      status.textContent = "Paused. Take all the time you need.";
      announce.textContent = status.textContent;
    } else {
      runningSince = now();
      if (pacer) pacer.resume();
      pauseButton.textContent = "Pause";
      tick();
    }
  });

  stopButton.addEventListener("click", () => finish(false));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!finished && startedAt !== null) finish(false);
    const field = (name) => form.querySelector(`input[name="${name}"]`);
    const number = (value) => (value === null || value === "" ? null : Number(value));
    const payload = {
      client_id: field("client_id").value,
      practice_id: data.practice_id,
      planned_minutes: data.minutes,
      done_s: Number(field("done_s").value),
      completed: field("completed").value !== "no",
      moment_id: data.moment_id,
      breaths_per_min: data.breaths_per_min,
      distress_before: number(checkedValue(form, "distress_before")),
      distress_after: number(checkedValue(form, "distress_after")),
      state_before: checkedValue(form, "state_before"),
      state_after: checkedValue(form, "state_after"),
    };
    if (startedAt !== null) payload.started_at = startedAt.toISOString();
    saveButton.disabled = true;
    saveStatus.textContent = "Saving…";
    const result = await send(payload, csrf);
    if (result.retry) {
      queue(payload);
      saveStatus.textContent =
        "Saved on this device. It will be sent when the connection is back.";
      saveButton.disabled = false;
      return;
    }
    if (!result.ok) {
      const message = result.body && result.body.error ? result.body.error.message : "";
      saveStatus.textContent = message || "That could not be saved. Please check the answers.";
      saveButton.disabled = false;
      return;
    }
    saveStatus.replaceChildren();
    const thanks = document.createElement("span");
    thanks.textContent = "Saved. Thank you for taking this time. ";
    const back = document.createElement("a");
    back.href = data.moment_id ? `/moment/${data.moment_id}` : "/practices";
    back.textContent = data.moment_id ? "Back to your moment" : "Back to practices";
    back.id = "after-save";
    saveStatus.append(thanks, back);
    form.dataset.saved = String(result.body.id);
    if (result.body.needs_support) supportSlot.hidden = false;
  });

  flushQueue(csrf);
  window.addEventListener("online", () => flushQueue(csrf));
}

if (typeof document !== "undefined") setup();
