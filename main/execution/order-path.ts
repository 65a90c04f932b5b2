import type { KillSwitchScope } from '../contract/risk.js';
import type { InstrumentSpec } from '../domain/instrument.js';
import type { OrderEvent } from '../domain/order-events.js';
import { TERMINAL_STATUSES } from '../domain/order-status.js';
import type { NewOrder } from '../domain/orders.js';
import type { Scheduler } from '../kernel/scheduler.js';
import type { Venue } from '../market/venue/venue.js';
import { KillSwitch, type KillSwitchTarget } from '../risk/kill-switch.js';
import { PreTradeGate, type GateOrder } from '../risk/pre-trade-gate.js';
import type { RiskLimits } from '../risk/risk-limits.js';
import { OrderManager, type ChildOrder } from './order-manager.js';

/** A new order as a strategy writes it; the order path assigns the client order id. */
export type OrderIntent = Omit<NewOrder, 'clientOrderId'>;

/** How many times the kill switch asks the venue to cancel one order before giving up on it. */
const KILL_CANCEL_TRIES = 3;

/** Optional wiring of an order path into the engine. */
export interface OrderPathOptions {
  /** The engine's kill switches (global and per agent); by default the path has its own. */
  readonly killSwitch?: KillSwitch;
  /** Which agent this path trades for (its per-agent kill switch); by default the id prefix. */
  readonly agentId?: string;
}

/**
 * The order flow, the same in simulation, paper and live: strategy → risk gate → OMS → venue →
 * events → OMS → listeners (strategy, TCA, UI). Every new order AND every replace passes the
 * pre-trade gate (main/risk): a denied order becomes an `OrderDenied` event at once (it never
 * reaches the venue; `field` = the machine-readable reason, `reason` = the sentence); a denied
 * replace becomes an `OrderCancelRejected` whose reason starts with the machine-readable reason
 * (`maxOrderQty: Quantity …`), and the order keeps working unchanged. Cancels always pass. Venue
 * events are applied to the OMS before listeners see them. When a kill switch covering this path
 * turns on, every open order is cancelled and new orders and replaces are refused at once.
 */
export class OrderPath implements KillSwitchTarget {
  readonly oms: OrderManager;
  readonly gate: PreTradeGate;
  readonly killSwitch: KillSwitch;
  readonly agentId: string;
  private readonly listeners: Array<(ev: OrderEvent, order: ChildOrder | undefined) => void> = [];
  /** Orders the kill switch asked the venue to cancel, with how many times (a refused cancel of a still-working order is retried, at most KILL_CANCEL_TRIES times). */
  private killCancels: Map<string, number> | null = null;
  /** One reusable gate input: the gate's check allocates nothing. */
  private readonly g: GateOrder;

  constructor(
    private readonly venue: Venue,
    private readonly scheduler: Scheduler,
    private readonly instrument: InstrumentSpec,
    limits: RiskLimits,
    idPrefix = 'C',
    options: OrderPathOptions = {},
  ) {
    this.oms = new OrderManager(idPrefix);
    this.gate = new PreTradeGate(limits, {
      sizeDecimals: instrument.sizeDecimals, priceDecimals: instrument.priceDecimals,
      tickUnits: instrument.tickSizeUnits > 0 ? instrument.tickSizeUnits : 1, timeUnitsPerSec: 1e9,
    });
    this.g = { symbol: instrument.symbol, side: 1, qty: 0, market: false, price: NaN, ts: 0, replace: false, filled: 0, workingSameSide: 0, openOrders: 0 };
    this.agentId = options.agentId ?? idPrefix;
    // A switch of its own holds this path strongly (see `KillSwitch.attachOwner`); a shared one weakly.
    this.killSwitch = options.killSwitch ?? new KillSwitch();
    if (options.killSwitch === undefined) this.killSwitch.attachOwner(this);
    else this.killSwitch.attach(this);
    this.gate.killed = this.killSwitch.isOn(this.agentId);
    venue.onOrderEvent((ev) => this.dispatch(ev));
  }

  /** The limits this path's gate checks. */
  get limits(): Readonly<RiskLimits> {
    return this.gate.limits;
  }

  /**
   * Where one of our orders rests in its level's queue AS THE VENUE REPORTS IT: size ahead /
   * max(level size, size ahead + our leaves), in [0, 1]; undefined when it does not rest there or
   * the venue cannot tell (no `restingOrders`, NaN queue). The execution environment's
   * `queuePosition` feature, by the same formula.
   */
  queuePosition(clientOrderId: string): number | undefined {
    const r = this.venue.restingOrders?.().find((o) => o.clientOrderId === clientOrderId);
    if (r === undefined || !Number.isFinite(r.queueAhead)) return undefined;
    const denom = Math.max(this.venue.book.sizeAt(r.side, r.priceUnits), r.queueAhead + r.leaves);
    return denom > 0 ? r.queueAhead / denom : undefined;
  }

