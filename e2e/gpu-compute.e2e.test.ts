/**
 * The browser compute page (renderer/compute.html, served by the headless host from 127.0.0.1)
 * against the engine's own TensorFlow.js `cpu` backend in Node: a forward pass and ONE Adam step
 * (same initial weights drawn by `TfMlp` from the seeded Rng, same batch) must give the same
 * numbers within 1e-4 on WebGPU (SwiftShader adapter) and on WebGL. When WebGPU cannot start here
 * the WebGPU test is skipped with the reason printed, never passed. Also: the fallback without
 * WebGPU, the forced-backend setting in the status bar, the Electron compute window's scripts
 * against the real page, and a job sent by the engine over the WebSocket (`gpu.run`) with cancel.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComputeWindow } from '../app/electron/compute-window.js';
import { startHeadlessHost, type HeadlessHost } from '../app/headless/headless-host.js';
import type { GpuJobResult, GpuTrainJob } from '../main/contract/gpu-compute.js';
import { Rng } from '../main/kernel/rng.js';
import type { MlpSpec } from '../main/learning/nn/mlp-spec.js';
import { TfMlp } from '../main/learning/nn/tf-mlp.js';
import { adam, clippedStep } from '../main/learning/nn/train-step.js';
import { selectTfBackend } from '../main/learning/tf-backend.js';
import { CHROMIUM_ARGS } from './support/browser.js';
import { ensureRendererBuilt } from './support/renderer-build.js';

/** The standard flags without --disable-gpu (it would turn WebGPU and WebGL off), plus SwiftShader WebGPU. */
const GPU_ARGS = [...CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu'), '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--use-webgpu-adapter=swiftshader'];
/** Chromium's own notices (software rendering; no adapter when the GPU is disabled) are not app errors. */
const IGNORED = [/GPU stall due to ReadPixels/, /Automatic fallback to software WebGL/, /^No available adapters\.$/];

const SPEC: MlpSpec = { inputDim: 18, hidden: [64, 64], outputDim: 12, activation: 'tanh', outputGain: 1 };
const ROWS = 64;
const LR = 1e-3;
const MAX_GRAD_NORM = 0.5;
const TOL = 1e-4;

interface Reference {
  job: GpuTrainJob;
  forward: Float32Array;
  loss: number;
  gradNorm: number;
  weights: Float32Array[];
}

/** The engine's side: TfMlp on the Node cpu backend, one `clippedStep` of Adam on the MSE. */
async function reference(): Promise<Reference> {
  await selectTfBackend({ backend: 'cpu', source: 'the GPU compute test' });
  const rng = new Rng(7);
  const net = new TfMlp(SPEC, rng);
  const init = net.readWeights();
  const x = Float32Array.from({ length: ROWS * SPEC.inputDim }, () => rng.normal());
  const y = Float32Array.from({ length: ROWS * SPEC.outputDim }, () => rng.normal());
  const xt = tf.tensor2d(x, [ROWS, SPEC.inputDim]);
  const yt = tf.tensor2d(y, [ROWS, SPEC.outputDim]);
  const forward = tf.tidy(() => net.apply(xt).dataSync() as Float32Array);
  const opt = adam(LR);
  const stats = clippedStep(opt, net.variables, () => tf.mean(tf.squaredDifference(net.apply(xt), yt)) as tf.Scalar, MAX_GRAD_NORM);
  const weights = net.readWeights();
  net.dispose();
  opt.dispose();
  tf.dispose([xt, yt]);
  const job: GpuTrainJob = {
    jobId: 'parity',
    spec: { inputDim: SPEC.inputDim, hidden: [...SPEC.hidden], outputDim: SPEC.outputDim, activation: SPEC.activation },
    weights: init.map((w) => Array.from(w)),
    optimizer: { learningRate: LR, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: MAX_GRAD_NORM },
    loss: 'mse',
    batches: [{ rows: ROWS, x: Array.from(x), y: Array.from(y) }],
    steps: 1,
  };
  return { job, forward, loss: stats.loss, gradNorm: stats.gradNorm, weights };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Asserts the page's numbers equal the reference within TOL, and that the step really moved the weights. */
function expectSameNumbers(r: GpuJobResult, ref: Reference): void {
  expect(maxAbsDiff(r.forward, ref.forward), 'forward pass').toBeLessThan(TOL);
  expect(Math.abs(r.losses[0]! - ref.loss), 'loss').toBeLessThan(TOL);
  expect(Math.abs(r.gradNorms[0]! - ref.gradNorm), 'gradient norm').toBeLessThan(TOL);
  expect(r.weights.length).toBe(ref.weights.length);
  let moved = 0;
  ref.weights.forEach((w, i) => {
    expect(maxAbsDiff(r.weights[i]!, w), `weights[${i}] after one Adam step`).toBeLessThan(TOL);
    moved = Math.max(moved, maxAbsDiff(ref.job.weights[i]!, w));
  });
  // The comparison means something only if the step moved weights by more than the tolerance.
  expect(moved).toBeGreaterThan(5 * TOL);
}

/** The largest differences to the reference, for the log. */
function diffText(r: GpuJobResult): string {
  const w = Math.max(...ref.weights.map((x, i) => maxAbsDiff(r.weights[i]!, x)));
  return `max |Δforward| = ${maxAbsDiff(r.forward, ref.forward).toExponential(2)}, |Δloss| = ${Math.abs(r.losses[0]! - ref.loss).toExponential(2)}, max |Δweights| = ${w.toExponential(2)}`;
}

let host: HeadlessHost;
let ref: Reference;
let tmp = '';
const opened: { context: BrowserContext; profile: string }[] = [];
const pageErrors: string[] = [];

async function openComputePage(args: string[]): Promise<Page> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-gpu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args });
  opened.push({ context, profile });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || (m.type() === 'warning' && !IGNORED.some((re) => re.test(m.text())))) pageErrors.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(`http://127.0.0.1:${host.port}/compute.html`);
  await page.waitForFunction(() => document.getElementById('compute-status')?.dataset.ready === 'true', undefined, { timeout: 60_000 });
  return page;
}

