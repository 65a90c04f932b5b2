/**
 * `npm run bench -- --only gpu`: one Adam training step (18-64-64-12 tanh MLP and a wider
 * 18-256-256-12, MSE, global-norm clipping, the gradient norm read back every step as
 * `clippedStep` does) per TensorFlow.js backend available here — the engine's Node backends
 * (tensorflow, wasm, cpu; each forced in turn, absent ones reported with the reason) and the
 * browser compute page's (webgpu, webgl, cpu) in Debian Chromium on the headless host. The browser
 * figure is the marginal cost of a step: (time of a long job − time of a short one) / extra steps,
 * so page start-up, weight upload and read-back are excluded. Here WebGPU and WebGL run in
 * software (SwiftShader): these figures check the path, they say nothing of a real GPU.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { chromium } from 'playwright-core';
import { startHeadlessHost } from '../app/headless/headless-host.js';
import type { GpuJobResult, GpuTrainJob } from '../main/contract/gpu-compute.js';
import { NODE_TF_BACKENDS } from '../main/contract/tf-backend.js';
import { Rng } from '../main/kernel/rng.js';
import type { MlpSpec } from '../main/learning/nn/mlp-spec.js';
import { TfMlp } from '../main/learning/nn/tf-mlp.js';
import { adam, clippedStep } from '../main/learning/nn/train-step.js';
import { selectTfBackend } from '../main/learning/tf-backend.js';

/** Options: `seconds` of timed steps per backend and network (default 0.5). */
export interface GpuBenchOptions {
  readonly seconds?: number;
}

const BATCH = 256;
/** Steps of the short browser job (its time is subtracted from the long one's). */
const SHORT = 2;
const NETS: Record<string, MlpSpec> = {
  '18-64-64-12': { inputDim: 18, hidden: [64, 64], outputDim: 12, activation: 'tanh', outputGain: 1 },
  '18-256-256-12': { inputDim: 18, hidden: [256, 256], outputDim: 12, activation: 'tanh', outputGain: 1 },
};
const CHROMIUM = '/usr/bin/chromium';
/** Headless, offline, GPU not disabled, SwiftShader WebGPU adapter (ARCHITECTURE.md, "The user's GPU"). */
const GPU_ARGS = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic', '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--use-webgpu-adapter=swiftshader'];

/** The same job for every backend: initial weights from the seeded `TfMlp`, one fixed batch. */
function makeJob(spec: MlpSpec, steps: number, backend?: 'webgpu' | 'webgl' | 'cpu'): GpuTrainJob {
  const rng = new Rng(11);
  const net = new TfMlp(spec, rng);
  const weights = net.readWeights().map((w) => Array.from(w));
  net.dispose();
  return {
    jobId: `bench-${steps}`,
    spec: { inputDim: spec.inputDim, hidden: [...spec.hidden], outputDim: spec.outputDim, activation: spec.activation },
    weights,
    optimizer: { learningRate: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: 0.5 },
    loss: 'mse',
    batches: [{ rows: BATCH, x: Array.from({ length: BATCH * spec.inputDim }, () => rng.normal()), y: Array.from({ length: BATCH * spec.outputDim }, () => rng.normal()) }],
    steps,
    ...(backend ? { backends: [backend] } : {}),
  };
}

/** Median ms per Adam step on the active Node backend, over `seconds` (at least 5 steps, after 3 warm-up steps). */
function nodeStepMs(spec: MlpSpec, seconds: number): { medianMs: number; steps: number } {
  const job = makeJob(spec, 0);
  const net = new TfMlp(spec, new Rng(11));
  const x = tf.tensor2d(job.batches[0]!.x, [BATCH, spec.inputDim]);
  const y = tf.tensor2d(job.batches[0]!.y, [BATCH, spec.outputDim]);
  const opt = adam(1e-4);
  const step = () => clippedStep(opt, net.variables, () => tf.mean(tf.squaredDifference(net.apply(x), y)) as tf.Scalar, 0.5);
  for (let i = 0; i < 3; i++) step();
  const times: number[] = [];
  const t0 = performance.now();
  while (times.length < 5 || performance.now() - t0 < seconds * 1000) {
    const t = performance.now();
    step();
    times.push(performance.now() - t);
  }
  net.dispose();
  opt.dispose();
  tf.dispose([x, y]);
  times.sort((a, b) => a - b);
  return { medianMs: round(times[times.length >> 1]!), steps: times.length };
}

