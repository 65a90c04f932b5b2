import { Ppo } from '../ppo/ppo.js';
import type { PpoConfigInput } from '../ppo/ppo-config.js';
import { ReplayableBatchEnv } from '../train/replayable-batch-env.js';
import { AcEnv, acObjective, acOptimalHoldings, acScheduleOf, type AcWorld } from './ac-env.js';

/** The result of an analytic check: the learned and the closed-form schedules and objectives. */
export interface AcCheckResult {
  readonly steps: number;
  /** Holdings x_0 … x_N of the greedy agent and of the closed-form optimum. */
  readonly agentHoldings: number[];
  readonly optimalHoldings: number[];
  readonly agentObjective: number;
  readonly optimalObjective: number;
  /** (agent − optimum) / optimum of E[cost] + λVar[cost]; ≥ 0 up to rounding (the optimum is the minimum). */
  readonly relativeGap: number;
  /** max_k |x_k(agent) − x_k(optimum)| / X. */
  readonly maxHoldingsGap: number;
}

/**
 * Trains PPO (Gaussian head) in the AC world for `steps` env steps and compares the greedy
 * schedule with the closed-form optimum. The caller selects the TF.js backend first.
 * Deterministic in (world, steps, seed, ppo config, backend).
 */
export function runAcCheck(world: AcWorld, steps: number, seed: number, ppo: PpoConfigInput = {}): AcCheckResult {
  const numEnvs = ppo.numEnvs ?? 8;
  const env = new ReplayableBatchEnv(Array.from({ length: numEnvs }, () => new AcEnv(world)));
  const agent = new Ppo(env, { numSteps: 5 * world.N, gamma: 1, gaeLambda: 0.95, learningRate: 3e-3, updateEpochs: 8, numMinibatches: 4, entCoef: 0, hidden: [32, 32], ...ppo, seed, numEnvs });
  try {
    agent.train(steps);
    const holdings = acScheduleOf(world, (o) => agent.greedyAction(o)[0]!);
    const opt = acOptimalHoldings(world);
    const a = acObjective(world, holdings).objective, b = acObjective(world, opt).objective;
    let gap = 0;
    for (let k = 0; k <= world.N; k++) gap = Math.max(gap, Math.abs(holdings[k]! - opt[k]!) / world.X);
    return { steps: agent.steps, agentHoldings: [...holdings], optimalHoldings: [...opt], agentObjective: a, optimalObjective: b, relativeGap: (a - b) / b, maxHoldingsGap: gap };
  } finally {
    agent.dispose();
  }
}
