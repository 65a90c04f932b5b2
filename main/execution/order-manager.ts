import type { OrderEvent } from '../domain/order-events.js';
import { nextStatus, TERMINAL_STATUSES, type OrderStatus } from '../domain/order-status.js';
import type { NewOrder } from '../domain/orders.js';

/**
 * A child order as the OMS tracks it. Invariants: `filled + leaves === size` while working and
 * `leaves === 0` once terminal; `avgPriceUnits` is the size-weighted average fill price (NaN
 * before the first fill); `status` changes only through the transition table.
 */
export interface ChildOrder {
  readonly order: NewOrder;
  status: OrderStatus;
  filled: number;
  leaves: number;
  /** Current working limit price (changes on replace). */
  priceUnits: number | undefined;
  avgPriceUnits: number;
  fees: number;
  createdNs: number;
  updatedNs: number;
  venueOrderId?: string;
  /** Why it was denied or rejected, in the gate's / venue's words. */
  reason?: string;
}

/**
 * Order management for child orders: assigns ids, applies every `OrderEvent` through the status
 * transition table, and keeps fills, leaves, average price, fees and the signed position.
 * An impossible transition is recorded in `errors` (and returned), never applied.
 * Invariants: `openCount` = number of orders not in a terminal status; `openBuyLeaves` /
 * `openSellLeaves` = Σ leaves of those orders per side — kept as each event is applied, so the
 * pre-trade gate's worst-case position costs O(1) however many orders a session sent.
 */
export class OrderManager {
  private readonly orders = new Map<string, ChildOrder>();
  private seq = 0;
  position = 0;
  openCount = 0;
  openBuyLeaves = 0;
  openSellLeaves = 0;
  readonly errors: string[] = [];

  constructor(private readonly idPrefix = 'C') {}

  /** Deterministic client order ids: prefix-1, prefix-2, … */
  nextId(): string {
    return `${this.idPrefix}-${++this.seq}`;
  }

  /** Records a new order as PendingNew (sent, not yet acknowledged). */
  register(order: NewOrder, tsNs: number): ChildOrder {
    if (this.orders.has(order.clientOrderId)) throw new Error(`OrderManager: duplicate client order id ${order.clientOrderId}`);
    const c: ChildOrder = {
      order, status: 'PendingNew', filled: 0, leaves: order.size, priceUnits: order.priceUnits,
      avgPriceUnits: NaN, fees: 0, createdNs: tsNs, updatedNs: tsNs,
    };
    this.orders.set(order.clientOrderId, c);
    this.count(c, 1);
    return c;
  }

  /** Unfilled size of working orders on `side`, leaving out `except` (an order being replaced). */
  openLeaves(side: 1 | -1, except?: ChildOrder): number {
    const all = side === 1 ? this.openBuyLeaves : this.openSellLeaves;
    return except !== undefined && except.order.side === side && !TERMINAL_STATUSES.has(except.status) ? all - except.leaves : all;
  }

  /** Applies an event; returns the order, or an error string for an unknown id or impossible transition. */
  apply(ev: OrderEvent): ChildOrder | string {
    const c = this.orders.get(ev.clientOrderId);
    if (!c) return this.fail(`order ${ev.clientOrderId}: ${ev.type} for an unknown order`);
    const next = nextStatus(c.status, ev);
    if (!next.ok) return this.fail(next.error);
    this.count(c, -1);
    c.status = next.status;
    c.updatedNs = ev.tsNs;
    switch (ev.type) {
      case 'OrderAccepted':
        c.venueOrderId = ev.venueOrderId;
        break;
      case 'OrderFilled': {
        const before = c.filled;
        c.filled += ev.size;
        c.avgPriceUnits = before === 0 ? ev.priceUnits : (c.avgPriceUnits * before + ev.priceUnits * ev.size) / c.filled;
        c.leaves = ev.leaves;
        c.fees += ev.fee;
        this.position += c.order.side * ev.size;
        break;
      }
      case 'OrderCancelled':
        c.leaves = 0;
        break;
      case 'OrderReplaced':
        c.priceUnits = ev.priceUnits;
        c.leaves = ev.leaves;
        break;
      case 'OrderDenied':
      case 'OrderRejected':
        c.leaves = 0;
        c.reason = ev.reason;
        break;
      default:
        break;
    }
    this.count(c, 1);
    return c;
  }

  get(clientOrderId: string): ChildOrder | undefined {
    return this.orders.get(clientOrderId);
  }

  /** Every order, in creation order. */
  all(): ChildOrder[] {
    return [...this.orders.values()];
  }

  /** Orders not yet in a terminal status. */
  working(): ChildOrder[] {
    return this.all().filter((c) => !TERMINAL_STATUSES.has(c.status));
  }

  /** Adds (`sign` 1) or removes (−1) an order's share of the open-order totals. */
  private count(c: ChildOrder, sign: 1 | -1): void {
    if (TERMINAL_STATUSES.has(c.status)) return;
    this.openCount += sign;
    // An order the gate denies is registered with whatever size it had (NaN, −5); it never works.
    const leaves = Number.isFinite(c.leaves) ? c.leaves : 0;
    if (c.order.side === 1) this.openBuyLeaves += sign * leaves;
    else this.openSellLeaves += sign * leaves;
  }

  private fail(error: string): string {
    this.errors.push(error);
    return error;
  }
}
