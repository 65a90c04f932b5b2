import type { Side } from '../../domain/side.js';
import { DIRECT_LAST, EventLog } from '../../kernel/event-log.js';
import { IMMUTABLE_STATE } from '../../kernel/object-snapshot.js';
import type { Scheduler, Task } from '../../kernel/scheduler.js';
import type { FillCallback } from '../book/order-book.js';
import { OrderBook } from '../book/order-book.js';

/** Where exchange events are written; the kernel `EventLog` satisfies it. */
export interface EventSink {
  record(kind: string, ...fields: Array<string | number>): void;
  /** Optional fast path, exactly `record(kind, f0, …, f(n−1))` for n ≤ 6 numeric fields (the kernel `EventLog` has it). */
  recordNums?(kind: string, n: number, f0?: number, f1?: number, f2?: number, f3?: number, f4?: number, f5?: number): void;
}

/**
 * The owner of resting orders (a population of agents, the generative venue). Called during
 * matching, after the book reflects the fill: it may read the book but must NOT call the
 * exchange synchronously (schedule a wake-up instead).
 */
export interface OrderOwner {
  onRestingFill(agent: number, orderId: number, priceUnits: number, size: number, remaining: number): void;
}

/** One fill of an aggressive order, reported to the order's sender (price, size). */
export type TakerFill = (priceUnits: number, size: number) => void;
/** A trade printed on the exchange (market data). */
export type TradeListener = (tsNs: number, priceUnits: number, size: number, aggressorSide: Side) => void;
/** The top of book changed (market data); NaN price and 0 size for an empty side. */
export type QuoteListener = (tsNs: number, bidUnits: number, bidSize: number, askUnits: number, askSize: number) => void;

/**
 * A record's header pair (kind's char code, field count) as the one float64 with those two
 * 32-bit words (low word first, little-endian as the event log requires): one store writes both
 * (a tiny subnormal; stores of non-NaN doubles keep their bits).
 */
function header(kind: string, n: number): number {
  return new Float64Array(new Int32Array([kind.charCodeAt(0), n]).buffer)[0]!;
}
const HDR_N = header('N', 6);
const HDR_M = header('M', 5);
const HDR_I = header('I', 6);
const HDR_C = header('C', 3);
const HDR_R = header('R', 4);
const HDR_T = header('T', 6);

/** Slots per generation in an order id: id = generation × 2^24 + slot (≤ 16.7 M live orders). */
const SPAN = 2 ** 24;
const INV_SPAN = 2 ** -24;

/**
 * A continuous double-auction exchange over one L3 `OrderBook`, at the scheduler's current time.
 *
 * Matching rule (price-time priority, the book's): an incoming order first trades against the
 * opposite side while it crosses (fills at the RESTING price, best price first, FIFO within a
 * level); then a `limit` order rests the remainder at the back of its level, an `ioc` or
 * `market` order discards it. `replace` that crosses trades first the same way (it lost its
 * priority anyway); otherwise it is the book's `modify` (size decrease at the same price keeps
 * priority). Hence the book is NEVER crossed after a message.
 *
 * Invariants: order ids are unique over the session (generation × 2^24 + slot); every trade
 * moves `position` of buyer and seller by ±size (Σ position = 0 at all times); `events` counts
 * messages processed (new, market, ioc, cancel, replace) plus one per trade fill; every one of
 * them is written to the sink (if any) as a line `kind,tsNs,...` — N (new limit: id, agent,
 * side, price, size), M (market: id, agent, side, size), I (ioc: id, agent, side, price, size),
 * T (trade: resting id, aggressor id, aggressor side, price, size), C (cancel: id, size
 * removed), R (replace: id, price, size).
 * Market data (trade and top-of-book listeners) is published synchronously after each message;
 * listeners must not call the exchange synchronously either.
 */
export class Exchange {
  readonly book: OrderBook;
  events = 0;
  trades = 0;
  volume = 0;
  newOrders = 0;
  cancels = 0;
  replaces = 0;
  /** Price of the last trade (starts at the reference price): the anchor when a side is empty. */
  lastPriceUnits: number;
  /** Signed filled position per agent (global agent index). */
  position = new Float64Array(0);
  /** Debug hook called after every message (tests check invariants here). */
  afterMessage: (() => void) | null = null;

