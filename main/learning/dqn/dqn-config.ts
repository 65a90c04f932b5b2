import { z } from 'zod';
import { parseConfig } from '../nn/parse-config.js';

/**
 * Double DQN's hyperparameters (README.md explains each; defaults between CleanRL's `dqn.py` and
 * rl-baselines3-zoo's CartPole settings). Invariants (enforced by the schema): sizes positive
 * integers, rates and fractions in their stated ranges, endEpsilon ≤ startEpsilon.
 */
export const DqnConfigSchema = z.object({
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  numEnvs: z.number().int().min(1).max(4096).default(1),
  bufferSize: z.number().int().min(1).max(1 << 24).default(50_000),
  batchSize: z.number().int().min(1).max(65_536).default(64),
  learningRate: z.number().positive().max(1).default(5e-4),
  gamma: z.number().min(0).max(1).default(0.99),
  /** n of the n-step return (1 = one-step TD). */
  nStep: z.number().int().min(1).max(100).default(3),
  /** Env steps (all envs) before learning starts. */
  learningStarts: z.number().int().min(0).default(1_000),
  /** Train every this many lockstep steps of the vector env. */
  trainFreq: z.number().int().min(1).default(1),
  gradientSteps: z.number().int().min(1).max(1000).default(1),
  /** Env steps between target-network updates. */
  targetUpdateInterval: z.number().int().min(1).default(500),
  /** Target update θ⁻ ← τθ + (1 − τ)θ⁻: 1 = hard copy, < 1 = Polyak. */
  tau: z.number().positive().max(1).default(1),
  startEpsilon: z.number().min(0).max(1).default(1),
  endEpsilon: z.number().min(0).max(1).default(0.05),
  /** Fraction of `train(totalSteps)` over which ε decays linearly. */
  explorationFraction: z.number().positive().max(1).default(0.2),
  maxGradNorm: z.number().positive().default(10),
  double: z.boolean().default(true),
  dueling: z.boolean().default(true),
  prioritized: z.boolean().default(false),
  /** Prioritised replay: priority exponent α, importance exponent β annealed from beta0 to 1. */
  alpha: z.number().min(0).max(1).default(0.6),
  beta0: z.number().min(0).max(1).default(0.4),
  priorityEps: z.number().positive().default(1e-6),
  hidden: z.array(z.number().int().min(1).max(4096)).min(1).max(8).default([128, 128]),
  activation: z.enum(['tanh', 'relu']).default('relu'),
}).strict().refine((c) => c.endEpsilon <= c.startEpsilon, { message: 'endEpsilon must be ≤ startEpsilon', path: ['endEpsilon'] });

/** A validated DQN config (see `DqnConfigSchema`). */
export type DqnConfig = z.output<typeof DqnConfigSchema>;
/** A DQN config as written: any field may be left out (defaults). */
export type DqnConfigInput = z.input<typeof DqnConfigSchema>;

export function resolveDqnConfig(input: DqnConfigInput = {}): DqnConfig {
  return parseConfig(DqnConfigSchema, input, 'dqn');
}
