import type { Side } from '../../domain/side.js';
import type { ExecutionContext } from '../execution-context.js';

/** The three placement styles the what-if screen offers until the full algorithm suite lands. */
export type SimpleAlgorithm = 'twap' | 'passive' | 'market';

/**
 * A parent order for `SimpleParentExecutor`. Invariants: quantity > 0 (size units);
 * startNs ≤ endNs (scheduler time); slices ≥ 1.
 */
export interface SimpleParentSpec {
  side: Side;
  quantity: number;
  startNs: number;
  endNs: number;
  algorithm: SimpleAlgorithm;
  slices: number;
  strategy: string;
}

/**
 * Works a parent order through an `ExecutionContext`. Placement, exactly:
 * - `market`: one market IOC order for the whole quantity at `startNs`.
 * - `twap` (crossing): `slices` child orders at start + k·(end − start)/slices, k = 0..slices−1,
 *   each an IOC limit at the opposite touch for its equal share plus whatever earlier slices
 *   left unfilled; at `endNs` any remainder goes as a market IOC.
 * - `passive` (pegged): one limit at our own touch (best bid for a buy) for the whole quantity at
 *   `startNs`; at every slice boundary, if the touch moved, it is replaced to the new touch
 *   (losing priority); at `endNs` it is cancelled and, once the cancel is confirmed, the remainder
 *   is sent as a market IOC.
 * The executor never sends more than the unfilled quantity.
 */
export class SimpleParentExecutor {
  private filled = 0;
  private working: string | null = null;
  private workingPrice = NaN;
  private finishing = false;
  private readonly sliceNs: number;

  constructor(
    private readonly ctx: ExecutionContext,
    readonly spec: SimpleParentSpec,
  ) {
    this.sliceNs = (spec.endNs - spec.startNs) / spec.slices;
    ctx.onOrderEvent((ev, order) => {
      if (!order || order.order.strategy !== spec.strategy) return;
      if (ev.type === 'OrderFilled') this.filled += ev.size;
      if (order.order.clientOrderId === this.working && (order.status === 'Filled' || order.status === 'Cancelled' || order.status === 'Rejected' || order.status === 'Denied')) {
        this.working = null;
        // At the end the remainder is sent only once the cancel is confirmed, so an in-flight fill can never overfill.
        if (this.finishing) this.sendMarket(this.spec.quantity - this.filled);
      }
    });
  }

  get filledQuantity(): number {
    return this.filled;
  }

  /** Schedules the whole plan on the context's timers. */
  start(): void {
    const { spec, ctx } = this;
    const at = (tNs: number, fn: () => void) => ctx.setTimer(Math.max(0, tNs - ctx.now()), fn);
    if (spec.algorithm === 'market') {
      at(spec.startNs, () => this.sendMarket(spec.quantity));
      return;
    }
    if (spec.algorithm === 'twap') {
      for (let k = 0; k < spec.slices; k++) {
        at(spec.startNs + k * this.sliceNs, () => this.twapSlice(k));
      }
    } else {
      at(spec.startNs, () => this.peg());
      for (let k = 1; k < spec.slices; k++) at(spec.startNs + k * this.sliceNs, () => this.peg());
    }
    at(spec.endNs, () => this.finish());
  }

  private remaining(): number {
    return this.spec.quantity - this.filled - this.inFlight();
  }

  /** Size of the working passive order not yet filled (it may still fill). */
  private inFlight(): number {
    if (!this.working) return 0;
    const o = this.ctx.orders().find((c) => c.order.clientOrderId === this.working);
    return o ? o.leaves : 0;
  }

  private twapSlice(k: number): void {
    const due = Math.round((this.spec.quantity * (k + 1)) / this.spec.slices) - this.filled;
    const size = Math.min(due, this.remaining());
    if (size <= 0) return;
    const touch = this.spec.side === 1 ? this.ctx.book.bestAsk() : this.ctx.book.bestBid();
    if (Number.isNaN(touch)) {
      this.sendMarket(size);
      return;
    }
    this.ctx.place({ side: this.spec.side, type: 'limit', tif: 'ioc', size, priceUnits: touch, strategy: this.spec.strategy });
  }

  private peg(): void {
    const touch = this.spec.side === 1 ? this.ctx.book.bestBid() : this.ctx.book.bestAsk();
    if (Number.isNaN(touch)) return;
    if (this.working) {
      if (touch !== this.workingPrice) {
        const child = this.ctx.orders().find((c) => c.order.clientOrderId === this.working);
        // A replace carries the new TOTAL quantity (FIX OrderQty): keeping the original size keeps the leaves.
        if (child && child.leaves > 0) this.ctx.replace(this.working, touch, child.order.size);
        this.workingPrice = touch;
      }
      return;
    }
    const size = this.remaining();
    if (size <= 0) return;
    this.working = this.ctx.place({ side: this.spec.side, type: 'limit', tif: 'day', size, priceUnits: touch, strategy: this.spec.strategy });
    this.workingPrice = touch;
  }

  private finish(): void {
    if (this.working) {
      this.finishing = true;
      this.ctx.cancel(this.working);
      return;
    }
    this.sendMarket(this.spec.quantity - this.filled);
  }

  private sendMarket(size: number): void {
    if (size <= 0) return;
    this.ctx.place({ side: this.spec.side, type: 'market', tif: 'ioc', size, strategy: this.spec.strategy });
  }
}
