import { BookResult, bookResultName } from '../book/book-result.js';
import type { LevelBook } from '../book/level-book.js';
import { EventFlag, EventKind, type MarketEvent } from '../events/market-event.js';
import { noteIssue, type ReplayCounters } from './replay-counters.js';

/**
 * Applies one aggregated-level event to an L2 book.
 *
 * Rules: Level sets the absolute size at a price (0 removes it); a Level flagged SnapshotStart
 * clears both sides first (a snapshot carries the whole book). Quote replaces the book with its
 * top of book. Clear empties the book. Trades and crosses update the counters only; a Bar counts
 * its volume. Add/Cancel/Delete/Execute/Modify never reach an L2 book (readers of L2 formats do
 * not produce them). A refused level counts in `bookErrors` with an example line.
 */
export function applyL2(book: LevelBook, ev: MarketEvent, c: ReplayCounters): void {
  switch (ev.kind) {
    case EventKind.Level:
      if ((ev.flags & EventFlag.SnapshotStart) !== 0) book.clear();
      if (ev.side !== 0) setLevel(book, ev.side, ev.priceUnits, ev.size, ev, c);
      return;
    case EventKind.Quote:
      book.clear();
      if (ev.size > 0) setLevel(book, 1, ev.priceUnits, ev.size, ev, c);
      if (ev.size2 > 0) setLevel(book, -1, ev.price2Units, ev.size2, ev, c);
      return;
    case EventKind.Clear:
      book.clear();
      return;
    case EventKind.Trade:
    case EventKind.Cross:
      c.trades++;
      c.volume += ev.size;
      return;
    case EventKind.Bar:
      c.volume += ev.size;
      return;
    case EventKind.Status:
      c.statusEvents++;
      c.halted = ev.status === -1;
      return;
    default:
      return;
  }
}

function setLevel(book: LevelBook, side: 1 | -1, price: number, size: number, ev: MarketEvent, c: ReplayCounters): void {
  const r = book.setLevel(side, price, size);
  if (r === BookResult.Ok) return;
  c.bookErrors++;
  noteIssue(c, ev.line, () => `${side === 1 ? 'bid' : 'ask'} level ${price} size ${size} refused (${bookResultName(r)})`);
}
