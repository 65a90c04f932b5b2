import type { Side } from '../../domain/side.js';
import type { OrderBook } from '../book/order-book.js';

/**
 * Makes the level at (side, price) hold exactly `size`, the way a reference book (LOBSTER's
 * orderbook file) says it does. More liquidity than the book knows is added as anonymous
 * liquidity at the FRONT of the queue (it rested there before what the messages show); less is
 * taken first from anonymous liquidity and then from the BACK of the queue (the most recent
 * orders are the ones the book can least vouch for). Known orders keep their place otherwise.
 */
export function syncLevel(book: OrderBook, side: Side, priceUnits: number, size: number): void {
  const current = book.sizeAt(side, priceUnits);
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
  const ids = book.levelOrderIds(side, priceUnits);
  for (let i = ids.length - 1; i >= 0 && excess > 0; i--) {
    const id = ids[i]!;
    if (id < 0) continue;
    const remaining = book.orderInfo(id)!.remaining;
    if (remaining <= excess) {
      book.delete(id);
      excess -= remaining;
    } else {
      book.cancel(id, excess);
      excess = 0;
    }
  }
}

/**
 * Replaces everything at (side, price) with `size` of anonymous liquidity. Used for levels that
 * re-enter a depth-limited view: while they were beyond it the messages said nothing about them,
 * so the orders the book remembers there cannot be vouched for.
 */
export function resetLevel(book: OrderBook, side: Side, priceUnits: number, size: number): void {
  const ids = book.levelOrderIds(side, priceUnits);
  for (const id of ids) {
    if (id >= 0) book.delete(id);
  }
  const anon = book.anonymousAt(side, priceUnits);
  if (anon > 0) book.reduceAnonymous(side, priceUnits, anon);
  if (size > 0) book.addAnonymous(side, priceUnits, size);
}
