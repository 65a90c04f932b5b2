import type { ExecutionContext } from '../execution-context.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { ParentExecutor, type ExecutorOptions } from './parent-executor.js';

/** Options of the slicing executors. Invariant: `slices` is an integer ≥ 1. */
export interface SlicedOptions extends ExecutorOptions {
  /** Number of equal-length slices over [startNs, endNs] (default 10). */
  readonly slices?: number;
}

/** One slice's plan as decided at its start. Invariant: targets are non-decreasing, the last = quantity. */
export interface SlicePlan {
  readonly slice: number;
  readonly startNs: number;
  readonly endNs: number;
  /** Cumulative quantity due by the end of this slice (size units). */
  readonly cumulativeTarget: number;
}

/**
 * A schedule worked in N equal-length slices; subclasses only say how much should be done by
 * the end of each slice (`cumulativeTarget(k)`, decided at slice k's start, so it may adapt).
 *
 * Placement, exactly (slice k covers [t_k, t_{k+1}), t_k = startNs + round(k·(endNs−startNs)/N)):
 * 1. at t_k (k ≥ 1): cancel every working child and wait for the cancels to be confirmed; then
 *    CROSS the shortfall of the slice that ended — target(k−1) − filled — with an IOC at the
 *    opposite best (whatever it does not fill is caught up below);
 * 2. then (and at t_0) decide target(k) and POST the rest of it PASSIVELY — target(k) − filled
 *    − in-flight — as a pegged day limit at our touch;
 * 3. every heartbeat inside the slice: re-peg to the touch and top up with another passive child
 *    if target(k) − filled − in-flight > 0 (an IOC that filled partly, or room that a max
 *    participation cap freed);
 * 4. at endNs: cancel everything, wait for the confirmations, and SWEEP the remainder
 *    (quantity − filled) with a market IOC, or an IOC at the limit price when one is set.
 * Every size is capped by `capacity()` (see `ParentExecutor`). The parent completes unless the
 * limit price or max participation binds, or the book cannot absorb the final sweep; whatever
 * is then left stays unfilled (`parent.leaves`).
 */
export abstract class SlicedExecutor extends ParentExecutor {
  readonly slices: number;
  /** The plans decided so far, one per slice started. */
  readonly plans: SlicePlan[] = [];

  constructor(ctx: ExecutionContext, spec: ParentOrderSpec, opts: SlicedOptions = {}) {
    super(ctx, spec, opts);
    const n = opts.slices ?? 10;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`slices ${n} must be an integer ≥ 1`);
    if ((spec.endNs - spec.startNs) / n < 1e6) throw new RangeError(`slices ${n} over ${(spec.endNs - spec.startNs) / 1e9} s: each slice must last at least 1 ms`);
    this.slices = n;
  }

  /** Start time of slice k (k = slices gives endNs). */
  boundaryNs(k: number): number {
    const { startNs, endNs } = this.spec;
    return k >= this.slices ? endNs : startNs + Math.round((k * (endNs - startNs)) / this.slices);
  }

  /** The cumulative target of the current slice (0 before start). */
  get currentTarget(): number {
    const last = this.plans[this.plans.length - 1];
    return last ? last.cumulativeTarget : 0;
  }

  /**
   * Cumulative quantity due by the end of slice k, decided at slice k's start (after the
   * catch-up cross was sent). `plannedBefore` = target(k−1) (0 for k = 0). Clamped by the caller
   * to [plannedBefore, quantity]; the last slice's target is forced to quantity.
   */
  protected abstract cumulativeTarget(k: number, plannedBefore: number): number;

  protected override onStart(): void {
    this.beginSlice(0);
  }

  protected override armTimers(): void {
    for (let k = 1; k < this.slices; k++) {
      this.at(this.boundaryNs(k), () => {
        if (this.state !== 'working') return;
        this.settle(() => {
          if (this.state !== 'working') return;
          this.crossAtTouch(this.currentTarget - this.parent.filled);
          this.beginSlice(k);
        });
      });
    }
  }

  protected override onHeartbeat(): void {
    this.topUp();
  }

  protected override onEnd(): void {
    this.settle(() => {
      this.sweep(this.spec.quantity - this.parent.filled);
      this.end();
    });
  }

  private beginSlice(k: number): void {
    const before = this.currentTarget;
    const q = this.spec.quantity;
    const raw = k === this.slices - 1 ? q : Math.round(this.cumulativeTarget(k, before));
    const target = Math.min(q, Math.max(before, Number.isFinite(raw) ? raw : before));
    this.plans.push({ slice: k, startNs: this.boundaryNs(k), endNs: this.boundaryNs(k + 1), cumulativeTarget: target });
    this.topUp();
  }

  private topUp(): void {
    const want = this.currentTarget - this.parent.filled - this.parent.inFlight();
    if (want >= 1) this.postPassive(want);
  }
}
