import type { EventPayload } from '../contract/index.js';
import type { LevelBook } from '../market/book/level-book.js';
import type { OrderBook } from '../market/book/order-book.js';
import { EventKind, type MarketEvent } from '../market/events/market-event.js';

type Frame = EventPayload<'market.frame'>;
const MAX_TRADES = 50_000;
const MAX_SERIES = 2_000;

/**
 * Collects what happens between two UI frames during playback: the trades and the top-of-book
 * path. Series points are stored in growing typed arrays (no allocation per event) and
 * downsampled evenly to at most 2,000 points when a frame is built; the last point is always kept.
 * Trades are all forwarded (a safety cap of 50,000 per frame keeps the most recent ones).
 */
export class FrameCollector {
  private ts = new Float64Array(4096);
  private bid = new Float64Array(4096);
  private ask = new Float64Array(4096);
  private n = 0;
  private lastBid = NaN;
  private lastAsk = NaN;
  private trades: Frame['trades'] = [];
  lastTradePrice: number | null = null;

  /** Bound once; called for every applied input event. */
  readonly onEvent = (_k: number, ev: MarketEvent, book: OrderBook | LevelBook): void => {
    const kind = ev.kind;
    if (kind === EventKind.Execute || kind === EventKind.Trade || kind === EventKind.Cross) {
      // A LOBSTER execution names the resting order's side; the aggressor is the other side.
      const side = kind === EventKind.Execute ? -ev.side : kind === EventKind.Trade ? ev.side : 0;
      this.trades.push({ tsNs: ev.tsNs, priceUnits: ev.priceUnits, size: ev.size, side });
      if (this.trades.length > 2 * MAX_TRADES) this.trades = this.trades.slice(-MAX_TRADES);
      this.lastTradePrice = ev.priceUnits;
    } else if (kind === EventKind.Bar) {
      this.lastTradePrice = ev.closeUnits;
    }
    const b = book.bestBid();
    const a = book.bestAsk();
    if (!sameNum(b, this.lastBid) || !sameNum(a, this.lastAsk)) {
      this.lastBid = b;
      this.lastAsk = a;
      this.push(ev.tsNs, b, a);
    }
  };

  /** Forgets everything (after a seek or a new session). */
  reset(): void {
    this.n = 0;
    this.trades = [];
    this.lastBid = NaN;
    this.lastAsk = NaN;
    this.lastTradePrice = null;
  }

  /** Takes the trades and the (downsampled) series collected since the last call. */
  drain(): { trades: Frame['trades']; series: Frame['series'] } {
    const trades = this.trades.length > MAX_TRADES ? this.trades.slice(-MAX_TRADES) : this.trades;
    this.trades = [];
    const series: Frame['series'] = [];
    const n = this.n;
    const stride = Math.max(1, Math.ceil(n / MAX_SERIES));
    for (let i = 0; i < n; i += stride) series.push(this.point(i));
    if (n > 0 && (n - 1) % stride !== 0) series.push(this.point(n - 1));
    this.n = 0;
    return { trades, series };
  }

  private point(i: number): [number, number | null, number | null] {
    const b = this.bid[i];
    const a = this.ask[i];
    return [this.ts[i], Number.isNaN(b) ? null : b, Number.isNaN(a) ? null : a];
  }

  private push(ts: number, b: number, a: number): void {
    if (this.n === this.ts.length) {
      const grow = (x: Float64Array) => {
        const y = new Float64Array(x.length * 2);
        y.set(x);
        return y;
      };
      this.ts = grow(this.ts);
      this.bid = grow(this.bid);
      this.ask = grow(this.ask);
    }
    this.ts[this.n] = ts;
    this.bid[this.n] = b;
    this.ask[this.n] = a;
    this.n++;
  }
}

function sameNum(x: number, y: number): boolean {
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}
