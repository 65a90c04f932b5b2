// When is a build stale? Shared by scripts/start.mjs, scripts/cli-bundle.mjs and bin/slipstream.js.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Newest modification time (ms) under `p`: files and the directories themselves (a deleted or
 * renamed file changes its directory's time). Tests (`*.test.ts(x)`), `node_modules` and dot
 * folders are not part of any bundle and are ignored. 0 when `p` does not exist.
 */
export function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return /\.test\.tsx?$/.test(p) ? 0 : st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of fs.readdirSync(p)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, name)));
  }
  return newest;
}

/** Newest modification time over several paths relative to `root`. */
export function newestOf(root, paths) {
  return Math.max(0, ...paths.map((s) => newestMtime(path.join(root, s))));
}

/** What `npm start` and `slipstream serve` run, and what it is built from (scripts/build.mjs). */
export const APP_SOURCES = ['app', 'main', 'renderer', 'vite.config.ts', 'package.json', 'scripts/build.mjs', 'scripts/bundles.mjs'];
export const APP_OUTPUTS = ['dist/app/electron-main.cjs', 'dist/app/preload.cjs', 'dist/engine/engine-worker.mjs', 'dist/engine/backtest-worker.mjs', 'dist/app/headless.mjs'];

/** True when an output of scripts/build.mjs is missing or older than a source. */
export function appNeedsBuild(root) {
  const outputs = [...APP_OUTPUTS, ...(fs.existsSync(path.join(root, 'vite.config.ts')) ? ['dist/renderer/index.html'] : [])];
  let oldestOutput = Infinity;
  for (const o of outputs) {
    const p = path.join(root, o);
    if (!fs.existsSync(p)) return true;
    oldestOutput = Math.min(oldestOutput, fs.statSync(p).mtimeMs);
  }
  return newestOf(root, APP_SOURCES) > oldestOutput;
}