  private readonly owners: OrderOwner[] = [];
  private agentOwner = new Int32Array(0);
  private agentCount = 0;
  private slotAgent = new Int32Array(1024);
  private slotGen = new Float64Array(1024);
  private expireAt = new Float64Array(1024);
  private freeStack = new Int32Array(1024);
  private freeTop = 0;
  private highWater = 0;
  private lastSlot = 0;
  private readonly expiryTasks: Array<ExpiryTask | undefined> = [];
  private aggId = 0;
  private aggAgent = 0;
  private aggSide: Side = 1;
  private taker: TakerFill | null = null;
  private readonly tradeListeners: TradeListener[] = [];
  private readonly quoteListeners: QuoteListener[] = [];
  private qBid = NaN;
  private qBidSize = 0;
  private qAsk = NaN;
  private qAskSize = 0;
  /** The sink, with `recordNums` (a sink without it is wrapped once here: one call shape at every event). */
  private readonly log: FastSink | null;
  /**
   * The same sink when it is a kernel `EventLog` that accepts direct writes, else null. Each
   * handler then writes its event's words into the log's block itself — the header pair as one
   * double (`HDR_*`), the fields as doubles — exactly what `recordNums` writes (#9): no call into
   * the log, so the time and order id (> 2^31) are stored without being boxed for a call. What
   * `recordNums` sends out of line (a full block, a NaN field that can be one) goes to it,
   * before anything is written. Written out in each handler because a shared helper is not
   * inlined (V8's inlining budget is spent on the book's calls).
   */
  private readonly direct: EventLog | null;
  private readonly fillCb: FillCallback = (rid, price, size, rem) => this.onFill(rid, price, size, rem);

  constructor(
    readonly scheduler: Scheduler,
    readonly tickUnits: number,
    referencePriceUnits: number,
    log: EventSink | null = null,
  ) {
    this.log = log === null || typeof log.recordNums === 'function' ? (log as FastSink | null) : new RecordOnlySink(log);
    this.direct = log instanceof EventLog && log.acceptsDirectWrites() ? log : null;
    this.book = new OrderBook({ tickUnits, initialOrders: 4096 });
    this.lastPriceUnits = referencePriceUnits;
  }

  /** Registers `count` agents owned by `owner`; returns the global index of its agent 0. */
  addOwner(owner: OrderOwner, count: number): number {
    const ownerIdx = this.owners.length;
    this.owners.push(owner);
    const base = this.agentCount;
    const n = base + count;
    const pos = new Float64Array(n);
    pos.set(this.position);
    const own = new Int32Array(n);
    own.set(this.agentOwner);
    own.fill(ownerIdx, base);
    this.position = pos;
    this.agentOwner = own;
    this.agentCount = n;
    return base;
  }

  get totalAgents(): number {
    return this.agentCount;
  }

  onTrade(listener: TradeListener): void {
    this.tradeListeners.push(listener);
  }

  onQuote(listener: QuoteListener): void {
    this.quoteListeners.push(listener);
  }

  /**
   * A limit order: trades while it crosses, then rests the remainder (cancelled automatically
   * after `lifetimeNs` if finite). Returns the resting order id, or −1 when nothing rests.
   */
  limit(agent: number, side: Side, priceUnits: number, size: number, lifetimeNs = Infinity, taker: TakerFill | null = null): number {
    const id = this.allocSlot(agent);
    const slot = this.lastSlot;
    this.events++;
    this.newOrders++;
    const dl = this.direct;
    if (dl !== null) {
      // the words of recordNums('N', 6, …) written here (see `direct`)
      const mm = dl.mm;
      const p = mm.pos;
      if (p <= DIRECT_LAST && priceUnits === priceUnits && size === size) {
        const d = mm.f64;
        const q = p >> 1;
        d[q] = HDR_N;
        d[q + 1] = this.scheduler.now;
        d[q + 2] = id;
        d[q + 3] = agent;
        d[q + 4] = side;
        d[q + 5] = priceUnits;
        d[q + 6] = size;
        mm.pos = p + 14;
        dl.count++;
      } else dl.recordNums('N', 6, this.scheduler.now, id, agent, side, priceUnits, size);
    } else if (this.log !== null) this.rec('N', 6, this.scheduler.now, id, agent, side, priceUnits, size);
    const book = this.book;
    let left = size;
    if (side === 1 ? book.bestAsk() <= priceUnits : book.bestBid() >= priceUnits) left = this.take(id, agent, side, priceUnits, size, taker);
    if (left > 0 && book.add(id, side, priceUnits, left) === 0) {
      if (lifetimeNs < Infinity) this.scheduleExpiry(slot, this.scheduler.now + lifetimeNs);
    } else {
      this.freeSlot(slot);
      left = 0;
    }
    this.after();
    return left > 0 ? id : -1;
  }

