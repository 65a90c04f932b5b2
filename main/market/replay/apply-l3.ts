import type { Side } from '../../domain/side.js';
import { BookResult } from '../book/book-result.js';
import type { OrderBook } from '../book/order-book.js';
import { EventKind, type MarketEvent } from '../events/market-event.js';
import type { ReplayCounters } from './replay-counters.js';
import { RESET_LEVEL } from './event-tape.js';
import { resetLevel, syncLevel } from './sync-level.js';

/**
 * Applies one market-by-order event to an L3 book.
 *
 * Rules: Add rests the order; Cancel / Execute reduce it in place (time priority kept); Delete
 * removes it; Modify follows the book's priority rule; Clear empties the book; Level (a
 * correction from a reference book) sets the level's total with `syncLevel`. Cancels, deletions
 * and executions of an id the book does not hold refer to orders that rested before the data
 * began: they are counted in `unknownOrderEvents` and taken from the anonymous liquidity at that
 * price. A Modify of an unknown id rests it as new. Trade, Cross, Fill, Status and None never
 * change the book (Databento's own semantics for T, F, N; LOBSTER's hidden executions and
 * crosses); they update the counters.
 */
export function applyL3(book: OrderBook, ev: MarketEvent, c: ReplayCounters): void {
  switch (ev.kind) {
    case EventKind.Add:
      if (book.add(ev.orderId, ev.side as Side, ev.priceUnits, ev.size) !== BookResult.Ok) c.bookErrors++;
      return;
    case EventKind.Cancel:
      reduce(book, ev, c, false);
      return;
    case EventKind.Execute:
      c.trades++;
      c.volume += ev.size;
      reduce(book, ev, c, true);
      return;
    case EventKind.Delete: {
      const r = book.delete(ev.orderId);
      if (r === BookResult.UnknownOrder) takeAnonymous(book, ev, c);
      else if (r !== BookResult.Ok) c.bookErrors++;
      return;
    }
    case EventKind.Modify: {
      const r = book.modify(ev.orderId, ev.priceUnits, ev.size);
      if (r === BookResult.UnknownOrder) {
        c.unknownOrderEvents++;
        if (book.add(ev.orderId, ev.side as Side, ev.priceUnits, ev.size) !== BookResult.Ok) c.bookErrors++;
      } else if (r !== BookResult.Ok) c.bookErrors++;
      return;
    }
    case EventKind.Clear:
      book.clear();
      return;
    case EventKind.Level:
      if ((ev.flags & RESET_LEVEL) !== 0) resetLevel(book, ev.side as Side, ev.priceUnits, ev.size);
      else syncLevel(book, ev.side as Side, ev.priceUnits, ev.size);
      return;
    case EventKind.Trade:
    case EventKind.Cross:
      c.trades++;
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

function reduce(book: OrderBook, ev: MarketEvent, c: ReplayCounters, execution: boolean): void {
  const r = execution ? book.execute(ev.orderId, ev.size) : book.cancel(ev.orderId, ev.size);
  if (r === BookResult.Ok) return;
  if (r === BookResult.UnknownOrder) {
    takeAnonymous(book, ev, c);
  } else if (r === BookResult.ExceedsRemaining) {
    // The data removes more than the order holds: the order is gone either way.
    c.bookErrors++;
    book.delete(ev.orderId);
  } else {
    c.bookErrors++;
  }
}

function takeAnonymous(book: OrderBook, ev: MarketEvent, c: ReplayCounters): void {
  c.unknownOrderEvents++;
  const r = book.reduceAnonymous(ev.side as Side, ev.priceUnits, ev.size);
  if (r !== BookResult.Ok) c.bookErrors++;
}
