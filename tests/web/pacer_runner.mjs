// Runs static/pacer.js's pacerPhase over the cases on stdin and prints one JSON result per case.
// Usage: node pacer_runner.mjs <path/to/pacer.js> < cases.json   (cases: [{pattern, t}, ...])
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pacerJs] = process.argv.slice(2);
const pacer = await import(pathToFileURL(pacerJs).href);
const cases = JSON.parse(readFileSync(0, "utf-8"));
const results = cases.map(({ pattern, t }) => {
  const p = pacer.pacerPhase(pattern, t);
  return {
    phase: p.phase,
    phase_elapsed: p.phaseElapsed,
    phase_remaining: p.phaseRemaining,
    fraction: p.fraction,
    cycle: p.cycle,
  };
});
process.stdout.write(JSON.stringify(results));
