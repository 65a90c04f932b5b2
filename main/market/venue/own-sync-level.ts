import type { Side } from '../../domain/side.js';
import type { OrderBook } from '../book/order-book.js';
import { resetLevel, syncLevel } from '../replay/sync-level.js';
import { OWN_ID_FLOOR } from './own-order.js';

const isOwn = (id: number): boolean => id >= OWN_ID_FLOOR;

/**
 * `syncLevel` for a book that also holds OUR orders: makes the HISTORICAL part of the level
 * (everything but ids ≥ OWN_ID_FLOOR) hold exactly `histSize`, with the plain replay's rule,
 * except that a correction of history never removes or shrinks our orders. Calls `onRemoved` for
 * every historical id it deletes. With no own order at the level it does exactly what `syncLevel` does.
 */
export function syncHistoricalLevel(book: OrderBook, side: Side, priceUnits: number, histSize: number, onRemoved: (id: number) => void): void {
  syncLevel(book, side, priceUnits, histSize, { keep: isOwn, onRemoved });
}

/**
 * `resetLevel` for a book that also holds our orders: every historical order at the level is
 * replaced by `anonSize` of anonymous liquidity at the FRONT; our orders stay, behind it (the
 * level re-entered the data's depth, so what history shows there all counts as ahead of us).
 */
export function resetHistoricalLevel(book: OrderBook, side: Side, priceUnits: number, anonSize: number, onRemoved: (id: number) => void): void {
  resetLevel(book, side, priceUnits, anonSize, { keep: isOwn, onRemoved });
}
