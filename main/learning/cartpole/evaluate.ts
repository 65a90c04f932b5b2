import { CartPoleEnv } from './cartpole-env.js';

/** A deterministic policy for evaluation: observation → action. */
export type GreedyPolicy = (observation: Float32Array) => number;

/**
 * The returns of `episodes` CartPole episodes under `policy`, on seeds −1, −2, … (training
 * episodes use seeds ≥ 0, so these are never seen in training).
 * Invariant: deterministic in the policy.
 */
export function evaluateCartPole(policy: GreedyPolicy, episodes: number): number[] {
  const env = new CartPoleEnv();
  const returns: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset(-1 - e);
    let ret = 0;
    for (;;) {
      const r = env.stepInPlace(policy(obs));
      ret += r.reward;
      obs = env.observation;
      if (r.done) break;
    }
    returns.push(ret);
  }
  return returns;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}
