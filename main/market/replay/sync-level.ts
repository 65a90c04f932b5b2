import type { Side } from '../../domain/side.js';
import type { OrderBook } from '../book/order-book.js';

/**
 * Orders a correction must leave alone (a venue's own orders in a replayed book) and a callback
 * for every order a correction deletes. The plain replay passes neither.
 */
export interface SyncOptions {
  /** True for ids the correction never removes or shrinks, and whose size does not count. */
  keep?: (id: number) => boolean;
  onRemoved?: (id: number) => void;
}

/**
 * Makes the level at (side, price) hold exactly `size` (not counting kept orders), the way a
 * reference book (LOBSTER's orderbook file) says it does. More liquidity than the book knows is
 * added as anonymous liquidity at the FRONT of the queue (it rested there before what the
 * messages show); less is taken first from anonymous liquidity and then from the BACK of the
 * queue (the most recent orders are the ones the book can least vouch for). Known orders keep
 * their place otherwise; kept orders are never touched.
 */
export function syncLevel(book: OrderBook, side: Side, priceUnits: number, size: number, opts: SyncOptions = {}): void {
  const keep = opts.keep;
  let ids: number[] | null = null;
  let kept = 0;
  if (keep) {
    ids = book.levelOrderIds(side, priceUnits);
    for (const id of ids) if (keep(id)) kept += book.orderRemaining(id);
  }
  const current = book.sizeAt(side, priceUnits) - kept;
  if (size > current) {
    book.addAnonymous(side, priceUnits, size - current);
    return;
  }
  let excess = current - size;
  if (excess === 0) return;
  const anon = book.anonymousAt(side, priceUnits);
  if (anon > 0) {
    const take = Math.min(anon, excess);
    book.reduceAnonymous(side, priceUnits, take);
    excess -= take;
  }
  if (excess === 0) return;
  ids ??= book.levelOrderIds(side, priceUnits);
  for (let i = ids.length - 1; i >= 0 && excess > 0; i--) {
    const id = ids[i]!;
    if (id < 0 || keep?.(id)) continue;
    const remaining = book.orderRemaining(id);
    if (remaining <= excess) {
      book.delete(id);
      opts.onRemoved?.(id);
      excess -= remaining;
    } else {
      book.cancel(id, excess);
      excess = 0;
    }
  }
}

/**
 * Replaces everything at (side, price) — except kept orders, which stay behind it — with `size` of
 * anonymous liquidity at the front. Used for levels that re-enter a depth-limited view: while they
 * were beyond it the messages said nothing about them, so the orders the book remembers there
 * cannot be vouched for.
 */
export function resetLevel(book: OrderBook, side: Side, priceUnits: number, size: number, opts: SyncOptions = {}): void {
  for (const id of book.levelOrderIds(side, priceUnits)) {
    if (id >= 0 && !opts.keep?.(id)) {
      book.delete(id);
      opts.onRemoved?.(id);
    }
  }
  const anon = book.anonymousAt(side, priceUnits);
  if (anon > 0) book.reduceAnonymous(side, priceUnits, anon);
  if (size > 0) book.addAnonymous(side, priceUnits, size);
}
