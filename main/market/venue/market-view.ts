import type { MaybeSide, Side } from '../../domain/side.js';
import type { BookView, DepthBuffers } from '../book/book-types.js';

/** A trade as the strategy's market-data feed shows it. Plain data. */
export interface TradePrint {
  /** Venue time of the trade. */
  readonly tsNs: number;
  /** Real price (history + impact shift). */
  readonly priceUnits: number;
  readonly size: number;
  /** +1 buyer-initiated, −1 seller-initiated, 0 unknown / auction. */
  readonly aggressor: MaybeSide;
  /** One of our fills. */
  readonly own: boolean;
}

/**
 * What a strategy sees of the market: the venue's book and trades delayed by the market-data
 * latency. Invariants: `book` shows the venue's top `levels` levels per side as they were at venue
 * time `asOfNs`, which is the latest snapshot whose arrival time (`asOfNs` + its market-data
 * delay, made non-decreasing: a feed never overtakes itself) is ≤ the scheduler's now; before the
 * first arrival the book is empty (NaN prices). Prices are REAL prices (historical + impact shift),
 * so with an impact model our own resting orders appear at their own limits.
 */
export interface MarketView {
  readonly book: BookView;
  readonly asOfNs: number;
  /** Trades that have arrived since the last call, oldest first. */
  takeTrades(): TradePrint[];
  /** Calls `listener` whenever a new snapshot arrives (scheduled on the kernel Scheduler). */
  onUpdate(listener: (view: MarketView) => void): void;
}

/** One captured top-of-book: venue time, arrival time and `levels` prices and sizes per side. */
interface Snapshot {
  asOfNs: number;
  arriveNs: number;
  nb: number;
  na: number;
  buf: DepthBuffers;
}

/**
 * A `BookView` over the latest snapshot that has arrived: every query first brings the view up to
 * the scheduler's now (`sync`), so a strategy may keep this object. Queries beyond the captured
 * levels see nothing: `sizeAt` of a deeper price is 0 and `levelCount` counts captured levels only.
 */
class SnapshotBook implements BookView {
  snap: Snapshot | null = null;

  constructor(private readonly sync: () => void) {}

  bestBid(): number {
    this.sync();
    const s = this.snap;
    return s !== null && s.nb > 0 ? s.buf.bidPrice[0]! : NaN;
  }
  bestAsk(): number {
    this.sync();
    const s = this.snap;
    return s !== null && s.na > 0 ? s.buf.askPrice[0]! : NaN;
  }
  sizeAt(side: Side, priceUnits: number): number {
    this.sync();
    const s = this.snap;
    if (s === null) return 0;
    const n = side === 1 ? s.nb : s.na;
    const px = side === 1 ? s.buf.bidPrice : s.buf.askPrice;
    const sz = side === 1 ? s.buf.bidSize : s.buf.askSize;
    for (let i = 0; i < n; i++) if (px[i] === priceUnits) return sz[i]!;
    return 0;
  }
  depth(n: number, out: DepthBuffers): [number, number] {
    this.sync();
    const s = this.snap;
    const nb = s === null ? 0 : Math.min(n, s.nb, out.bidPrice.length);
    const na = s === null ? 0 : Math.min(n, s.na, out.askPrice.length);
    for (let i = 0; i < out.bidPrice.length; i++) {
      out.bidPrice[i] = i < nb ? s!.buf.bidPrice[i]! : NaN;
      out.bidSize[i] = i < nb ? s!.buf.bidSize[i]! : 0;
    }
    for (let i = 0; i < out.askPrice.length; i++) {
      out.askPrice[i] = i < na ? s!.buf.askPrice[i]! : NaN;
      out.askSize[i] = i < na ? s!.buf.askSize[i]! : 0;
    }
    return [nb, na];
  }
  mid(): number {
    return (this.bestBid() + this.bestAsk()) / 2;
  }
  microprice(): number {
    this.sync();
    const s = this.snap;
    if (s === null || s.nb === 0 || s.na === 0) return NaN;
    const bs = s.buf.bidSize[0]!;
    const as = s.buf.askSize[0]!;
    return (s.buf.bidPrice[0]! * as + s.buf.askPrice[0]! * bs) / (bs + as);
  }
  imbalance(levels = 1): number {
    this.sync();
    const s = this.snap;
    if (s === null) return 0;
    let b = 0;
    let a = 0;
    for (let i = 0; i < Math.min(levels, s.nb); i++) b += s.buf.bidSize[i]!;
    for (let i = 0; i < Math.min(levels, s.na); i++) a += s.buf.askSize[i]!;
    return a + b > 0 ? (b - a) / (a + b) : 0;
  }
  levelCount(side: Side): number {
    this.sync();
    const s = this.snap;
    return s === null ? 0 : side === 1 ? s.nb : s.na;
  }
}

