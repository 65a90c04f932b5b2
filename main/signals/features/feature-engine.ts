import type { BookView, DepthBuffers } from '../../market/book/book-types.js';
import { featureDocs, normalizeFeatureConfig, type FeatureConfig } from './feature-config.js';
import { EwmaStats, RollingSums, ewmaAlpha } from './running-stats.js';

/**
 * What a feature run produced. Invariants: `X` has `t.length × featureNames.length` values, row-major,
 * all finite; `eventIndex[i]` is the index of the last book event row i saw (non-decreasing);
 * `mids[e]` is the mid after book event e (NaN while a side is empty), `mids.length` = book events.
 */
export interface FeatureRows {
  X: Float32Array;
  featureNames: string[];
  t: Float64Array;
  eventIndex: Float64Array;
  mids: Float64Array;
}

/**
 * Turns a stream of book states and trades into feature rows, with NO look-ahead: a row sampled at
 * time T depends only on calls made with timestamps ≤ T (the event clock samples right after its
 * k-th book event; a time-clock row at T is written when the first call with a timestamp > T
 * arrives, from the state saved after the last event at or before T).
 *
 * Feed it from any source: `onTrade` for each trade print (before the book change it caused),
 * `onBook` after each event that changed the book. Timestamps must be non-decreasing.
 * Allocation-free per event apart from the growing output arrays.
 */
export class FeatureEngine {
  readonly config: FeatureConfig;
  readonly featureNames: string[];
  private readonly cols: number;
  private readonly depth: DepthBuffers;
  private readonly levels: number;
  private tick: number;
  // Output (grown by doubling).
  private X: Float32Array;
  private t: Float64Array;
  private ev: Float64Array;
  private mids: Float64Array;
  private rows = 0;
  private bookEvents = 0;
  // Saved book state (top N), what rows are computed from.
  private savedBids = 0;
  private savedAsks = 0;
  private savedTs = NaN;
  private lastTs = -Infinity;
  private nextGridNs = NaN;
  // Per-event state.
  private prevBid = NaN;
  private prevBidSize = 0;
  private prevAsk = NaN;
  private prevAskSize = 0;
  private prevMid = NaN;
  private readonly eventAlpha: number;
  private touchSizeMean = 0;
  private depleteBid = 0;
  private depleteAsk = 0;
  private readonly rv: RollingSums;
  private tradeSigned = 0;
  private tradeTotal = 0;
  // Accumulated since the previous row.
  private ofiRow = 0;
  private volRow = 0;
  private signedVolRow = 0;
  private midAtLastRow = NaN;
  private readonly spreadStats: EwmaStats;
  private readonly ofiStats: EwmaStats;
  private readonly depthStats: EwmaStats;
  private readonly volStats: EwmaStats;
  private readonly volLogStats: EwmaStats;

