import { z } from 'zod';
import { BrowserTrainResultSchema, TrainMetricsWireSchema } from './gpu-training.js';
import { BROWSER_TF_BACKENDS } from './tf-backend.js';

/**
 * The training-job contract of the browser compute page (TensorFlow.js WebGPU → WebGL → cpu in
 * Chromium; see renderer/src/compute/README.md). Config in: a network, its initial weights, an
 * optimiser and the batches; progress per step; weights out. The engine side builds the network
 * with its seeded initialiser (`TfMlp`), so the page never draws random numbers and its results
 * can be compared number for number with the engine's own backend.
 */

/** Size caps so a malformed job is refused before it allocates GPU memory. */
export const GPU_JOB_LIMITS = { maxLayerSize: 4096, maxLayers: 16, maxBatchRows: 65_536, maxSteps: 100_000 } as const;

/**
 * The pure network spec shared with `TfMlp` (`main/learning/nn/mlp-spec.ts` has the same fields):
 * inputDim → hidden… → outputDim, `activation` after every hidden layer, none after the output.
 */
export const MlpSpecWireSchema = z.strictObject({
  inputDim: z.int().min(1).max(GPU_JOB_LIMITS.maxLayerSize),
  hidden: z.array(z.int().min(1).max(GPU_JOB_LIMITS.maxLayerSize)).max(GPU_JOB_LIMITS.maxLayers),
  outputDim: z.int().min(1).max(GPU_JOB_LIMITS.maxLayerSize),
  activation: z.enum(['tanh', 'relu']),
});
/** A network's shape; weights are [W0 (in × out, row-major), b0, W1, b1, …]. */
export type MlpSpecWire = z.infer<typeof MlpSpecWireSchema>;

/** Adam with global-norm gradient clipping (`clippedStep` in main/learning/nn/train-step.ts). */
export const AdamConfigSchema = z.strictObject({
  learningRate: z.number().positive().max(10),
  beta1: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  epsilon: z.number().positive().max(1).default(1e-5),
  /** Infinity (or absent: JSON has no Infinity) = no clipping. zod's number() refuses Infinity, hence the union. */
  maxGradNorm: z.union([z.number().positive(), z.custom<number>((v) => v === Number.POSITIVE_INFINITY, 'Infinity')]).default(Number.POSITIVE_INFINITY),
});

/** One minibatch: `rows` inputs (row-major, rows × inputDim) and regression targets (rows × outputDim). */
export const GpuBatchSchema = z.strictObject({
  rows: z.int().min(1).max(GPU_JOB_LIMITS.maxBatchRows),
  x: z.array(z.number()),
  y: z.array(z.number()),
});

/**
 * A training job: `steps` Adam steps on the mean squared error, step k on `batches[k mod n]`.
 * Invariant (checked by `checkGpuJob`): weights match the spec's layer sizes, every batch matches
 * inputDim / outputDim.
 */
export const GpuTrainJobSchema = z.strictObject({
  jobId: z.string().min(1).max(100),
  spec: MlpSpecWireSchema,
  weights: z.array(z.array(z.number())),
  optimizer: AdamConfigSchema,
  loss: z.literal('mse'),
  batches: z.array(GpuBatchSchema).min(1).max(1024),
  steps: z.int().min(0).max(GPU_JOB_LIMITS.maxSteps),
  /** Backends to try in order (default webgpu, webgl, cpu); the first that initialises runs the job. */
  backends: z.array(z.enum(BROWSER_TF_BACKENDS)).min(1).optional(),
});
/** A validated job. */
export type GpuTrainJob = z.infer<typeof GpuTrainJobSchema>;

/** Progress after each step. Invariant: 1 ≤ step ≤ steps. */
export interface GpuJobProgress {
  readonly jobId: string;
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
  readonly stepsPerSec: number;
  /** A training job's metrics (episode return, losses, entropy, KL, …; null = not known yet). */
  readonly metrics?: Record<string, number | null>;
}

/**
 * The job's outcome. `backend` is the backend that ran it; `skipped` why earlier ones in the list
 * did not; `adapter` the WebGPU adapter's description (null on other backends). `forward` is the
 * network's output on batches[0] with the initial weights (rows × outputDim), `losses[k]` the loss
 * before step k+1's update, `weights` the weights after the last step.
 */
export interface GpuJobResult {
  readonly jobId: string;
  readonly backend: (typeof BROWSER_TF_BACKENDS)[number];
  readonly skipped: string[];
  readonly adapter: string | null;
  readonly forward: number[];
  readonly losses: number[];
  readonly gradNorms: number[];
  readonly weights: number[][];
  readonly elapsedMs: number;
}

