import type { Side } from '../../domain/side.js';
import type { Rng } from '../../kernel/rng.js';
import type { Scheduler } from '../../kernel/scheduler.js';
import type { DepthBuffers } from '../book/book-types.js';
import { LevelBook } from '../book/level-book.js';
import { EventKind, newMarketEvent, type MarketEvent } from '../events/market-event.js';
import type { ReaderInfo } from '../readers/reader.js';
import { applyL2 } from '../replay/apply-l2.js';
import type { EventTape } from '../replay/event-tape.js';
import { newReplayCounters } from '../replay/replay-counters.js';
import { better, byPriority, removeFrom, type FillSink, type OwnOrder, type PrintSink } from './own-order.js';
import { copyCounters, type EngineSnapshot, type ReplayEngine } from './replay-engine.js';
import type { QueueModel } from './venue.js';

/** Liquidity we took at a level that history still displays. */
interface Debt {
  side: Side;
  priceUnits: number;
  size: number;
  lastShown: number;
}

/**
 * Level-data (L2) replay: history plays into a `LevelBook` exactly as recorded (our orders are
 * never added to it); our resting orders live beside it with a `QueueModel` estimate of the size
 * ahead. Fill rules for an own order resting on side S at historical level h:
 *
 * 1. Trades (a trade stream: Tardis trades, or Trade events in the same tape; side = aggressor;
 *    an unknown side is taken as a buy when the print is at or above the best ask, a sell at or
 *    below the best bid, otherwise ignored). A print of v at q against side S fills, in
 *    price-time order, our orders at a strictly better price than q (trade-through: min(leaves,
 *    what is left of v)), then those at q by the queue model: ahead' = onTrade(ahead, v'), and
 *    the order fills floor(−ahead') (at most its leaves) when ahead' < 0, ahead then 0. v' is the
 *    print less what earlier own orders took from it.
 * 2. Level changes: after each batch (events sharing a timestamp) a displayed size change at h
 *    from `last` to `now` calls onLevelChange(ahead, last − traded, now), `traded` = print volume
 *    at h since the last change (so trades are not counted twice). Levels beyond the data's depth
 *    (`ReaderInfo.depthLevels`) are unknown, not empty: they change nothing.
 * 3. Crossing: when the opposite touch reaches h, the order fills as maker at its own price
 *    against the displayed opposite liquidity at prices up to h (best first).
 * 4. Our marketable orders take displayed liquidity best first down to the limit, at historical
 *    price + shift. Since history keeps displaying it, what we took at a level is remembered
 *    (a debt) and unavailable to us until the displayed size there has fallen by as much (or the
 *    level is gone).
 */
export class L2Engine implements ReplayEngine {
  readonly kind = 'L2' as const;
  readonly book: LevelBook;
  readonly counters = newReplayCounters();
  shiftUnits = 0;
  print: PrintSink | null = null;
  private readonly bids: OwnOrder[] = [];
  private readonly asks: OwnOrder[] = [];
  private readonly debts = new Map<number, Debt>();
  private readonly ev: MarketEvent = newMarketEvent();
  private readonly depthLevels: number;
  private buf: DepthBuffers = makeBuffers(64);
  private worstBid = NaN;
  private worstAsk = NaN;
  private seq = 0;

  constructor(
    info: ReaderInfo,
    private readonly queue: QueueModel,
    private readonly rng: Rng,
    private readonly fill: FillSink,
    private readonly scheduler: Scheduler,
  ) {
    this.book = new LevelBook({ tickUnits: info.instrument.tickSizeUnits });
    this.depthLevels = info.depthLevels;
  }

  applyRange(tape: EventTape, from: number, to: number): void {
    const ev = this.ev;
    for (let i = from; i < to; i++) {
      tape.read(i, ev);
      applyL2(this.book, ev, this.counters);
      if (ev.kind === EventKind.Trade) {
        if (this.bids.length + this.asks.length > 0) this.onTrade(ev);
        if (this.print !== null) this.print(ev.priceUnits + this.shiftUnits, ev.size, ev.side, false);
      }
    }
  }

