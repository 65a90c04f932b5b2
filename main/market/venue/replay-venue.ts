import type { OrderEvent } from '../../domain/order-events.js';
import type { NewOrder, OrderRequest } from '../../domain/orders.js';
import type { Task } from '../../kernel/scheduler.js';
import type { BookView } from '../book/book-types.js';
import { OrderBook } from '../book/order-book.js';
import type { EventTape } from '../replay/event-tape.js';
import { L2Engine } from './l2-engine.js';
import { L3Engine } from './l3-engine.js';
import { MessageRateMeter, skipDraws } from './latency-models.js';
import { LaggedMarketView, type MarketView } from './market-view.js';
import { newOrderProblem, recordOrderEvent, replaceProblem } from './order-checks.js';
import { OWN_ID_TOP, type FillSink, type OwnOrder } from './own-order.js';
import { ConservativeQueue } from './queue-models.js';
import type { ReplayEngine } from './replay-engine.js';
import { FifoLine } from './fifo-line.js';
import type { ReplayVenueConfig, ReplayVenueStats, VenueCheckpoint } from './replay-venue-config.js';
import type { LatencyKind, OrderEventListener, OwnRestingOrder, Venue } from './venue.js';

export type { ReplayVenueConfig, ReplayVenueStats, VenueCheckpoint } from './replay-venue-config.js';

interface Cursor {
  readonly tape: EventTape;
  /** Next input event. */
  k: number;
}

/**
 * A historical day with our orders in it, on the live order path: `submit` at scheduler time t →
 * the venue processes the request at t + latency('entry') (`cancel` kind for cancels and
 * replaces), never before an earlier request (a FIFO line) → every resulting `OrderEvent` reaches
 * listeners at processing time + latency('ack'), never before an earlier event; its `tsNs` is the
 * venue (processing) time. `load` for latency = the venue's message rate (history + ours) over an
 * exponentially weighted 1 s window. History is fed by one scheduler task per timestamp: all input
 * events sharing a timestamp (from `tape` and `tradeTape`) are applied as one batch.
 *
 * Matching: `L3Engine` for market-by-order data (exact queue position: our orders join the back
 * of their level behind the historical orders and fill when history trades through them, see
 * there), `L2Engine` with a `QueueModel` for level data. Order rules at processing time:
 * - new: invalid ⇒ `OrderRejected` (reason starts with the field name); crossing one of our own
 *   resting orders ⇒ rejected (`priceUnits: … self-trade`); a halted market (LOBSTER halt) or an
 *   ended session ⇒ rejected. Else `OrderAccepted` (venueOrderId `<name>-<n>`), then aggressive
 *   `OrderFilled`s (one per price level taken, aggressor = true) down to the limit; a day limit
 *   rests its remainder; market orders and IOC limits cancel it (`OrderCancelled`, reason `ioc`,
 *   leaves 0). A market order with tif 'day' behaves as IOC (it never rests).
 * - cancel: working ⇒ `OrderCancelled` (reason `requested`, leaves 0), else `OrderCancelRejected`.
 * - replace (`size` = new TOTAL quantity, leaves = size − filled ≥ 1): same price and leaves not
 *   larger ⇒ shrinks in place, keeping queue priority; anything else loses priority: the order
 *   leaves the book and re-enters at the back of its new level (trading first if the new price
 *   crosses). Emits `OrderReplaced`, then any fills. Invalid ⇒ `OrderCancelRejected` naming the
 *   field.
 * - session end (last event, or `endTsNs`): every working order is cancelled (reason
 *   `session-end`); later requests are rejected.
 * Fees: `fees.fee(side, price, size, aggressor)` on every fill (price = the real fill price).
 * Impact: with an `ImpactModel`, each order's aggressive execution is reported to it as one trade
 * (total size at the average price; passive fills too with `impactFromPassiveFills`), and before
 * every batch and request the shift is re-read, rounded to whole ticks (half away from zero).
 * Determinism: same tape, config and seed ⇒ the same OrderEvents in the same order.
 */
