import type { Side } from '../../domain/side.js';
import { PriorityRule } from '../book/book-result.js';
import { OrderBook } from '../book/order-book.js';
import { EventKind, newMarketEvent, type MarketEvent } from '../events/market-event.js';
import type { ReaderInfo } from '../readers/reader.js';
import { applyL3 } from '../replay/apply-l3.js';
import { RESET_LEVEL, type EventTape } from '../replay/event-tape.js';
import { newReplayCounters } from '../replay/replay-counters.js';
import type { Scheduler } from '../../kernel/scheduler.js';
import { HistoryLedger } from './history-ledger.js';
import { better, byPriority, removeFrom, type FillSink, type OwnOrder, type PrintSink } from './own-order.js';
import { resetHistoricalLevel, syncHistoricalLevel } from './own-sync-level.js';
import { copyCounters, type EngineSnapshot, type ReplayEngine } from './replay-engine.js';

/** How prints that do not touch the visible book (LOBSTER hidden executions) may fill us. */
export type HiddenTradeRule = 'front-priority' | 'none';

/**
 * Market-by-order replay with our orders in the same `OrderBook` as history (own ids count down
 * from 2^53 − 1, see `OWN_ID_TOP`), so queue position is exact. Fill rules, for an own order
 * resting on side S at historical level h (real price h + shift):
 *
 * 1. Queue (price-time priority): a historical execution of order H of side S at price q of size
 *    v (LOBSTER type 4 `Execute`, Databento `F` `Fill`) first fills, in price-time order, our
 *    orders of side S that had priority over H — those at a strictly better price than q (the
 *    aggressor would have reached them first: trade-through) and those at q that sit AHEAD of H
 *    in the level's FIFO — up to v in total, at our own price (maker). H's execution is reduced by
 *    what we took (the `HistoryLedger` keeps H's extra size until history removes H).
 * 2. Hidden prints (LOBSTER type 5, side = aggressor) with rule 'front-priority' (default for
 *    LOBSTER): fill our orders of the resting side at a strictly better price, or at q when
 *    nothing visible is ahead of us (displayed beats hidden), up to the print's size. Databento
 *    `T` prints never fill us (their `F` does), nor do auction crosses.
 * 3. Crossing: when the historical opposite side reaches our level (an add, a modify or a level
 *    correction crosses it, or a shift change moves us into it), our order trades as maker at its
 *    own price against that liquidity, best first, which is then gone for history (ledger).
 * 4. Our marketable orders `take` with `OrderBook.match` (best price, then FIFO) down to the
 *    limit, at historical price + shift; the liquidity consumed is recorded in the ledger, so
 *    later historical cancels / executions of it are clipped (no double fill).
 *
 * With no own order and an empty ledger every event goes through `applyL3` unchanged, so the book
 * is exactly the plain replay's.
 */
export class L3Engine implements ReplayEngine {
  readonly kind = 'L3' as const;
  readonly book: OrderBook;
  readonly counters = newReplayCounters();
  readonly ledger = new HistoryLedger();
  shiftUnits = 0;
  print: PrintSink | null = null;
  /** Own orders resting per side, kept in price-time priority. */
  private readonly bids: OwnOrder[] = [];
  private readonly asks: OwnOrder[] = [];
  private readonly ev: MarketEvent = newMarketEvent();
  private readonly eligible: OwnOrder[] = [];
  private readonly takePx: number[] = [];
  private readonly takeSz: number[] = [];
  private takeSide: Side = 1;
  private seq = 0;
  /** Crossings skipped because the crossed liquidity was our own (no self-trade). */
  selfCrossSkips = 0;

  constructor(
    info: ReaderInfo,
    private readonly fill: FillSink,
    private readonly scheduler: Scheduler,
    private readonly hiddenRule: HiddenTradeRule = info.format === 'lobster' ? 'front-priority' : 'none',
  ) {
    this.book = new OrderBook({ tickUnits: info.instrument.tickSizeUnits });
  }

  applyRange(tape: EventTape, from: number, to: number): void {
    const ev = this.ev;
    for (let i = from; i < to; i++) {
      tape.read(i, ev);
      if (this.bids.length === 0 && this.asks.length === 0 && this.ledger.empty) applyL3(this.book, ev, this.counters);
      else this.applyWithOwn(ev);
      if (this.print !== null) this.printOf(ev);
    }
  }

  afterBatch(): void {}

  take(o: OwnOrder, limitUnits: number): void {
    this.takePx.length = 0;
    this.takeSz.length = 0;
    this.takeSide = o.side === 1 ? -1 : 1;
    this.book.match(o.side, limitUnits - this.shiftUnits, o.leaves, this.onTakeFill);
    for (let i = 0; i < this.takePx.length; i++) this.fill(o, this.takePx[i]! + this.shiftUnits, this.takeSz[i]!, true);
  }

  rest(o: OwnOrder): void {
    o.histPriceUnits = o.priceUnits - this.shiftUnits;
    this.book.add(o.bookId, o.side, o.histPriceUnits, o.leaves);
    this.joined(o);
    const list = o.side === 1 ? this.bids : this.asks;
    list.push(o);
    list.sort(byPriority);
  }

