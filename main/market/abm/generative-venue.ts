import type { OrderEvent } from '../../domain/order-events.js';
import type { NewOrder, OrderRequest } from '../../domain/orders.js';
import type { Side } from '../../domain/side.js';
import type { Scheduler, Task } from '../../kernel/scheduler.js';
import type { BookView } from '../book/book-types.js';
import type { OrderEventListener, OwnRestingOrder, Venue, VenueDeps } from '../venue/venue.js';
import type { Exchange, OrderOwner, TakerFill } from './exchange.js';

/** One of our orders at the generative venue. Invariant: filled + leaves = size; working ⇔ leaves > 0 and not cancelled. */
interface LiveOrder {
  readonly clientOrderId: string;
  readonly side: Side;
  size: number;
  filled: number;
  leaves: number;
  priceUnits: number;
  /** Exchange id while resting, −1 otherwise. */
  exchangeId: number;
  working: boolean;
}

/**
 * Our orders in the agent-based market: they enter the SAME exchange as the background agents,
 * so our trading moves prices through them (endogenous impact).
 *
 * Message path: `submit` at scheduler time t → the venue processes it at t + latency(entry)
 * (`cancel` kind for cancels and replaces), never earlier than the previous message (a FIFO
 * line) → each resulting `OrderEvent` reaches listeners at processing time + latency(ack),
 * never before an earlier event (FIFO). `load` given to the latency model = exchange messages
 * per second over the last ≥ 1 s window.
 *
 * Rules at processing time:
 * - new: invalid fields ⇒ `OrderRejected` whose reason starts with the field name
 *   (`size: …`, `priceUnits: …`, `side: …`, `type: …`, `tif: …`, `clientOrderId: …`). Else
 *   `OrderAccepted` (venueOrderId = `<name>-<n>`), then `OrderFilled` (aggressor = true) per
 *   fill while it crosses; a day limit rests its remainder; market orders and IOC limits are
 *   cancelled for the remainder (`OrderCancelled`, reason `ioc`). Resting fills give
 *   `OrderFilled` with aggressor = false. Every fill's fee = `fees.fee(side, price, size, aggressor)`.
 * - cancel: working ⇒ `OrderCancelled` (reason `requested`, leaves 0); otherwise
 *   `OrderCancelRejected` (reason `clientOrderId: …`).
 * - replace: `size` is the new TOTAL quantity (FIX OrderQty): leaves = size − filled, which must
 *   be ≥ 1; the exchange's replace rule applies (same price + smaller size keeps priority; a
 *   crossing price trades). Emits `OrderReplaced` then any fills; invalid ⇒
 *   `OrderCancelRejected` naming the field (an `OrderRejected` would be an impossible
 *   transition for a working order).
 * - `endSession()` cancels every working order (reason `session-end`).
 */
export class GenerativeVenue implements Venue, OrderOwner {
  readonly name: string;
  readonly book: BookView;
  private readonly scheduler: Scheduler;
  private readonly agent: number;
  private readonly orders = new Map<string, LiveOrder>();
  private readonly resting = new Map<number, LiveOrder>();
  private readonly listeners: OrderEventListener[] = [];
  private lastArrivalNs = 0;
  private lastDeliverNs = 0;
  private seq = 0;
  private current: LiveOrder | null = null;
  private loadT0 = 0;
  private loadE0 = 0;
  private load = 0;
  private readonly takerCb: TakerFill = (price, size) => this.fill(this.current!, price, size, true);

  constructor(
    private readonly exchange: Exchange,
    private readonly deps: Pick<VenueDeps, 'rng' | 'latency' | 'fees'>,
    name = 'ABM',
  ) {
    this.name = name;
    this.book = exchange.book;
    this.scheduler = exchange.scheduler;
    this.agent = exchange.addOwner(this, 1);
  }

  /** Our agent index at the exchange (our signed position is `exchange.position[agentIndex]`). */
  get agentIndex(): number {
    return this.agent;
  }

  onOrderEvent(listener: OrderEventListener): void {
    this.listeners.push(listener);
  }

  submit(req: OrderRequest): void {
    const now = this.scheduler.now;
    const kind = req.kind === 'new' ? 'entry' : 'cancel';
    let at = now + this.deps.latency.delayNs(kind, this.deps.rng, this.currentLoad(now));
    if (at < this.lastArrivalNs) at = this.lastArrivalNs;
    this.lastArrivalNs = at;
    this.scheduler.at(at, new Arrival(this, req));
  }