  /** A market order: trades up to `size` at any price; the rest is discarded. Returns the size filled. */
  market(agent: number, side: Side, size: number, taker: TakerFill | null = null): number {
    const id = this.allocSlot(agent);
    const slot = this.lastSlot;
    this.events++;
    this.newOrders++;
    const dl = this.direct;
    if (dl !== null) {
      // the words of recordNums('M', 5, …) written here (see `direct`)
      const mm = dl.mm;
      const p = mm.pos;
      if (p <= DIRECT_LAST && size === size) {
        const d = mm.f64;
        const q = p >> 1;
        d[q] = HDR_M;
        d[q + 1] = this.scheduler.now;
        d[q + 2] = id;
        d[q + 3] = agent;
        d[q + 4] = side;
        d[q + 5] = size;
        mm.pos = p + 12;
        dl.count++;
      } else dl.recordNums('M', 5, this.scheduler.now, id, agent, side, size);
    } else if (this.log !== null) this.rec('M', 5, this.scheduler.now, id, agent, side, size);
    const left = this.take(id, agent, side, NaN, size, taker);
    this.freeSlot(slot);
    this.after();
    return size - left;
  }

  /** Immediate-or-cancel: trades up to `size` down to `priceUnits`; the rest is discarded. Returns the size filled. */
  ioc(agent: number, side: Side, priceUnits: number, size: number, taker: TakerFill | null = null): number {
    const id = this.allocSlot(agent);
    const slot = this.lastSlot;
    this.events++;
    this.newOrders++;
    const dl = this.direct;
    if (dl !== null) {
      // the words of recordNums('I', 6, …) written here (see `direct`)
      const mm = dl.mm;
      const p = mm.pos;
      if (p <= DIRECT_LAST && priceUnits === priceUnits && size === size) {
        const d = mm.f64;
        const q = p >> 1;
        d[q] = HDR_I;
        d[q + 1] = this.scheduler.now;
        d[q + 2] = id;
        d[q + 3] = agent;
        d[q + 4] = side;
        d[q + 5] = priceUnits;
        d[q + 6] = size;
        mm.pos = p + 14;
        dl.count++;
      } else dl.recordNums('I', 6, this.scheduler.now, id, agent, side, priceUnits, size);
    } else if (this.log !== null) this.rec('I', 6, this.scheduler.now, id, agent, side, priceUnits, size);
    const left = this.take(id, agent, side, priceUnits, size, taker);
    this.freeSlot(slot);
    this.after();
    return size - left;
  }

  /** Cancels a resting order; returns the size removed (0 if it is not resting). */
  cancel(orderId: number): number {
    const rem = this.book.remove(orderId);
    if (rem !== rem) return 0;
    this.events++;
    this.cancels++;
    const dl = this.direct;
    if (dl !== null) {
      // the words of recordNums('C', 3, …) written here (see `direct`)
      const mm = dl.mm;
      const p = mm.pos;
      if (p <= DIRECT_LAST) {
        const d = mm.f64;
        const q = p >> 1;
        d[q] = HDR_C;
        d[q + 1] = this.scheduler.now;
        d[q + 2] = orderId;
        d[q + 3] = rem;
        mm.pos = p + 8;
        dl.count++;
      } else dl.recordNums('C', 3, this.scheduler.now, orderId, rem);
    } else if (this.log !== null) this.rec('C', 3, this.scheduler.now, orderId, rem);
    this.freeSlot(slotOf(orderId));
    this.after();
    return rem;
  }

