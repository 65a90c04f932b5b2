import type { EventSink } from '../abm/exchange.js';
import type { OrderBook } from '../book/order-book.js';
import { TradeResponseCounter } from './trade-response.js';

/**
 * Feeds a `TradeResponseCounter` from a simulated market's exchange events (the `EventSink` of a
 * `MarketSession`), so the simulated day is measured by the same counting as the real one
 * (`TradeResponseCollector`). Rules, as on the real day: market order = the trades (T) of one
 * timestamp and aggressor side; submission = a new limit order (N) at its distance from its own
 * side's best of the book it arrives into (the exchange records N before matching it); cancel (C)
 * = at the distance of the order's price (remembered from its N) from its own side's best after
 * the removal, at least 0 (a cancel never counts as inside). The spread a market order found is
 * the book's at the record of the order (M / I / N) that traded; the spread it left, the book's at
 * the next record. Time: the records' ns.
 */
export class TradeResponseSink implements EventSink {
  readonly counter = new TradeResponseCounter();
  private readonly orders = new Map<number, { side: number; price: number }>();
  private preSpread = NaN;
  private groupTs = NaN;
  private groupSide = 0;
  private groupBefore = NaN;
  private inGroup = false;

  /** The session's book (set by `attach` once the session exists: the session is built with its sink). */
  private book!: OrderBook;

  constructor(private readonly tick: number) {}

  /** The book the records are read against (the session's `book`); call before the session runs. */
  attach(book: OrderBook): this {
    this.book = book;
    return this;
  }

  recordNums(kind: string, n: number, f0 = 0, f1 = 0, f2 = 0, f3 = 0, f4 = 0, f5 = 0): void {
    this.record(kind, ...[f0, f1, f2, f3, f4, f5].slice(0, n));
  }

  record(kind: string, ...f: Array<string | number>): void {
    const ts = Number(f[0]);
    const book = this.book;
    if (kind !== 'T' && this.inGroup) {
      this.counter.reclass(this.groupBefore, this.spreadNow());
      this.inGroup = false;
    }
    switch (kind) {
      case 'N': {
        const id = Number(f[1]), side = Number(f[3]), price = Number(f[4]);
        const own = side === 1 ? book.bestBid() : book.bestAsk();
        this.preSpread = this.spreadNow();
        this.orders.set(id, { side, price });
        if (own === own) this.counter.event(0, ts, side, Math.round((side === 1 ? own - price : price - own) / this.tick));
        break;
      }
      case 'M':
      case 'I':
        this.preSpread = this.spreadNow();
        break;
      case 'C': {
        const o = this.orders.get(Number(f[1]));
        if (!o) break;
        this.orders.delete(Number(f[1]));
        const own = o.side === 1 ? book.bestBid() : book.bestAsk();
        const d = own === own ? Math.max(0, Math.round((o.side === 1 ? own - o.price : o.price - own) / this.tick)) : 0;
        this.counter.event(1, ts, o.side, d);
        break;
      }
      case 'T': {
        const side = Number(f[3]);
        if (ts !== this.groupTs || side !== this.groupSide) {
          this.groupTs = ts;
          this.groupSide = side;
          this.groupBefore = this.preSpread;
          this.counter.marketOrder(ts, side, this.preSpread, this.preSpread);
        }
        this.inGroup = true;
        break;
      }
      default:
        break;
    }
  }

  private spreadNow(): number {
    return (this.book.bestAsk() - this.book.bestBid()) / this.tick;
  }
}
