import type { InstrumentSpec } from '../domain/instrument.js';
import type { OrderEvent } from '../domain/order-events.js';
import type { Scheduler } from '../kernel/scheduler.js';
import type { BookView } from '../market/book/book-types.js';
import type { ChildOrder } from './order-manager.js';
import type { OrderIntent, OrderPath } from './order-path.js';
import type { ExecutionPosture } from './posture.js';

/**
 * The one API every strategy and agent uses, whatever the venue (replayed day, agent-based
 * market, paper, live): the clock, the book, own orders and fills, timers, and placing,
 * cancelling and replacing child orders. What was tested in simulation is what runs live.
 * Invariant: callbacks run on the engine's single thread at simulated time `now()`.
 */
export interface ExecutionContext {
  readonly instrument: InstrumentSpec;
  now(): number;
  /** The book as the strategy sees it (lagged by market-data latency where the venue models it). */
  readonly book: BookView;
  /** Through the pre-trade gate: a denied order comes back at once as `OrderDenied` (`field` = the reason). */
  place(order: OrderIntent): string;
  cancel(clientOrderId: string): void;
  /** New price and new TOTAL size, through the gate: a denied replace comes back as `OrderCancelRejected`, the order unchanged. */
  replace(clientOrderId: string, priceUnits: number, size: number): void;
  /** Calls `fn` after `delayNs` of simulated (or wall) time. */
  setTimer(delayNs: number, fn: () => void): void;
  /** Own orders in creation order. */
  orders(): readonly ChildOrder[];
  /** Optional: one own order by client order id without copying `orders()` (a parent order looks up each child it sends). */
  order?(clientOrderId: string): ChildOrder | undefined;
  /** Signed position in size units from own fills. */
  position(): number;
  onOrderEvent(listener: (ev: OrderEvent, order: ChildOrder | undefined) => void): void;
  /**
   * Optional: our resting order's place in its queue where the venue reports it (simulated
   * venues): size ahead / level size in [0, 1]; undefined where unknown (not resting, live).
   */
  queuePosition?(clientOrderId: string): number | undefined;
  /**
   * Optional: the risk posture in force now (the risk models' tightened participation and
   * aggressiveness, `posture.ts`); null or absent = the parent order's own limits only.
   */
  posture?(): ExecutionPosture | null;
}

/** The execution context over a simulated venue, driven by the kernel scheduler. */
export class SimExecutionContext implements ExecutionContext {
  /** Where the posture comes from (the host's risk models); null = none. */
  postureSource: (() => ExecutionPosture | null) | null = null;

  constructor(
    readonly instrument: InstrumentSpec,
    readonly book: BookView,
    private readonly path: OrderPath,
    private readonly scheduler: Scheduler,
  ) {}

  now(): number {
    return this.scheduler.now;
  }
  place(order: OrderIntent): string {
    return this.path.place(order);
  }
  cancel(clientOrderId: string): void {
    this.path.cancel(clientOrderId);
  }
  replace(clientOrderId: string, priceUnits: number, size: number): void {
    this.path.replace(clientOrderId, priceUnits, size);
  }
  setTimer(delayNs: number, fn: () => void): void {
    this.scheduler.after(delayNs, { fire: () => fn() });
  }
  orders(): readonly ChildOrder[] {
    return this.path.oms.all();
  }
  order(clientOrderId: string): ChildOrder | undefined {
    return this.path.oms.get(clientOrderId);
  }
  position(): number {
    return this.path.oms.position;
  }
  onOrderEvent(listener: (ev: OrderEvent, order: ChildOrder | undefined) => void): void {
    this.path.onEvent(listener);
  }
  queuePosition(clientOrderId: string): number | undefined {
    return this.path.queuePosition(clientOrderId);
  }
  posture(): ExecutionPosture | null {
    return this.postureSource ? this.postureSource() : null;
  }
}
