// Lets node load vagal's browser modules unchanged: they import each other as "/static/NAME.js"
// (the URL the app serves them under), which node would look for at the file-system root.
// Usage: node --import ./static_modules.mjs some_runner.mjs   (needs node >= 18.19 / 20.6)
import { register } from "node:module";

register("./static_modules_hooks.mjs", import.meta.url);