  onEvent(listener: (ev: OrderEvent, order: ChildOrder | undefined) => void): void {
    this.listeners.push(listener);
  }

  /** Sends a new order through the risk gate; returns its client order id (also for a denied one). */
  place(intent: OrderIntent): string {
    const order: NewOrder = { ...intent, clientOrderId: this.oms.nextId() };
    const now = this.scheduler.now;
    const g = this.gateInput(order.side, order.size, order.type === 'market', order.priceUnits, now, false, 0);
    g.workingSameSide = this.oms.openLeaves(order.side);
    g.openOrders = this.oms.openCount;
    const reason = this.gate.check(g);
    const denial = reason === null ? null : this.gate.explain(g, reason);
    this.oms.register(order, now);
    if (denial) {
      this.dispatch({ type: 'OrderDenied', tsNs: now, clientOrderId: order.clientOrderId, reason: denial.message, field: denial.reason });
    } else {
      this.gate.accepted(g);
      this.venue.submit({ kind: 'new', ...order });
    }
    return order.clientOrderId;
  }

  cancel(clientOrderId: string): void {
    this.venue.submit({ kind: 'cancel', clientOrderId });
  }

  /**
   * Cancel-replace to a new price and new TOTAL size, through the gate (quantity and notional of
   * the new total, the collar of the new price, the rate limit, and the worst-case position with
   * the new unfilled size in place of the old). An id the OMS does not know as working goes to the
   * venue, which answers for it as for any unknown order.
   */
  replace(clientOrderId: string, priceUnits: number, size: number): void {
    const c = this.oms.get(clientOrderId);
    if (c !== undefined && !TERMINAL_STATUSES.has(c.status)) {
      const now = this.scheduler.now;
      const g = this.gateInput(c.order.side, size, c.order.type === 'market', priceUnits, now, true, c.filled);
      g.workingSameSide = this.oms.openLeaves(c.order.side, c);
      g.openOrders = this.oms.openCount - 1;
      const reason = this.gate.check(g);
      if (reason !== null) {
        const denial = this.gate.explain(g, reason);
        // Not applied to the OMS: a refused replace changes nothing about the order.
        this.notify({ type: 'OrderCancelRejected', tsNs: now, clientOrderId, reason: `${denial.reason}: ${denial.message}` }, c);
        return;
      }
      this.gate.accepted(g);
    }
    this.venue.submit({ kind: 'replace', clientOrderId, priceUnits, size });
  }

  /** Kill switch notification (KillSwitchTarget): refuse new orders at once and cancel every open one. */
  killSwitchChanged(scope: KillSwitchScope, on: boolean): void {
    if (scope !== 'global' && scope.agent !== this.agentId) return;
    this.gate.killed = this.killSwitch.isOn(this.agentId);
    if (on) this.cancelAllOpen();
  }

  /** Asks the venue to cancel every order not yet in a terminal status (each once). */
  cancelAllOpen(): void {
    for (const c of this.oms.working()) {
      const id = c.order.clientOrderId;
      const kc = (this.killCancels ??= new Map());
      if (kc.has(id)) continue;
      kc.set(id, 1);
      this.venue.submit({ kind: 'cancel', clientOrderId: id });
    }
  }

  private gateInput(side: 1 | -1, qty: number, market: boolean, price: number | undefined, now: number, replace: boolean, filled: number): GateOrder {
    this.gate.mark(this.instrument.symbol, this.venue.book.mid());
    const g = this.g;
    g.side = side;
    g.qty = qty;
    g.market = market;
    g.price = market ? NaN : price ?? NaN;
    g.ts = now;
    g.replace = replace;
    g.filled = filled;
    return g;
  }

  private dispatch(ev: OrderEvent): void {
    const r = this.oms.apply(ev);
    const order = typeof r === 'string' ? undefined : r;
    if (ev.type === 'OrderFilled' && order !== undefined) {
      this.gate.mark(this.instrument.symbol, this.venue.book.mid());
      this.gate.filled(this.instrument.symbol, order.order.side, ev.size, ev.priceUnits, ev.fee);
    }
    if (ev.type === 'OrderCancelRejected' && this.gate.killed && order !== undefined && !TERMINAL_STATUSES.has(order.status)) {
      // The venue refused a kill-switch cancel of an order that is still working (it raced a
      // replace or an acknowledgement): ask again, a bounded number of times.
      const kc = (this.killCancels ??= new Map());
      const tries = kc.get(ev.clientOrderId) ?? 0;
      if (tries < KILL_CANCEL_TRIES) {
        kc.set(ev.clientOrderId, tries + 1);
        this.venue.submit({ kind: 'cancel', clientOrderId: ev.clientOrderId });
      }
    }
    this.notify(ev, order);
  }

  private notify(ev: OrderEvent, order: ChildOrder | undefined): void {
    for (const l of this.listeners) l(ev, order);
  }
}