const runJob = (page: Page, job: unknown) => page.evaluate((j) => window.__slipstreamCompute!.runJob(j), job) as Promise<GpuJobResult>;

beforeAll(async () => {
  ensureRendererBuilt();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-gpu-e2e-'));
  host = await startHeadlessHost({ port: 0, engineMode: 'in-process', dataDir: path.join(tmp, 'data'), settingsDir: path.join(tmp, 'settings') });
  ref = await reference();
});

afterAll(async () => {
  for (const o of opened) {
    await o.context.close();
    fs.rmSync(o.profile, { recursive: true, force: true });
  }
  await host?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('GPU compute page vs the Node cpu backend', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openComputePage(GPU_ARGS);
  });

  it('WebGPU (SwiftShader adapter): forward pass and one Adam step equal cpu within 1e-4', async (ctx) => {
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
      if (!gpu) return 'navigator.gpu is absent';
      return (await gpu.requestAdapter()) ? null : 'requestAdapter() returned null';
    });
    if (adapter !== null) {
      console.warn(`SKIPPED: WebGPU cannot initialise in this Chromium: ${adapter}`);
      ctx.skip(`WebGPU cannot initialise here: ${adapter}`);
    }
    const r = await runJob(page, { ...ref.job, backends: ['webgpu'] });
    console.log(`webgpu adapter: ${r.adapter}; ${diffText(r)}`);
    expect(r.backend).toBe('webgpu');
    expect(r.adapter).not.toBeNull();
    expectSameNumbers(r, ref);
    expect(pageErrors).toEqual([]);
  });

  it('WebGL: forward pass and one Adam step equal cpu within 1e-4', async () => {
    const r = await runJob(page, { ...ref.job, backends: ['webgl'] });
    console.log(`webgl: ${diffText(r)}`);
    expect(r.backend).toBe('webgl');
    expectSameNumbers(r, ref);
    expect(pageErrors).toEqual([]);
  });

  it('refuses a malformed job naming the field, and runs the next one', async () => {
    const bad = { ...ref.job, weights: [ref.job.weights[0]!.slice(1), ...ref.job.weights.slice(1)] };
    await expect(runJob(page, bad)).rejects.toThrow(/weights\[0\]: expected 1152 numbers \(18 × 64\), got 1151/);
    const r = await runJob(page, { ...ref.job, backends: ['cpu'] });
    expect(r.backend).toBe('cpu');
    expectSameNumbers(r, ref);
  });
});

