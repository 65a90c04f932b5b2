import { z } from 'zod';
import { NODE_TF_BACKENDS } from '../tf-backend.js';
import { DqnConfigSchema } from '../dqn/dqn-config.js';
import { PpoConfigSchema } from '../ppo/ppo-config.js';

/**
 * The environment a run trains on: CartPole-v1 (`maxSteps` = its time limit, 500 by default), or
 * the execution env as plain data (`EnvSpec` of env/env-spec.ts: a market spec and an env config;
 * both are validated in depth when the env is built, naming their fields).
 */
export const TrainingEnvSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cartpole'), maxSteps: z.number().int().min(1).max(1_000_000).default(500) }).strict(),
  z.object({
    kind: z.literal('execution'),
    market: z.object({ kind: z.enum(['queue-reactive', 'scenario', 'replay']) }).passthrough(),
    config: z.object({}).passthrough(),
  }).strict(),
]);

/**
 * Early stopping on the greedy evaluation: stop after `patience` evaluations without a gain of
 * more than `minDelta` — a higher `evalMeanReturn`, or a lower `validationDiffBps` (agent − TWAP
 * IS on the validation episodes, bps; needs the validation against TWAP).
 */
export const EarlyStoppingSchema = z.object({
  metric: z.enum(['evalMeanReturn', 'validationDiffBps']).default('evalMeanReturn'),
  patience: z.number().int().min(1).max(1_000_000),
  minDelta: z.number().min(0).default(0),
}).strict();

/**
 * A training run's config. Invariants (enforced): `steps` ≥ 1; `seed` a non-negative 31-bit
 * integer; `numEnvs` 1…4096; `evalEvery` / `checkpointEvery` 0 (= never during the run) or a
 * step interval; `earlyStopping` needs `evalEvery` > 0; `ppo` / `ddqn` are the algorithms' own
 * hyperparameters (their schemas, defaults filled in) WITHOUT `seed` and `numEnvs`, which come
 * from the run; only the section of the chosen `algo` may be given.
 */
export const TrainingConfigSchema = z.object({
  algo: z.enum(['ppo', 'ddqn']),
  env: TrainingEnvSchema,
  steps: z.number().int().min(1).max(1e12),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  /** Envs in lockstep; default 4 for PPO, 1 for DDQN. */
  numEnvs: z.number().int().min(1).max(4096).optional(),
  ppo: z.record(z.string(), z.unknown()).optional(),
  ddqn: z.record(z.string(), z.unknown()).optional(),
  evalEvery: z.number().int().min(0).default(0),
  evalEpisodes: z.number().int().min(1).max(100_000).default(100),
  /**
   * Execution env: each evaluation also runs TWAP on the same episodes and reports the IS
   * difference with its interval (`validation`). Absent: on whenever the envs can (the default
   * execution env); true: required (refused where the envs cannot); false: off. Never changes
   * the weights.
   */
  evalVsTwap: z.boolean().optional(),
  earlyStopping: EarlyStoppingSchema.nullable().default(null),
  checkpointEvery: z.number().int().min(0).default(0),
  /** TensorFlow.js backend: `auto` (best present) or one forced by name. */
  backend: z.enum(['auto', ...NODE_TF_BACKENDS]).default('auto'),
}).strict()
  .refine((c) => c.earlyStopping === null || c.evalEvery > 0, { message: 'early stopping needs evalEvery > 0 (it stops on evaluations)', path: ['earlyStopping'] })
  .refine((c) => c.evalVsTwap !== true || c.env.kind === 'execution', { message: 'validation against TWAP needs the execution env', path: ['evalVsTwap'] })
  .refine((c) => c.earlyStopping?.metric !== 'validationDiffBps' || (c.env.kind === 'execution' && c.evalVsTwap !== false), { message: 'early stopping on validationDiffBps needs the execution env with evalVsTwap on', path: ['earlyStopping', 'metric'] })
  .refine((c) => (c.algo === 'ppo' ? c.ddqn === undefined : c.ppo === undefined), { message: 'only the chosen algorithm\'s section (ppo or ddqn) may be given', path: ['algo'] });

/** A validated training config with the algorithm's hyperparameters resolved (`algoConfig`, seed and numEnvs included). */
export type TrainingConfig = z.output<typeof TrainingConfigSchema> & { readonly numEnvs: number; readonly algoConfig: Record<string, unknown> };
/** A training config as written. */
export type TrainingConfigInput = z.input<typeof TrainingConfigSchema>;

function issues(e: z.ZodError, prefix: string): string {
  return e.issues.map((i) => `${[prefix, ...i.path].filter((p) => p !== '').join('.') || '(config)'}: ${i.message}`).join('; ');
}

/**
 * Validates a training config; throws a RangeError naming every bad field and its limit, e.g.
 * `training config: ppo.clipCoef: Too big: expected number to be <=1`. The algorithm section is
 * validated by the algorithm's own schema (with the run's seed and numEnvs).
 */
export function resolveTrainingConfig(input: unknown): TrainingConfig {
  const r = TrainingConfigSchema.safeParse(input ?? {});
  if (!r.success) throw new RangeError(`training config: ${issues(r.error, '')}`);
  const c = r.data;
  const numEnvs = c.numEnvs ?? (c.algo === 'ppo' ? 4 : 1);
  const section = (c.algo === 'ppo' ? c.ppo : c.ddqn) ?? {};
  for (const k of ['seed', 'numEnvs']) {
    if (k in section) throw new RangeError(`training config: ${c.algo}.${k}: set it at the top level (the run's ${k}), not in the algorithm section`);
  }
  const schema = c.algo === 'ppo' ? PpoConfigSchema : DqnConfigSchema;
  const a = schema.safeParse({ ...section, seed: c.seed, numEnvs });
  if (!a.success) throw new RangeError(`training config: ${issues(a.error, c.algo)}`);
  return { ...c, numEnvs, algoConfig: a.data as Record<string, unknown> };
}
