import type { Side } from '../../domain/side.js';
import type { OrderBook } from '../book/order-book.js';
import { OWN_ID_FLOOR } from './own-order.js';

/**
 * `syncLevel` (replay/sync-level.ts) for a book that also holds OUR orders: makes the HISTORICAL
 * part of the level (everything but ids ≥ OWN_ID_FLOOR) hold exactly `histSize`. Same rule as the
 * plain replay — more is added as anonymous liquidity at the FRONT; less is taken from anonymous
 * liquidity first, then from the BACK of the queue — except that our orders are skipped: a
 * correction of history never removes or shrinks them. Calls `onRemoved` for every historical id
 * it deletes. With no own order at the level it does exactly what `syncLevel` does.
 */
export function syncHistoricalLevel(book: OrderBook, side: Side, priceUnits: number, histSize: number, onRemoved: (id: number) => void): void {
  const ids = book.levelOrderIds(side, priceUnits);
  let own = 0;
  for (const id of ids) if (id >= OWN_ID_FLOOR) own += book.orderRemaining(id);
  const current = book.sizeAt(side, priceUnits) - own;
  if (histSize > current) {
    book.addAnonymous(side, priceUnits, histSize - current);
    return;
  }
  let excess = current - histSize;
  if (excess === 0) return;
  const anon = book.anonymousAt(side, priceUnits);
  if (anon > 0) {
    const take = Math.min(anon, excess);
    book.reduceAnonymous(side, priceUnits, take);
    excess -= take;
  }
  for (let i = ids.length - 1; i >= 0 && excess > 0; i--) {
    const id = ids[i]!;
    if (id < 0 || id >= OWN_ID_FLOOR) continue;
    const r = book.orderRemaining(id);
    if (r <= excess) {
      book.delete(id);
      onRemoved(id);
      excess -= r;
    } else {
      book.cancel(id, excess);
      excess = 0;
    }
  }
}

/**
 * `resetLevel` for a book that also holds our orders: every historical order at the level is
 * replaced by `anonSize` of anonymous liquidity at the FRONT; our orders stay, behind it (the
 * level re-entered the data's depth, so what history shows there all counts as ahead of us).
 */
export function resetHistoricalLevel(book: OrderBook, side: Side, priceUnits: number, anonSize: number, onRemoved: (id: number) => void): void {
  for (const id of book.levelOrderIds(side, priceUnits)) {
    if (id >= 0 && id < OWN_ID_FLOOR) {
      book.delete(id);
      onRemoved(id);
    }
  }
  const anon = book.anonymousAt(side, priceUnits);
  if (anon > 0) book.reduceAnonymous(side, priceUnits, anon);
  if (anonSize > 0) book.addAnonymous(side, priceUnits, anonSize);
}
