import type { Side } from '../../domain/side.js';
import type { OrderBook } from '../book/order-book.js';

/** A historical order whose size in our book differs from its size in the recorded history. */
interface Tracked {
  side: Side;
  priceUnits: number;
  /** What history says remains of it. */
  histRem: number;
  /** Size our orders already took from a historical fill (Databento F) not yet removed by its cancel. */
  credit: number;
}

/** What the ledger counted. Invariant: all counters only grow. */
export interface LedgerCounters {
  /** Size our marketable orders took from historical liquidity. */
  consumedSize: number;
  /** Historical cancels / executions that found less than they asked for (we had taken it). */
  clippedEvents: number;
  clippedSize: number;
  /** Size left on historical orders (because we filled first) removed when history removed the order. */
  extraRemoved: number;
}

/**
 * The books-of-account between the replayed history and our book, for the L3 replay venue:
 * where our trading made the book differ from history, and how later historical events are
 * applied so that liquidity is never used twice.
 *
 * Two sources of difference: (1) our marketable orders TOOK historical liquidity (the book holds
 * less than history): per order id (`Tracked`, histRem > book remaining) or, for anonymous
 * liquidity, per level (`anonDebt`); (2) our resting orders FILLED FIRST from a historical
 * execution of an order behind them, so that order traded less (book holds more than history):
 * per order id, or, for anonymous liquidity (ids that rested before the data or entered by a
 * level correction), per level (`anonExtra`).
 *
 * Rule for a historical reduction of `size` (cancel / execute) of tracked order H, with `credit`
 * = what our orders took from this very execution: history goes from histRem to histRem − size;
 * the book reduces H by min(size − credit, book remaining) — the part it cannot find is CLIPPED
 * (counted) — and when history's remainder reaches 0 the order is removed from the book whatever
 * is left (counted as `extraRemoved`). An unknown id (liquidity that rested before the data) at a
 * level with anonymous debt reduces the anonymous size by what is there and clips the rest.
 * Anonymous extra (what our orders took from executions of anonymous liquidity) is removed with
 * the rest of the level's anonymous liquidity as soon as history's anonymous size there reaches 0
 * (book anonymous + debt ≤ extra), or when a correction empties the level — otherwise a level that
 * history has emptied would stay in our book for the rest of the day (a phantom, possibly crossed).
 * Invariant: for every level, book historical size = history size − `discrepancyAt(level)`.
 */
export class HistoryLedger {
  private readonly tracked = new Map<number, Tracked>();
  private readonly anonDebt = new Map<number, number>();
  private readonly anonExtra = new Map<number, number>();
  readonly counters: LedgerCounters = { consumedSize: 0, clippedEvents: 0, clippedSize: 0, extraRemoved: 0 };

  /** True when the book equals history (apart from our own orders). */
  get empty(): boolean {
    return this.tracked.size === 0 && this.anonDebt.size === 0 && this.anonExtra.size === 0;
  }

  tracks(id: number): boolean {
    return this.tracked.has(id);
  }

  /** Anonymous size our orders took at a level and history has not removed yet. */
  anonDebtAt(side: Side, priceUnits: number): number {
    return this.anonDebt.get(levelKey(side, priceUnits)) ?? 0;
  }

  /** history size − book historical size at a level (anonymous debt + tracked orders there). */
  discrepancyAt(book: OrderBook, side: Side, priceUnits: number): number {
    let d = this.anonDebtAt(side, priceUnits) - (this.anonExtra.get(levelKey(side, priceUnits)) ?? 0);
    for (const [id, t] of this.tracked) {
      if (t.side === side && t.priceUnits === priceUnits) d += t.histRem - remaining(book, id);
    }
    return d;
  }

  /** Our order took `size` from resting order `id` (< 0: anonymous) at a level; `left` remains of it in the book. */
  consumed(id: number, side: Side, priceUnits: number, size: number, left: number): void {
    this.counters.consumedSize += size;
    if (id < 0) {
      const k = levelKey(side, priceUnits);
      this.anonDebt.set(k, (this.anonDebt.get(k) ?? 0) + size);
      return;
    }
    if (!this.tracked.has(id)) this.tracked.set(id, { side, priceUnits, histRem: left + size, credit: 0 });
  }

  /** A historical fill report (Databento F) of `id` gave `taken` to our orders first; its cancel follows. */
  addCredit(book: OrderBook, id: number, side: Side, priceUnits: number, taken: number): void {
    let t = this.tracked.get(id);
    if (!t) {
      t = { side, priceUnits, histRem: remaining(book, id), credit: 0 };
      this.tracked.set(id, t);
    }
    t.credit += taken;
  }