describe('fallback when WebGPU is absent', () => {
  it('the standard headless flags (GPU disabled) fall back from webgpu and say why', async () => {
    const page = await openComputePage(CHROMIUM_ARGS);
    const r = await runJob(page, ref.job);
    expect(r.skipped[0]).toMatch(/^webgpu: /);
    expect(['webgl', 'cpu']).toContain(r.backend);
    console.log(`standard flags: ran on ${r.backend}; skipped: ${r.skipped.join('; ')}`);
    expectSameNumbers(r, ref);
    expect(pageErrors).toEqual([]);
  });
});

describe('backend setting in the UI', () => {
  it('a host started with tfBackend = cpu in its settings shows "cpu (forced)" in the status bar', async () => {
    const settingsDir = path.join(tmp, 'settings-cpu');
    fs.mkdirSync(settingsDir, { recursive: true });
    fs.writeFileSync(path.join(settingsDir, 'config.json'), JSON.stringify({ tfBackend: 'cpu' }));
    const forcedHost = await startHeadlessHost({ port: 0, engineMode: 'worker', dataDir: path.join(tmp, 'data-cpu'), settingsDir });
    const page = await openComputePage(CHROMIUM_ARGS);
    try {
      await page.goto(forcedHost.url);
      const cell = page.locator('[data-testid=sb-backend] .sb-val');
      await page.waitForFunction(() => (document.querySelector('[data-testid=sb-backend] .sb-val')?.textContent ?? '—') !== '—', null, { timeout: 30_000 });
      expect(await cell.innerText()).toBe('cpu (forced)');
      expect(pageErrors).toEqual([]);
    } finally {
      // Leave the UI first: its reconnects to the closed host would log connection errors later.
      await page.goto('about:blank');
      await forcedHost.close();
    }
  });
});

