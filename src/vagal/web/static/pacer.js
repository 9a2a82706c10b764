// The breath pacer: a shape that grows on the in-breath and shrinks on the out-breath, with the
// phase and seconds in words. With reduced motion the shape stays still and a progress bar and
// text carry the timing. Tones (WebAudio) and vibration are optional and off by default.
//
// pacerPhase() is pure and shared with tests; BreathPacer only draws what it returns.

export const PHASES = ["inhale", "hold_in", "exhale", "hold_out"];

export const PHASE_WORDS = {
  inhale: "Breathe in",
  hold_in: "Hold gently",
  exhale: "Breathe out",
  hold_out: "Rest empty",
};

function lengths(pattern) {
  return {
    inhale: Number(pattern.inhale_s) || 0,
    hold_in: Number(pattern.hold_in_s) || 0,
    exhale: Number(pattern.exhale_s) || 0,
    hold_out: Number(pattern.hold_out_s) || 0,
  };
}

export function cycleSeconds(pattern) {
  const l = lengths(pattern);
  return l.inhale + l.hold_in + l.exhale + l.hold_out;
}

// Where the breath is at `t` seconds after the start. A phase of 0 s is skipped; a boundary
// belongs to the phase that begins there. Returns {phase, phaseElapsed, phaseRemaining,
// fraction, cycle} with fraction the lung fill from 0 (empty) to 1 (full).
export function pacerPhase(pattern, t) {
  const l = lengths(pattern);
  const cycleS = l.inhale + l.hold_in + l.exhale + l.hold_out;
  if (!(cycleS > 0)) throw new RangeError("A breath pattern needs some seconds in it.");
  const time = Number.isFinite(t) && t > 0 ? t : 0;
  const cycle = Math.floor(time / cycleS);
  let within = time - cycle * cycleS;
  if (within < 0) within = 0;
  let start = 0;
  for (const phase of PHASES) {
    const length = l[phase];
    if (length <= 0) continue;
    if (within < start + length || phase === lastPhase(l)) {
      const phaseElapsed = Math.min(Math.max(within - start, 0), length);
      return {
        phase,
        phaseElapsed,
        phaseRemaining: length - phaseElapsed,
        fraction: fill(phase, phaseElapsed / length),
        cycle,
      };
    }
    start += length;
  }
  throw new RangeError("unreachable");
}

function lastPhase(l) {
  let last = "inhale";
  for (const phase of PHASES) if (l[phase] > 0) last = phase;
  return last;
}

function fill(phase, progress) {
  if (phase === "inhale") return progress;
  if (phase === "hold_in") return 1;
  if (phase === "exhale") return 1 - progress;
  return 0;
}

const SMALLEST = 0.45;

