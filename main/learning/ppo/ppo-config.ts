import { z } from 'zod';
import { parseConfig } from '../nn/parse-config.js';

/**
 * PPO's hyperparameters (CleanRL's `ppo.py` defaults unless said; README.md explains each).
 * Invariants (enforced by the schema): sizes are positive integers, numEnvs × numSteps is
 * divisible by numMinibatches, coefficients in their stated ranges.
 */
export const PpoConfigSchema = z.object({
  /** Seed of every random draw (init, actions, shuffles) and of the training episodes. */
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  numEnvs: z.number().int().min(1).max(4096).default(4),
  /** Steps per env per rollout (T). */
  numSteps: z.number().int().min(1).max(1 << 20).default(128),
  learningRate: z.number().positive().max(1).default(2.5e-4),
  /** Linear decay of the learning rate to 0 over the run. */
  annealLr: z.boolean().default(true),
  gamma: z.number().min(0).max(1).default(0.99),
  gaeLambda: z.number().min(0).max(1).default(0.95),
  numMinibatches: z.number().int().min(1).default(4),
  updateEpochs: z.number().int().min(1).max(1000).default(4),
  normAdv: z.boolean().default(true),
  clipCoef: z.number().positive().max(1).default(0.2),
  clipVloss: z.boolean().default(true),
  entCoef: z.number().min(0).max(1).default(0.01),
  vfCoef: z.number().min(0).max(100).default(0.5),
  maxGradNorm: z.number().positive().default(0.5),
  /** Stop the epochs of an update early once the approximate KL exceeds this (null: never). */
  targetKl: z.number().positive().nullable().default(null),
  hidden: z.array(z.number().int().min(1).max(4096)).min(1).max(8).default([64, 64]),
  activation: z.enum(['tanh', 'relu']).default('tanh'),
}).strict().refine((c) => (c.numEnvs * c.numSteps) % c.numMinibatches === 0, {
  message: 'numEnvs × numSteps must be divisible by numMinibatches',
  path: ['numMinibatches'],
});

/** A validated PPO config (see `PpoConfigSchema`). */
export type PpoConfig = z.output<typeof PpoConfigSchema>;
/** A PPO config as written: any field may be left out (defaults). */
export type PpoConfigInput = z.input<typeof PpoConfigSchema>;

export function resolvePpoConfig(input: PpoConfigInput = {}): PpoConfig {
  return parseConfig(PpoConfigSchema, input, 'ppo');
}
