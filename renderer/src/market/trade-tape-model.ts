import type { SeriesColumns } from '../store/market-accumulator.js';

/** One print on the tape. */
export interface TapeRow {
  /** Index in the trade columns (stable key). */
  readonly index: number;
  readonly tsNs: number;
  readonly priceUnits: number;
  readonly size: number;
  /** +1 buyer-initiated, −1 seller-initiated, 0 unknown. */
  readonly side: number;
  /** Price moved up (+1), down (−1) or not (0) against the previous print. */
  readonly tick: number;
}

/** The newest `n` trades, newest first, with the tick direction against the print before each. */
export function lastTrades(cols: SeriesColumns, n: number): TapeRow[] {
  const out: TapeRow[] = [];
  const end = cols.tradeTsNs.length;
  for (let i = end - 1; i >= 0 && out.length < n; i--) {
    const price = cols.tradePrice[i]!;
    const prev = i > 0 ? cols.tradePrice[i - 1]! : price;
    out.push({ index: i, tsNs: cols.tradeTsNs[i]!, priceUnits: price, size: cols.tradeSize[i]!, side: cols.tradeSide[i]!, tick: Math.sign(price - prev) });
  }
  return out;
}
