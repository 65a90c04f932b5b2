import { z } from 'zod';
import { BROWSER_TF_BACKENDS } from './tf-backend.js';

/**
 * Training jobs on the browser compute page (issue #10 item 6): PPO or Double DQN runs whole in a
 * Chromium context (WebGPU → WebGL → cpu), dispatched by the engine's `train.start` when its
 * backend is a browser one, through the same `gpu.*` queue as the supervised jobs of
 * `gpu-compute.ts`. The page runs the trainer (app/compute-trainer) and sends back the weights,
 * the result and progress; the engine writes the model folder, result.json and the registry row.
 */

/** `train.start` backends that send the job to the compute page, and the page's backend order for each. */
export const BROWSER_TRAIN_BACKENDS = { webgpu: ['webgpu', 'webgl', 'cpu'], webgl: ['webgl', 'cpu'], 'browser-cpu': ['cpu'] } as const;
/** A `train.start` backend served by the compute page. */
export type BrowserTrainBackend = keyof typeof BROWSER_TRAIN_BACKENDS;

/** True when `backend` (a `train.start` / `--backend` value) runs on the compute page rather than in the engine's worker. */
export function isBrowserTrainBackend(backend: string | undefined): backend is BrowserTrainBackend {
  return backend !== undefined && Object.hasOwn(BROWSER_TRAIN_BACKENDS, backend);
}

/**
 * A training job for the page. Invariant: `config` is the trainer's config
 * (main/learning/train/training-config.ts) with the env already described as data (a
 * queue-reactive market carries its fitted params): the page reads no files. No checkpoints are
 * written on the page (`checkpointEvery` must be 0).
 */
export const BrowserTrainJobSchema = z.strictObject({
  kind: z.literal('training'),
  jobId: z.string().min(1).max(100),
  config: z.record(z.string(), z.unknown()),
  backends: z.array(z.enum(BROWSER_TF_BACKENDS)).min(1).optional(),
  /** DQN: env steps between progress events (the trainer's default 1,000). */
  progressEvery: z.int().min(1).max(1e9).optional(),
});
/** A validated training job. */
export type BrowserTrainJob = z.infer<typeof BrowserTrainJobSchema>;

/** True when a job taken from the `gpu.*` queue is a training job (else a supervised `GpuTrainJob`). */
export function isBrowserTrainJob(job: unknown): boolean {
  return typeof job === 'object' && job !== null && (job as { kind?: unknown }).kind === 'training';
}

/** A network as numbers: spec as `MlpSpec` (main/learning/nn/mlp-spec.ts), weights [W0, b0, W1, b1, …] row-major. */
export const WireMlpSchema = z.object({
  name: z.string(),
  spec: z.object({ inputDim: z.int(), hidden: z.array(z.int()), outputDim: z.int(), activation: z.enum(['tanh', 'relu']), hiddenGain: z.number().optional(), outputGain: z.number() }),
  weights: z.array(z.array(z.number())),
});

/**
 * The page's outcome. `backend` ran it (`skipped`: why earlier ones did not; `adapter`: the WebGPU
 * adapter or null). `result`: the trainer's `TrainingLoopResult` (status, steps, evalMeanReturn,
 * weightsSha256 as the page computed it, …). `model`: the model folder's contents as numbers
 * (float32 values, exact through JSON); the engine writes it and checks its weightsSha256 equals
 * the page's. The manifest is validated when the engine writes it.
 */
export const BrowserTrainResultSchema = z.object({
  kind: z.literal('training'),
  jobId: z.string(),
  backend: z.enum(BROWSER_TF_BACKENDS),
  skipped: z.array(z.string()),
  adapter: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).and(z.object({ weightsSha256: z.string(), steps: z.number(), status: z.enum(['completed', 'early-stopped', 'cancelled']) })),
  model: z.object({
    mlps: z.array(WireMlpSchema).min(1),
    tensors: z.array(z.object({ name: z.string(), shape: z.array(z.int()), values: z.array(z.number()) })),
    manifest: z.record(z.string(), z.unknown()),
  }),
});
/** A training job's outcome as sent back by the page. */
export type BrowserTrainResult = z.infer<typeof BrowserTrainResultSchema>;

/** A training job's progress on the page: `GpuJobProgress`'s fields (step = env steps, steps = total) plus the trainer's metrics. */
export const TrainMetricsWireSchema = z.record(z.string(), z.number().nullable());