/** The layer sizes [inputDim, ...hidden, outputDim]. */
export function mlpLayerSizes(spec: MlpSpecWire): number[] {
  return [spec.inputDim, ...spec.hidden, spec.outputDim];
}

/**
 * Parses an untrusted job and checks its shapes against the spec; throws an Error naming the
 * field (e.g. `weights[2]: expected 4096 numbers (64 × 64), got 4095`).
 */
export function checkGpuJob(input: unknown): GpuTrainJob {
  const r = GpuTrainJobSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new Error(`GPU job: ${issue.path.map(String).join('.') || 'job'}: ${issue.message}`);
  }
  const job = r.data;
  const sizes = mlpLayerSizes(job.spec);
  const layers = sizes.length - 1;
  if (job.weights.length !== 2 * layers) throw new Error(`GPU job: weights: expected ${2 * layers} arrays (W and b per layer), got ${job.weights.length}`);
  for (let l = 0; l < layers; l++) {
    const nIn = sizes[l]!, nOut = sizes[l + 1]!;
    const w = job.weights[2 * l]!, b = job.weights[2 * l + 1]!;
    if (w.length !== nIn * nOut) throw new Error(`GPU job: weights[${2 * l}]: expected ${nIn * nOut} numbers (${nIn} × ${nOut}), got ${w.length}`);
    if (b.length !== nOut) throw new Error(`GPU job: weights[${2 * l + 1}]: expected ${nOut} numbers, got ${b.length}`);
  }
  job.batches.forEach((b, i) => {
    if (b.x.length !== b.rows * job.spec.inputDim) throw new Error(`GPU job: batches[${i}].x: expected ${b.rows * job.spec.inputDim} numbers (${b.rows} × ${job.spec.inputDim}), got ${b.x.length}`);
    if (b.y.length !== b.rows * job.spec.outputDim) throw new Error(`GPU job: batches[${i}].y: expected ${b.rows * job.spec.outputDim} numbers (${b.rows} × ${job.spec.outputDim}), got ${b.y.length}`);
  });
  return job;
}

/** The job's outcome as a schema (the compute page sends it back through `gpu.jobDone`). */
export const GpuJobResultSchema = z.object({
  jobId: z.string(),
  backend: z.enum(BROWSER_TF_BACKENDS),
  skipped: z.array(z.string()),
  adapter: z.string().nullable(),
  forward: z.array(z.number()),
  losses: z.array(z.number()),
  gradNorms: z.array(z.number()),
  weights: z.array(z.array(z.number())),
  elapsedMs: z.number(),
});

/** Longest a compute page's `gpu.nextJob` waits for a job before answering null (it then asks again). */
export const GPU_POLL_MAX_SEC = 30;

/**
 * The relay/WebSocket side of the compute page (browser mode, and any client): a caller runs a
 * job with `gpu.run`; a compute page asks for work with `gpu.nextJob` (a long poll), reports
 * `gpu.jobProgress` (whose answer says whether the job was cancelled) and ends with `gpu.jobDone`.
 */
export const GpuComputeCommands = {
  /** Queues a job for the next compute page that asks, and answers with its result; fails after `timeoutSec` without one. */
  'gpu.run': {
    args: z.strictObject({ job: z.unknown(), timeoutSec: z.number().positive().max(86_400).default(600) }),
    result: GpuJobResultSchema,
  },
  /** A compute page waits up to `waitSec` for a job; null = none (ask again). */
  'gpu.nextJob': {
    args: z.strictObject({ waitSec: z.number().min(0).max(GPU_POLL_MAX_SEC).default(20) }),
    result: z.object({ job: z.unknown().nullable() }),
  },
  /** Progress of a job the page took; `cancel: true` asks the page to stop it. */
  'gpu.jobProgress': {
    /** `metrics`: a training job's (gpu-training.ts) trainer metrics; absent for supervised jobs. */
    args: z.strictObject({ jobId: z.string().min(1), step: z.int().min(0), steps: z.int().min(0), loss: z.number(), stepsPerSec: z.number(), metrics: TrainMetricsWireSchema.optional() }),
    result: z.object({ cancel: z.boolean() }),
  },
  /** The end of a job the page took: its result, or the error in the page's words. */
  'gpu.jobDone': {
    /** `result`: a supervised job's, or a training job's (`BrowserTrainResultSchema`, gpu-training.ts). */
    args: z.strictObject({ jobId: z.string().min(1), result: z.union([BrowserTrainResultSchema, GpuJobResultSchema]).optional(), error: z.string().max(2000).optional() }),
    result: z.object({ ok: z.boolean() }),
  },
} as const;
