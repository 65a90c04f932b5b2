import { VecEnv } from '../env/vec-env.js';
import { CartPoleEnv, type CartPoleInfo } from './cartpole-env.js';

/**
 * N `CartPoleEnv`s in lockstep with auto-reset: the generic `VecEnv` over CartPole (its seeding
 * scheme: env i's episodes use seeds s_i, s_i + stride, s_i + 2·stride, …, stride N by default).
 * Invariant: env i behaves exactly as a single `CartPoleEnv` given the same seeds and actions.
 */
export class CartPoleVecEnv extends VecEnv<CartPoleInfo> {
  constructor(n: number, opts: { seedStride?: number; maxSteps?: number } = {}) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`CartPoleVecEnv: n must be an integer ≥ 1, got ${n}`);
    super(Array.from({ length: n }, () => new CartPoleEnv(opts.maxSteps)), { seedStride: opts.seedStride });
  }
}
