// The resolve hook registered by static_modules.mjs: "/static/NAME.js" is the file
// src/vagal/web/static/NAME.js of this checkout, loaded as an ES module. Every other specifier
// resolves as node would resolve it.
const PREFIX = "/static/";
const STATIC_DIR = new URL("../../src/vagal/web/static/", import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  if (!specifier.startsWith(PREFIX)) return nextResolve(specifier, context);
  const url = new URL(specifier.slice(PREFIX.length), STATIC_DIR);
  if (!url.href.startsWith(STATIC_DIR.href) || url.search || url.hash) {
    throw new Error(`${specifier} is not a file in ${STATIC_DIR.pathname}`);
  }
  // The static files have no package.json saying they are ES modules: say it here.
  return { url: url.href, format: "module", shortCircuit: true };
}
