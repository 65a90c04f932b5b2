import type { Rng } from '../../kernel/rng.js';

/**
 * Categorical distribution over `k` logits at `logits[off .. off+k)`, in float64 (plain
 * TypeScript; acting needs no tfjs). `sampleCategorical` draws one uniform from `rng` (inverse
 * CDF), so the action sequence depends only on the rng's seed and the logits.
 */
export function logSoftmaxAt(logits: ArrayLike<number>, off: number, k: number, a: number): number {
  let m = -Infinity;
  for (let j = 0; j < k; j++) m = Math.max(m, logits[off + j]!);
  let z = 0;
  for (let j = 0; j < k; j++) z += Math.exp(logits[off + j]! - m);
  return logits[off + a]! - m - Math.log(z);
}

export function sampleCategorical(logits: ArrayLike<number>, off: number, k: number, rng: Rng): number {
  let m = -Infinity;
  for (let j = 0; j < k; j++) m = Math.max(m, logits[off + j]!);
  let z = 0;
  for (let j = 0; j < k; j++) z += Math.exp(logits[off + j]! - m);
  let u = rng.float() * z;
  for (let j = 0; j < k - 1; j++) {
    u -= Math.exp(logits[off + j]! - m);
    if (u < 0) return j;
  }
  return k - 1;
}

/** Index of the largest of `k` values at `off` (first on ties). */
export function argmax(v: ArrayLike<number>, off: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (v[off + j]! > v[off + best]!) best = j;
  return best;
}
