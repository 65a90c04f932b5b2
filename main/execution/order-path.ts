import type { InstrumentSpec } from '../domain/instrument.js';
import type { OrderEvent } from '../domain/order-events.js';
import type { NewOrder } from '../domain/orders.js';
import type { Scheduler } from '../kernel/scheduler.js';
import type { Venue } from '../market/venue/venue.js';
import { checkOrder } from '../risk/pre-trade-gate.js';
import type { RiskLimits } from '../risk/risk-limits.js';
import { OrderManager, type ChildOrder } from './order-manager.js';

/** A new order as a strategy writes it; the order path assigns the client order id. */
export type OrderIntent = Omit<NewOrder, 'clientOrderId'>;

/**
 * The order flow, the same in simulation, paper and live: strategy → risk gate → OMS → venue →
 * events → OMS → listeners (strategy, TCA, UI). A denied order becomes an `OrderDenied` event at
 * once (it never reaches the venue); venue events are applied to the OMS before listeners see them.
 */
export class OrderPath {
  readonly oms: OrderManager;
  killSwitch = false;
  private readonly listeners: Array<(ev: OrderEvent, order: ChildOrder | undefined) => void> = [];

  constructor(
    private readonly venue: Venue,
    private readonly scheduler: Scheduler,
    private readonly instrument: InstrumentSpec,
    public limits: RiskLimits,
    idPrefix = 'C',
  ) {
    this.oms = new OrderManager(idPrefix);
    venue.onOrderEvent((ev) => this.dispatch(ev));
  }

  onEvent(listener: (ev: OrderEvent, order: ChildOrder | undefined) => void): void {
    this.listeners.push(listener);
  }

  /** Sends a new order through the risk gate; returns its client order id (also for a denied one). */
  place(intent: OrderIntent): string {
    const order: NewOrder = { ...intent, clientOrderId: this.oms.nextId() };
    const now = this.scheduler.now;
    this.oms.register(order, now);
    const book = this.venue.book;
    const denial = checkOrder(order, {
      referencePriceUnits: book.mid(),
      openOrders: this.oms.working().length - 1,
      position: this.oms.position,
      killSwitch: this.killSwitch,
    }, this.limits, this.instrument);
    if (denial) {
      this.dispatch({ type: 'OrderDenied', tsNs: now, clientOrderId: order.clientOrderId, reason: denial.reason, field: denial.field });
    } else {
      this.venue.submit({ kind: 'new', ...order });
    }
    return order.clientOrderId;
  }

  cancel(clientOrderId: string): void {
    this.venue.submit({ kind: 'cancel', clientOrderId });
  }

  replace(clientOrderId: string, priceUnits: number, size: number): void {
    this.venue.submit({ kind: 'replace', clientOrderId, priceUnits, size });
  }

  private dispatch(ev: OrderEvent): void {
    const r = this.oms.apply(ev);
    const order = typeof r === 'string' ? undefined : r;
    for (const l of this.listeners) l(ev, order);
  }
}
