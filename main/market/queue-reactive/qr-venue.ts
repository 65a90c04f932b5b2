import type { OrderEvent } from '../../domain/order-events.js';
import type { NewOrder, OrderRequest } from '../../domain/orders.js';
import type { Side } from '../../domain/side.js';
import type { Scheduler, Task } from '../../kernel/scheduler.js';
import type { BookView } from '../book/book-types.js';
import type { OrderEventListener, OwnRestingOrder, Venue } from '../venue/venue.js';
import { QrBook } from './qr-book.js';
import type { QrMarket } from './qr-market.js';

/** One of our orders. Invariant: filled + leaves ≤ size; `handle` ≥ 0 only while it rests in the market. */
interface QrOrder {
  readonly id: string;
  readonly side: Side;
  /** Total size (a replace changes it). */
  size: number;
  filled: number;
  leaves: number;
  priceUnits: number;
  handle: number;
  working: boolean;
}

/** Handles the market can hold at once (its own-order capacity). */
const HANDLES = 32;

/**
 * Our orders at the queue-reactive market (`QrMarket`): the order path's `Venue`.
 *
 * Message path: `submit` at time t is processed at t + `latencyNs` (never before an earlier
 * message: FIFO); each resulting `OrderEvent` reaches listeners `latencyNs` after processing
 * (FIFO). Processing redraws the market's next event (our order changed its state).
 *
 * Rules at processing time: new — invalid fields ⇒ `OrderRejected` naming the field; else
 * `OrderAccepted`, then it takes the opposite touch up to its limit (`QrMarket.take`, one
 * `OrderFilled` aggressor = true per level); a market or IOC order cancels its rest (`ioc`), a
 * day limit rests it (`QrMarket.rest`: back of its level), unless resting would cross (only our
 * own size left on the other side), which cancels the rest (`ioc`). Resting fills:
 * `OrderFilled` aggressor = false. cancel — working ⇒ `OrderCancelled` (`requested`), else
 * `OrderCancelRejected`. replace — treated as cancel + new at the new price and size (queue
 * priority is lost, even for a size decrease: a simplification stated here). No fees (the
 * training market's costs are prices only).
 */
export class QrVenue implements Venue {
  readonly name = 'QR';
  readonly book: BookView;
  private readonly listeners: OrderEventListener[] = [];
  private readonly orders = new Map<string, QrOrder>();
  private readonly byHandle: Array<QrOrder | null> = new Array<QrOrder | null>(HANDLES).fill(null);
  private lastArrivalNs = 0;
  private lastDeliverNs = 0;
  private seq = 0;

  constructor(private readonly market: QrMarket, private readonly scheduler: Scheduler, private readonly latencyNs: number) {
    this.book = new QrBook(market);
    market.onOwnFill = (h, price, size, aggressor) => this.filled(this.byHandle[h] ?? null, price, size, aggressor);
  }

  onOrderEvent(listener: OrderEventListener): void {
    this.listeners.push(listener);
  }

  submit(req: OrderRequest): void {
    let at = this.scheduler.now + this.latencyNs;
    if (at < this.lastArrivalNs) at = this.lastArrivalNs;
    this.lastArrivalNs = at;
    this.scheduler.at(at, new Arrival(this, req));
  }

  restingOrders(): OwnRestingOrder[] {
    const out: OwnRestingOrder[] = [];
    for (const o of this.byHandle) {
      if (o === null || !o.working) continue;
      out.push({ clientOrderId: o.id, side: o.side, priceUnits: o.priceUnits, leaves: o.leaves, queueAhead: this.market.aheadOf(o.handle), ordersAhead: NaN });
    }
    return out;
  }

  /** Other traders' size ahead of our resting order `id` (NaN when it does not rest). */
  queueAhead(id: string): number {
    const o = this.orders.get(id);
    return o !== undefined && o.handle >= 0 ? this.market.aheadOf(o.handle) : NaN;
  }

  /** Cancels every working order now (reason `session-end`). */
  endSession(): void {
    for (const o of this.orders.values()) if (o.working) this.cancelNow(o, 'session-end');
  }

  /** @internal A request reaches the venue. */
  process(req: OrderRequest): void {
    const m = this.market;
    m.nowNs = this.scheduler.now;
    if (req.kind === 'new') this.processNew(req);
    else {
      const o = this.orders.get(req.clientOrderId);
      if (o === undefined || !o.working) {
        this.emit({ type: 'OrderCancelRejected', tsNs: this.scheduler.now, clientOrderId: req.clientOrderId, reason: `clientOrderId: no working order "${req.clientOrderId}"` });
      } else if (req.kind === 'cancel') this.cancelNow(o, 'requested');
      else this.processReplace(o, req.priceUnits, req.size);
    }
    m.redraw(this.scheduler.now);
  }

