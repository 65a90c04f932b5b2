// The esbuild bundles of the app, shared by scripts/build.mjs and the tests that build them.
import fs from 'node:fs';
import path from 'node:path';

/**
 * Native or heavy packages are never bundled: they load .node/.wasm files by path. electron-builder
 * unpacks them from app.asar (see electron-builder.yml).
 */
const NATIVE = ['@duckdb/*', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'];

// The engine bundle contains CommonJS code that calls require() for Node built-ins, and
// emscripten glue (tfjs-backend-wasm) that finds its .wasm files via __dirname: both are
// defined for the bundle, and the .wasm files are copied next to it (see copyWasm).
const ENGINE_BANNER = [
  "import { createRequire as __ssCreateRequire } from 'node:module';",
  "import { fileURLToPath as __ssFileURLToPath } from 'node:url';",
  "import { dirname as __ssDirname } from 'node:path';",
  'const require = __ssCreateRequire(import.meta.url);',
  'const __filename = __ssFileURLToPath(import.meta.url);',
  'const __dirname = __ssDirname(__filename);',
].join(' ');

/** tfjs-backend-wasm's binaries, beside the engine bundle that now contains its glue code. */
export function copyWasm(root, outDir = path.join(root, 'dist/engine')) {
  const from = path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  if (!fs.existsSync(from)) return;
  for (const name of fs.readdirSync(from)) if (name.endsWith('.wasm')) fs.copyFileSync(path.join(from, name), path.join(outDir, name));
}

/** @type {Array<{ out: string } & import('esbuild').BuildOptions>} */
export const bundles = [
  { out: 'dist/app/electron-main.cjs', entryPoints: ['app/electron/main.ts'], platform: 'node', format: 'cjs', target: 'node22', external: ['electron', ...NATIVE, '@tensorflow/*'] },
  { out: 'dist/app/preload.cjs', entryPoints: ['app/electron/preload.ts'], platform: 'browser', format: 'cjs', target: 'chrome140', external: ['electron'] },
  { out: 'dist/engine/engine-worker.mjs', entryPoints: ['main/host/engine-worker.ts'], platform: 'node', format: 'esm', target: 'node20', external: NATIVE, banner: { js: ENGINE_BANNER } },
  { out: 'dist/engine/backtest-worker.mjs', entryPoints: ['main/backtest/backtest-worker.ts'], platform: 'node', format: 'esm', target: 'node20', external: NATIVE, banner: { js: ENGINE_BANNER } },
  { out: 'dist/engine/train-worker.mjs', entryPoints: ['main/learning/train-worker/train-worker.ts'], platform: 'node', format: 'esm', target: 'node20', external: NATIVE, banner: { js: ENGINE_BANNER } },
  { out: 'dist/app/headless.mjs', entryPoints: ['app/headless/headless-main.ts'], platform: 'node', format: 'esm', target: 'node20', packages: 'external' },
];