  /**
   * Applies a historical cancel / execution (`removeAll` = deletion) of `id` when the ledger has a
   * say in it; returns false when the book equals history for it (the caller applies the event as
   * the plain replay would). `credit` = size our orders took from this execution.
   */
  reduce(book: OrderBook, id: number, side: Side, priceUnits: number, size: number, credit: number, removeAll: boolean): boolean {
    const t = this.tracked.get(id);
    if (t === undefined) {
      const r = book.orderRemaining(id);
      // An id the book does not hold rested before the data began: anonymous liquidity.
      if (r !== r) return this.reduceAnonymous(book, side, priceUnits, removeAll ? size : size - credit, removeAll ? 0 : credit);
      if (credit === 0) return false; // known and in sync with history
    }
    const bookBefore = remaining(book, id);
    const histBefore = t ? t.histRem : bookBefore;
    let cred = credit;
    if (t && t.credit > 0) {
      const use = Math.min(t.credit, size);
      cred += use;
      t.credit -= use;
    }
    const histAfter = removeAll ? 0 : histBefore - size;
    // What history removes from this order's size in the book (a deletion: all it has left).
    const want = removeAll ? histBefore : Math.max(0, size - cred);
    const natural = Math.max(0, bookBefore - want);
    const bookAfter = histAfter <= 0 ? 0 : natural;
    if (bookAfter === 0 && bookBefore > 0) book.delete(id);
    else if (bookAfter < bookBefore) book.cancel(id, bookBefore - bookAfter);
    const found = Math.min(want, bookBefore);
    if (want > found) {
      this.counters.clippedEvents++;
      this.counters.clippedSize += want - found;
    }
    if (histAfter <= 0) this.counters.extraRemoved += natural;
    if (histAfter <= 0 || (bookAfter === histAfter && (t === undefined || t.credit === 0))) {
      this.tracked.delete(id);
    } else if (t) {
      t.histRem = histAfter;
    } else {
      this.tracked.set(id, { side, priceUnits, histRem: histAfter, credit: 0 });
    }
    return true;
  }

  /**
   * A historical modify of a tracked order (Databento M): history now holds `newSize` at
   * `newPrice`; the book keeps the same difference (book = newSize + (book − history) before),
   * under the book's priority rule. Returns false when the order is not tracked.
   */
  modify(book: OrderBook, id: number, side: Side, newPrice: number, newSize: number): boolean {
    const t = this.tracked.get(id);
    if (!t) return false;
    const bookBefore = remaining(book, id);
    const bookNew = newSize + bookBefore - t.histRem;
    if (bookNew <= 0) {
      if (bookBefore > 0) book.delete(id);
    } else if (bookBefore > 0) {
      book.modify(id, newPrice, bookNew);
    } else {
      book.add(id, side, newPrice, bookNew);
    }
    t.priceUnits = newPrice;
    t.histRem = newSize;
    if (bookNew === newSize && t.credit === 0) this.tracked.delete(id);
    return true;
  }

  /** A level correction replaced or trimmed historical orders: ids no longer in the book are forgotten. */
  forget(id: number): void {
    this.tracked.delete(id);
  }

  /** A level was reset to `anonSize` of anonymous liquidity while history holds `histSize` there. */
  resetLevel(side: Side, priceUnits: number, histSize: number, anonSize: number): void {
    for (const [id, t] of this.tracked) if (t.side === side && t.priceUnits === priceUnits) this.tracked.delete(id);
    const k = levelKey(side, priceUnits);
    this.anonExtra.delete(k);
    if (histSize > anonSize) this.anonDebt.set(k, histSize - anonSize);
    else this.anonDebt.delete(k);
  }

  /** A correction says history holds nothing at the level: any anonymous extra of ours there is gone with it. */
  levelEmptied(side: Side, priceUnits: number): void {
    this.anonExtra.delete(levelKey(side, priceUnits));
  }

  clear(): void {
    this.tracked.clear();
    this.anonDebt.clear();
    this.anonExtra.clear();
  }

  /**
   * Reduces anonymous liquidity by `size`, clipping at what is there; `credit` = what our orders
   * took from this very execution (the book keeps it as anonymous extra). Then, when history's
   * anonymous size at the level is 0 (book + debt ≤ extra), removes what is left there. Returns
   * false = not ours to handle (no debt, no extra, no credit).
   */
  private reduceAnonymous(book: OrderBook, side: Side, priceUnits: number, size: number, credit: number): boolean {
    const k = levelKey(side, priceUnits);
    const debt = this.anonDebt.get(k);
    let extra = this.anonExtra.get(k);
    if (debt === undefined && extra === undefined && !(credit > 0)) return false;
    if (credit > 0) extra = (extra ?? 0) + credit;
    if (size > 0) {
      const anon = book.anonymousAt(side, priceUnits);
      const take = Math.min(anon, size);
      if (take > 0) book.reduceAnonymous(side, priceUnits, take);
      const clip = size - take;
      if (clip > 0) {
        this.counters.clippedEvents++;
        this.counters.clippedSize += clip;
        if (debt !== undefined) {
          if (clip >= debt) this.anonDebt.delete(k);
          else this.anonDebt.set(k, debt - clip);
        }
      }
    }
    if (extra !== undefined) {
      const anon = book.anonymousAt(side, priceUnits);
      if (anon + (this.anonDebt.get(k) ?? 0) <= extra) {
        if (anon > 0) book.reduceAnonymous(side, priceUnits, anon);
        this.counters.extraRemoved += anon;
        this.anonExtra.delete(k);
      } else {
        this.anonExtra.set(k, extra);
      }
    }
    return true;
  }
}

/** A level's map key: side and price in one exact number (prices are within ±2^50). */
function levelKey(side: Side, priceUnits: number): number {
  return side === 1 ? priceUnits * 2 : priceUnits * 2 + 1;
}

function remaining(book: OrderBook, id: number): number {
  const r = book.orderRemaining(id);
  return r === r ? r : 0;
}
