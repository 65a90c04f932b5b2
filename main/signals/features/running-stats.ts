/**
 * Causal running statistics: each value depends only on what was pushed before (no look-ahead).
 */

/** EWMA weight of the newest value for a half-life of `halfLife` steps (≥ 1). */
export function ewmaAlpha(halfLife: number): number {
  return 1 - Math.pow(0.5, 1 / Math.max(1, halfLife));
}

/**
 * Exponentially weighted mean and variance. `z(x)` scores x against the values pushed BEFORE it
 * (so the current value never contributes to its own score); 0 until two values were pushed.
 * Invariant: variance ≥ 0.
 */
export class EwmaStats {
  private mean = 0;
  private variance = 0;
  private count = 0;
  private readonly alpha: number;

  constructor(halfLife: number) {
    this.alpha = ewmaAlpha(halfLife);
  }

  /** z-score of x against the past, clipped to [−10, 10]; 0 without at least two past values or any spread. */
  z(x: number): number {
    if (this.count < 2 || !(this.variance > 1e-18)) return 0;
    const z = (x - this.mean) / Math.sqrt(this.variance);
    return z > 10 ? 10 : z < -10 ? -10 : z;
  }

  get average(): number {
    return this.mean;
  }

  get n(): number {
    return this.count;
  }

  push(x: number): void {
    if (this.count === 0) {
      this.mean = x;
      this.variance = 0;
    } else {
      const d = x - this.mean;
      this.mean += this.alpha * d;
      // West's incremental EW variance: stays ≥ 0 and needs no stored history.
      this.variance = (1 - this.alpha) * (this.variance + this.alpha * d * d);
    }
    this.count++;
  }
}

/**
 * Sums of the last h values pushed, for several h at once, over one ring buffer. Sums are
 * recomputed exactly every `capacity` pushes so rounding never accumulates over a long day.
 */
export class RollingSums {
  private readonly ring: Float64Array;
  private readonly sums: Float64Array;
  private pushed = 0;

  constructor(private readonly horizons: readonly number[]) {
    const cap = Math.max(...horizons);
    this.ring = new Float64Array(cap);
    this.sums = new Float64Array(horizons.length);
  }

  push(x: number): void {
    const cap = this.ring.length;
    const at = this.pushed % cap;
    for (let k = 0; k < this.horizons.length; k++) {
      const h = this.horizons[k]!;
      let s = this.sums[k]! + x;
      if (this.pushed >= h) s -= this.ring[(this.pushed - h + cap) % cap]!;
      this.sums[k] = s;
    }
    this.ring[at] = x;
    this.pushed++;
    if (this.pushed % cap === 0) this.recompute();
  }

  /** Sum of the last horizons[k] values (fewer at the start), never negative for non-negative input. */
  sum(k: number): number {
    const s = this.sums[k]!;
    return s < 0 ? 0 : s;
  }

  /** How many of horizons[k]'s values are present (the window is short at the start). */
  filled(k: number): number {
    return Math.min(this.pushed, this.horizons[k]!);
  }

  private recompute(): void {
    const cap = this.ring.length;
    for (let k = 0; k < this.horizons.length; k++) {
      const h = Math.min(this.horizons[k]!, this.pushed);
      let s = 0;
      for (let j = 1; j <= h; j++) s += this.ring[(this.pushed - j + cap) % cap]!;
      this.sums[k] = s;
    }
  }
}