  /**
   * Cancel-replace of a resting order to a new price and remaining size. Returns the size left
   * resting (0 if it traded completely), or −1 when the order is not resting (nothing happens).
   */
  replace(orderId: number, priceUnits: number, size: number, taker: TakerFill | null = null): number {
    const book = this.book;
    const s = this.info;
    if (book.orderInfo(orderId, s) === undefined) return -1;
    this.events++;
    this.replaces++;
    const dl = this.direct;
    if (dl !== null) {
      // the words of recordNums('R', 4, …) written here (see `direct`)
      const mm = dl.mm;
      const p = mm.pos;
      if (p <= DIRECT_LAST && priceUnits === priceUnits && size === size) {
        const d = mm.f64;
        const q = p >> 1;
        d[q] = HDR_R;
        d[q + 1] = this.scheduler.now;
        d[q + 2] = orderId;
        d[q + 3] = priceUnits;
        d[q + 4] = size;
        mm.pos = p + 10;
        dl.count++;
      } else dl.recordNums('R', 4, this.scheduler.now, orderId, priceUnits, size);
    } else if (this.log !== null) this.rec('R', 4, this.scheduler.now, orderId, priceUnits, size);
    const side = s.side;
    let left = size;
    if (side === 1 ? book.bestAsk() <= priceUnits : book.bestBid() >= priceUnits) {
      const slot = slotOf(orderId);
      book.delete(orderId);
      left = this.take(orderId, this.slotAgent[slot]!, side, priceUnits, size, taker);
      if (left > 0) book.add(orderId, side, priceUnits, left);
      else this.freeSlot(slot);
    } else {
      book.modify(orderId, priceUnits, size);
    }
    this.after();
    return left;
  }
  private readonly info = { side: 1 as Side, priceUnits: 0, remaining: 0 };

  /** The global agent index that owns a resting order, or −1. */
  ownerOf(orderId: number): number {
    return this.book.orderRemaining(orderId) > 0 ? this.slotAgent[slotOf(orderId)]! : -1;
  }

  /** Called by the expiry task of `slot`: cancels the order if this expiry is still its own. */
  expire(slot: number, nowNs: number): void {
    if (this.expireAt[slot] === nowNs) this.cancel(this.slotGen[slot]! * SPAN + slot);
  }

  private take(id: number, agent: number, side: Side, limit: number, size: number, taker: TakerFill | null): number {
    this.aggId = id;
    this.aggAgent = agent;
    this.aggSide = side;
    this.taker = taker;
    const left = this.book.match(side, limit, size, this.fillCb);
    this.taker = null;
    return left;
  }

  private onFill(rid: number, price: number, size: number, rem: number): void {
    this.trades++;
    this.events++;
    this.volume += size;
    this.lastPriceUnits = price;
    const slot = slotOf(rid);
    const ra = this.slotAgent[slot]!;
    const s = this.aggSide;
    const pos = this.position;
    pos[this.aggAgent]! += s * size;
    pos[ra]! -= s * size;
    const now = this.scheduler.now;
    const dl = this.direct;
    if (dl !== null) {
      // the words of recordNums('T', 6, …) written here (see `direct`)
      const mm = dl.mm;
      const p = mm.pos;
      if (p <= DIRECT_LAST) {
        const d = mm.f64;
        const q = p >> 1;
        d[q] = HDR_T;
        d[q + 1] = now;
        d[q + 2] = rid;
        d[q + 3] = this.aggId;
        d[q + 4] = s;
        d[q + 5] = price;
        d[q + 6] = size;
        mm.pos = p + 14;
        dl.count++;
      } else dl.recordNums('T', 6, now, rid, this.aggId, s, price, size);
    } else if (this.log !== null) this.rec('T', 6, now, rid, this.aggId, s, price, size);
    const tl = this.tradeListeners;
    for (let k = 0; k < tl.length; k++) tl[k]!(now, price, size, s);
    this.owners[this.agentOwner[ra]!]!.onRestingFill(ra, rid, price, size, rem);
    if (rem === 0) this.freeSlot(slot);
    if (this.taker !== null) this.taker(price, size);
  }

