import type { BrowserTrainJob, BrowserTrainResult } from '../../main/contract/gpu-training.js';
import { encodeLe } from '../../main/learning/model-io/model-json.js';
import { runTrainingLoop, type TrainedModel, type TrainingLoopResult, type TrainingProgress } from '../../main/learning/train/run-training-loop.js';
import { resolveTrainingConfig } from '../../main/learning/train/training-config.js';
import { defaultTrainingEnv } from '../../main/learning/train/training-env.js';
import { Sha256 } from './sha256.js';

/** How the compute page drives a run: progress out, a stop request read between units. */
export interface BrowserTrainingOptions {
  /** tf.js's backend, already activated by the page (the trainer shares the page's tf.js engine). */
  readonly backend: string;
  readonly onProgress?: (p: TrainingProgress) => void;
  /** Read between units: true = stop there; the run ends `cancelled` with the weights so far. */
  readonly shouldStop?: () => boolean;
}

/** The trainer's outcome and the model as numbers (`BrowserTrainResult` without the page's backend fields). */
export interface BrowserTrainingOutcome {
  readonly result: TrainingLoopResult;
  readonly model: BrowserTrainResult['model'];
}

/** A macrotask that background-tab timer clamping does not slow down (unlike setTimeout). */
function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/** SHA-256 of the model's weights as model-io writes weights.bin (float32 LE, networks then tensors). */
export function modelWeightsSha256(model: TrainedModel): string {
  return new Sha256().update(encodeLe([...model.mlps.flatMap((m) => m.weights), ...model.tensors.map((t) => t.values)])).digestHex();
}

function wireModel(m: TrainedModel): BrowserTrainResult['model'] {
  return {
    mlps: m.mlps.map((n) => ({ name: n.name, spec: { ...n.spec, hidden: [...n.spec.hidden] }, weights: n.weights.map((w) => Array.from(w)) })),
    tensors: m.tensors.map((t) => ({ name: t.name, shape: [...t.shape], values: Array.from(t.values) })),
    manifest: JSON.parse(JSON.stringify(m.manifest, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))) as Record<string, unknown>,
  };
}

/**
 * Runs one training job on the compute page: the same loop as `runTraining` in Node
 * (`runTrainingLoop`), on the page's active tf.js backend, with no files — no checkpoints (refused:
 * `checkpointEvery` must be 0), the final model returned as numbers with its weights hash.
 * Invariant: same config and backend ⇒ same weights as the Node trainer on that backend (on `cpu`
 * bit for bit: e2e/gpu-training.e2e.test.ts).
 */
export async function runBrowserTraining(job: BrowserTrainJob, opts: BrowserTrainingOptions): Promise<BrowserTrainingOutcome> {
  const config = resolveTrainingConfig(job.config);
  if (config.checkpointEvery !== 0) throw new RangeError(`config.checkpointEvery: must be 0 on the compute page (got ${config.checkpointEvery}); checkpoints are written only by runs in the engine's worker`);
  const controller = new AbortController();
  const stop = () => {
    if (!controller.signal.aborted && opts.shouldStop?.()) controller.abort(new Error('cancelled'));
  };
  let saved: TrainedModel | null = null;
  const result = await runTrainingLoop(config, {
    backend: opts.backend,
    envs: defaultTrainingEnv(config),
    saveModel: (m) => {
      saved = m;
      return { weightsSha256: modelWeightsSha256(m) };
    },
    yieldToLoop: async () => {
      await yieldToLoop();
      stop();
    },
    nowSec: () => performance.now() / 1000,
  }, {
    signal: controller.signal, progressEvery: job.progressEvery ?? 1000,
    onProgress: (p) => {
      opts.onProgress?.(p);
      stop();
    },
  });
  if (!saved) throw new Error('compute trainer: the run ended without a model');
  return { result, model: wireModel(saved) };
}