export class ReplayVenue implements Venue {
  readonly name: string;
  readonly engine: ReplayEngine;
  readonly tickUnits: number;
  closed = false;
  private readonly cfg: ReplayVenueConfig;
  private readonly cursors: Cursor[];
  private readonly orders = new Map<string, OwnOrder>();
  private readonly listeners: OrderEventListener[] = [];
  private readonly inbox: FifoLine<OrderRequest>;
  private readonly outbox: FifoLine<OrderEvent>;
  private readonly meter = new MessageRateMeter(1e9);
  private readonly views: LaggedMarketView[] = [];
  private mdDelay = 0;
  /** Aggressive fills of the order being entered (one impact trade per order). */
  private takenSize = 0;
  private takenNotional = 0;
  private nextBookId = OWN_ID_TOP;
  private seq = 0;
  /** History batches fed so far (each one a market-data delay draw while a view listens). */
  private fed = 0;
  /** A checkpoint being resumed: restored, its draws and time jump pending until the first feed. */
  private resume: VenueCheckpoint | null = null;
  private readonly stats0: ReplayVenueStats = {
    requests: 0, rejected: 0, fills: 0, filledSize: 0, takenSize: 0, passiveSize: 0, fees: 0, historicalEvents: 0,
    consumedSize: 0, clippedEvents: 0, clippedSize: 0, extraRemoved: 0,
  };
  private readonly feedTask: Task = { fire: (now) => this.feed(now) };
  private readonly endTask: Task = { fire: () => this.endSession() };

  constructor(cfg: ReplayVenueConfig) {
    this.cfg = cfg;
    this.name = cfg.name ?? `replay:${cfg.info.instrument.symbol}`;
    this.tickUnits = cfg.info.instrument.tickSizeUnits > 0 ? cfg.info.instrument.tickSizeUnits : 1;
    const sch = cfg.scheduler;
    this.inbox = new FifoLine(sch, (req) => this.process(req));
    this.outbox = new FifoLine(sch, (ev) => this.deliver(ev));
    if (cfg.info.bookKind === 'L3') this.engine = new L3Engine(cfg.info, this.onFill, sch, cfg.hiddenTradeRule);
    else if (cfg.info.bookKind === 'L2' || cfg.info.bookKind === 'quotes') this.engine = new L2Engine(cfg.info, cfg.queue ?? new ConservativeQueue(), cfg.rng, this.onFill, sch);
    else throw new Error(`ReplayVenue: ${cfg.info.format} data (${cfg.info.bookKind}) has no book to trade against`);
    this.cursors = [{ tape: cfg.tape, k: 0 }];
    if (cfg.tradeTape) this.cursors.push({ tape: cfg.tradeTape, k: 0 });
    // The state before the first input event (LOBSTER's initial levels) is part of the tape.
    const t = cfg.tape;
    this.engine.applyRange(t, 0, t.inputCount > 0 ? t.inputStart[0]! : t.length);
    if (cfg.startTsNs !== undefined) this.applyUntil(cfg.startTsNs);
    this.scheduleFeed();
  }

  /** The venue's book now (historical prices; our L3 orders included). Strategies should read `marketView`. */
  get book(): BookView {
    return this.engine.book;
  }

  submit(req: OrderRequest): void {
    const now = this.cfg.scheduler.now;
    this.stats0.requests++;
    this.meter.add(now, 1);
    const kind: LatencyKind = req.kind === 'new' ? 'entry' : 'cancel';
    this.inbox.push(now + this.cfg.latency.delayNs(kind, this.cfg.rng, this.meter.rate(now)), req);
  }

  onOrderEvent(listener: OrderEventListener): void {
    this.listeners.push(listener);
  }

  /** A strategy's view of the market, lagged by latency('marketData'), `levels` deep per side. */
  marketView(levels = 10): MarketView {
    const sch = this.cfg.scheduler;
    const v = new LaggedMarketView(levels, () => sch.now, (at, fn) => sch.at(at, { fire: fn }));
    this.views.push(v);
    this.engine.print = (price, size, aggressor, own) => {
      for (const w of this.views) w.trade(sch.now, this.mdDelay, price, size, aggressor, own);
    };
    this.mdDelay = this.drawMdDelay();
    v.capture(this.engine.book, sch.now, this.mdDelay, this.engine.shiftUnits);
    return v;
  }

  /** One of our orders (live record; do not mutate), or undefined. */
  order(clientOrderId: string): Readonly<OwnOrder> | undefined {
    return this.orders.get(clientOrderId);
  }

  /** Size ahead of our resting order in its queue (exact for L3, estimated for L2); NaN if not resting. */
  queueAhead(clientOrderId: string): number {
    const o = this.orders.get(clientOrderId);
    return o !== undefined && o.resting ? this.engine.queueAhead(o) : NaN;
  }

