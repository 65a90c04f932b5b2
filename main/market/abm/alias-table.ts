import { IMMUTABLE_STATE } from '../../kernel/object-snapshot.js';

/**
 * Walker/Vose alias table over indices 0..n−1 with probabilities ∝ weights: O(1) draws from
 * one uniform (no scan, no allocation). Invariant: `sample(u)` for u ~ U[0, 1) returns i with
 * probability weights[i] / Σ weights exactly (up to float rounding); zero-weight indices never.
 */
export class AliasTable {
  /** Never changes, nor does anything it holds: a snapshot neither copies nor enters it. */
  static readonly [IMMUTABLE_STATE] = 'deep';
  readonly n: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`AliasTable: weights must be finite and ≥ 0, got ${w}`);
      total += w;
    }
    if (n === 0 || !(total > 0)) throw new RangeError('AliasTable: needs at least one positive weight');
    this.n = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = Array.from(weights, (w) => (w * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.prob[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of large) { this.prob[i] = 1; this.alias[i] = i; }
    for (const i of small) { this.prob[i] = 1; this.alias[i] = i; }
  }

  /** An index drawn with probability ∝ its weight, from one uniform u ∈ [0, 1). */
  sample(u: number): number {
    const x = u * this.n;
    const i = x | 0;
    return x - i < this.prob[i]! ? i : this.alias[i]!;
  }
}
