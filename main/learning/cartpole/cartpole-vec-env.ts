import type { BatchEnv, BatchStep } from './batch-env.js';
import { CartPoleEnv } from './cartpole-env.js';

/**
 * N `CartPoleEnv`s in lockstep with auto-reset, in `VecEnv`'s seeding scheme: env i's episodes
 * use seeds s_i, s_i + stride, s_i + 2·stride, … (stride defaults to N).
 * Invariant: env i behaves exactly as a single `CartPoleEnv` given the same seeds and actions.
 */
export class CartPoleVecEnv implements BatchEnv {
  readonly obsDim = 4;
  readonly actionCount = 2;
  readonly envs: CartPoleEnv[];
  private readonly seeds: number[];
  private readonly stride: number;
  private readonly out: BatchStep;

  constructor(readonly n: number, opts: { seedStride?: number; maxSteps?: number } = {}) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`CartPoleVecEnv: n must be an integer ≥ 1, got ${n}`);
    this.envs = Array.from({ length: n }, () => new CartPoleEnv(opts.maxSteps));
    this.seeds = new Array<number>(n).fill(NaN);
    this.stride = opts.seedStride ?? n;
    this.out = {
      observations: new Float32Array(n * 4),
      rewards: new Float64Array(n),
      dones: new Uint8Array(n),
      terminated: new Uint8Array(n),
      truncated: new Uint8Array(n),
      terminalObservations: new Float32Array(n * 4),
    };
  }

  reset(seeds: readonly number[]): Float32Array {
    if (seeds.length !== this.n) throw new RangeError(`CartPoleVecEnv.reset: ${seeds.length} seeds for ${this.n} environments`);
    for (let i = 0; i < this.n; i++) {
      this.seeds[i] = seeds[i]!;
      this.out.observations.set(this.envs[i]!.reset(seeds[i]!), i * 4);
    }
    return this.out.observations;
  }

  step(actions: ArrayLike<number>): BatchStep {
    if (actions.length !== this.n) throw new RangeError(`CartPoleVecEnv.step: ${actions.length} actions for ${this.n} environments`);
    const o = this.out;
    for (let i = 0; i < this.n; i++) {
      const env = this.envs[i]!;
      const r = env.stepInPlace(actions[i]!);
      o.rewards[i] = r.reward;
      o.terminated[i] = r.info.terminated ? 1 : 0;
      o.truncated[i] = r.info.truncated ? 1 : 0;
      o.dones[i] = r.done ? 1 : 0;
      if (r.done) {
        o.terminalObservations.set(env.observation, i * 4);
        this.seeds[i]! += this.stride;
        o.observations.set(env.reset(this.seeds[i]!), i * 4);
      } else {
        o.observations.set(env.observation, i * 4);
      }
    }
    return o;
  }
}
