import type { BookView, DepthBuffers } from '../book/book-types.js';
import { EventKind, type MarketEvent } from '../events/market-event.js';
import { FlowCounters } from './flow-counters.js';
import { F64Column } from './series-stats.js';

/**
 * Order-level (L3) flow statistics. Call `onEvent` after every event has been applied to the
 * book (the replay's `onEvent`); the collector remembers the touch from the previous call, so
 * distances are measured against the book the event arrived into.
 *
 * Rules: Add → arrival at its distance; Cancel / Delete → cancel at its distance, except the
 * removal that follows a Databento Fill of the same order (that is the execution leaving the
 * book, not a cancel); Modify → counted only; executions and trades go to `MarketOrderCollector`.
 * Depth at distances 0..D−1 is integrated over time between events.
 */
export class L3FlowCollector {
  readonly counters: FlowCounters;
  private prevBid = NaN;
  private prevAsk = NaN;
  private prevTs = NaN;
  private firstTs = NaN;
  private readonly depth: [Float64Array, Float64Array];
  private fillOrderId = -1;
  private fillLeft = 0;

  constructor(private readonly tick: number, maxDistance: number) {
    this.counters = new FlowCounters(maxDistance);
    this.depth = [new Float64Array(maxDistance), new Float64Array(maxDistance)];
  }

  onEvent(ev: MarketEvent, book: BookView): void {
    const c = this.counters;
    const t = ev.tsNs;
    if (Number.isNaN(this.firstTs)) this.firstTs = t;
    if (t > this.prevTs) {
      const dt = t - this.prevTs;
      for (let s = 0; s < 2; s++) for (let d = 0; d < c.maxDistance; d++) c.depthTime[s]![d]! += dt * this.depth[s]![d]!;
    }
    switch (ev.kind) {
      case EventKind.Add: {
        const d = this.distance(ev.side, ev.priceUnits);
        if (d === null) c.unplaced++;
        else c.arrival(ev.side, d, ev.size, this.oppositeDistance(ev.side, ev.priceUnits));
        break;
      }
      case EventKind.Cancel:
      case EventKind.Delete: {
        if (ev.orderId === this.fillOrderId && this.fillLeft > 0) {
          this.fillLeft -= ev.size;
          break;
        }
        const d = this.distance(ev.side, ev.priceUnits);
        if (d === null) c.unplaced++;
        else c.cancel(ev.side, d, ev.size);
        break;
      }
      case EventKind.Fill:
        this.fillOrderId = ev.orderId;
        this.fillLeft = ev.size;
        break;
      case EventKind.Modify:
        c.modifies++;
        break;
      default:
        break;
    }
    this.prevBid = book.bestBid();
    this.prevAsk = book.bestAsk();
    this.prevTs = t;
    for (let s = 0; s < 2; s++) {
      const side = s === 0 ? 1 : -1;
      const touch = s === 0 ? this.prevBid : this.prevAsk;
      for (let d = 0; d < c.maxDistance; d++) {
        this.depth[s]![d] = Number.isNaN(touch) ? 0 : book.sizeAt(side, touch - side * d * this.tick);
      }
    }
  }

  /** Closes the observation window [startNs, endNs] (the session) and sets the observed time of every distance. */
  finish(startNs: number, endNs: number): void {
    const c = this.counters;
    const start = Number.isNaN(this.firstTs) ? endNs : Math.min(startNs, this.firstTs);
    if (endNs > this.prevTs) {
      for (let s = 0; s < 2; s++) for (let d = 0; d < c.maxDistance; d++) c.depthTime[s]![d]! += (endNs - this.prevTs) * this.depth[s]![d]!;
    }
    for (let s = 0; s < 2; s++) c.observedNs[s]!.fill(Math.max(0, endNs - start));
  }

  /** Ticks from the opposite touch before the event (NaN when that side was empty). */
  private oppositeDistance(side: number, price: number): number {
    const opp = side === 1 ? this.prevAsk : this.prevBid;
    return Math.round((side === 1 ? opp - price : price - opp) / this.tick);
  }

  private distance(side: number, price: number): number | null {
    const touch = side === 1 ? this.prevBid : side === -1 ? this.prevAsk : NaN;
    if (Number.isNaN(touch) || !(this.tick > 0)) return null;
    return Math.round((side === 1 ? touch - price : price - touch) / this.tick);
  }
}

/**
 * Level-change (L2) flow statistics from consecutive consistent book states (call
 * `onConsistent` at each batch end). For each price inside the visible window of both states
 * (a side showing `levels` levels is visible down to its deepest level; a side with fewer is
 * complete), an increase of the aggregate size is an arrival and a decrease a cancel, at the
 * distance from the previous state's same-side touch. Depth is integrated per distance only
 * while that distance was inside the previous state's visible window (`observedNs`).
 */
export class L2FlowCollector {
  readonly counters: FlowCounters;
  private readonly cur: DepthBuffers;
  private readonly prev: DepthBuffers;
  private prevN: [number, number] = [0, 0];
  private prevTs = NaN;
  private totalNs = 0;

  constructor(private readonly tick: number, maxDistance: number, private readonly levels: number) {
    this.counters = new FlowCounters(maxDistance);
    const buf = (): DepthBuffers => ({
      bidPrice: new Float64Array(levels), bidSize: new Float64Array(levels), askPrice: new Float64Array(levels), askSize: new Float64Array(levels),
    });
    this.cur = buf();
    this.prev = buf();
  }

