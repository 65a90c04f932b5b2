import { Rng } from '../../kernel/rng.js';
import type { BatchEnv, BatchStep } from '../cartpole/batch-env.js';

/**
 * A test fixture for continuous heads: each one-step episode shows a target t ~ U[−1, 1) and
 * pays −(a − t)² for the action a ∈ [−2, 2]. Every step terminates. Invariant: env i's targets
 * come from `Rng(seed_i)` only.
 */
export class TargetEnv implements BatchEnv {
  readonly obsDim = 1;
  readonly actionCount = 0;
  readonly continuous = { low: Float32Array.of(-2), high: Float32Array.of(2) };
  private rngs: Rng[] = [];
  private readonly out: BatchStep;

  constructor(readonly n: number) {
    this.out = {
      observations: new Float32Array(n), rewards: new Float64Array(n), dones: new Uint8Array(n).fill(1),
      terminated: new Uint8Array(n).fill(1), truncated: new Uint8Array(n), terminalObservations: new Float32Array(n),
    };
  }

  reset(seeds: readonly number[]): Float32Array {
    this.rngs = seeds.map((s) => new Rng(s));
    this.rngs.forEach((r, i) => (this.out.observations[i] = 2 * r.float() - 1));
    return this.out.observations;
  }

  step(actions: ArrayLike<number>): BatchStep {
    const o = this.out;
    for (let i = 0; i < this.n; i++) {
      const a = actions[i]!;
      if (a < -2 || a > 2) throw new RangeError(`TargetEnv: action ${a} outside [−2, 2]`);
      o.rewards[i] = -((a - o.observations[i]!) ** 2);
      o.terminalObservations[i] = o.observations[i]!;
      o.observations[i] = 2 * this.rngs[i]!.float() - 1;
    }
    return o;
  }
}
