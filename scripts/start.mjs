#!/usr/bin/env node
// `npm start [-- options]`: rebuilds dist/ if sources are newer, then starts the desktop app, or,
// where Electron cannot run (no display, binary not downloaded, or it dies at startup), says why
// in one line and starts the headless host instead. Options are passed to the headless host
// (e.g. `npm start -- --port 7400`); `--headless` skips Electron.
// Environment: SLIPSTREAM_SKIP_BUILD=1 runs without building (the headless host then runs from
// the TypeScript sources through tsx); SLIPSTREAM_HEADLESS=1 is the same as --headless.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { appNeedsBuild } from './freshness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const forceHeadless = args.includes('--headless') || process.env.SLIPSTREAM_HEADLESS === '1';
const hostArgs = args.filter((a) => a !== '--headless');
const skipBuild = process.env.SLIPSTREAM_SKIP_BUILD === '1';

/** How long Electron must stay up before we stop treating an exit as "cannot run here". */
const STARTUP_GRACE_MS = 3000;

/** Why Electron cannot run here, or null if it is worth trying. Never triggers the binary download. */
function electronBlocker() {
  if (forceHeadless) return { reason: 'headless mode requested' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display: DISPLAY and WAYLAND_DISPLAY are unset' };
  }
  let dir;
  try {
    // Resolve the package folder only: require('electron') itself would try to download the binary.
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = path.join(dir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const exe = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : null;
  const binary = override ? path.join(override, exe ?? 'electron') : exe ? path.join(dir, 'dist', exe) : null;
  if (!binary || !fs.existsSync(binary)) {
    return { reason: `its binary is not downloaded: ${path.relative(root, path.join(dir, 'dist'))} is missing; run "node node_modules/electron/install.js" where the network allows` };
  }
  return { binary };
}

/** Runs Electron; resolves with null if it keeps running past startup (then mirrors its exit), or with a reason if it failed at once. */
function tryElectron(binary) {
  return new Promise((resolve) => {
    const child = spawn(binary, [root], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
    let started = false;
    const timer = setTimeout(() => {
      started = true;
      resolve(null);
    }, STARTUP_GRACE_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      if (!started) resolve(`it failed to start: ${err.message}`);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!started && code !== 0) return resolve(`it exited at startup (${signal ?? `code ${code}`})`);
      process.exit(code ?? 1);
    });
    for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  });
}

async function startHeadless() {
  const bundle = path.join(root, 'dist/app/headless.mjs');
  let serveCommand;
  if (!skipBuild && fs.existsSync(bundle)) {
    ({ serveCommand } = await import(pathToFileURL(bundle).href));
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    ({ serveCommand } = await import(pathToFileURL(path.join(root, 'app/cli/serve-command.ts')).href));
  }
  process.exitCode = await serveCommand(hostArgs);
}

if (!skipBuild && appNeedsBuild(root)) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('start: build failed; not starting.');
    process.exit(r.status ?? 1);
  }
}

const blocker = electronBlocker();
let reason = blocker.reason;
if (!reason) reason = await tryElectron(blocker.binary);
if (reason) {
  console.log(`Electron cannot run here (${reason}); starting the headless host instead.`);
  await startHeadless();
}
