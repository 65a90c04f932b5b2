import * as tf from '@tensorflow/tfjs-core';
import { BROWSER_TF_BACKENDS, type BrowserTfBackend } from '../../../main/contract/tf-backend.js';
import type { GpuJobProgress } from '../../../main/contract/gpu-compute.js';
import { BrowserTrainJobSchema, type BrowserTrainJob, type BrowserTrainResult } from '../../../main/contract/gpu-training.js';
import { activateBackend, type ActiveBrowserBackend } from './backends.js';

declare global {
  // The page's tf.js, which the trainer bundle uses as its own (app/compute-trainer/shims/page-tfjs-core.cjs).
  var __slipstreamTf: typeof tf | undefined;
}

/** The trainer bundle's entry (app/compute-trainer/compute-trainer.ts), as this page sees it. */
interface ComputeTrainerModule {
  runBrowserTraining(job: BrowserTrainJob, opts: {
    backend: string;
    onProgress?: (p: Record<string, unknown> & { step: number; totalSteps: number; stepsPerSec: number }) => void;
    shouldStop?: () => boolean;
  }): Promise<Pick<BrowserTrainResult, 'result' | 'model'>>;
}

/**
 * The trainer is its own bundle (dist/renderer/compute-trainer.js, built from app/compute-trainer
 * by esbuild), not part of this page's build: the renderer may import only main/contract and
 * main/domain, and the trainer is main/learning. Loaded on the first training job.
 */
let trainer: Promise<ComputeTrainerModule> | null = null;
function loadTrainer(): Promise<ComputeTrainerModule> {
  globalThis.__slipstreamTf = tf;
  trainer ??= (import(/* @vite-ignore */ new URL('./compute-trainer.js', window.location.href).href) as Promise<ComputeTrainerModule>).catch((e: unknown) => {
    trainer = null;
    throw new Error(`The compute page could not load its trainer (compute-trainer.js; run npm run build): ${e instanceof Error ? e.message : String(e)}`);
  });
  return trainer;
}

/**
 * True when a synchronous read (`dataSync`) of a computed tensor gives its values. The trainers
 * read weights and losses synchronously between updates; tf.js's WebGPU backend does that through
 * a WebGPU canvas, which on SwiftShader in headless Chromium reads back zeros or loses the device
 * (measured here).
 */
function syncReadbackWorks(): boolean {
  // Twice: on SwiftShader the first read can also lose the WebGPU device ("A valid external
  // Instance reference no longer exists"), and then the next computation throws.
  for (let k = 1; k <= 2; k++) {
    const t = tf.tidy(() => tf.mul(tf.tensor1d([1.5, -2.25, 3]), 2 * k));
    const v = t.dataSync();
    t.dispose();
    if (v[0] !== 3 * k || v[1] !== -4.5 * k || v[2] !== 6 * k) return false;
  }
  return true;
}

/** `activateBackend` for a training job: a backend whose synchronous readback is wrong is skipped too, saying so. */
async function activateForTraining(order: readonly BrowserTfBackend[]): Promise<ActiveBrowserBackend> {
  const skipped: string[] = [];
  let rest = [...order];
  for (;;) {
    const b = await activateBackend(rest);
    let why: string;
    try {
      if (syncReadbackWorks()) return { ...b, skipped: [...skipped, ...b.skipped] };
      why = 'synchronous readback (dataSync) returns wrong values here, and the trainers read weights synchronously';
    } catch (e) {
      why = `a first computation failed (${e instanceof Error ? e.message : String(e)})`;
    }
    skipped.push(...b.skipped, `${b.name}: ${why}`);
    rest = rest.slice(rest.indexOf(b.name) + 1);
    if (rest.length === 0) throw new Error(`No TensorFlow.js backend can train here (${skipped.join('; ')})`);
  }
}

/** The trainer's numeric metrics, flattened (losses.policy → lossPolicy), non-finite as null. */
function metricsOf(p: Record<string, unknown>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const put = (k: string, v: unknown) => {
    if (typeof v === 'number') out[k] = Number.isFinite(v) ? v : null;
    else if (v === null) out[k] = null;
  };
  for (const [k, v] of Object.entries(p)) {
    if (k === 'step' || k === 'totalSteps') continue;
    if (v !== null && typeof v === 'object') for (const [k2, v2] of Object.entries(v)) put(`${k}${k2[0]!.toUpperCase()}${k2.slice(1)}`, v2);
    else put(k, v);
  }
  return out;
}

/**
 * Runs a training job (main/contract/gpu-training.ts) on the first backend of `job.backends` that
 * initialises: validates it (errors name the field), loads the trainer bundle and runs PPO or DDQN
 * whole on this page; progress after each unit as a `GpuJobProgress` (step = env steps, `loss` the
 * policy or Q loss, 0 before one is known) with the trainer's metrics; `shouldStop` ends the run
 * `cancelled` at its next unit, with the weights so far.
 */
export async function runTrainJob(input: unknown, onProgress: (p: GpuJobProgress) => void = () => {}, shouldStop: () => boolean = () => false): Promise<BrowserTrainResult> {
  const parsed = BrowserTrainJobSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Training job: ${issue.path.map(String).join('.') || 'job'}: ${issue.message}`);
  }
  const job = parsed.data;
  const backend = await activateForTraining(job.backends ?? BROWSER_TF_BACKENDS);
  const mod = await loadTrainer();
  const out = await mod.runBrowserTraining(job, {
    backend: backend.name,
    shouldStop,
    onProgress: (p) => {
      const metrics = metricsOf(p);
      const loss = metrics.lossesPolicy ?? metrics.lossesQ ?? 0;
      onProgress({ jobId: job.jobId, step: p.step, steps: p.totalSteps, loss, stepsPerSec: Number.isFinite(p.stepsPerSec) ? p.stepsPerSec : 0, metrics });
    },
  });
  return { kind: 'training', jobId: job.jobId, backend: backend.name, skipped: backend.skipped, adapter: backend.adapter, ...out };
}
