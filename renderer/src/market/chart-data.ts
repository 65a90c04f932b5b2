import type { SeriesColumns } from '../store/market-accumulator.js';
import { chartMs, type TimeBase } from '../format/time.js';

/** A line point: [ms since session midnight, price]. */
export type LinePoint = [number, number | null];
/** A trade dot: [ms since session midnight, price, size, side]. */
export type TradePoint = [number, number, number, number];

/**
 * Converts the accumulator's raw columns (ns, price units) into chart-ready arrays
 * incrementally: each `sync` converts only what was appended since the last call, and starts
 * over when the history generation or the time/price scale changes. The raw data is never
 * thrown away; the chart samples it (LTTB) for display.
 */
export class ChartSeriesBuilder {
  readonly bid: LinePoint[] = [];
  readonly ask: LinePoint[] = [];
  readonly mid: LinePoint[] = [];
  readonly buys: TradePoint[] = [];
  readonly sells: TradePoint[] = [];
  readonly unknown: TradePoint[] = [];
  /** Largest trade size seen (for dot sizing). */
  maxTradeSize = 0;
  private generation = -1;
  private key = '';
  private points = 0;
  private trades = 0;

  /** Total line samples (per line). */
  get pointCount(): number {
    return this.points;
  }

  get tradeCount(): number {
    return this.trades;
  }

  /** Brings the arrays up to date; returns true when anything changed. */
  sync(cols: SeriesColumns, generation: number, base: TimeBase | null, priceDecimals: number): boolean {
    const key = `${base?.baseEpochNs ?? ''}|${base?.clock ?? ''}|${priceDecimals}`;
    let changed = false;
    if (generation !== this.generation || key !== this.key || cols.tsNs.length < this.points || cols.tradeTsNs.length < this.trades) {
      this.reset();
      this.generation = generation;
      this.key = key;
      changed = true;
    }
    const scale = 10 ** priceDecimals;
    const n = cols.tsNs.length;
    for (let i = this.points; i < n; i++) {
      const x = chartMs(cols.tsNs[i]!, base);
      const b = cols.bid[i] ?? null;
      const a = cols.ask[i] ?? null;
      this.bid.push([x, b === null ? null : b / scale]);
      this.ask.push([x, a === null ? null : a / scale]);
      this.mid.push([x, b === null || a === null ? null : (a + b) / 2 / scale]);
    }
    if (n > this.points) changed = true;
    this.points = n;
    const m = cols.tradeTsNs.length;
    for (let i = this.trades; i < m; i++) {
      const size = cols.tradeSize[i]!;
      const side = cols.tradeSide[i]!;
      const p: TradePoint = [chartMs(cols.tradeTsNs[i]!, base), cols.tradePrice[i]! / scale, size, side];
      (side > 0 ? this.buys : side < 0 ? this.sells : this.unknown).push(p);
      if (size > this.maxTradeSize) this.maxTradeSize = size;
    }
    if (m > this.trades) changed = true;
    this.trades = m;
    return changed;
  }

  private reset(): void {
    for (const a of [this.bid, this.ask, this.mid, this.buys, this.sells, this.unknown]) a.length = 0;
    this.maxTradeSize = 0;
    this.points = 0;
    this.trades = 0;
  }
}

/** Dot diameter in px for a trade of `size`, by area (sqrt), between `min` and `max`. */
export function tradeDotSize(size: number, maxSize: number, min = 3, max = 16): number {
  if (!(maxSize > 0) || !(size > 0)) return min;
  return min + (max - min) * Math.sqrt(Math.min(1, size / maxSize));
}