  /**
   * Our resting orders with their queue position: size ahead (exact for L3, the queue model's
   * estimate for L2) and, for L3, the number of orders ahead (NaN for L2, which has no orders).
   */
  restingOrders(): OwnRestingOrder[] {
    const out: OwnRestingOrder[] = [];
    const book = this.engine.book;
    for (const o of this.orders.values()) {
      if (!o.working || !o.resting || o.leaves <= 0) continue;
      const ordersAhead = book instanceof OrderBook ? book.levelOrderIds(o.side, o.histPriceUnits).indexOf(o.bookId) : NaN;
      out.push({ clientOrderId: o.clientOrderId, side: o.side, priceUnits: o.priceUnits, leaves: o.leaves, queueAhead: this.engine.queueAhead(o), ordersAhead });
    }
    return out;
  }

  /** The impact shift now, in price units (0 without an impact model; not rounded). */
  impactShiftUnits(): number {
    return this.cfg.impact ? this.cfg.impact.shiftUnits(this.cfg.scheduler.now) : 0;
  }

  stats(): ReplayVenueStats {
    const s = { ...this.stats0 };
    if (this.engine instanceof L3Engine) Object.assign(s, this.engine.ledger.counters);
    return s;
  }

  // ---- checkpoints --------------------------------------------------------------------------

  /** Timestamp of the next history batch (Infinity when history is over). */
  nextHistoryTs(): number {
    return this.nextTs();
  }

  /**
   * The history-only state just before the next batch (see `VenueCheckpoint`). Only on a venue
   * that never had an order (the state is then the same for every seed).
   */
  checkpoint(): VenueCheckpoint {
    if (this.stats0.requests > 0 || this.closed) throw new Error('ReplayVenue.checkpoint: only a venue without orders, before the session end, holds history only');
    return {
      tape: this.cfg.tape, atNs: this.nextTs(), fed: this.fed, cursors: this.cursors.map((c) => c.k),
      engine: this.engine.snapshot(), meter: this.meter.snapshot(), stats: { ...this.stats0 },
    };
  }

  /**
   * Continues from `cp` (taken from a venue on the same tape) instead of replaying the history
   * before it: the state is restored now; at the first scheduled batch the venue draws the
   * market-data delays the skipped batches would have drawn (one per batch while a view
   * listens; every latency model draws the same count whatever the load) and jumps to
   * `cp.atNs`. The path then equals the full replay's for the same seed from the time the
   * batch before `cp.atNs` could last be seen through a view (see `buildReplayCheckpoints`).
   * Only before the first batch, with no order sent.
   */
  resumeFrom(cp: VenueCheckpoint): void {
    if (this.fed > 0 || this.stats0.requests > 0 || this.resume !== null) throw new Error('ReplayVenue.resumeFrom: only before the first history batch and any order');
    if (cp.tape !== this.cfg.tape || cp.cursors.length !== this.cursors.length) throw new Error('ReplayVenue.resumeFrom: the checkpoint was taken on another tape');
    if (!(cp.atNs >= this.cfg.scheduler.now)) throw new Error(`ReplayVenue.resumeFrom: checkpoint at ${cp.atNs} ns is before now (${this.cfg.scheduler.now} ns)`);
    this.engine.restore(cp.engine);
    cp.cursors.forEach((k, i) => (this.cursors[i]!.k = k));
    this.meter.restore(cp.meter);
    Object.assign(this.stats0, cp.stats);
    this.resume = cp;
  }

  /** The first batch of a resumed venue: the skipped batches' draws, then on to the checkpoint's batch. */
  private finishResume(): void {
    const cp = this.resume!;
    this.resume = null;
    if (this.views.length > 0) skipDraws(this.cfg.latency, 'marketData', this.cfg.rng, cp.fed);
    this.fed = cp.fed;
    this.scheduleFeed();
  }

  // ---- history ------------------------------------------------------------------------------

  /** Next input timestamp over all cursors (Infinity when all are exhausted). */
  private nextTs(): number {
    let t = Infinity;
    for (const c of this.cursors) if (c.k < c.tape.inputCount && c.tape.inputTs(c.k) < t) t = c.tape.inputTs(c.k);
    return t;
  }

  /** Applies every input event with timestamp ≤ `ts` (< when `strict`), in time order; returns how many. */
  private applyUntil(ts: number, strict = true): number {
    let n = 0;
    for (;;) {
      let best: Cursor | null = null;
      let bt = Infinity;
      for (const c of this.cursors) {
        if (c.k >= c.tape.inputCount) continue;
        const t = c.tape.inputTs(c.k);
        if (t < bt) {
          bt = t;
          best = c;
        }
      }
      if (best === null || (strict ? bt >= ts : bt > ts)) return n;
      const tape = best.tape;
      this.engine.applyRange(tape, tape.inputStart[best.k]!, tape.endOfInput(best.k));
      best.k++;
      n++;
    }
  }

