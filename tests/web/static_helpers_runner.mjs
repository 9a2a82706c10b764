// Calls exported helpers of vagal's browser modules and prints what they returned, as JSON.
// Usage: node --import ./static_modules.mjs static_helpers_runner.mjs < calls.json
//   calls: [{module: "live", name: "rollingRmssd", args: [...], globals: {navigator: {...}}}, ...]
//   Without "args" the export itself is returned (constants). "globals" are set on globalThis
//   for that call only (window, navigator, ...).
// Prints {lookups, results}: lookups are the element ids the modules asked `document` for while
// they were imported; each result is {type, value} (a non-finite number's value is its text) or
// {error: {name, message}}.
import { readFileSync } from "node:fs";

// The pages' modules find their root element when imported. Node has no DOM: this `document`
// is a page without any element, the state in which a module must leave the page alone.
const lookups = [];
if (typeof globalThis.document === "undefined") {
  const page = {
    getElementById(id) {
      lookups.push(String(id));
      return null;
    },
  };
  globalThis.document = new Proxy(page, {
    get(target, key) {
      if (key in target) return target[key];
      throw new Error(`document.${String(key)} was used, but the runner's page only has getElementById`);
    },
  });
}

const calls = JSON.parse(readFileSync(0, "utf-8"));
const modules = new Map();
for (const { module } of calls) {
  if (!modules.has(module)) modules.set(module, await import(`/static/${module}.js`));
}

function encode(value) {
  if (typeof value === "number" && !Number.isFinite(value)) {
    return { type: "number", value: String(value) };
  }
  return { type: value === null ? "null" : typeof value, value: value === undefined ? null : value };
}

function withGlobals(globals, run) {
  const saved = new Map();
  for (const [key, value] of Object.entries(globals || {})) {
    saved.set(key, Object.getOwnPropertyDescriptor(globalThis, key));
    Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  }
  try {
    return run();
  } finally {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, key, descriptor);
      else delete globalThis[key];
    }
  }
}

const results = calls.map(({ module, name, args, globals }) => {
  const exported = modules.get(module)[name];
  if (exported === undefined) {
    return { error: { name: "MissingExport", message: `${module}.js exports no ${name}` } };
  }
  if (args === undefined) return encode(exported);
  try {
    return encode(withGlobals(globals, () => exported(...args)));
  } catch (error) {
    return { error: { name: error?.name ?? "Error", message: String(error?.message ?? error) } };
  }
});
process.stdout.write(JSON.stringify({ lookups, results }));
