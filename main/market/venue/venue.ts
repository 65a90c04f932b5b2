import type { OrderEvent } from '../../domain/order-events.js';
import type { OrderRequest } from '../../domain/orders.js';
import type { Side } from '../../domain/side.js';
import type { Rng } from '../../kernel/rng.js';
import type { Scheduler } from '../../kernel/scheduler.js';
import type { BookView } from '../book/book-types.js';

/** Receives every event about our orders, at the time the venue's acknowledgement would reach us. */
export type OrderEventListener = (ev: OrderEvent) => void;

/**
 * A trading venue as the order path sees it, the same for a simulated venue (historical replay
 * or agent-based market), paper and, later, the FIX gateway. Requests are sent at the scheduler's
 * current time; the venue applies its own entry latency, processes them, and reports
 * `OrderEvent`s after its acknowledgement latency. Invariant: every `new` request eventually
 * yields exactly one of OrderAccepted / OrderRejected (or fills and an IOC cancel), never an
 * exception.
 */
export interface Venue {
  readonly name: string;
  submit(req: OrderRequest): void;
  onOrderEvent(listener: OrderEventListener): void;
  /** The book as it is AT THE VENUE now (strategies should read `MarketView`, which lags by market-data latency). */
  readonly book: BookView;
  /** Our orders resting at the venue now, with the size queued ahead of each (for ladders and TCA). */
  restingOrders?(): OwnRestingOrder[];
}

/**
 * One of our resting orders as the venue sees it. Invariant: leaves > 0; queueAhead (size) and
 * ordersAhead (count) ≥ 0, NaN when the venue cannot tell (L2 data has no order count).
 */
export interface OwnRestingOrder {
  clientOrderId: string;
  side: Side;
  priceUnits: number;
  leaves: number;
  queueAhead: number;
  ordersAhead: number;
}

/** The message types latency can differ by. */
export type LatencyKind = 'entry' | 'ack' | 'marketData' | 'cancel';

/**
 * Delay models. Each implementation's doc comment states its distribution exactly. `load` is
 * the venue's recent message rate (messages per second) for models whose delay rises with load.
 * Invariant: returns a finite delay ≥ 0 in nanoseconds.
 */
export interface LatencyModel {
  readonly name: string;
  delayNs(kind: LatencyKind, rng: Rng, load: number): number;
  /**
   * Optional: advances `rng` exactly as `n` calls of `delayNs(kind, rng, ·)` would, without
   * computing the delays (a resumed replay re-draws the delays of the history it skipped).
   */
  skipDraws?(kind: LatencyKind, rng: Rng, n: number): void;
}

/**
 * Fees. Invariant: the fee is in the quote currency's price units × size units (the same scale
 * as priceUnits × size), positive = we pay, negative = a rebate.
 */
export interface FeeModel {
  readonly name: string;
  fee(side: Side, priceUnits: number, size: number, aggressor: boolean): number;
}

/**
 * Queue-position estimation for L2 data, where the orders ahead of ours are not visible. The
 * model tracks, per own resting order, the size estimated ahead; each implementation's doc
 * comment states exactly when that size falls and when the order fills.
 */
export interface QueueModel {
  readonly name: string;
  /** Our order joined a level that holds `levelSize` in front of us. Returns the initial size ahead. */
  onJoin(levelSize: number): number;
  /** The level's displayed size changed from `before` to `after` without a trade (cancels/adds); returns the new size ahead. */
  onLevelChange(ahead: number, before: number, after: number, rng: Rng): number;
  /** A trade of `size` printed at our price; returns the new size ahead (may go negative: the excess fills us). */
  onTrade(ahead: number, size: number): number;
}

/**
 * How our own trading moves prices in a replayed market (replay with reaction). Invariant:
 * `shiftUnits(t)` is the price displacement at time t (ns) caused by our trades before t, in
 * price units, signed (buying pushes prices up).
 */
export interface ImpactModel {
  readonly name: string;
  onOwnTrade(tsNs: number, side: Side, size: number, priceUnits: number): void;
  shiftUnits(tsNs: number): number;
}

/** What every simulated venue is driven by. */
export interface VenueDeps {
  scheduler: Scheduler;
  rng: Rng;
  latency: LatencyModel;
  fees: FeeModel;
}