  private scheduleFeed(): void {
    const t = this.nextTs();
    const end = this.cfg.endTsNs ?? Infinity;
    if (t === Infinity || t > end) {
      this.cfg.scheduler.at(t === Infinity ? Math.max(this.cfg.scheduler.now, this.lastInputTs()) : end, this.endTask);
    } else {
      this.cfg.scheduler.at(t, this.feedTask);
    }
  }

  private feed(now: number): void {
    if (this.resume !== null) return this.finishResume();
    this.fed++;
    this.refreshShift(now);
    if (this.views.length > 0) this.mdDelay = this.drawMdDelay();
    const n = this.applyUntil(now, false);
    this.stats0.historicalEvents += n;
    this.meter.add(now, n);
    this.engine.afterBatch();
    this.capture(now);
    this.scheduleFeed();
  }

  private lastInputTs(): number {
    let t = 0;
    for (const c of this.cursors) if (c.tape.inputCount > 0) t = Math.max(t, c.tape.inputTs(c.tape.inputCount - 1));
    return t;
  }

  private endSession(): void {
    if (this.closed) return;
    this.closed = true;
    const now = this.cfg.scheduler.now;
    for (const o of this.orders.values()) {
      if (!o.working) continue;
      if (o.resting) this.engine.remove(o);
      this.close(o);
      this.emit({ type: 'OrderCancelled', tsNs: now, clientOrderId: o.clientOrderId, leaves: 0, reason: 'session-end' });
    }
  }

  // ---- requests -----------------------------------------------------------------------------

  /** A request reaches the venue. */
  private process(req: OrderRequest): void {
    const now = this.cfg.scheduler.now;
    this.refreshShift(now);
    if (req.kind === 'new') this.processNew(req);
    else if (req.kind === 'cancel') this.processCancel(req.clientOrderId);
    else this.processReplace(req.clientOrderId, req.priceUnits, req.size);
    this.capture(now);
  }

  private processNew(req: NewOrder): void {
    const now = this.cfg.scheduler.now;
    const id = req.clientOrderId;
    let reason = newOrderProblem(req, this.tickUnits, (x) => this.orders.has(x));
    if (reason === null && this.closed) reason = 'session: the replayed session has ended';
    if (reason === null && this.engine.counters.halted) reason = 'session: trading is halted';
    const limit = req.type === 'market' ? NaN : req.priceUnits!;
    const self = reason === null ? this.engine.crossesOwn(req.side, limit) : undefined;
    if (self !== undefined) reason = `priceUnits: would trade with our own resting order "${self.clientOrderId}" (self-trade prevention)`;
    if (reason !== null) {
      this.stats0.rejected++;
      this.emit({ type: 'OrderRejected', tsNs: now, clientOrderId: id, reason });
      return;
    }
    const o: OwnOrder = {
      clientOrderId: id, venueOrderId: `${this.name}-${++this.seq}`, bookId: this.nextBookId--, side: req.side, type: req.type, tif: req.tif,
      priceUnits: limit, histPriceUnits: limit, size: req.size, filled: 0, leaves: req.size, working: true, resting: false, levelSeq: 0,
      restedAtNs: NaN, queueAheadAtEntry: NaN, ahead: 0, lastLevelSize: 0, tradedSinceDepth: 0,
    };
    this.orders.set(id, o);
    this.emit({ type: 'OrderAccepted', tsNs: now, clientOrderId: id, venueOrderId: o.venueOrderId });
    this.enter(o);
  }

  /** Trades what crosses, then rests (day limit) or cancels (market / IOC) the remainder. */
  private enter(o: OwnOrder): void {
    this.takenSize = 0;
    this.takenNotional = 0;
    this.engine.take(o, o.priceUnits);
    // One order's sweep is ONE trade for the impact model, whatever the number of levels it took.
    if (this.takenSize > 0) this.cfg.impact?.onOwnTrade(this.cfg.scheduler.now, o.side, this.takenSize, this.takenNotional / this.takenSize);
    if (o.leaves === 0) return;
    if (o.type === 'limit' && o.tif === 'day') {
      this.engine.rest(o);
      return;
    }
    this.close(o);
    this.emit({ type: 'OrderCancelled', tsNs: this.cfg.scheduler.now, clientOrderId: o.clientOrderId, leaves: 0, reason: 'ioc' });
  }

