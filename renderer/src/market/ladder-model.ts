import type { BookSnapshot, Level } from '../store/market-accumulator.js';
import { inferDecimalsFromPrices, tickDecimals } from '../format/numbers.js';

/** The part of a book the ladder reads: levels best first, and the last trade price (null when unknown). */
export type LadderBook = Pick<BookSnapshot, 'bids' | 'asks' | 'lastTradePriceUnits'>;

/** One row of the depth ladder. Empty rows (no level) keep the ladder's height fixed. */
export interface LadderRow {
  readonly side: 'bid' | 'ask';
  /** 0 = best level on its side. */
  readonly depth: number;
  readonly priceUnits: number | null;
  readonly size: number;
  readonly orders: number;
  /** size / largest visible size, in [0, 1]. */
  readonly bar: number;
  readonly isBest: boolean;
  readonly isLastTrade: boolean;
  /** False for a level beyond the data's depth: rebuilt from earlier events, not given by the data (may be stale). */
  readonly known: boolean;
}

/** The ladder's rows (asks worst→best on top, then bids best→worst) and touch summary. */
export interface LadderModel {
  readonly rows: readonly LadderRow[];
  readonly maxSize: number;
  readonly bestBid: number | null;
  readonly bestAsk: number | null;
  readonly spreadUnits: number | null;
}

function row(side: 'bid' | 'ask', depth: number, level: Level | undefined, maxSize: number, lastTrade: number | null, knownLevels: number): LadderRow {
  const known = knownLevels === 0 || depth < knownLevels;
  if (!level) return { side, depth, priceUnits: null, size: 0, orders: 0, bar: 0, isBest: false, isLastTrade: false, known };
  const [price, size, orders] = level;
  return { side, depth, priceUnits: price, size, orders, bar: maxSize > 0 ? size / maxSize : 0, isBest: depth === 0, isLastTrade: lastTrade !== null && price === lastTrade, known };
}

/**
 * Builds a fixed-height ladder of `depth` rows per side from the latest book: bars are scaled to
 * the largest visible size on either side; missing levels become empty rows so nothing jumps.
 * `knownLevels` (the data's depth, 0 = full book) marks deeper rows as not known: rebuilt from
 * earlier events (a level-1 LOBSTER file reports only what happens at the touch).
 */
export function buildLadder(book: LadderBook | null, depth = 10, knownLevels = 0): LadderModel {
  const bids = book?.bids.slice(0, depth) ?? [];
  const asks = book?.asks.slice(0, depth) ?? [];
  let maxSize = 0;
  for (const l of bids) if (l[1] > maxSize) maxSize = l[1];
  for (const l of asks) if (l[1] > maxSize) maxSize = l[1];
  const last = book?.lastTradePriceUnits ?? null;
  const rows: LadderRow[] = [];
  for (let d = depth - 1; d >= 0; d--) rows.push(row('ask', d, asks[d], maxSize, last, knownLevels));
  for (let d = 0; d < depth; d++) rows.push(row('bid', d, bids[d], maxSize, last, knownLevels));
  const bestBid = bids[0]?.[0] ?? null;
  const bestAsk = asks[0]?.[0] ?? null;
  return { rows, maxSize, bestBid, bestAsk, spreadUnits: bestBid !== null && bestAsk !== null ? bestAsk - bestBid : null };
}

/**
 * Decimals to show prices with: the instrument's tick precision, or, when the tick is unknown,
 * the fewest decimals that show the visible prices exactly.
 */
export function priceDisplayDecimals(spec: { priceDecimals: number; tickSizeUnits: number } | null, book: Pick<BookSnapshot, 'bids' | 'asks'> | null): number {
  if (!spec) return 2;
  if (spec.tickSizeUnits > 0) return tickDecimals(spec.priceDecimals, spec.tickSizeUnits);
  if (!book) return spec.priceDecimals;
  const prices = [...book.bids.slice(0, 10), ...book.asks.slice(0, 10)].map((l) => l[0]);
  return prices.length > 0 ? Math.max(inferDecimalsFromPrices(spec.priceDecimals, prices), Math.min(2, spec.priceDecimals)) : spec.priceDecimals;
}

/** The ladder header's words for the data's depth: never "top 10" for data that gives only level 1. */
export function depthCaption(symbol: string, shown: number, knownLevels: number): string {
  if (knownLevels === 0 || knownLevels >= shown) return `${symbol} · top ${shown} levels`;
  const known = knownLevels === 1 ? 'level 1' : `levels 1–${knownLevels}`;
  return `${symbol} · data gives ${known} · levels ${knownLevels + 1}–${shown} rebuilt`;
}