  /** Our resting orders with the size ahead of each in its level's queue (exact: one L3 book). */
  restingOrders(): OwnRestingOrder[] {
    const out: OwnRestingOrder[] = [];
    for (const o of this.resting.values()) {
      if (!o.working || o.leaves <= 0) continue;
      const book = this.exchange.book;
      const ordersAhead = book.levelOrderIds(o.side, o.priceUnits).indexOf(o.exchangeId);
      out.push({ clientOrderId: o.clientOrderId, side: o.side, priceUnits: o.priceUnits, leaves: o.leaves, queueAhead: book.queueAhead(o.exchangeId), ordersAhead });
    }
    return out;
  }

  /** Cancels every working order now (reason `session-end`). */
  endSession(): void {
    for (const o of this.orders.values()) {
      if (!o.working) continue;
      if (o.exchangeId >= 0) this.exchange.cancel(o.exchangeId);
      this.close(o);
      this.emit({ type: 'OrderCancelled', tsNs: this.scheduler.now, clientOrderId: o.clientOrderId, leaves: 0, reason: 'session-end' });
    }
  }

  /** @internal A request reaches the venue. */
  process(req: OrderRequest): void {
    if (req.kind === 'new') this.processNew(req);
    else if (req.kind === 'cancel') this.processCancel(req.clientOrderId);
    else this.processReplace(req.clientOrderId, req.priceUnits, req.size);
  }

  onRestingFill(_agent: number, orderId: number, priceUnits: number, size: number): void {
    const o = this.resting.get(orderId);
    if (o !== undefined) this.fill(o, priceUnits, size, false);
  }

  private processNew(req: NewOrder): void {
    const now = this.scheduler.now;
    const id = req.clientOrderId;
    const reason = this.validateNew(req);
    if (reason !== null) {
      // A duplicate id must not overwrite the original order's record.
      if (!this.orders.has(id)) this.orders.set(id, { clientOrderId: id, side: req.side, size: 0, filled: 0, leaves: 0, priceUnits: NaN, exchangeId: -1, working: false });
      this.emit({ type: 'OrderRejected', tsNs: now, clientOrderId: id, reason });
      return;
    }
    const o: LiveOrder = { clientOrderId: id, side: req.side, size: req.size, filled: 0, leaves: req.size, priceUnits: req.priceUnits ?? NaN, exchangeId: -1, working: true };
    this.orders.set(id, o);
    this.emit({ type: 'OrderAccepted', tsNs: now, clientOrderId: id, venueOrderId: `${this.name}-${++this.seq}` });
    this.current = o;
    const ex = this.exchange;
    if (req.type === 'market') ex.market(this.agent, req.side, req.size, this.takerCb);
    else if (req.tif === 'ioc') ex.ioc(this.agent, req.side, req.priceUnits!, req.size, this.takerCb);
    else {
      const rid = ex.limit(this.agent, req.side, req.priceUnits!, req.size, Infinity, this.takerCb);
      if (rid >= 0) {
        o.exchangeId = rid;
        this.resting.set(rid, o);
      }
    }
    this.current = null;
    if (o.working && o.exchangeId < 0) {
      this.close(o);
      this.emit({ type: 'OrderCancelled', tsNs: now, clientOrderId: id, leaves: 0, reason: 'ioc' });
    }
  }

  private processCancel(id: string): void {
    const now = this.scheduler.now;
    const o = this.orders.get(id);
    if (o === undefined || !o.working) {
      this.emit({ type: 'OrderCancelRejected', tsNs: now, clientOrderId: id, reason: `clientOrderId: no working order "${id}"` });
      return;
    }
    this.exchange.cancel(o.exchangeId);
    this.close(o);
    this.emit({ type: 'OrderCancelled', tsNs: now, clientOrderId: id, leaves: 0, reason: 'requested' });
  }