  afterBatch(): void {
    if (this.bids.length + this.asks.length === 0 && this.debts.size === 0) return;
    this.findDepthEdges();
    for (const list of [this.bids, this.asks]) {
      for (const o of list) {
        const now = this.visibleSize(o.side, o.histPriceUnits);
        if (now !== now || now === o.lastLevelSize) continue;
        const before = Math.max(0, o.lastLevelSize - o.tradedSinceDepth);
        o.ahead = this.queue.onLevelChange(o.ahead, before, now, this.rng);
        o.lastLevelSize = now;
        o.tradedSinceDepth = 0;
      }
    }
    for (const [k, d] of this.debts) {
      const shown = this.book.sizeAt(d.side, d.priceUnits);
      if (shown < d.lastShown) d.size -= d.lastShown - shown;
      d.lastShown = shown;
      if (d.size <= 0 || shown === 0) this.debts.delete(k);
    }
    this.crossCheck();
  }

  snapshot(): EngineSnapshot {
    if (this.bids.length + this.asks.length > 0 || this.debts.size > 0 || this.shiftUnits !== 0) {
      throw new Error('L2Engine.snapshot: own orders or their traces are in the book (a checkpoint holds history only)');
    }
    return { kind: 'L2', book: this.book.snapshot(), counters: copyCounters(this.counters) };
  }

  restore(s: EngineSnapshot): void {
    if (s.kind !== 'L2') throw new Error(`L2Engine.restore: a ${s.kind} checkpoint`);
    if (this.bids.length + this.asks.length > 0 || this.debts.size > 0) throw new Error('L2Engine.restore: own orders are in the book');
    this.book.restore(s.book);
    Object.assign(this.counters, copyCounters(s.counters));
  }

  take(o: OwnOrder, limitUnits: number): void {
    this.sweep(o, limitUnits - this.shiftUnits, true);
  }

  rest(o: OwnOrder): void {
    o.histPriceUnits = o.priceUnits - this.shiftUnits;
    this.join(o);
    const list = o.side === 1 ? this.bids : this.asks;
    list.push(o);
    list.sort(byPriority);
  }

  remove(o: OwnOrder): void {
    removeFrom(o.side === 1 ? this.bids : this.asks, o);
    o.resting = false;
  }

  shrink(): void {
    // The estimate of the size ahead does not depend on our own size.
  }

  queueAhead(o: OwnOrder): number {
    return o.ahead;
  }

  reshift(shiftUnits: number): void {
    if (shiftUnits === this.shiftUnits) return;
    this.shiftUnits = shiftUnits;
    for (const o of [...this.bids, ...this.asks].sort((a, b) => a.levelSeq - b.levelSeq)) {
      const h = o.priceUnits - shiftUnits;
      if (h === o.histPriceUnits) continue;
      o.histPriceUnits = h;
      this.join(o);
    }
    this.bids.sort(byPriority);
    this.asks.sort(byPriority);
    this.crossCheck();
  }

  crossesOwn(side: Side, limitUnits: number): OwnOrder | undefined {
    const o = (side === 1 ? this.asks : this.bids)[0];
    if (o === undefined) return undefined;
    return limitUnits !== limitUnits || !better(side, o.priceUnits, limitUnits) ? o : undefined;
  }

  private join(o: OwnOrder): void {
    const shown = this.book.sizeAt(o.side, o.histPriceUnits);
    o.ahead = this.queue.onJoin(shown);
    o.lastLevelSize = shown;
    o.tradedSinceDepth = 0;
    o.levelSeq = ++this.seq;
    o.resting = true;
    o.restedAtNs = this.scheduler.now;
    o.queueAheadAtEntry = o.ahead;
  }

