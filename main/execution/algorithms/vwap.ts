import type { ExecutionContext } from '../execution-context.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { SlicedExecutor, type SlicedOptions } from './sliced-executor.js';
import { checkVolumeCurve, volumeFraction, type VolumeCurve } from './volume-curve.js';

/** Options of `VwapExecutor`. */
export interface VwapOptions extends SlicedOptions {
  /** The expected intraday volume profile (e.g. `volumeCurveFromBars`); uniform when absent. */
  readonly curve?: VolumeCurve;
}

/**
 * VWAP: slices proportional to an intraday volume curve. Cumulative target by the end of slice
 * k = round(quantity × F(t_{k+1})), F(t) = the curve's expected volume in [startNs, t] over its
 * expected volume in [startNs, endNs] (`volumeFraction`); uniform — exactly TWAP — when no curve
 * is given or the curve has no volume in the horizon. Placement is `SlicedExecutor`'s, exactly:
 * passive pegged at our touch, IOC at the opposite best for the slice's shortfall at each slice
 * end, passive catch-up, final sweep at endNs.
 */
export class VwapExecutor extends SlicedExecutor {
  readonly curve: VolumeCurve | undefined;

  constructor(ctx: ExecutionContext, spec: ParentOrderSpec, opts: VwapOptions = {}) {
    super(ctx, spec, opts);
    if (opts.curve) checkVolumeCurve(opts.curve);
    this.curve = opts.curve;
  }

  /** Fraction of the quantity due by `tNs` under the curve. */
  fractionAt(tNs: number): number {
    return volumeFraction(this.curve, this.spec.startNs, this.spec.endNs, tNs);
  }

  protected cumulativeTarget(k: number): number {
    if (!this.curve) return Math.round((this.spec.quantity * (k + 1)) / this.slices);
    return Math.round(this.spec.quantity * this.fractionAt(this.boundaryNs(k + 1)));
  }
}