  private processReplace(id: string, priceUnits: number, size: number): void {
    const now = this.scheduler.now;
    const o = this.orders.get(id);
    const reason = o === undefined || !o.working ? `clientOrderId: no working order "${id}"`
      : !isPosInt(size) ? `size: expected a positive integer, got ${size}`
        : size <= o.filled ? `size: the new total size must exceed the filled ${o.filled}, got ${size}`
          : this.priceProblem(priceUnits);
    if (reason !== null || o === undefined) {
      this.emit({ type: 'OrderCancelRejected', tsNs: now, clientOrderId: id, reason: reason ?? '' });
      return;
    }
    o.size = size;
    o.leaves = size - o.filled;
    o.priceUnits = priceUnits;
    this.emit({ type: 'OrderReplaced', tsNs: now, clientOrderId: id, priceUnits, size, leaves: o.leaves });
    this.current = o;
    const left = this.exchange.replace(o.exchangeId, priceUnits, o.leaves, this.takerCb);
    this.current = null;
    if (left <= 0 && o.exchangeId >= 0) {
      this.resting.delete(o.exchangeId);
      o.exchangeId = -1;
    }
  }

  private validateNew(r: NewOrder): string | null {
    if (typeof r.clientOrderId !== 'string' || r.clientOrderId === '') return `clientOrderId: expected a non-empty string, got ${JSON.stringify(r.clientOrderId)}`;
    if (this.orders.has(r.clientOrderId)) return `clientOrderId: duplicate "${r.clientOrderId}"`;
    if (r.side !== 1 && r.side !== -1) return `side: expected 1 (buy) or -1 (sell), got ${String(r.side)}`;
    if (r.type !== 'limit' && r.type !== 'market') return `type: expected "limit" or "market", got ${JSON.stringify(r.type)}`;
    if (r.tif !== 'day' && r.tif !== 'ioc') return `tif: expected "day" or "ioc", got ${JSON.stringify(r.tif)}`;
    if (!isPosInt(r.size)) return `size: expected a positive integer, got ${r.size}`;
    if (r.type === 'market') return r.priceUnits === undefined ? null : `priceUnits: a market order takes no price, got ${r.priceUnits}`;
    return this.priceProblem(r.priceUnits);
  }

  private priceProblem(p: number | undefined): string | null {
    const tick = this.exchange.tickUnits;
    if (p === undefined) return 'priceUnits: required for a limit order';
    if (!(isPosInt(p) && p % tick === 0)) return `priceUnits: expected a positive multiple of the tick (${tick}), got ${p}`;
    return null;
  }

  private fill(o: LiveOrder, priceUnits: number, size: number, aggressor: boolean): void {
    o.filled += size;
    o.leaves -= size;
    const leaves = o.leaves;
    if (leaves === 0) {
      if (o.exchangeId >= 0) this.resting.delete(o.exchangeId);
      o.exchangeId = -1;
      o.working = false;
    }
    this.emit({
      type: 'OrderFilled', tsNs: this.scheduler.now, clientOrderId: o.clientOrderId, side: o.side, priceUnits, size, leaves, aggressor,
      fee: this.deps.fees.fee(o.side, priceUnits, size, aggressor),
    });
  }

  private close(o: LiveOrder): void {
    if (o.exchangeId >= 0) this.resting.delete(o.exchangeId);
    o.exchangeId = -1;
    o.leaves = 0;
    o.working = false;
  }

  private emit(ev: OrderEvent): void {
    const now = this.scheduler.now;
    let at = now + this.deps.latency.delayNs('ack', this.deps.rng, this.load);
    if (at < this.lastDeliverNs) at = this.lastDeliverNs;
    this.lastDeliverNs = at;
    this.scheduler.at(at, new Delivery(this.listeners, ev));
  }

  private currentLoad(now: number): number {
    if (now - this.loadT0 >= 1e9) {
      this.load = ((this.exchange.events - this.loadE0) * 1e9) / (now - this.loadT0);
      this.loadT0 = now;
      this.loadE0 = this.exchange.events;
    }
    return this.load;
  }
}

function isPosInt(x: unknown): x is number {
  return typeof x === 'number' && x > 0 && x <= Number.MAX_SAFE_INTEGER && Math.floor(x) === x;
}

/** A request reaching the venue after entry latency. */
class Arrival implements Task {
  constructor(private readonly venue: GenerativeVenue, private readonly req: OrderRequest) {}
  fire(): void {
    this.venue.process(this.req);
  }
}

/** An event reaching our listeners after ack latency. */
class Delivery implements Task {
  constructor(private readonly listeners: readonly OrderEventListener[], private readonly ev: OrderEvent) {}
  fire(): void {
    for (const l of this.listeners) l(this.ev);
  }
}