  remove(o: OwnOrder): void {
    this.book.delete(o.bookId);
    removeFrom(o.side === 1 ? this.bids : this.asks, o);
    o.resting = false;
  }

  shrink(o: OwnOrder, newLeaves: number): void {
    this.book.modify(o.bookId, o.histPriceUnits, newLeaves, PriorityRule.KeepOnSizeDecrease);
  }

  queueAhead(o: OwnOrder): number {
    return this.book.queueAhead(o.bookId);
  }

  reshift(shiftUnits: number): void {
    if (shiftUnits === this.shiftUnits) return;
    this.shiftUnits = shiftUnits;
    const all = [...this.bids, ...this.asks].sort((a, b) => a.levelSeq - b.levelSeq);
    for (const o of all) {
      const h = o.priceUnits - shiftUnits;
      if (h === o.histPriceUnits) continue;
      this.book.modify(o.bookId, h, o.leaves, PriorityRule.AlwaysLose);
      o.histPriceUnits = h;
      this.joined(o);
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

  snapshot(): EngineSnapshot {
    if (this.bids.length + this.asks.length > 0 || !this.ledger.empty || this.shiftUnits !== 0) {
      throw new Error('L3Engine.snapshot: own orders or their traces are in the book (a checkpoint holds history only)');
    }
    return { kind: 'L3', book: this.book.snapshot(), counters: copyCounters(this.counters) };
  }

  restore(s: EngineSnapshot): void {
    if (s.kind !== 'L3') throw new Error(`L3Engine.restore: a ${s.kind} checkpoint`);
    if (this.bids.length + this.asks.length > 0 || !this.ledger.empty) throw new Error('L3Engine.restore: own orders are in the book');
    this.book.restore(s.book);
    Object.assign(this.counters, copyCounters(s.counters));
  }

  // ---- historical events with our orders present ------------------------------------------

  private applyWithOwn(ev: MarketEvent): void {
    const book = this.book;
    const side = ev.side as Side;
    switch (ev.kind) {
      case EventKind.Execute: {
        const taken = this.fillAhead(side, ev.priceUnits, ev.orderId, ev.size);
        if (this.ledger.reduce(book, ev.orderId, side, ev.priceUnits, ev.size, taken, false)) {
          this.counters.trades++;
          this.counters.volume += ev.size;
        } else {
          applyL3(book, ev, this.counters);
        }
        return;
      }
      case EventKind.Fill: {
        const taken = this.fillAhead(side, ev.priceUnits, ev.orderId, ev.size);
        if (taken > 0) this.ledger.addCredit(book, ev.orderId, side, ev.priceUnits, taken);
        return;
      }
      case EventKind.Cancel:
      case EventKind.Delete:
        if (!this.ledger.reduce(book, ev.orderId, side, ev.priceUnits, ev.size, 0, ev.kind === EventKind.Delete)) applyL3(book, ev, this.counters);
        return;
      case EventKind.Modify:
        if (!this.ledger.modify(book, ev.orderId, side, ev.priceUnits, ev.size)) applyL3(book, ev, this.counters);
        this.crossCheck();
        return;
      case EventKind.Level:
        this.applyLevel(ev);
        this.crossCheck();
        return;
      case EventKind.Clear:
        this.clearHistory();
        return;
      case EventKind.Trade:
        applyL3(book, ev, this.counters);
        if (this.hiddenRule === 'front-priority' && ev.side !== 0) this.fillHidden(ev.side === 1 ? -1 : 1, ev.priceUnits, ev.size);
        return;
      case EventKind.Add:
        applyL3(book, ev, this.counters);
        this.crossCheck();
        return;
      default:
        applyL3(book, ev, this.counters);
    }
  }

  /** Rule 1: fills our side-`side` orders with priority over historical order `hId` at price q; returns the size taken. */
  private fillAhead(side: Side, q: number, hId: number, size: number): number {
    const list = side === 1 ? this.bids : this.asks;
    if (list.length === 0) return 0;
    const el = this.eligible;
    el.length = 0;
    let qaH = NaN;
    for (const o of list) {
      const h = o.histPriceUnits;
      if (better(side, h, q)) el.push(o);
      else if (h === q) {
        // Same level: ahead of H in the FIFO? (An unknown H is anonymous liquidity: always ahead of us.)
        if (qaH !== qaH) qaH = this.book.queueAhead(hId);
        if (qaH === qaH && this.book.queueAhead(o.bookId) < qaH) el.push(o);
      } else break; // the list is in priority order: the rest are worse
    }
    return this.fillPassive(list, el, size);
  }

  /** Rule 2: a hidden print of `size` at q against resting side `side`. */
  private fillHidden(side: Side, q: number, size: number): void {
    const list = side === 1 ? this.bids : this.asks;
    if (list.length === 0) return;
    const el = this.eligible;
    el.length = 0;
    for (const o of list) {
      const h = o.histPriceUnits;
      if (better(side, h, q) || (h === q && this.book.queueAhead(o.bookId) === 0)) el.push(o);
      else if (h !== q) break;
    }
    this.fillPassive(list, el, size);
  }

  /** Fills `el` (in order) with up to `size` as maker at their own prices; returns the size filled. */
  private fillPassive(list: OwnOrder[], el: OwnOrder[], size: number): number {
    let left = size;
    for (let i = 0; i < el.length && left > 0; i++) {
      const o = el[i]!;
      const f = o.leaves < left ? o.leaves : left;
      this.book.execute(o.bookId, f);
      left -= f;
      if (f === o.leaves) {
        removeFrom(list, o);
        o.resting = false;
      }
      this.fill(o, o.histPriceUnits + this.shiftUnits, f, false);
    }
    el.length = 0;
    return size - left;
  }

  /** Rule 3: while the best own order of a side is crossed by historical liquidity, it trades as maker. */
  private crossCheck(): void {
    if (this.bids.length > 0) this.crossSide(1);
    if (this.asks.length > 0) this.crossSide(-1);
  }

  private crossSide(side: Side): void {
    const list = side === 1 ? this.bids : this.asks;
    const other = side === 1 ? this.asks : this.bids;
    for (let guard = 0; guard < 1000 && list.length > 0; guard++) {
      const o = list[0]!;
      const opp = side === 1 ? this.book.bestAsk() : this.book.bestBid();
      if (!(opp === opp) || better(side, opp, o.histPriceUnits)) break;
      if (other.length > 0 && !better(side, other[0]!.histPriceUnits, o.histPriceUnits)) {
        this.selfCrossSkips++;
        break;
      }
      this.takePx.length = 0;
      this.takeSz.length = 0;
      this.takeSide = side === 1 ? -1 : 1;
      const left = this.book.match(side, o.histPriceUnits, o.leaves, this.onTakeFill);
      const taken = o.leaves - left;
      if (!(taken > 0)) break;
      this.book.execute(o.bookId, taken);
      if (taken === o.leaves) {
        list.shift();
        o.resting = false;
      }
      this.fill(o, o.histPriceUnits + this.shiftUnits, taken, false);
    }
  }

  /** `OrderBook.match` callback: record what we consumed (ledger) and aggregate fills per price. */
  private readonly onTakeFill = (id: number, price: number, size: number, rem: number): void => {
    this.ledger.consumed(id, this.takeSide, price, size, rem);
    const n = this.takePx.length;
    if (n > 0 && this.takePx[n - 1] === price) this.takeSz[n - 1]! += size;
    else {
      this.takePx.push(price);
      this.takeSz.push(size);
    }
  };

  private applyLevel(ev: MarketEvent): void {
    const side = ev.side as Side;
    const p = ev.priceUnits;
    const own = this.hasOwnAt(side, p);
    const disc = this.ledger.empty ? 0 : this.ledger.discrepancyAt(this.book, side, p);
    if (!own && disc === 0) {
      applyL3(this.book, ev, this.counters);
      return;
    }
    const forget = this.forget;
    if ((ev.flags & RESET_LEVEL) !== 0) {
      const anon = Math.max(0, ev.size - Math.max(0, disc));
      resetHistoricalLevel(this.book, side, p, anon, forget);
      this.ledger.resetLevel(side, p, ev.size, anon);
    } else if (ev.size === 0) {
      // History emptied the level: nothing of history stays, whatever our fills left behind.
      syncHistoricalLevel(this.book, side, p, 0, forget);
      this.ledger.levelEmptied(side, p);
    } else {
      syncHistoricalLevel(this.book, side, p, Math.max(0, ev.size - disc), forget);
    }
  }

  private readonly forget = (id: number): void => this.ledger.forget(id);

  private hasOwnAt(side: Side, p: number): boolean {
    for (const o of side === 1 ? this.bids : this.asks) if (o.histPriceUnits === p) return true;
    return false;
  }

  /** A historical clear (Databento R) empties history; our orders stay, in their time order. */
  private clearHistory(): void {
    const own = [...this.bids, ...this.asks].sort((a, b) => a.levelSeq - b.levelSeq);
    this.book.clear();
    this.ledger.clear();
    for (const o of own) this.book.add(o.bookId, o.side, o.histPriceUnits, o.leaves);
  }

  private joined(o: OwnOrder): void {
    o.levelSeq = ++this.seq;
    o.resting = true;
    o.restedAtNs = this.scheduler.now;
    o.queueAheadAtEntry = this.book.queueAhead(o.bookId);
  }

  private printOf(ev: MarketEvent): void {
    const k = ev.kind;
    if (k === EventKind.Execute) this.print!(ev.priceUnits + this.shiftUnits, ev.size, ev.side === 1 ? -1 : ev.side === -1 ? 1 : 0, false);
    else if (k === EventKind.Trade || k === EventKind.Cross) this.print!(ev.priceUnits + this.shiftUnits, ev.size, k === EventKind.Cross ? 0 : ev.side, false);
  }
}