  /** Rule 1. */
  private onTrade(ev: MarketEvent): void {
    const q = ev.priceUnits;
    let aggressor = ev.side;
    if (aggressor === 0) aggressor = q >= this.book.bestAsk() ? 1 : q <= this.book.bestBid() ? -1 : 0;
    if (aggressor === 0) return;
    const side: Side = aggressor === 1 ? -1 : 1;
    const list = side === 1 ? this.bids : this.asks;
    let left = ev.size;
    for (let i = 0; i < list.length && left > 0;) {
      const o = list[i]!;
      const h = o.histPriceUnits;
      let f = 0;
      if (better(side, h, q)) {
        f = Math.min(o.leaves, left);
      } else if (h === q) {
        o.tradedSinceDepth += ev.size;
        const a = this.queue.onTrade(o.ahead, left);
        if (a < 0) {
          f = Math.min(o.leaves, Math.floor(-a + 1e-9));
          o.ahead = 0;
        } else {
          o.ahead = a;
        }
      } else {
        break;
      }
      if (f > 0) {
        left -= f;
        if (f === o.leaves) {
          list.splice(i, 1);
          o.resting = false;
        } else i++;
        this.fill(o, h + this.shiftUnits, f, false);
      } else i++;
    }
  }

  /** Rule 3. */
  private crossCheck(): void {
    for (const list of [this.bids, this.asks]) {
      for (let guard = 0; guard < 1000 && list.length > 0; guard++) {
        const o = list[0]!;
        const before = o.leaves;
        this.sweep(o, o.histPriceUnits, false);
        if (o.leaves === before) break;
        if (o.leaves === 0) {
          list.shift();
          o.resting = false;
        }
      }
    }
  }

  /** Rules 3 and 4: `o` takes available opposite liquidity at historical prices up to `limitHist`. */
  private sweep(o: OwnOrder, limitHist: number, aggressor: boolean): void {
    const opp: Side = o.side === 1 ? -1 : 1;
    const n = this.book.levelCount(opp);
    if (n === 0) return;
    if (this.buf.bidPrice.length < n) this.buf = makeBuffers(Math.max(n, 2 * this.buf.bidPrice.length));
    this.book.depth(n, this.buf);
    const prices = opp === 1 ? this.buf.bidPrice : this.buf.askPrice;
    const sizes = opp === 1 ? this.buf.bidSize : this.buf.askSize;
    for (let j = 0; j < n && o.leaves > 0; j++) {
      const q = prices[j]!;
      if (limitHist === limitHist && better(opp, limitHist, q)) break; // beyond our limit
      const d = this.debts.get(levelKey(opp, q));
      const avail = sizes[j]! - (d ? d.size : 0);
      if (avail <= 0) continue;
      const f = Math.min(avail, o.leaves);
      if (d) d.size += f;
      else this.debts.set(levelKey(opp, q), { side: opp, priceUnits: q, size: f, lastShown: sizes[j]! });
      this.fill(o, (aggressor ? q : o.histPriceUnits) + this.shiftUnits, f, aggressor);
    }
  }

  /** Displayed size at a level, or NaN when the level lies beyond the data's depth (unknown). */
  private visibleSize(side: Side, p: number): number {
    const worst = side === 1 ? this.worstBid : this.worstAsk;
    if (worst === worst && better(side, worst, p)) return NaN;
    return this.book.sizeAt(side, p);
  }

  /** The deepest displayed price per side when the side shows the data's full depth (else NaN: all visible). */
  private findDepthEdges(): void {
    this.worstBid = this.worstAsk = NaN;
    const n = this.depthLevels;
    if (n === 0) return;
    if (this.buf.bidPrice.length < n) this.buf = makeBuffers(n);
    const [nb, na] = this.book.depth(n, this.buf);
    if (nb >= n) this.worstBid = this.buf.bidPrice[n - 1]!;
    if (na >= n) this.worstAsk = this.buf.askPrice[n - 1]!;
  }
}

function levelKey(side: Side, priceUnits: number): number {
  return side === 1 ? priceUnits * 2 : priceUnits * 2 + 1;
}

function makeBuffers(n: number): DepthBuffers {
  return { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
}
