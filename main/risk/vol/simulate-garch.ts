import { Rng } from '../../kernel/rng.js';
import type { GarchParams } from './garch.js';

/**
 * A seeded GARCH(1,1) path with Gaussian shocks, started at the unconditional variance (tests and
 * the benchmark). Same params, n and seed ⇒ the same series bit for bit.
 */
export function simulateGarch(p: GarchParams, n: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const r = new Float64Array(n);
  let v = p.omega / (1 - p.alpha - p.beta);
  for (let t = 0; t < n; t++) {
    r[t] = Math.sqrt(v) * rng.normal();
    v = p.omega + p.alpha * r[t]! * r[t]! + p.beta * v;
  }
  return r;
}
