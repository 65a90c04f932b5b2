import type { Side } from '../domain/side.js';
import type { ExecutionContext } from '../execution/execution-context.js';

/**
 * TWAP with market orders, for a venue without a market-data feed (no prices known): the
 * quantity in `slices` equal market IOC children at the start of each slice (the remainder
 * spread over the first ones), and at the end whatever is unfilled (IOCs cut short by thin
 * liquidity) in one last market IOC. Invariants (counting only what was filled after `start()`,
 * so it can take over the rest of a parent on the same order path): never more than `quantity` in flight plus
 * filled; no order is placed after `finish()`; `finished` once the end sweep is acknowledged
 * done (or nothing was left).
 */
export class MarketTwap {
  finished = false;
  private stopped = false;
  private sent = 0;
  /** What the context's orders had filled before this TWAP started (a fallback after another strategy shares its order path). */
  private filledBefore = 0;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly side: Side,
    private readonly quantity: number,
    private readonly horizonNs: number,
    private readonly slices: number,
    private readonly strategy = 'twap-market',
  ) {
    if (!(Number.isSafeInteger(quantity) && quantity > 0)) throw new RangeError(`quantity: must be a positive integer of size units, got ${quantity}`);
    if (!(Number.isSafeInteger(slices) && slices >= 1)) throw new RangeError(`slices: must be an integer ≥ 1, got ${slices}`);
  }

  start(): void {
    this.filledBefore = this.ctx.orders().reduce((s, o) => s + o.filled, 0);
    for (let i = 0; i < this.slices; i++) {
      const size = Math.floor(this.quantity / this.slices) + (i < this.quantity % this.slices ? 1 : 0);
      this.ctx.setTimer((i * this.horizonNs) / this.slices, () => this.send(size));
    }
    this.ctx.setTimer(this.horizonNs, () => this.sweep());
  }

  /** Stops placing (Ctrl-C); open children are cancelled by the caller. */
  finish(): void {
    this.stopped = true;
  }

  private filled(): number {
    return this.ctx.orders().reduce((s, o) => s + o.filled, 0) - this.filledBefore;
  }

  private send(size: number): void {
    if (this.stopped || size <= 0) return;
    this.sent += size;
    this.ctx.place({ side: this.side, type: 'market', tif: 'ioc', size, strategy: this.strategy });
  }

  private sweep(): void {
    if (this.stopped) return;
    const open = this.ctx.orders().some((o) => o.status === 'New' || o.status === 'PendingNew' || o.status === 'PartiallyFilled');
    if (open) {
      this.ctx.setTimer(50e6, () => this.sweep()); // wait for the IOCs in flight to end before sizing the sweep
      return;
    }
    const left = this.quantity - this.filled();
    if (left > 0 && this.sent < 4 * this.quantity) {
      this.send(left);
      this.ctx.setTimer(50e6, () => this.endWhenDone());
      return;
    }
    this.finished = true;
  }

  private endWhenDone(): void {
    const open = this.ctx.orders().some((o) => o.status === 'New' || o.status === 'PendingNew' || o.status === 'PartiallyFilled');
    if (open) this.ctx.setTimer(50e6, () => this.endWhenDone());
    else this.finished = true;
  }
}