function defaultNow() {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

function reducedMotionPreferred() {
  return (
    typeof window !== "undefined" &&
    typeof window.matchMedia === "function" &&
    window.matchMedia("(prefers-reduced-motion: reduce)").matches
  );
}

export class BreathPacer {
  // element: the container to draw in. pattern: {inhale_s, hold_in_s, exhale_s, hold_out_s}.
  // options: reducedMotion (default: the person's setting), tones, vibrate (default false),
  // now (a clock in milliseconds, default performance.now).
  constructor(element, pattern, { reducedMotion, tones = false, vibrate = false, now } = {}) {
    this.element = element;
    this.pattern = pattern;
    cycleSeconds(pattern); // validate early
    pacerPhase(pattern, 0);
    this.reducedMotion = reducedMotion === undefined ? reducedMotionPreferred() : !!reducedMotion;
    this.tones = !!tones;
    this.vibrate = !!vibrate;
    this.now = now || defaultNow;
    this.listeners = [];
    this.running = false;
    this.paused = false;
    this.elapsedBeforeMs = 0;
    this.startedMs = 0;
    this.lastPhaseKey = null;
    this.frame = null;
    this.audio = null;
    this.build();
    this.draw(pacerPhase(pattern, 0));
  }

  build() {
    const doc = this.element.ownerDocument;
    this.element.classList.add("pacer");
    this.element.replaceChildren();
    const stage = doc.createElement("div");
    stage.className = "pacer-stage";
    Object.assign(stage.style, {
      display: "flex",
      alignItems: "center",
      justifyContent: "center",
      width: "12rem",
      height: "12rem",
      margin: "0 auto",
    });
    this.shape = doc.createElement("div");
    this.shape.className = "pacer-shape";
    this.shape.setAttribute("aria-hidden", "true");
    Object.assign(this.shape.style, {
      width: "100%",
      height: "100%",
      borderRadius: "50%",
      background: "radial-gradient(circle at 40% 35%, #cfe3df, #2f6f68)",
      opacity: "0.85",
      transformOrigin: "center",
      transform: `scale(${this.reducedMotion ? 0.8 : SMALLEST})`,
    });
    stage.append(this.shape);
    this.word = doc.createElement("p");
    this.word.className = "pacer-phase";
    this.word.setAttribute("aria-live", "polite");
    Object.assign(this.word.style, { textAlign: "center", fontSize: "1.4rem", fontWeight: "600", margin: ".75rem 0 0" });
    this.count = doc.createElement("p");
    this.count.className = "pacer-count";
    this.count.setAttribute("aria-hidden", "true");
    Object.assign(this.count.style, { textAlign: "center", fontSize: "1.1rem", margin: ".25rem 0 0" });
    this.element.append(stage, this.word, this.count);
    this.bar = null;
    if (this.reducedMotion) {
      this.bar = doc.createElement("progress");
      this.bar.className = "pacer-progress";
      this.bar.max = 1;
      this.bar.value = 0;
      this.bar.setAttribute("aria-label", "Breath: how full");
      Object.assign(this.bar.style, { display: "block", width: "100%", height: "1.2rem", marginTop: ".5rem" });
      this.element.append(this.bar);
    }
  }

  onPhase(callback) {
    this.listeners.push(callback);
    return () => {
      this.listeners = this.listeners.filter((c) => c !== callback);
    };
  }

  elapsedSeconds() {
    const running = this.running && !this.paused ? this.now() - this.startedMs : 0;
    return (this.elapsedBeforeMs + running) / 1000;
  }

  start() {
    this.stop();
    this.running = true;
    this.paused = false;
    this.elapsedBeforeMs = 0;
    this.startedMs = this.now();
    this.lastPhaseKey = null;
    this.tick();
  }

  pause() {
    if (!this.running || this.paused) return;
    this.elapsedBeforeMs += this.now() - this.startedMs;
    this.paused = true;
    this.cancel();
    this.word.textContent = "Paused";
  }

  resume() {
    if (!this.running || !this.paused) return;
    this.paused = false;
    this.startedMs = this.now();
    this.lastPhaseKey = null;
    this.tick();
  }

  stop() {
    this.cancel();
    this.running = false;
    this.paused = false;
    this.elapsedBeforeMs = 0;
  }

  setPattern(pattern) {
    cycleSeconds(pattern);
    pacerPhase(pattern, 0);
    this.pattern = pattern;
    this.elapsedBeforeMs = 0;
    this.startedMs = this.now();
    this.lastPhaseKey = null;
    if (this.running && !this.paused) {
      this.cancel();
      this.tick();
    } else {
      this.draw(pacerPhase(pattern, 0));
    }
  }

  cancel() {
    if (this.frame === null) return;
    if (typeof cancelAnimationFrame === "function" && this.frameIsAnimation) cancelAnimationFrame(this.frame);
    else clearTimeout(this.frame);
    this.frame = null;
  }

  tick() {
    const state = pacerPhase(this.pattern, this.elapsedSeconds());
    const key = `${state.cycle}:${state.phase}`;
    if (key !== this.lastPhaseKey) {
      this.lastPhaseKey = key;
      this.cue(state.phase);
      for (const callback of this.listeners) {
        try {
          callback(state);
        } catch (error) {
          console.error(error);
        }
      }
    }
    this.draw(state);
    const next = () => {
      this.frame = null;
      if (this.running && !this.paused) this.tick();
    };
    // A still pacer only needs to update its words and bar a few times a second.
    if (!this.reducedMotion && typeof requestAnimationFrame === "function") {
      this.frameIsAnimation = true;
      this.frame = requestAnimationFrame(next);
    } else {
      this.frameIsAnimation = false;
      this.frame = setTimeout(next, 100);
    }
  }

  draw(state) {
    this.word.textContent = PHASE_WORDS[state.phase];
    this.count.textContent = `${Math.max(1, Math.ceil(state.phaseRemaining - 1e-9))}`;
    if (this.reducedMotion) {
      if (this.bar) this.bar.value = state.fraction;
    } else {
      const scale = SMALLEST + (1 - SMALLEST) * state.fraction;
      this.shape.style.transform = `scale(${scale.toFixed(4)})`;
    }
    this.element.dataset.phase = state.phase;
  }

  cue(phase) {
    if (this.vibrate && typeof navigator !== "undefined" && typeof navigator.vibrate === "function") {
      try {
        navigator.vibrate(phase === "inhale" || phase === "exhale" ? 60 : 25);
      } catch (error) {
        /* vibration is a nicety */
      }
    }
    if (!this.tones) return;
    try {
      const Context = globalThis.AudioContext || globalThis.webkitAudioContext;
      if (!Context) return;
      this.audio = this.audio || new Context();
      const ctx = this.audio;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = phase === "inhale" ? 396 : phase === "exhale" ? 264 : 330;
      gain.gain.setValueAtTime(0.0001, ctx.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.08, ctx.currentTime + 0.05);
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + 0.6);
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.65);
    } catch (error) {
      /* tones are a nicety */
    }
  }
}
