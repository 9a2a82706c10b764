// vagal: the guided gentle-strength session, one step at a time (plain script, no build step).
//
// The whole session comes embedded in the page (#session-data), so it keeps working if the
// connection drops. The log is kept in localStorage under a client id made at the start and sent
// with fetch; anything unsent is sent again on the 'online' event and on the next page load. The
// server recognises the client id, so a log is never stored twice.
(function () {
  "use strict";

  var PENDING = "vagal.sessions.pending";
  var CURRENT = "vagal.sessions.current";
  var PREFS = "vagal.sessions.prefs";
  var dataEl = document.getElementById("session-data");
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var syncEl = document.getElementById("session-sync");

  // ---- storage and sending --------------------------------------------------------------------
  function read(key, fallback) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }
  function write(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* storage full or disabled: the session still runs */ }
  }
  function say(text) { if (syncEl) syncEl.textContent = text; }
  function forget(clientId) {
    write(PENDING, read(PENDING, []).filter(function (b) { return b.client_id !== clientId; }));
  }

  var sending = null;
  function flush() {
    if (sending) return sending;
    var pending = read(PENDING, []);
    if (!pending.length) return Promise.resolve();
    var chain = Promise.resolve();
    pending.forEach(function (body) {
      chain = chain.then(function () { return send(body); });
    });
    sending = chain.then(function () { sending = null; }, function () { sending = null; });
    return sending;
  }
  function send(body) {
    return window.fetch(data.api, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRF-Token": data.csrf
      },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.ok) {
        forget(body.client_id);
        say("Your session log is saved.");
        return;
      }
      if (response.status === 401 || response.status === 403 || response.status >= 500) {
        say("Your session log is kept on this device and will be sent later.");
        return;
      }
      // The server will never accept this log as it is: say why once, and let it go.
      return response.json().then(function (answer) {
        forget(body.client_id);
        say("This session log could not be saved: " + answer.error.message);
      }, function () { forget(body.client_id); });
    }, function () {
      say("You seem to be offline. Your session log is kept on this device and will be " +
          "sent when you are back online.");
    });
  }
  // A session left unfinished on an earlier day (the browser closed mid-way) is logged as
  // stopped early, if any set was done: what was done still counts.
  var leftOver = read(CURRENT, null);
  if (leftOver && leftOver.log && (!data.session || leftOver.log.local_date !== data.session.date)) {
    if (leftOver.log.sets.length) {
      leftOver.log.stopped_early = true;
      write(PENDING, read(PENDING, []).concat([leftOver.log]));
    }
    write(CURRENT, null);
  }
  window.addEventListener("online", function () { flush(); });
  flush();

  // ---- the guided session ---------------------------------------------------------------------
  var app = document.getElementById("session-app");
  var runner = document.getElementById("session-runner");
  if (!data.session || !app || !runner) return;
  var plan = data.session;
  var steps = plan.steps;
  var prefs = read(PREFS, { sound: false, vibrate: false });
  var audio = null;

  function newId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  var saved = read(CURRENT, null);
  var current = saved && saved.log && saved.log.local_date === plan.date ? saved : null;
  var log = current ? current.log : {
    client_id: newId(),
    local_date: plan.date,
    started_at: null,
    ended_at: null,
    sets: [],
    felt: null,
    stopped_early: false,
    state_before: null,
    state_after: null,
    distress_before: null,
    distress_after: null,
    note: ""
  };
  var index = current ? current.index : -1;
  function keep() { write(CURRENT, { log: log, index: index }); }

  app.classList.add("enhanced");
  runner.hidden = false;

  // Build elements: h("p", {class: "x"}, ["text", child]).
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) return;
      if (name.slice(0, 2) === "on") el.addEventListener(name.slice(2), value);
      else if (name === "text") el.textContent = value;
      else el.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }
  function button(label, onclick, kind) {
    return h("button", { type: "button", class: kind || "", onclick: onclick, text: label });
  }
  function show(children) {
    stopTimer();
    runner.textContent = "";
    children.forEach(function (c) { if (c) runner.appendChild(c); });
    var heading = runner.querySelector("h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }
  function choices(name, legend, options, chosen) {
    return h("fieldset", { class: "choices" }, [h("legend", { text: legend })].concat(
      options.map(function (o) {
        return h("label", { class: "choice" }, [
          h("input", { type: "radio", name: name, value: o[0], checked: chosen === o[0] }),
          " " + o[1]
        ]);
      })
    ));
  }
  function scale(name, legend, low, high) {
    var cells = [];
    for (var n = 0; n <= 10; n++) {
      cells.push(h("label", { class: "step" }, [
        h("input", { type: "radio", name: name, value: String(n) }),
        h("span", { text: String(n) })
      ]));
    }
    return h("fieldset", { class: "scale" }, [
      h("legend", { text: legend }),
      h("div", { class: "steps" }, cells),
      h("div", { class: "ends", "aria-hidden": "true" }, [
        h("span", { text: "0 · " + low }), h("span", { text: "10 · " + high })
      ])
    ]);
  }
  function picked(name) {
    var el = runner.querySelector("input[name='" + name + "']:checked");
    return el ? el.value : null;
  }
  var STATES = [
    ["settled", "Settled"],
    ["activated", "Activated (wired, on edge)"],
    ["shut_down", "Shut down (flat, numb, far away)"]
  ];
  var FEELS = [["easy", "Easy"], ["ok", "OK"], ["hard", "Hard"]];
  function stopButton() {
    return button("Stop here", stopHere, "quiet-button stop");
  }

  // Before: how are you arriving? Sound and vibration are off unless chosen.
  function before() {
    show([
      h("h2", { text: "Before you start" }),
      h("p", { text: "Notice how you are arriving. There is no right answer." }),
      choices("state_before", "Which feels closest right now?", STATES, null),
      scale("distress_before", "Distress right now", "calm", "the most you can imagine"),
      h("fieldset", {}, [
        h("legend", { text: "Cues at the end of each timer (optional)" }),
        h("label", { class: "check" }, [
          h("input", { type: "checkbox", id: "cue-sound", checked: prefs.sound }), " A soft tone"
        ]),
        h("label", { class: "check" }, [
          h("input", { type: "checkbox", id: "cue-vibrate", checked: prefs.vibrate }),
          " Vibration (on phones that have it)"
        ])
      ]),
      h("div", { class: "actions" }, [
        button("Begin", begin, "primary"),
        h("a", { href: "/today", class: "quiet-link", text: "Not today (a good choice too)" })
      ])
    ]);
  }
  function begin() {
    prefs = {
      sound: document.getElementById("cue-sound").checked,
      vibrate: document.getElementById("cue-vibrate").checked
    };
    write(PREFS, prefs);
    if (prefs.sound && !audio && (window.AudioContext || window.webkitAudioContext)) {
      audio = new (window.AudioContext || window.webkitAudioContext)();
    }
    log.state_before = picked("state_before");
    var d = picked("distress_before");
    log.distress_before = d === null ? null : parseInt(d, 10);
    log.started_at = new Date().toISOString();
    go(0);
  }

  function cue() {
    if (prefs.vibrate && navigator.vibrate) navigator.vibrate(180);
    if (prefs.sound && audio) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      var t = audio.currentTime;
      osc.type = "sine";
      osc.frequency.value = 432;
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(0.08, t + 0.15);
      gain.gain.linearRampToValueAtTime(0, t + 0.9);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(t);
      osc.stop(t + 1);
    }
  }

  // ---- a timed step: a ring and the time in words, pause, skip, stop ----
  var timer = null;
  var endsAt = 0;
  var left = 0;
  var lastSpoken = -1;
  function stopTimer() {
    if (timer) window.clearInterval(timer);
    timer = null;
  }
  function clock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + ("0" + (s % 60)).slice(-2);
  }
  function words(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60);
    var r = s % 60;
    var parts = [];
    if (m) parts.push(m + (m === 1 ? " minute" : " minutes"));
    if (r || !m) parts.push(r + (r === 1 ? " second" : " seconds"));
    return parts.join(" ") + " left";
  }

  function timedStep(step) {
    var total = step.duration_s;
    var C = 2 * Math.PI * 54;
    var svgNS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", "0 0 120 120");
    svg.setAttribute("class", "ring");
    svg.setAttribute("aria-hidden", "true");
    var track = document.createElementNS(svgNS, "circle");
    var ring = document.createElementNS(svgNS, "circle");
    [track, ring].forEach(function (c, i) {
      c.setAttribute("cx", "60");
      c.setAttribute("cy", "60");
      c.setAttribute("r", "54");
      c.setAttribute("class", i ? "ring-left" : "ring-track");
      svg.appendChild(c);
    });
    ring.setAttribute("stroke-dasharray", String(C));
    var shown = h("p", { class: "time", text: clock(total) });
    var spoken = h("p", { class: "visually-hidden", "aria-live": "polite", id: "timer-live" });
    var pause = button("Pause", togglePause, "");
    pause.id = "pause";
    show([
      progress(),
      h("h2", { text: step.title }),
      h("p", { class: "big", text: step.text }),
      h("div", { class: "timer" }, [svg, shown]),
      spoken,
      h("div", { class: "actions" }, [
        pause,
        button(step.kind === "rest" ? "Skip the rest" : "Skip", next, "")
      ])
    ]);
    left = total;
    lastSpoken = -1;
    spoken.textContent = words(left);
    function tick() {
      left = (endsAt - Date.now()) / 1000;
      shown.textContent = clock(left);
      ring.setAttribute("stroke-dashoffset", String(C * (1 - Math.max(0, left) / total)));
      var bucket = Math.ceil(left / 30);
      if (bucket !== lastSpoken && Math.ceil(left) % 30 === 0 && left > 0) {
        lastSpoken = bucket;
        spoken.textContent = words(left);
      }
      if (left <= 0) {
        stopTimer();
        cue();
        next();
      }
    }
    function run() {
      endsAt = Date.now() + left * 1000;
      timer = window.setInterval(tick, 250);
    }
    function togglePause() {
      if (timer) {
        stopTimer();
        left = (endsAt - Date.now()) / 1000;
        pause.textContent = "Resume";
        spoken.textContent = "Paused, " + words(left) + ".";
      } else {
        pause.textContent = "Pause";
        spoken.textContent = "Going on, " + words(left) + ".";
        run();
      }
    }
    run();
  }

  // The step count, with "stop" always in view at the top (no scrolling needed to find it).
  function progress() {
    return h("div", { class: "runner-top" }, [
      h("p", { class: "quiet progress", text: "Step " + (index + 1) + " of " + steps.length }),
      stopButton()
    ]);
  }

  // ---- an exercise set: cues, then a small log of how it went ----
  function exerciseStep(step) {
    var reps = h("input", {
      type: "number", id: "reps", name: "reps", min: "0", max: "100", step: "1",
      inputmode: "numeric", value: String(step.reps || 0)
    });
    var reserve = h("input", {
      type: "number", id: "reserve", name: "reserve", min: "0", max: "100", step: "1",
      inputmode: "numeric", value: String(plan.reps_in_reserve)
    });
    var problem = h("p", { class: "error", role: "alert", hidden: true });
    show([
      progress(),
      h("h2", { text: step.title }),
      h("p", { class: "big", text: step.text }),
      step.cues.length ? h("ul", { class: "cues" }, step.cues.map(function (c) {
        return h("li", { text: c });
      })) : null,
      step.breathing ? h("p", { class: "breathing", text: step.breathing }) : null,
      h("div", { class: "set-log" }, [
        h("label", { for: "reps", text: "Reps done" }), reps,
        choices("felt", "How did it feel?", FEELS, "ok"),
        h("label", { for: "reserve", text: "How many more could you have done? (reps in reserve)" }),
        reserve
      ]),
      problem,
      h("div", { class: "actions" }, [
        button("Set done", function () { logSet(step, reps, reserve, problem); }, "primary"),
        button("Skip this set", next, "")
      ])
    ]);
  }
  function logSet(step, repsEl, reserveEl, problem) {
    var reps = Number(repsEl.value);
    var reserve = reserveEl.value === "" ? null : Number(reserveEl.value);
    if (!Number.isInteger(reps) || reps < 0 || reps > 100) {
      problem.textContent = "Reps done is a whole number from 0 to 100.";
      problem.hidden = false;
      repsEl.focus();
      return;
    }
    if (reserve !== null && (!Number.isInteger(reserve) || reserve < 0 || reserve > 100)) {
      problem.textContent = "Reps in reserve is a whole number from 0 upwards.";
      problem.hidden = false;
      reserveEl.focus();
      return;
    }
    log.sets.push({
      exercise_id: step.exercise_id, reps: reps, felt: picked("felt"), reps_in_reserve: reserve
    });
    next();
  }

  function go(i) {
    index = i;
    keep();
    if (index >= steps.length) return after();
    var step = steps[index];
    if (step.kind === "exercise") exerciseStep(step);
    else timedStep(step);
  }
  function next() { go(index + 1); }

  // Stopping is a choice with value: offer a minute to settle, then the closing questions.
  function stopHere() {
    stopTimer();
    log.stopped_early = true;
    keep();
    var closing = steps.length - 1;
    show([
      h("h2", { text: "Stopping here is a good choice" }),
      h("p", { class: "big", text: "Listening to your body is the practice. Whatever you did " +
        "today counts, and your next session starts from where you are." }),
      h("div", { class: "actions" }, [
        index < closing ? button("Settle for a moment first", function () { go(closing); },
          "primary") : null,
        button("Finish now", after, index < closing ? "" : "primary")
      ])
    ]);
  }

  function after() {
    stopTimer();
    show([
      h("h2", { text: "How are you now?" }),
      choices("state_after", "Which feels closest right now?", STATES, null),
      scale("distress_after", "Distress right now", "calm", "the most you can imagine"),
      choices("felt_overall", "How did the session feel overall?", FEELS, null),
      h("div", { class: "actions" }, [button("Save and finish", finish, "primary")])
    ]);
  }
  function finish() {
    log.state_after = picked("state_after");
    var d = picked("distress_after");
    log.distress_after = d === null ? null : parseInt(d, 10);
    log.felt = picked("felt_overall");
    log.ended_at = new Date().toISOString();
    if (!log.started_at) log.started_at = log.ended_at;
    var pending = read(PENDING, []).filter(function (b) { return b.client_id !== log.client_id; });
    pending.push(log);
    write(PENDING, pending);
    write(CURRENT, null);
    summary();
    say("Sending your session log…");
    flush();
  }

  function summary() {
    var planned = plan.movements.reduce(function (n, m) { return n + m.sets; }, 0);
    var minutes = Math.max(1, Math.round(
      (Date.parse(log.ended_at) - Date.parse(log.started_at)) / 60000));
    var items = [
      h("li", { text: log.sets.length + " of " + planned + " sets" }),
      h("li", { text: "About " + minutes + (minutes === 1 ? " minute" : " minutes") })
    ];
    if (log.distress_before !== null && log.distress_after !== null) {
      items.push(h("li", {
        text: "Distress " + log.distress_before + " before, " + log.distress_after + " after"
      }));
    }
    show([
      h("h2", { text: "Thank you for taking this time" }),
      h("ul", { class: "summary" }, items),
      log.stopped_early ? h("p", { text: "You chose to stop early. That was a good choice; " +
        "the next session stays where this one was." }) : null,
      h("p", { text: "Tomorrow's check-in asks how this session landed, and your next plan " +
        "follows from it." }),
      h("p", {}, [h("a", { class: "button primary", href: "/today", text: "Back to today" })])
    ]);
  }

  if (index >= 0 && index < steps.length) go(index);
  else before();
})();