/**
 * The lagged feed behind `MarketView`: the venue `capture`s its book after every change it makes
 * (batch of history, our orders' effects) and `trade`s every print; both are queued with their
 * arrival time and revealed lazily when read at a later scheduler time. Snapshot records are
 * pooled (no allocation per capture once warm).
 */
export class LaggedMarketView implements MarketView {
  private readonly shown = new SnapshotBook(() => this.advance());
  private readonly queue: Snapshot[] = [];
  private head = 0;
  private readonly pool: Snapshot[] = [];
  private readonly trades: Array<TradePrint & { arriveNs: number }> = [];
  private tradeHead = 0;
  private lastArrive = 0;
  private readonly listeners: Array<(view: MarketView) => void> = [];

  constructor(
    readonly levels: number,
    private readonly now: () => number,
    private readonly schedule: (atNs: number, fn: () => void) => void,
  ) {}

  get book(): BookView {
    return this.shown;
  }

  get asOfNs(): number {
    this.advance();
    return this.shown.snap === null ? NaN : this.shown.snap.asOfNs;
  }

  takeTrades(): TradePrint[] {
    const now = this.now();
    const out: TradePrint[] = [];
    while (this.tradeHead < this.trades.length && this.trades[this.tradeHead]!.arriveNs <= now) {
      const t = this.trades[this.tradeHead++]!;
      out.push({ tsNs: t.tsNs, priceUnits: t.priceUnits, size: t.size, aggressor: t.aggressor, own: t.own });
    }
    if (this.tradeHead > 4096 && this.tradeHead * 2 > this.trades.length) {
      this.trades.splice(0, this.tradeHead);
      this.tradeHead = 0;
    }
    return out;
  }

  onUpdate(listener: (view: MarketView) => void): void {
    this.listeners.push(listener);
  }

  /** Records the venue book at venue time `tsNs`, prices shifted by `shiftUnits`, arriving after `delayNs`. */
  capture(book: BookView, tsNs: number, delayNs: number, shiftUnits: number): void {
    this.advance(); // recycles what has arrived, so an unread view does not grow
    const s = this.pool.pop() ?? { asOfNs: 0, arriveNs: 0, nb: 0, na: 0, buf: makeBuffers(this.levels) };
    [s.nb, s.na] = book.depth(this.levels, s.buf);
    if (shiftUnits !== 0) {
      for (let i = 0; i < s.nb; i++) s.buf.bidPrice[i]! += shiftUnits;
      for (let i = 0; i < s.na; i++) s.buf.askPrice[i]! += shiftUnits;
    }
    s.asOfNs = tsNs;
    s.arriveNs = this.arrival(tsNs + delayNs);
    this.queue.push(s);
    if (this.listeners.length > 0) this.schedule(s.arriveNs, () => this.notify());
  }

  /** Records a trade print at venue time `tsNs` arriving after `delayNs`. */
  trade(tsNs: number, delayNs: number, priceUnits: number, size: number, aggressor: MaybeSide, own: boolean): void {
    this.trades.push({ tsNs, arriveNs: this.arrival(tsNs + delayNs), priceUnits, size, aggressor, own });
  }

  private arrival(t: number): number {
    if (t < this.lastArrive) t = this.lastArrive;
    this.lastArrive = t;
    return t;
  }

  private notify(): void {
    for (const l of this.listeners) l(this);
  }

  /** Shows the latest snapshot that has arrived; recycles the ones passed over. */
  private advance(): void {
    const now = this.now();
    const q = this.queue;
    while (this.head < q.length && q[this.head]!.arriveNs <= now) {
      if (this.shown.snap !== null) this.pool.push(this.shown.snap);
      this.shown.snap = q[this.head++]!;
    }
    if (this.head > 1024 && this.head * 2 > q.length) {
      q.splice(0, this.head);
      this.head = 0;
    }
  }
}

function makeBuffers(n: number): DepthBuffers {
  return { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
}
