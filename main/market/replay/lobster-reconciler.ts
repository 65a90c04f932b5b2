import { Buy, Sell, type Side } from '../../domain/side.js';
import type { DepthBuffers } from '../book/book-types.js';
import type { OrderBook } from '../book/order-book.js';
import { resetLevel, syncLevel } from './sync-level.js';
import { atOrBetter, LOBSTER_EMPTY_ASK, LOBSTER_EMPTY_BID, rowLevelCount, rowPrice, rowSize, type RowSide } from './lobster-row.js';

/**
 * Receives every correction taken from the orderbook file, so a replay tape can repeat it without
 * the file. `reset` = the level was replaced (it entered from beyond depth), else adjusted.
 */
export type SyncListener = (side: Side, priceUnits: number, size: number, reset: boolean) => void;

/** A message as the reconciler sees it: which side and price it touched, and whether it changes the book. */
export interface TouchedLevel {
  side: Side | 0;
  priceUnits: number;
  /** Add, cancel, delete, execute change the book; hidden executions, crosses and halts do not. */
  changesBook: boolean;
  /** +size for an add, −size for a reduction (used to rebuild the state before the first message). */
  sizeDelta: number;
}

const SIDE_OF: readonly Side[] = [Sell, Buy];

/**
 * Checks an L3 book against a LOBSTER orderbook file, row by row, and takes from the file what
 * the messages cannot know.
 *
 * Rule (LOBSTER level-N files hold only messages that touch the top N levels): after message k,
 * a level of row k is *determined by the messages* when its price lay inside the visible window
 * of row k−1 (at or better than row k−1's N-th level, or anywhere when row k−1 showed fewer than
 * N levels on that side) or when message k itself touched it. Determined levels must match the
 * book exactly: a difference is a mismatch. Levels that enter from beyond depth N are not
 * determined: the book is set to the file's size there (a sync), which is expected, not an error.
 * Invariant: after `check`, the book's levels within the row's range equal the row on both sides.
 */
export class LobsterReconciler {
  private prev: Float64Array;
  private readonly buf: DepthBuffers;
  private cap: number;
  checkedRows = 0;
  mismatchedRows = 0;
  mismatchedLevels = 0;
  checkedLevels = 0;
  syncs = 0;
  /** First mismatches, for error reports: "row k, side, price: book x, file y". */
  readonly firstMismatches: string[] = [];

  constructor(
    readonly levels: number,
    /** Only levels 1..checkLevels are compared (they are still all synced). */
    readonly checkLevels: number,
    private readonly onSync: SyncListener,
  ) {
    this.prev = new Float64Array(4 * levels);
    this.cap = levels + 4;
    this.buf = { bidPrice: new Float64Array(this.cap), bidSize: new Float64Array(this.cap), askPrice: new Float64Array(this.cap), askSize: new Float64Array(this.cap) };
  }

  /**
   * The state before the first message: row 0 with message 0 undone. Returns the levels to seed
   * the book with (as liquidity that rested before the file began) and remembers them as the
   * previous row.
   */
  initialLevels(row0: Float64Array, first: TouchedLevel): Array<{ side: Side; priceUnits: number; size: number }> {
    const pre = Float64Array.from(row0);
    if (first.changesBook && first.side !== 0) {
      const rs: RowSide = first.side === Sell ? 0 : 1;
      adjustRowLevel(pre, rs, this.levels, first.priceUnits, -first.sizeDelta);
    }
    this.prev = pre;
    const out: Array<{ side: Side; priceUnits: number; size: number }> = [];
    for (const rs of [0, 1] as const) {
      const n = rowLevelCount(pre, rs, this.levels);
      for (let j = 0; j < n; j++) out.push({ side: SIDE_OF[rs]!, priceUnits: rowPrice(pre, rs, j), size: rowSize(pre, rs, j) });
    }
    return out;
  }

  /** Compares the book after message k with row k, syncs what the file must supply, and remembers row k. */
  check(book: OrderBook, row: Float64Array, msg: TouchedLevel, rowIndex: number): void {
    let mismatched = 0;
    // A side the message did not touch and whose row did not change is still equal to the book
    // (the invariant held after the previous row), so only the other side needs the depth walk.
    const touched = msg.changesBook ? msg.side : 0;
    const checkAsk = touched === Sell || !this.sameSide(row, 0);
    const checkBid = touched === Buy || !this.sameSide(row, 1);
    if (checkAsk || checkBid) this.loadDepth(book, row);
    if (checkAsk) mismatched += this.checkSide(book, row, 0, msg, rowIndex);
    else this.checkedLevels += Math.min(this.checkLevels, rowLevelCount(row, 0, this.levels));
    if (checkBid) mismatched += this.checkSide(book, row, 1, msg, rowIndex);
    else this.checkedLevels += Math.min(this.checkLevels, rowLevelCount(row, 1, this.levels));
    this.checkedRows++;
    if (mismatched > 0) this.mismatchedRows++;
    this.prev.set(row);
  }