async function nodeBackends(seconds: number) {
  const out: Record<string, unknown> = {};
  for (const name of NODE_TF_BACKENDS) {
    try {
      const c = await selectTfBackend({ backend: name, source: 'the GPU bench' });
      const nets: Record<string, unknown> = {};
      for (const [label, spec] of Object.entries(NETS)) nets[label] = nodeStepMs(spec, seconds);
      out[name] = { available: true, simd: c.simd, threads: c.threads, ...nets };
    } catch (e) {
      out[name] = { available: false, reason: (e as Error).message };
    }
  }
  await selectTfBackend();
  return out;
}

async function browserBackends(seconds: number) {
  const rendererDir = fileURLToPathSafe('../dist/renderer');
  if (!fs.existsSync(path.join(rendererDir, 'compute.html'))) return { skipped: `${rendererDir}/compute.html is missing: run npm run build first` };
  if (!fs.existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} is missing (apt-get install -y chromium)` };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-gpu-bench-'));
  const host = await startHeadlessHost({ port: 0, engineMode: 'in-process', rendererDir, dataDir: path.join(tmp, 'data'), settingsDir: path.join(tmp, 'settings') });
  const context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), { executablePath: CHROMIUM, headless: true, args: GPU_ARGS });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${host.port}/compute.html`);
    await page.waitForFunction(() => document.getElementById('compute-status')?.dataset.ready === 'true', undefined, { timeout: 60_000 });
    const run = (job: GpuTrainJob) => page.evaluate((j) => window.__slipstreamCompute!.runJob(j), job) as Promise<GpuJobResult>;
    const out: Record<string, unknown> = {};
    for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
      const nets: Record<string, unknown> = {};
      let adapter: string | null = null;
      try {
        for (const [label, spec] of Object.entries(NETS)) {
          // Size the long job from a probe so each backend runs about `seconds`.
          // (the probe also warms up the backend: shader compilation, texture/buffer pools).
          const probe = await run(makeJob(spec, SHORT, backend));
          adapter = probe.adapter;
          const short = await run(makeJob(spec, SHORT, backend));
          const extra = Math.max(3, Math.min(2000, Math.round((seconds * 1000) / Math.max(short.elapsedMs / SHORT, 0.01))));
          const long = await run(makeJob(spec, SHORT + extra, backend));
          nets[label] = { msPerStep: round((long.elapsedMs - short.elapsedMs) / extra), steps: extra };
        }
        out[backend] = { available: true, adapter, ...nets };
      } catch (e) {
        out[backend] = { available: false, reason: (e as Error).message.split('\n')[0] };
      }
    }
    return { chromium: context.browser()?.version() ?? 'unknown', flags: GPU_ARGS.join(' '), ...out };
  } finally {
    await context.close();
    await host.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A path relative to the repository root from this file (bench/*.ts) or its bundle (bench/results/run.mjs). */
function fileURLToPathSafe(rel: string): string {
  const here = path.dirname(new URL(import.meta.url).pathname);
  const root = path.basename(here) === 'results' ? path.resolve(here, '..', '..') : path.resolve(here, '..');
  return path.resolve(root, rel.replace(/^\.\.\//, ''));
}

export async function runGpuBench(opts: GpuBenchOptions = {}) {
  const seconds = opts.seconds ?? 0.5;
  const node = await nodeBackends(seconds);
  const browser = await browserBackends(seconds);
  return {
    what: `one Adam step at batch ${BATCH} (MSE, clipped), ms; browser = marginal ms per step inside a job`,
    gpuMachine: 'not measured: no GPU machine was lent to this session; webgpu/webgl here run on SwiftShader (CPU)',
    node,
    browser,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
