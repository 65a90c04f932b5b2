#!/usr/bin/env node
// npm's `prepare` (runs after `npm install` / `npm ci` in this repository): builds the
// command-line bundle and, when dist/ is incomplete, the app (scripts/build.mjs), so
// `npx slipstream …` and `npx slipstream serve` start at once on a fresh clone. A failed build
// does not fail the install: `slipstream` and `npm start` build again on first start and show why.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = (name) => fileURLToPath(new URL(`./${name}`, import.meta.url));
let failed = false;
for (const args of [[script('cli-bundle.mjs')], [script('build.mjs'), '--if-missing']]) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
if (failed) console.error('prepare: a build failed (see above); slipstream and npm start will build again on first start.');
