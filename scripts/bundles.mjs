// The esbuild bundles of the app, shared by scripts/build.mjs and the tests that build them.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * The browser build of the trainer (app/compute-trainer/README.md): loaded by the compute page
 * (dist/renderer/compute-trainer.js) to run PPO / DDQN on WebGPU, WebGL or cpu. Node built-ins
 * reached through the trainer's imports are replaced: node:crypto by a SHA-256-only shim, the
 * rest by a proxy that throws when called (files are the engine's job). tf.js itself is the page's
 * (one copy, the backend the page activated); the engine's backend loaders stay out (dynamic
 * imports the page never takes).
 */
const NODE_BUILTIN = /^(node:.*|fs|path|crypto|os|url|module|worker_threads|child_process|util|stream|zlib|events|http|https|net|readline|perf_hooks|buffer|string_decoder)$/;
const browserNodeShims = {
  name: 'browser-node-shims',
  setup(b) {
    // tf.js is the page's (shims/page-tfjs-core.cjs); its gradients are registered by the page.
    b.onResolve({ filter: /^@tensorflow\/tfjs-core(\/dist\/register_all_gradients)?$/ }, () => ({ path: fileURLToPath(new URL('../app/compute-trainer/shims/page-tfjs-core.cjs', import.meta.url)) }));
    b.onResolve({ filter: NODE_BUILTIN }, (args) => ({
      path: fileURLToPath(new URL(args.path.replace(/^node:/, '') === 'crypto' ? '../app/compute-trainer/shims/node-crypto.ts' : '../app/compute-trainer/shims/node-unavailable.cjs', import.meta.url)),
    }));
  },
};
/** @type {{ out: string } & import('esbuild').BuildOptions} */
export const computeTrainerBundle = {
  out: 'dist/renderer/compute-trainer.js', entryPoints: ['app/compute-trainer/compute-trainer.ts'], platform: 'browser', format: 'esm', target: 'chrome120',
  external: ['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'], plugins: [browserNodeShims],
  define: { 'process.env.NODE_ENV': '"production"' },
};

/** @type {Array<{ out: string } & import('esbuild').BuildOptions>} */
export const bundles = [
  { out: 'dist/app/electron-main.cjs', entryPoints: ['app/electron/main.ts'], platform: 'node', format: 'cjs', target: 'node22', external: ['electron', ...NATIVE, '@tensorflow/*'] },
  { out: 'dist/app/preload.cjs', entryPoints: ['app/electron/preload.ts'], platform: 'browser', format: 'cjs', target: 'chrome140', external: ['electron'] },
  { out: 'dist/engine/engine-worker.mjs', entryPoints: ['main/host/engine-worker.ts'], platform: 'node', format: 'esm', target: 'node20', external: NATIVE, banner: { js: ENGINE_BANNER } },
  { out: 'dist/engine/backtest-worker.mjs', entryPoints: ['main/backtest/backtest-worker.ts'], platform: 'node', format: 'esm', target: 'node20', external: NATIVE, banner: { js: ENGINE_BANNER } },
  { out: 'dist/engine/train-worker.mjs', entryPoints: ['main/learning/train-worker/train-worker.ts'], platform: 'node', format: 'esm', target: 'node20', external: NATIVE, banner: { js: ENGINE_BANNER } },
  { out: 'dist/engine/signals-worker.mjs', entryPoints: ['main/host/signals-worker.ts'], platform: 'node', format: 'esm', target: 'node20', external: NATIVE, banner: { js: ENGINE_BANNER } },
  { out: 'dist/app/headless.mjs', entryPoints: ['app/headless/headless-main.ts'], platform: 'node', format: 'esm', target: 'node20', packages: 'external' },
];

