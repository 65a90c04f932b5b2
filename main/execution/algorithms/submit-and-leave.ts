import type { ExecutionContext } from '../execution-context.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { ParentExecutor, type ExecutorOptions } from './parent-executor.js';

/** Options of `SubmitAndLeaveExecutor`. Invariant: a price is given here or as the parent's limit. */
export interface SubmitAndLeaveOptions extends ExecutorOptions {
  /** The limit price, price units (default: the parent's limitPriceUnits). Must not be through it. */
  readonly priceUnits?: number;
}

/**
 * Submit-and-leave: one day limit order at a fixed price for the whole quantity, sent at
 * startNs and left alone (never pegged, never crossed on purpose — it takes liquidity only if
 * the price is marketable when it arrives). At endNs it is cancelled; NO clean-up crossing, so
 * the parent may end partly filled or unfilled (`parent.leaves`).
 * Under a max participation p < 1 the first order is only as large as the room allows, and at
 * every heartbeat another day limit at the SAME price is added for the room freed since.
 */
export class SubmitAndLeaveExecutor extends ParentExecutor {
  readonly priceUnits: number;

  constructor(ctx: ExecutionContext, spec: ParentOrderSpec, opts: SubmitAndLeaveOptions = {}) {
    super(ctx, spec, opts);
    const price = opts.priceUnits ?? spec.limitPriceUnits;
    if (price === undefined) throw new RangeError('submit-and-leave needs a price: options.priceUnits or the parent\'s limitPriceUnits');
    if (!Number.isSafeInteger(price) || price <= 0) throw new RangeError(`priceUnits ${price} must be a positive integer (price units)`);
    if (this.capToLimit(price) !== price) throw new RangeError(`priceUnits ${price} is through limitPriceUnits ${spec.limitPriceUnits}`);
    this.priceUnits = price;
  }

  protected onStart(): void {
    this.postAt(this.priceUnits, this.spec.quantity);
  }

  protected override onHeartbeat(): void {
    if (this.spec.maxParticipation < 1) this.postAt(this.priceUnits, this.spec.quantity);
  }
}