  /** `tickUnits`: the price increment in price units; 0 = take the first positive spread seen. */
  constructor(config: Partial<FeatureConfig> = {}, tickUnits = 0) {
    this.config = normalizeFeatureConfig(config);
    const c = this.config;
    this.featureNames = featureDocs(c).map((d) => d.name);
    this.cols = this.featureNames.length;
    this.levels = c.levels;
    this.tick = tickUnits > 0 ? tickUnits : 0;
    const n = c.levels;
    this.depth = { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
    this.X = new Float32Array(1024 * this.cols);
    this.t = new Float64Array(1024);
    this.ev = new Float64Array(1024);
    this.mids = new Float64Array(4096);
    this.eventAlpha = ewmaAlpha(c.flowHalfLife);
    this.rv = new RollingSums(c.rvHorizons);
    this.spreadStats = new EwmaStats(c.zHalfLife);
    this.ofiStats = new EwmaStats(c.zHalfLife);
    this.depthStats = new EwmaStats(c.zHalfLife);
    this.volStats = new EwmaStats(c.zHalfLife);
    this.volLogStats = new EwmaStats(c.zHalfLife);
  }

  /** Number of rows written so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** A trade print of `size` (> 0); `aggressor` +1 buyer-initiated, −1 seller-initiated, 0 unknown. */
  onTrade(tsNs: number, size: number, aggressor: -1 | 0 | 1): void {
    this.advanceClock(tsNs);
    const a = this.eventAlpha;
    this.tradeSigned = (1 - a) * this.tradeSigned + a * aggressor * size;
    this.tradeTotal = (1 - a) * this.tradeTotal + a * size;
    this.volRow += size;
    this.signedVolRow += aggressor * size;
  }

  /** The book after an event that changed it. */
  onBook(tsNs: number, book: BookView): void {
    this.advanceClock(tsNs);
    const bid = book.bestBid();
    const ask = book.bestAsk();
    const bidSize = bid === bid ? book.sizeAt(1, bid) : 0;
    const askSize = ask === ask ? book.sizeAt(-1, ask) : 0;
    if (this.tick === 0 && ask - bid > 0) this.tick = ask - bid;
    const mid = (bid + ask) / 2;
    this.updateFlow(bid, bidSize, ask, askSize, mid);
    if (this.bookEvents === this.mids.length) this.mids = grow(this.mids, this.mids.length * 2);
    this.mids[this.bookEvents++] = mid;
    const c = this.config;
    const sampleNow = c.everyEvents > 0 && this.bookEvents % c.everyEvents === 0;
    if (sampleNow || c.everyNs > 0) this.save(book, tsNs);
    if (sampleNow) this.emit(tsNs);
  }

  /** Flushes time-clock rows up to `endNs` (inclusive of events at it) and returns the output. */
  finish(endNs = this.lastTs): FeatureRows {
    if (this.config.everyNs > 0 && Number.isFinite(endNs)) this.advanceClock(endNs + 1);
    return {
      X: this.X.slice(0, this.rows * this.cols),
      featureNames: this.featureNames.slice(),
      t: this.t.slice(0, this.rows),
      eventIndex: this.ev.slice(0, this.rows),
      mids: this.mids.slice(0, this.bookEvents),
    };
  }

  private advanceClock(tsNs: number): void {
    if (tsNs < this.lastTs) throw new RangeError(`tsNs: ${tsNs} is before the previous event's ${this.lastTs}`);
    this.lastTs = tsNs;
    const step = this.config.everyNs;
    if (step <= 0) return;
    if (this.nextGridNs !== this.nextGridNs) this.nextGridNs = Math.ceil(tsNs / step) * step;
    while (this.nextGridNs < tsNs) {
      // Nothing arrived after the saved state and up to the grid time: the saved state is the book at it.
      if (this.savedTs === this.savedTs) this.emit(this.nextGridNs);
      this.nextGridNs += step;
    }
  }

  private updateFlow(bid: number, bidSize: number, ask: number, askSize: number, mid: number): void {
    const a = this.eventAlpha;
    const pb = this.prevBid;
    const pa = this.prevAsk;
    // Cont, Kukanov & Stoikov (2014) e_n: bid-side inflow minus ask-side inflow at the touch.
    if (pb === pb && bid === bid) this.ofiRow += (bid >= pb ? bidSize : 0) - (bid <= pb ? this.prevBidSize : 0);
    if (pa === pa && ask === ask) this.ofiRow -= (ask <= pa ? askSize : 0) - (ask >= pa ? this.prevAskSize : 0);
    let dBid = 0;
    if (pb === pb && this.prevBidSize > 0) {
      if (bid === pb) dBid = Math.max(0, this.prevBidSize - bidSize) / this.prevBidSize;
      else if (!(bid > pb)) dBid = 1;
    }
    let dAsk = 0;
    if (pa === pa && this.prevAskSize > 0) {
      if (ask === pa) dAsk = Math.max(0, this.prevAskSize - askSize) / this.prevAskSize;
      else if (!(ask < pa)) dAsk = 1;
    }
    this.depleteBid = (1 - a) * this.depleteBid + a * dBid;
    this.depleteAsk = (1 - a) * this.depleteAsk + a * dAsk;
    if (bid === bid && ask === ask) this.touchSizeMean = this.touchSizeMean === 0 ? (bidSize + askSize) / 2 : (1 - a) * this.touchSizeMean + a * (bidSize + askSize) / 2;
    const r = mid > 0 && this.prevMid > 0 ? Math.log(mid / this.prevMid) : 0;
    this.rv.push(r * r);
    this.prevBid = bid;
    this.prevBidSize = bidSize;
    this.prevAsk = ask;
    this.prevAskSize = askSize;
    if (mid === mid) this.prevMid = mid;
  }

  private save(book: BookView, tsNs: number): void {
    const [nb, na] = book.depth(this.levels, this.depth);
    this.savedBids = nb;
    this.savedAsks = na;
    this.savedTs = tsNs;
  }

  /** Writes one row from the saved book state and the flow state; skipped while a side is empty. */
  private emit(tNs: number): void {
    const d = this.depth;
    if (this.savedBids === 0 || this.savedAsks === 0 || this.bookEvents === 0) return;
    const bid = d.bidPrice[0]!;
    const ask = d.askPrice[0]!;
    const mid = (bid + ask) / 2;
    const tick = this.tick > 0 ? this.tick : 1;
    if (this.rows === this.t.length) {
      this.t = grow(this.t, this.rows * 2);
      this.ev = grow(this.ev, this.rows * 2);
      const x = new Float32Array(this.rows * 2 * this.cols);
      x.set(this.X);
      this.X = x;
    }
    const X = this.X;
    let k = this.rows * this.cols;
    const spread = (ask - bid) / tick;
    X[k++] = spread;
    X[k++] = this.spreadStats.z(spread);
    this.spreadStats.push(spread);
    let bs = 0;
    let as = 0;
    for (let l = 0; l < this.levels; l++) {
      if (l < this.savedBids) bs += d.bidSize[l]!;
      if (l < this.savedAsks) as += d.askSize[l]!;
      X[k++] = bs + as > 0 ? (bs - as) / (bs + as) : 0;
    }
    const b1 = d.bidSize[0]!;
    const a1 = d.askSize[0]!;
    const micro = b1 + a1 > 0 ? (bid * a1 + ask * b1) / (b1 + a1) : mid;
    X[k++] = (micro - mid) / tick;
    X[k++] = ((micro - mid) / mid) * 1e4;
    const ofi = this.ofiRow / Math.max(1, this.touchSizeMean);
    X[k++] = ofi;
    X[k++] = this.ofiStats.z(ofi);
    this.ofiStats.push(ofi);
    X[k++] = Math.log((bs + 1) / (as + 1));
    const depthLog = Math.log(1 + (bs + as) / 2);
    X[k++] = this.depthStats.z(depthLog);
    this.depthStats.push(depthLog);
    X[k++] = this.tradeTotal > 0 ? this.tradeSigned / this.tradeTotal : 0;
    X[k++] = this.volRow > 0 ? this.signedVolRow / this.volRow : 0;
    for (let h = 0; h < this.config.rvHorizons.length; h++) X[k++] = Math.sqrt(this.rv.sum(h)) * 1e4;
    const avgVol = this.volStats.average;
    X[k++] = this.volStats.n > 0 && avgVol > 0 ? this.volRow / avgVol : 0;
    this.volStats.push(this.volRow);
    const volLog = Math.log1p(this.volRow);
    X[k++] = this.volLogStats.z(volLog);
    this.volLogStats.push(volLog);
    X[k++] = this.depleteBid;
    X[k++] = this.depleteAsk;
    X[k] = this.midAtLastRow > 0 ? Math.log(mid / this.midAtLastRow) * 1e4 : 0;
    this.midAtLastRow = mid;
    this.t[this.rows] = tNs;
    this.ev[this.rows] = this.bookEvents - 1;
    this.rows++;
    this.ofiRow = 0;
    this.volRow = 0;
    this.signedVolRow = 0;
  }
}

function grow(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
