#!/usr/bin/env node
// Builds everything `npm start` and electron-builder need into dist/:
//   dist/app/electron-main.cjs   Electron main process (CJS: Electron's main entry, bundles conf/electron-store)
//   dist/app/preload.cjs         sandboxed preload (CJS: sandboxed preloads cannot be ESM)
//   dist/engine/engine-worker.mjs the engine's thread/process entry (self-contained but for native packages)
//   dist/app/headless.mjs        the headless host (runs from the repo, so node_modules stay external)
//   dist/renderer/               the React renderer, via vite (only once vite.config.ts exists)
// Usage: node scripts/build.mjs [--if-missing]. Exits non-zero on any failure.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundles, copyWasm } from './bundles.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root); // vite.config.ts resolves its root relative to the working directory

const hasRenderer = fs.existsSync(path.join(root, 'vite.config.ts'));
const expected = [...bundles.map((b) => b.out), ...(hasRenderer ? ['dist/renderer/index.html'] : [])];

if (process.argv.includes('--if-missing') && expected.every((f) => fs.existsSync(path.join(root, f)))) {
  console.log('build: dist/ is complete; nothing to do (--if-missing)');
  process.exit(0);
}

function sizeOf(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.size;
  return fs.readdirSync(p).reduce((sum, name) => sum + sizeOf(path.join(p, name)), 0);
}

function report(out, ms) {
  const kib = sizeOf(path.join(root, out)) / 1024;
  const size = kib >= 1024 ? `${(kib / 1024).toFixed(2)} MiB` : `${kib.toFixed(1)} KiB`;
  console.log(`  ${out.padEnd(32)} ${size.padStart(11)} ${`${ms} ms`.padStart(9)}`);
}

let failed = false;
const results = await Promise.all(
  bundles.map(async ({ out, ...options }) => {
    const t0 = performance.now();
    try {
      await build({ ...options, outfile: out, bundle: true, sourcemap: 'linked', logLevel: 'warning', legalComments: 'none', metafile: false });
      return { out, ms: Math.round(performance.now() - t0) };
    } catch {
      failed = true; // esbuild has already printed the errors
      return null;
    }
  }),
);
if (!failed) copyWasm(root);
for (const r of results) if (r) report(r.out, r.ms);

if (hasRenderer && !failed) {
  const t0 = performance.now();
  try {
    const vite = await import('vite');
    await vite.build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
    report('dist/renderer', Math.round(performance.now() - t0));
  } catch (err) {
    console.error(`build: vite build failed: ${err instanceof Error ? err.message : String(err)}`);
    failed = true;
  }
} else if (!hasRenderer) {
  console.log('  dist/renderer                    skipped (no vite.config.ts yet)');
}

if (failed) {
  console.error('build: FAILED');
  process.exit(1);
}
