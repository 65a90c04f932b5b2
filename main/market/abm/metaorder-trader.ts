import type { Side } from '../../domain/side.js';
import type { Task } from '../../kernel/scheduler.js';
import type { Exchange, OrderOwner } from './exchange.js';

/** A metaorder worked by `MetaorderTrader`. Times are seconds of session time. */
export interface MetaorderSpec {
  readonly side: Side;
  /** Total quantity, size units (≥ 1). */
  readonly quantity: number;
  readonly startSec: number;
  /** Execution window; children are spread evenly over it (> 0). */
  readonly durationSec: number;
  /** Seconds between child orders (the last child may be smaller). */
  readonly childEverySec: number;
  /**
   * 'twap' (default): the schedule below. 'sweep': the `immediate` algorithm's way — at startSec a
   * market order for the whole quantity, then every childEverySec one for what is still unfilled,
   * until filled or the window ends.
   */
  readonly mode?: 'twap' | 'sweep';
}

/**
 * A scheduled metaorder (TWAP of market orders) sent straight to the exchange, for impact
 * experiments on the agent-based market: child k (k = 0..n−1, n = ⌈durationSec / childEverySec⌉)
 * is a market order of round((k+1)·Q/n) − round(k·Q/n) at startSec + k·durationSec/n. It never
 * rests an order, so it owns no resting fills. In 'sweep' mode children are what is left (see
 * `MetaorderSpec.mode`). Invariant (twap): Σ children sizes = quantity; always `filled`
 * ≤ quantity (a market order against an empty side fills nothing, the rest is discarded, as for
 * any market order on this exchange).
 */
export class MetaorderTrader implements OrderOwner, Task {
  readonly agent: number;
  readonly children: number;
  filled = 0;
  sent = 0;
  /** Time (ns) of the last child sent; NaN before the first. */
  lastChildNs = NaN;
  private k = 0;

  constructor(
    private readonly ex: Exchange,
    readonly spec: MetaorderSpec,
  ) {
    if (!(spec.quantity >= 1) || !(spec.durationSec > 0) || !(spec.childEverySec > 0)) {
      throw new RangeError(`MetaorderTrader: quantity ≥ 1, durationSec > 0 and childEverySec > 0 required, got ${spec.quantity}, ${spec.durationSec}, ${spec.childEverySec}`);
    }
    this.agent = ex.addOwner(this, 1);
    this.children = Math.max(1, Math.ceil(spec.durationSec / spec.childEverySec));
  }

  /** Arms the first child at `startSec` (call before the session runs past it). */
  start(): void {
    this.ex.scheduler.at(Math.round(this.spec.startSec * 1e9), this);
  }

  fire(nowNs: number): void {
    if (this.spec.mode === 'sweep') {
      this.sweep(nowNs);
      return;
    }
    const { quantity: q, side } = this.spec;
    const n = this.children;
    const size = Math.round(((this.k + 1) * q) / n) - Math.round((this.k * q) / n);
    if (size > 0) {
      this.sent += size;
      this.filled += this.ex.market(this.agent, side, size);
    }
    this.lastChildNs = nowNs;
    this.k++;
    if (this.k < n) this.ex.scheduler.at(Math.round((this.spec.startSec + (this.k * this.spec.durationSec) / n) * 1e9), this);
  }

  private sweep(nowNs: number): void {
    const left = this.spec.quantity - this.filled;
    if (left <= 0) return;
    this.sent += left;
    this.filled += this.ex.market(this.agent, this.spec.side, left);
    this.lastChildNs = nowNs;
    this.k++;
    const next = nowNs + Math.round(this.spec.childEverySec * 1e9);
    if (this.filled < this.spec.quantity && next <= Math.round((this.spec.startSec + this.spec.durationSec) * 1e9)) this.ex.scheduler.at(next, this);
  }

  onRestingFill(): void {
    // Market orders only: nothing of ours ever rests.
  }
}