  /**
   * One event to any other sink. Kept this small (#9) so that V8 compiles it with the log's fast path
   * inside: the fallback for sinks without `recordNums` lives in `RecordOnlySink`, not here.
   */
  private rec(kind: string, n: number, f0: number, f1: number, f2 = 0, f3 = 0, f4 = 0, f5 = 0): void {
    this.log!.recordNums(kind, n, f0, f1, f2, f3, f4, f5);
  }

  private after(): void {
    if (this.quoteListeners.length !== 0) this.publishQuote();
    if (this.afterMessage !== null) this.afterMessage();
  }

  private publishQuote(): void {
    const b = this.book;
    const bid = b.bestBid();
    const ask = b.bestAsk();
    const bs = bid === bid ? b.sizeAt(1, bid) : 0;
    const as = ask === ask ? b.sizeAt(-1, ask) : 0;
    if (same(bid, this.qBid) && same(ask, this.qAsk) && bs === this.qBidSize && as === this.qAskSize) return;
    this.qBid = bid;
    this.qAsk = ask;
    this.qBidSize = bs;
    this.qAskSize = as;
    const now = this.scheduler.now;
    const ql = this.quoteListeners;
    for (let k = 0; k < ql.length; k++) ql[k]!(now, bid, bs, ask, as);
  }

  private allocSlot(agent: number): number {
    let slot: number;
    if (this.freeTop > 0) slot = this.freeStack[--this.freeTop]!;
    else {
      if (this.highWater === this.slotAgent.length) this.grow();
      slot = this.highWater++;
    }
    this.slotAgent[slot] = agent;
    this.expireAt[slot] = Infinity;
    this.lastSlot = slot;
    return this.slotGen[slot]! * SPAN + slot;
  }

  private freeSlot(slot: number): void {
    this.slotGen[slot]!++;
    this.expireAt[slot] = NaN;
    this.freeStack[this.freeTop++] = slot;
  }

  private scheduleExpiry(slot: number, atNs: number): void {
    this.expireAt[slot] = atNs;
    let t = this.expiryTasks[slot];
    if (t === undefined) {
      t = new ExpiryTask(this, slot);
      this.expiryTasks[slot] = t;
    }
    this.scheduler.at(atNs, t);
  }

  private grow(): void {
    const cap = this.slotAgent.length * 2;
    if (cap > SPAN) throw new RangeError(`Exchange: more than ${SPAN} live orders`);
    const a = new Int32Array(cap);
    a.set(this.slotAgent);
    const g = new Float64Array(cap);
    g.set(this.slotGen);
    const e = new Float64Array(cap);
    e.set(this.expireAt);
    const f = new Int32Array(cap);
    f.set(this.freeStack);
    this.slotAgent = a;
    this.slotGen = g;
    this.expireAt = e;
    this.freeStack = f;
  }
}

/** The tracker slot encoded in an order id. */
function slotOf(id: number): number {
  return id - Math.floor(id * INV_SPAN) * SPAN;
}

function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** Cancels a resting order at its expiry time (one reusable task per tracker slot). */
class ExpiryTask implements Task {
  /** Never changes after construction: a session snapshot need not copy it. */
  static readonly [IMMUTABLE_STATE] = true;
  constructor(private readonly ex: Exchange, private readonly slot: number) {}
  fire(nowNs: number): void {
    this.ex.expire(this.slot, nowNs);
  }
}

/** An `EventSink` with its `recordNums` required. */
type FastSink = Required<EventSink>;

/** A sink with only `record`, given the fast call: `recordNums(kind, n, …)` is `record(kind, f0, …, f(n−1))`. */
class RecordOnlySink implements FastSink {
  constructor(private readonly sink: EventSink) {}
  record(kind: string, ...fields: Array<string | number>): void {
    this.sink.record(kind, ...fields);
  }
  recordNums(kind: string, n: number, f0 = 0, f1 = 0, f2 = 0, f3 = 0, f4 = 0, f5 = 0): void {
    this.sink.record(kind, ...[f0, f1, f2, f3, f4, f5].slice(0, n));
  }
}