  private checkSide(book: OrderBook, row: Float64Array, rs: RowSide, msg: TouchedLevel, rowIndex: number): number {
    const N = this.levels;
    const side = SIDE_OF[rs]!;
    const nRow = rowLevelCount(row, rs, N);
    const rowWorst = nRow === N ? rowPrice(row, rs, N - 1) : NaN;
    const nPrev = rowLevelCount(this.prev, rs, N);
    const prevWorst = nPrev === N ? rowPrice(this.prev, rs, N - 1) : NaN;
    const touchedPrice = msg.changesBook && msg.side === side ? msg.priceUnits : NaN;
    const nBook = this.inRange(rs, rowWorst);
    const bookPrice = rs === 0 ? this.buf.askPrice : this.buf.bidPrice;
    const bookSize = rs === 0 ? this.buf.askSize : this.buf.bidSize;
    let mismatched = 0;
    let i = 0;
    let j = 0;
    // Merge the book's levels and the row's levels, both best first.
    while (i < nBook || j < nRow) {
      const b = i < nBook ? bookPrice[i] : NaN;
      const q = j < nRow ? rowPrice(row, rs, j) : NaN;
      if (!Number.isNaN(b) && (Number.isNaN(q) || (b !== q && atOrBetter(rs, b, q)))) {
        // The book has a level the file does not show inside the file's range.
        const known = nPrev < N || atOrBetter(rs, b, prevWorst) || b === touchedPrice;
        if (j < this.checkLevels && known) mismatched += this.mismatch(rowIndex, rs, b, bookSize[i], 0);
        this.sync(book, side, b, 0, !known);
        i++;
        continue;
      }
      const z = rowSize(row, rs, j);
      const have = b === q ? bookSize[i] : 0;
      if (j < this.checkLevels) this.checkedLevels++;
      if (!(nPrev < N || atOrBetter(rs, q, prevWorst) || q === touchedPrice)) {
        // Entered from beyond depth: the file is the only witness of what rests there now.
        this.sync(book, side, q, z, true);
      } else if (have !== z) {
        if (j < this.checkLevels) mismatched += this.mismatch(rowIndex, rs, q, have, z);
        this.sync(book, side, q, z, false);
      }
      if (b === q) i++;
      j++;
    }
    return mismatched;
  }

  /** True when `row` and the previous row agree on every level of one side. */
  private sameSide(row: Float64Array, rs: RowSide): boolean {
    const prev = this.prev;
    for (let j = 4 * (this.levels - 1) + 2 * rs; j >= 0; j -= 4) {
      if (row[j] !== prev[j] || row[j + 1] !== prev[j + 1]) return false;
    }
    return true;
  }

  private nBid = 0;
  private nAsk = 0;

  /**
   * Loads enough of the book's depth (both sides at once) to cover the row's range on each side:
   * all levels at or better than the row's N-th level, or every level when the row is not full.
   */
  private loadDepth(book: OrderBook, row: Float64Array): void {
    const N = this.levels;
    for (;;) {
      const [nb, na] = book.depth(this.cap, this.buf);
      this.nBid = nb;
      this.nAsk = na;
      const askWorst = rowLevelCount(row, 0, N) === N ? rowPrice(row, 0, N - 1) : NaN;
      const bidWorst = rowLevelCount(row, 1, N) === N ? rowPrice(row, 1, N - 1) : NaN;
      if (this.inRange(0, askWorst) < this.cap && this.inRange(1, bidWorst) < this.cap) return;
      this.grow();
    }
  }

  /** How many loaded levels of a side lie within the row's range. */
  private inRange(rs: RowSide, rowWorst: number): number {
    const n = rs === 0 ? this.nAsk : this.nBid;
    if (Number.isNaN(rowWorst)) return n;
    const prices = rs === 0 ? this.buf.askPrice : this.buf.bidPrice;
    let k = 0;
    while (k < n && atOrBetter(rs, prices[k], rowWorst)) k++;
    return k;
  }

  private grow(): void {
    this.cap *= 2;
    this.buf.bidPrice = new Float64Array(this.cap);
    this.buf.bidSize = new Float64Array(this.cap);
    this.buf.askPrice = new Float64Array(this.cap);
    this.buf.askSize = new Float64Array(this.cap);
  }

  private sync(book: OrderBook, side: Side, price: number, size: number, reset: boolean): void {
    if (reset) resetLevel(book, side, price, size);
    else syncLevel(book, side, price, size);
    this.syncs++;
    this.onSync(side, price, size, reset);
  }

  private mismatch(rowIndex: number, rs: RowSide, price: number, book: number, file: number): number {
    this.mismatchedLevels++;
    if (this.firstMismatches.length < 10) {
      this.firstMismatches.push(`row ${rowIndex + 1}, ${rs === 0 ? 'ask' : 'bid'} ${price}: book ${book}, file ${file}`);
    }
    return 1;
  }
}

/** Adds `delta` to the level at `price` in a row (inserting or removing levels, keeping best-first order). */
function adjustRowLevel(row: Float64Array, rs: RowSide, levels: number, price: number, delta: number): void {
  const n = rowLevelCount(row, rs, levels);
  let j = 0;
  while (j < n && rowPrice(row, rs, j) !== price && atOrBetter(rs, rowPrice(row, rs, j), price)) j++;
  const at = (k: number) => 4 * k + 2 * rs;
  if (j < n && rowPrice(row, rs, j) === price) {
    const size = row[at(j) + 1] + delta;
    if (size > 0) {
      row[at(j) + 1] = size;
      return;
    }
    for (let k = j; k < levels - 1; k++) {
      row[at(k)] = row[at(k + 1)];
      row[at(k) + 1] = row[at(k + 1) + 1];
    }
    row[at(levels - 1)] = rs === 0 ? LOBSTER_EMPTY_ASK : LOBSTER_EMPTY_BID;
    row[at(levels - 1) + 1] = 0;
    return;
  }
  if (delta <= 0 || j >= levels) return;
  for (let k = levels - 1; k > j; k--) {
    row[at(k)] = row[at(k - 1)];
    row[at(k) + 1] = row[at(k - 1) + 1];
  }
  row[at(j)] = price;
  row[at(j) + 1] = delta;
}