  private processCancel(id: string): void {
    const now = this.cfg.scheduler.now;
    const o = this.orders.get(id);
    if (o === undefined || !o.working) {
      this.emit({ type: 'OrderCancelRejected', tsNs: now, clientOrderId: id, reason: `clientOrderId: no working order "${id}"` });
      return;
    }
    if (o.resting) this.engine.remove(o);
    this.close(o);
    this.emit({ type: 'OrderCancelled', tsNs: now, clientOrderId: id, leaves: 0, reason: 'requested' });
  }

  private processReplace(id: string, priceUnits: number, size: number): void {
    const now = this.cfg.scheduler.now;
    const o = this.orders.get(id);
    let reason: string | null;
    if (o === undefined || !o.working) reason = `clientOrderId: no working order "${id}"`;
    else reason = replaceProblem(size, priceUnits, o.filled, this.tickUnits);
    if (reason === null && o !== undefined && this.closed) reason = 'session: the replayed session has ended';
    if (reason === null && o !== undefined && priceUnits !== o.priceUnits) {
      const self = this.engine.crossesOwn(o.side, priceUnits);
      if (self !== undefined && self !== o) reason = `priceUnits: would trade with our own resting order "${self.clientOrderId}" (self-trade prevention)`;
    }
    if (reason !== null || o === undefined) {
      this.emit({ type: 'OrderCancelRejected', tsNs: now, clientOrderId: id, reason: reason ?? '' });
      return;
    }
    const leaves = size - o.filled;
    const keeps = o.resting && priceUnits === o.priceUnits && leaves <= o.leaves;
    this.emit({ type: 'OrderReplaced', tsNs: now, clientOrderId: id, priceUnits, size, leaves });
    if (keeps) {
      if (leaves < o.leaves) this.engine.shrink(o, leaves);
    } else if (o.resting) {
      this.engine.remove(o);
    }
    o.size = size;
    o.leaves = leaves;
    o.priceUnits = priceUnits;
    if (!keeps) this.enter(o);
  }

  // ---- fills and events ---------------------------------------------------------------------

  private readonly onFill: FillSink = (o, priceUnits, size, aggressor) => {
    const now = this.cfg.scheduler.now;
    o.filled += size;
    o.leaves -= size;
    if (o.leaves === 0) o.working = false;
    const fee = this.cfg.fees.fee(o.side, priceUnits, size, aggressor);
    const s = this.stats0;
    s.fills++;
    s.filledSize += size;
    if (aggressor) s.takenSize += size;
    else s.passiveSize += size;
    s.fees += fee;
    if (aggressor) {
      this.takenSize += size;
      this.takenNotional += size * priceUnits;
    } else if (this.cfg.impactFromPassiveFills) {
      this.cfg.impact?.onOwnTrade(now, o.side, size, priceUnits);
    }
    for (const v of this.views) v.trade(now, this.mdDelay, priceUnits, size, aggressor ? o.side : o.side === 1 ? -1 : 1, true);
    this.emit({ type: 'OrderFilled', tsNs: now, clientOrderId: o.clientOrderId, side: o.side, priceUnits, size, leaves: o.leaves, aggressor, fee });
  };

  private close(o: OwnOrder): void {
    o.leaves = 0;
    o.working = false;
    o.resting = false;
  }

  private emit(ev: OrderEvent): void {
    const now = this.cfg.scheduler.now;
    this.outbox.push(now + this.cfg.latency.delayNs('ack', this.cfg.rng, this.meter.rate(now)), ev);
  }

  private deliver(ev: OrderEvent): void {
    if (this.cfg.log) recordOrderEvent(this.cfg.log, ev);
    for (const l of this.listeners) l(ev);
  }

  // ---- impact and market data ---------------------------------------------------------------

  /** Re-reads the impact shift, rounded to whole ticks, and moves our resting orders when it changed. */
  private refreshShift(now: number): void {
    const m = this.cfg.impact;
    if (m === undefined) return;
    const ticks = m.shiftUnits(now) / this.tickUnits;
    const k = (ticks < 0 ? -Math.round(-ticks) : Math.round(ticks)) * this.tickUnits;
    if (k !== this.engine.shiftUnits) this.engine.reshift(k + 0);
  }

  private drawMdDelay(): number {
    const now = this.cfg.scheduler.now;
    return this.cfg.latency.delayNs('marketData', this.cfg.rng, this.meter.rate(now));
  }

  private capture(now: number): void {
    for (const v of this.views) v.capture(this.engine.book, now, this.mdDelay, this.engine.shiftUnits);
  }
}
