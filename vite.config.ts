import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
// @ts-expect-error: plain .mjs module without type declarations
import { computeTrainerBundle } from './scripts/bundles.mjs';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

/**
 * The compute page's trainer (app/compute-trainer) is main/learning code, which the renderer may
 * not import, so it is its own esbuild bundle written beside the pages after each build
 * (dist/renderer/compute-trainer.js; the page imports it by URL on its first training job).
 */
function computeTrainer() {
  return {
    name: 'slipstream-compute-trainer',
    apply: 'build' as const,
    async closeBundle() {
      const { out, ...options } = computeTrainerBundle as { out: string } & Parameters<typeof esbuild>[0];
      await esbuild({ ...options, absWorkingDir: repoRoot, outfile: path.join(repoRoot, out), bundle: true, sourcemap: 'linked', logLevel: 'warning', legalComments: 'none' });
    },
  };
}

/**
 * The renderer build. Root is `renderer/`; output goes to `dist/renderer`, which both the
 * Electron shell (file://) and the headless host serve, hence the relative `base`.
 * In `vite dev`, set SLIPSTREAM_HOST_URL (e.g. http://127.0.0.1:5175) to proxy /ws and /api to
 * a running headless host.
 */
export default defineConfig(() => {
  const hostUrl = process.env.SLIPSTREAM_HOST_URL;
  return {
    root: 'renderer',
    base: './',
    plugins: [react(), computeTrainer()],
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      chunkSizeWarningLimit: 900,
      rolldownOptions: {
        // Two pages: the workstation, and the GPU compute page (renderer/src/compute/README.md).
        input: { index: path.join(repoRoot, 'renderer', 'index.html'), compute: path.join(repoRoot, 'renderer', 'compute.html') },
        output: {
          codeSplitting: {
            groups: [
              { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
              { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            ],
          },
        },
      },
    },
    server: {
      fs: { allow: [repoRoot] },
      proxy: hostUrl
        ? {
            '/ws': { target: hostUrl.replace(/^http/, 'ws'), ws: true },
            '/api': { target: hostUrl },
          }
        : undefined,
    },
  };
});