  onConsistent(tsNs: number, book: BookView): void {
    const [nb, na] = book.depth(this.levels, this.cur);
    if (!Number.isNaN(this.prevTs) && tsNs >= this.prevTs) {
      const dt = tsNs - this.prevTs;
      this.totalNs += dt;
      this.integrate(0, dt);
      this.integrate(1, dt);
      this.diff(0, nb);
      this.diff(1, na);
    }
    copyBuffers(this.cur, this.prev);
    this.prevN = [nb, na];
    this.prevTs = tsNs;
  }

  get observedNs(): number {
    return this.totalNs;
  }

  /** Signed "depth-ward" coordinate: bids descend, asks ascend; x = side × price grows toward the touch. */
  private integrate(s: 0 | 1, dt: number): void {
    const c = this.counters;
    const n = this.prevN[s];
    if (n === 0 || !(this.tick > 0)) return;
    const price = s === 0 ? this.prev.bidPrice : this.prev.askPrice;
    const size = s === 0 ? this.prev.bidSize : this.prev.askSize;
    const dir = s === 0 ? 1 : -1;
    const best = price[0]!;
    const deepest = n === this.levels ? Math.round((dir * (best - price[n - 1]!)) / this.tick) : Infinity;
    for (let d = 0; d < c.maxDistance && d <= deepest; d++) c.observedNs[s]![d]! += dt;
    for (let i = 0; i < n; i++) {
      const d = Math.round((dir * (best - price[i]!)) / this.tick);
      if (d >= 0 && d < c.maxDistance) c.depthTime[s]![d]! += dt * size[i]!;
    }
  }

  private diff(s: 0 | 1, nCur: number): void {
    const c = this.counters;
    const nPrev = this.prevN[s];
    const side = s === 0 ? 1 : -1;
    const pp = s === 0 ? this.prev.bidPrice : this.prev.askPrice;
    const ps = s === 0 ? this.prev.bidSize : this.prev.askSize;
    const cp = s === 0 ? this.cur.bidPrice : this.cur.askPrice;
    const cs = s === 0 ? this.cur.bidSize : this.cur.askSize;
    // Work in x = side × price, which falls with depth on both sides; the window floor is the
    // deeper-most level of a full side (the book beyond it is unseen).
    const floor = Math.max(nPrev === this.levels ? side * pp[nPrev - 1]! : -Infinity, nCur === this.levels ? side * cp[nCur - 1]! : -Infinity);
    const best = nPrev > 0 ? side * pp[0]! : NaN;
    let i = 0, j = 0;
    while (i < nPrev || j < nCur) {
      const xp = i < nPrev ? side * pp[i]! : -Infinity;
      const xc = j < nCur ? side * cp[j]! : -Infinity;
      const x = Math.max(xp, xc);
      const before = xp === x ? ps[i++]! : 0;
      const after = xc === x ? cs[j++]! : 0;
      if (x < floor || before === after) continue;
      if (Number.isNaN(best) || !(this.tick > 0)) {
        c.unplaced++;
        continue;
      }
      const d = Math.round((best - x) / this.tick);
      // k from the previous state's opposite touch: bids bestAsk − price, asks price − bestBid.
      const oppN = s === 0 ? this.prevN[1] : this.prevN[0];
      const opp = s === 0 ? this.prev.askPrice[0]! : this.prev.bidPrice[0]!;
      const k = oppN > 0 ? Math.round((side * opp - x) / this.tick) : NaN;
      if (after > before) c.arrival(side, d, after - before, k);
      else c.cancel(side, d, before - after);
    }
  }
}

function copyBuffers(from: DepthBuffers, to: DepthBuffers): void {
  to.bidPrice.set(from.bidPrice);
  to.bidSize.set(from.bidSize);
  to.askPrice.set(from.askPrice);
  to.askSize.set(from.askSize);
}

/**
 * Trades and market orders. A market order is the set of consecutive executions with the same
 * timestamp and aggressor side (one aggressive order sweeping several resting orders prints one
 * execution per resting order at one time). Trades with an unknown aggressor (side 0) are kept
 * as trades but not grouped into market orders.
 */
export class MarketOrderCollector {
  readonly tradeTs = new F64Column();
  readonly tradeSize = new F64Column();
  readonly tradeSide = new F64Column();
  readonly orderSizes = new F64Column();
  readonly orders: [number, number] = [0, 0];
  unsignedTrades = 0;
  private groupTs = NaN;
  private groupSide = 0;
  private groupSize = 0;

  /** A trade of `size` at `tsNs`; `aggressor` +1 buyer-initiated, −1 seller-initiated, 0 unknown. */
  onTrade(tsNs: number, aggressor: number, size: number): void {
    this.tradeTs.push(tsNs);
    this.tradeSize.push(size);
    this.tradeSide.push(aggressor);
    if (aggressor === 0) {
      this.unsignedTrades++;
      return;
    }
    if (tsNs === this.groupTs && aggressor === this.groupSide) {
      this.groupSize += size;
      return;
    }
    this.flush();
    this.groupTs = tsNs;
    this.groupSide = aggressor;
    this.groupSize = size;
  }

  /** Ends the open group (call once at the end). */
  flush(): void {
    if (this.groupSide === 0) return;
    this.orders[this.groupSide === 1 ? 0 : 1]++;
    this.orderSizes.push(this.groupSize);
    this.groupSide = 0;
    this.groupSize = 0;
  }
}