  private processNew(req: NewOrder): void {
    const now = this.scheduler.now;
    const reason = this.problem(req);
    if (reason !== null) {
      this.emit({ type: 'OrderRejected', tsNs: now, clientOrderId: req.clientOrderId, reason });
      return;
    }
    const o: QrOrder = { id: req.clientOrderId, side: req.side, size: req.size, filled: 0, leaves: req.size, priceUnits: req.priceUnits ?? NaN, handle: -1, working: true };
    this.orders.set(o.id, o);
    this.emit({ type: 'OrderAccepted', tsNs: now, clientOrderId: o.id, venueOrderId: `QR-${++this.seq}` });
    this.work(o, req.type === 'market' ? (o.side === 1 ? Infinity : 0) : req.priceUnits!, req.type === 'limit' && req.tif === 'day');
  }

  /** Takes what crosses, then rests (day limit) or cancels the rest. */
  private work(o: QrOrder, limit: number, rests: boolean): void {
    const m = this.market;
    const h = this.freeHandle();
    if (h < 0) {
      this.cancelNow(o, 'ioc');
      return;
    }
    this.byHandle[h] = o;
    o.handle = h;
    m.take(h, o.side, limit, o.leaves);
    if (!o.working) return;
    const oppositeBest = m.bestUnits(o.side === 1 ? 1 : 0);
    const crosses = o.side === 1 ? limit >= oppositeBest : limit <= oppositeBest;
    if (rests && !crosses) m.rest(h, o.side, limit, o.leaves);
    else this.cancelNow(o, 'ioc');
  }

  private processReplace(o: QrOrder, priceUnits: number, size: number): void {
    const now = this.scheduler.now;
    const bad = !isPosInt(size) ? `size: expected a positive integer, got ${size}`
      : size <= o.filled ? `size: the new total size must exceed the filled ${o.filled}, got ${size}`
        : this.priceProblem(priceUnits);
    if (bad !== null) {
      this.emit({ type: 'OrderCancelRejected', tsNs: now, clientOrderId: o.id, reason: bad });
      return;
    }
    this.release(o);
    o.leaves = size - o.filled;
    o.priceUnits = priceUnits;
    o.size = size;
    this.emit({ type: 'OrderReplaced', tsNs: now, clientOrderId: o.id, priceUnits, size, leaves: o.leaves });
    this.work(o, priceUnits, true);
  }

  private cancelNow(o: QrOrder, reason: 'requested' | 'ioc' | 'session-end'): void {
    this.release(o);
    o.leaves = 0;
    o.working = false;
    this.emit({ type: 'OrderCancelled', tsNs: this.scheduler.now, clientOrderId: o.id, leaves: 0, reason });
  }

  private release(o: QrOrder): void {
    if (o.handle < 0) return;
    this.market.cancelOwn(o.handle);
    this.byHandle[o.handle] = null;
    o.handle = -1;
  }

  private filled(o: QrOrder | null, priceUnits: number, size: number, aggressor: boolean): void {
    if (o === null) return;
    o.filled += size;
    o.leaves -= size;
    if (o.leaves <= 0) {
      o.working = false;
      this.byHandle[o.handle] = null;
      o.handle = -1;
    }
    this.emit({ type: 'OrderFilled', tsNs: this.scheduler.now, clientOrderId: o.id, side: o.side, priceUnits, size, leaves: o.leaves, aggressor, fee: 0 });
  }

  private freeHandle(): number {
    for (let h = 0; h < HANDLES; h++) if (this.byHandle[h] === null) return h;
    return -1;
  }

  private problem(r: NewOrder): string | null {
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
    const tick = this.market.tickUnits;
    if (p === undefined) return 'priceUnits: required for a limit order';
    if (!(isPosInt(p) && p % tick === 0)) return `priceUnits: expected a positive multiple of the tick (${tick}), got ${p}`;
    return null;
  }

  private emit(ev: OrderEvent): void {
    let at = this.scheduler.now + this.latencyNs;
    if (at < this.lastDeliverNs) at = this.lastDeliverNs;
    this.lastDeliverNs = at;
    this.scheduler.at(at, new Delivery(this.listeners, ev));
  }
}

function isPosInt(x: unknown): x is number {
  return typeof x === 'number' && x > 0 && x <= Number.MAX_SAFE_INTEGER && Math.floor(x) === x;
}

/** A request reaching the venue after the entry latency. */
class Arrival implements Task {
  constructor(private readonly venue: QrVenue, private readonly req: OrderRequest) {}
  fire(): void {
    this.venue.process(this.req);
  }
}

/** An event reaching our listeners after the ack latency. */
class Delivery implements Task {
  constructor(private readonly listeners: readonly OrderEventListener[], private readonly ev: OrderEvent) {}
  fire(): void {
    for (const l of this.listeners) l(this.ev);
  }
}
