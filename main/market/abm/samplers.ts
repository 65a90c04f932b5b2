import { IMMUTABLE_STATE } from '../../kernel/object-snapshot.js';
import type { Rng } from '../../kernel/rng.js';
import type { Scheduler, Task } from '../../kernel/scheduler.js';
import type { SizeDist } from './market-config.js';

/**
 * Walker/Vose alias table over indices 0..n−1 with probabilities ∝ weights: O(1) draws from
 * one uniform (no scan, no allocation). Invariant: `sample(u)` for u ~ U[0, 1) returns i with
 * probability weights[i] / Σ weights exactly (up to float rounding); zero-weight indices never.
 */
export class AliasTable {
  readonly n: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`AliasTable: weights must be finite and ≥ 0, got ${w}`);
      total += w;
    }
    if (n === 0 || !(total > 0)) throw new RangeError('AliasTable: needs at least one positive weight');
    this.n = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = weights.map((w) => (w * n) / total);
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

/** A size from `d`: round(exp(logMean + logSigma·Z)) clamped to [1, max] (integer size units). */
export function drawSize(rng: Rng, d: SizeDist): number {
  const s = Math.round(Math.exp(d.logMean + d.logSigma * rng.normal()));
  return s < 1 ? 1 : s > d.max ? d.max : s;
}

/** Delay in integer ns of an exponential wait with rate `ratePerSec` (Infinity when rate ≤ 0). */
export function exponentialDelayNs(rng: Rng, ratePerSec: number): number {
  if (!(ratePerSec > 0)) return Infinity;
  return Math.ceil(rng.exponential(ratePerSec) * 1e9);
}

/** A population of agents that the scheduler wakes by index. */
export interface Wakeable {
  /** Agent `i` acts at `nowNs`; `timer` = its own clock fired (so it schedules its next wake-up). */
  wake(i: number, nowNs: number, timer: boolean): void;
}

/**
 * An agent's wake-up as a scheduler task, preallocated once per agent (no allocation per
 * event). `timer` tells the population whether this is the agent's own clock (which it re-arms)
 * or an extra wake-up (after a fill, a regime event), which must not start a second clock.
 */
export class AgentWake implements Task {
  /** Never changes after construction: a session snapshot need not copy it. */
  static readonly [IMMUTABLE_STATE] = true;
  constructor(
    private readonly pop: Wakeable,
    private readonly i: number,
    private readonly timer: boolean,
  ) {}
  fire(nowNs: number, _scheduler: Scheduler): void {
    this.pop.wake(this.i, nowNs, this.timer);
  }
}
