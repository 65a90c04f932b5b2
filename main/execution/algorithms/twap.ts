import type { ExecutionContext } from '../execution-context.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { SlicedExecutor, type SlicedOptions } from './sliced-executor.js';

/**
 * TWAP: equal slices over the horizon. Cumulative target by the end of slice k (of N) =
 * round(quantity × (k + 1) / N). Placement is `SlicedExecutor`'s, exactly: each slice's share is
 * posted passively at our touch (pegged), the slice's unfilled part is crossed with an IOC at
 * the opposite best when the slice ends, any shortfall is caught up passively in the next slice,
 * and at the end the remainder is swept (market IOC, or IOC at the limit price).
 * Invariant: with nothing binding, filled stays within one slice of the linear schedule.
 */
export class TwapExecutor extends SlicedExecutor {
  constructor(ctx: ExecutionContext, spec: ParentOrderSpec, opts: SlicedOptions = {}) {
    super(ctx, spec, opts);
  }

  protected cumulativeTarget(k: number): number {
    return Math.round((this.spec.quantity * (k + 1)) / this.slices);
  }
}
