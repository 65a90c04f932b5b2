import { z } from 'zod';

/**
 * Training jobs (issue #10): start a run of PPO or Double DQN on CartPole or the execution env in
 * its own worker, follow its progress, cancel it, list the session's runs. A finished or
 * cancelled run is stored in the training-run registry (DuckDB) with its model folder.
 */

/** The algorithms and environments a job can name. */
export const TrainAlgoSchema = z.enum(['ppo', 'ddqn']);
export const TrainEnvSchema = z.enum(['cartpole', 'execution']);

/**
 * `train.start` arguments. Invariants: `steps` 1..10⁹; `seed` 0..2³¹−1; the execution env takes
 * a `scenario` name or `data` files (not both); `config` holds the algorithm's hyperparameters,
 * validated by the trainer's own schema (errors name the field and the limit).
 */
export const TrainStartArgsSchema = z.strictObject({
  algo: TrainAlgoSchema,
  env: TrainEnvSchema,
  steps: z.number().int().min(1).max(1e9),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  scenario: z.string().min(1).optional(),
  data: z.array(z.string().min(1)).min(1).max(50).optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  /** A Node backend (the job runs in the engine's worker), or a browser one (`webgpu`, `webgl`, `browser-cpu`: the job runs on the compute page, gpu-training.ts). */
  backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu', 'webgpu', 'webgl', 'browser-cpu']).optional(),
  /** Continue a job of this session from its latest checkpoint (same algo, env, steps, seed and config, or the trainer refuses naming the field). */
  resumeJobId: z.string().min(1).optional(),
}).refine((a) => !(a.scenario !== undefined && a.data !== undefined), { message: 'give scenario or data, not both', path: ['data'] });

export const TrainStatusSchema = z.enum(['running', 'completed', 'cancelled', 'failed']);

/** One job of this engine session. `runId`: its row in the registry once stored (null before, or if it failed). */
export const TrainJobSummarySchema = z.object({
  jobId: z.string(),
  algo: TrainAlgoSchema,
  env: TrainEnvSchema,
  steps: z.number().int(),
  seed: z.number().int(),
  status: TrainStatusSchema,
  stepsDone: z.number().int().min(0),
  outDir: z.string(),
  weightsSha256: z.string().nullable(),
  runId: z.string().nullable(),
  error: z.string().nullable(),
});

/** Numeric progress metrics as the trainer names them (episode return, losses, entropy, KL, explained variance, steps/s, time left); null = not yet known. */
const MetricsSchema = z.record(z.string(), z.number().nullable());

/**
 * The execution env's validation against TWAP at one evaluation: the greedy agent and TWAP on
 * the same validation episodes (same seeds, same paths), IS in bps of arrival (positive = a
 * cost), `diffBps` = mean of agent − TWAP with its paired 95 % bootstrap interval (null with
 * fewer than 2 pairs), `n` = episodes paired, `step` = env steps trained.
 */
export const ValidationVsTwapSchema = z.object({
  step: z.number().min(0),
  agentIsBps: z.number().nullable(),
  twapIsBps: z.number().nullable(),
  diffBps: z.number().nullable(),
  ciLowBps: z.number().nullable(),
  ciHighBps: z.number().nullable(),
  n: z.number().int().min(0),
});

/**
 * A stored run's learning curves: `train` = [step, mean episode return] of its progress events,
 * `evaluation` = [step, greedy evaluation return], `rate` = [step, steps/s], `validation` = its
 * validations against TWAP (execution env; empty otherwise). Each in step order.
 */
export const TrainingCurvesSchema = z.object({
  train: z.array(z.tuple([z.number(), z.number()])),
  evaluation: z.array(z.tuple([z.number(), z.number()])),
  rate: z.array(z.tuple([z.number(), z.number()])),
  validation: z.array(ValidationVsTwapSchema),
});

export const TrainingCommands = {
  /** Starts a training job in its own worker thread; progress arrives as `train.progress`, the end as `train.finished`. */
  'train.start': { args: TrainStartArgsSchema, result: z.object({ jobId: z.string(), outDir: z.string() }) },
  /** Asks a running job to stop; it ends `cancelled` (and is stored as such). `cancelled` is false for an unknown or finished job. */
  'train.cancel': { args: z.object({ jobId: z.string().min(1) }), result: z.object({ cancelled: z.boolean() }) },
  /** The jobs of this engine session, oldest first. */
  'train.list': { args: z.object({}), result: z.array(TrainJobSummarySchema) },
  /** Stored runs' learning curves (training-run registry), in the order asked; a run stored without curves has null. Unknown ids are refused (`not-found`). */
  'train.curves': {
    args: z.object({ runIds: z.array(z.string().min(1)).min(1).max(20) }),
    result: z.array(z.object({ runId: z.string(), curves: TrainingCurvesSchema.nullable() })),
  },
} as const;

export const TrainingEvents = {
  /** A running job's progress (throttled: a few per second at most). */
  'train.progress': z.object({ jobId: z.string(), steps: z.number().min(0), totalSteps: z.number().min(0), metrics: MetricsSchema, validation: ValidationVsTwapSchema.optional() }),
  /** A job ended (once per job): its summary, the outcome's numeric metrics (evaluation return, steps/s, …) and its final validation against TWAP (execution env). */
  'train.finished': TrainJobSummarySchema.extend({ metrics: MetricsSchema, validation: ValidationVsTwapSchema.nullable().optional() }),
} as const;
