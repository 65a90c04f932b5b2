/**
 * Reading one LOBSTER orderbook row: per level `ask price, ask size, bid price, bid size`,
 * empty levels as 9999999999 / -9999999999 with size 0. A "side view" is the list of
 * non-empty levels of one side, best first.
 */
import { LOBSTER_EMPTY_ASK, LOBSTER_EMPTY_BID } from '../readers/lobster-orderbook-reader.js';

export { LOBSTER_EMPTY_ASK, LOBSTER_EMPTY_BID };

/** Side index used by the reconciler: 0 = asks, 1 = bids (the column order in the file). */
export type RowSide = 0 | 1;

/** Price of level `j` on `side` in `row`, or NaN when the level is empty. */
export function rowPrice(row: Float64Array, side: RowSide, j: number): number {
  const p = row[4 * j + 2 * side];
  const s = row[4 * j + 2 * side + 1];
  return s > 0 && p !== LOBSTER_EMPTY_ASK && p !== LOBSTER_EMPTY_BID ? p : NaN;
}

/** Size of level `j` on `side` in `row` (0 when empty). */
export function rowSize(row: Float64Array, side: RowSide, j: number): number {
  const s = row[4 * j + 2 * side + 1];
  return s > 0 ? s : 0;
}

/** Number of non-empty levels of `side` in a row of `levels` levels (levels are contiguous from the best). */
export function rowLevelCount(row: Float64Array, side: RowSide, levels: number): number {
  let n = 0;
  while (n < levels && !Number.isNaN(rowPrice(row, side, n))) n++;
  return n;
}

/** True when `a` is at or better than `b` for `side` (asks: lower is better; bids: higher). */
export function atOrBetter(side: RowSide, a: number, b: number): boolean {
  return side === 0 ? a <= b : a >= b;
}