describe('the Electron compute window (its scripts, run against the real page)', () => {
  it('opens the page, waits for it, runs a job (unclipped: Infinity survives JSON) and validates before sending', async () => {
    const page = await openComputePage(GPU_ARGS);
    const loaded: string[] = [];
    let destroyed = false;
    // What electron's BrowserWindow does, done by Playwright on the same page the host serves.
    const win = new ComputeWindow(
      () => ({
        loadURL: async (url) => void (loaded.push(url), await page.goto(url)),
        executeJavaScript: (code) => page.evaluate(code),
        isDestroyed: () => destroyed,
        destroy: () => void (destroyed = true),
      }),
      `http://127.0.0.1:${host.port}/compute.html`,
    );
    const r = await win.runJob({ ...ref.job, backends: ['webgl'] });
    expect(r.backend).toBe('webgl');
    expectSameNumbers(r, ref);
    // Without clipping the step differs from the clipped reference (the norm is above 0.5), and JSON carried no Infinity.
    const unclipped = await win.runJob({ ...ref.job, optimizer: { ...ref.job.optimizer, maxGradNorm: Number.POSITIVE_INFINITY }, backends: ['webgl'] });
    expect(ref.gradNorm).toBeGreaterThan(MAX_GRAD_NORM);
    expect(unclipped.gradNorms[0]).toBeCloseTo(ref.gradNorm, 4);
    expect(loaded).toHaveLength(1);
    await expect(win.runJob({ ...ref.job, steps: -1 })).rejects.toThrow(/^GPU job: steps: /);
    // Progress is read from the page while a job runs; answering cancel stops it there.
    const seen: number[] = [];
    const cancelled = win.runJob({ ...ref.job, jobId: 'long-window', steps: 100_000, backends: ['cpu'] }, (p) => (seen.push(p.step), { cancel: true }));
    await expect(cancelled).rejects.toThrow(/GPU job long-window cancelled after \d+ of 100000 steps/);
    expect(seen.length).toBeGreaterThan(0);
    win.close();
    expect(destroyed).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});

describe('browser mode: the engine runs a GPU job on the compute page over the WebSocket', () => {
  it('gpu.run from another client reaches the page (?token=), comes back equal to cpu; a cancel stops a long job', async () => {
    const page = await openComputePage(GPU_ARGS);
    await page.goto(`http://127.0.0.1:${host.port}/compute.html?token=${host.token}`);
    await page.waitForFunction(() => document.getElementById('compute-status')?.dataset.relay === 'true', undefined, { timeout: 30_000 });
    const ws = await wsClient(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`);
    try {
      const r = (await ws.request('gpu.run', { job: { ...ref.job, jobId: 'over-ws', backends: ['webgpu', 'webgl'] }, timeoutSec: 120 })) as GpuJobResult;
      expect(['webgpu', 'webgl']).toContain(r.backend);
      expectSameNumbers(r, ref);
      // A malformed job is refused by the engine, naming the field, before any page sees it.
      await expect(ws.request('gpu.run', { job: { ...ref.job, steps: -1 } })).rejects.toThrow(/GPU job: steps: /);
      // A long job, cancelled through the job registry while it runs: the page stops at its next progress answer.
      const long = ws.request('gpu.run', { job: { ...ref.job, jobId: 'long', steps: 100_000, backends: ['cpu'] }, timeoutSec: 120 });
      const progress = await ws.nextEvent((e) => e.name === 'job.progress' && (e.payload as { label: string }).label === 'GPU training long' && !(e.payload as { done: boolean }).done);
      await ws.request('job.cancel', { jobId: (progress.payload as { jobId: string }).jobId });
      await expect(long).rejects.toThrow(/GPU job long failed on the compute page: GPU job long cancelled after \d+ of 100000 steps/);
      expect(pageErrors).toEqual([]);
    } finally {
      ws.close();
    }
  });
});

/** A bare contract client over the host's WebSocket (what any second client of the relay is). */
async function wsClient(url: string) {
  const { WebSocket } = await import('ws');
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)));
  let id = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const events: Array<{ name: string; payload: unknown }> = [];
  const waiters: Array<{ pred: (e: { name: string; payload: unknown }) => boolean; resolve: (e: { name: string; payload: unknown }) => void }> = [];
  socket.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.kind === 'response') {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(m.error.message));
    } else if (m.kind === 'event') {
      const w = waiters.findIndex((x) => x.pred(m));
      if (w >= 0) waiters.splice(w, 1)[0]!.resolve(m);
      else events.push(m);
    }
  });
  return {
    request(command: string, args: unknown): Promise<unknown> {
      const rid = ++id;
      socket.send(JSON.stringify({ kind: 'request', id: rid, command, args }));
      return new Promise((resolve, reject) => pending.set(rid, { resolve, reject }));
    },
    nextEvent(pred: (e: { name: string; payload: unknown }) => boolean): Promise<{ name: string; payload: unknown }> {
      const i = events.findIndex(pred);
      if (i >= 0) return Promise.resolve(events.splice(i, 1)[0]!);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
    close: () => socket.close(),
  };
}
