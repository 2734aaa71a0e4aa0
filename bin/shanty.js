#!/usr/bin/env node
// `shanty` — the headless runner. Compiled by `npm run build:cli` (run on install by `prepare`).
require("../lib/src/cli/main.js").main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err && err.stack ? err.stack : String(err)); process.exitCode = 1; },
);
