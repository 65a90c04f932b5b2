#!/usr/bin/env node
// The `slipstream` command. Runs prebuilt JavaScript, never a TypeScript loader:
// - `serve` runs the headless host's bundle (dist/app/headless.mjs), building the app first
//   (scripts/build.mjs: engine, headless host, renderer) when it is missing or older than its
//   sources — as `npm start` does — so it serves the UI right after `npm install`;
// - every other command runs the command-line bundle (scripts/cli-bundle.mjs), rebuilt first
//   when a source under main/ is newer, so a developer never runs old code.
// npm's `prepare` builds both at install. SLIPSTREAM_FROM_SOURCES=1 runs the TypeScript sources
// through tsx instead (debugging).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);

function fail(err) {
  console.error(`slipstream: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
}

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  if (argv[0] === 'serve') return (await import('../app/cli/serve-command.ts')).serveCommand(argv.slice(1));
  return (await import('../main/cli/index.ts')).main(argv);
}

async function serve() {
  const { appNeedsBuild } = await import('../scripts/freshness.mjs');
  const bundle = `${root}dist/app/headless.mjs`;
  // Help needs no fresh UI: print it from whatever headless bundle exists rather than build (seconds).
  const helpOnly = argv.includes('--help') || argv.includes('-h');
  if (helpOnly ? !existsSync(bundle) : appNeedsBuild(root)) {
    // Build lines go to stderr: stdout is the host's URL.
    console.error('slipstream: building the app (first start, or its sources changed) …');
    const r = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: ['ignore', 2, 2] });
    if (r.status !== 0) throw new Error('the build failed (see above); fix it or run "npm run build" to see why');
  }
  const { serveCommand } = await import(pathToFileURL(bundle).href);
  return serveCommand(argv.slice(1));
}

async function cli() {
  const { ensureCliBundle } = await import('../scripts/cli-bundle.mjs');
  const { main } = await import(pathToFileURL(await ensureCliBundle()).href);
  return main(argv);
}

try {
  process.exitCode = await (process.env.SLIPSTREAM_FROM_SOURCES === '1' ? fromSources() : argv[0] === 'serve' ? serve() : cli());
} catch (err) {
  fail(err);
}
