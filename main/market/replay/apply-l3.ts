import type { Side } from '../../domain/side.js';
import { BookResult, bookResultName } from '../book/book-result.js';
import type { OrderBook } from '../book/order-book.js';
import { EventKind, type MarketEvent } from '../events/market-event.js';
import { noteIssue, type ReplayCounters } from './replay-counters.js';
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
 * crosses); they update the counters. Every refused operation counts in `bookErrors` (and
 * `duplicateOrders` / `excessReductions` for those two kinds) with an example line in
 * `firstIssues`; `unknownOrderEvents` are not errors (orders from before the data began).
 */
export function applyL3(book: OrderBook, ev: MarketEvent, c: ReplayCounters): void {
  switch (ev.kind) {
    case EventKind.Add: {
      const r = book.add(ev.orderId, ev.side as Side, ev.priceUnits, ev.size);
      if (r === BookResult.DuplicateOrder) {
        c.duplicateOrders++;
        refused(c, ev, r, () => `add of order ${ev.orderId}, which is already resting`);
      } else if (r !== BookResult.Ok) {
        refused(c, ev, r, () => `add of order ${ev.orderId} (size ${ev.size} at ${ev.priceUnits}) refused`);
      }
      return;
    }
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
      else if (r !== BookResult.Ok) refused(c, ev, r, () => `delete of order ${ev.orderId} refused`);
      return;
    }
    case EventKind.Modify: {
      const r = book.modify(ev.orderId, ev.priceUnits, ev.size);
      if (r === BookResult.UnknownOrder) {
        c.unknownOrderEvents++;
        const a = book.add(ev.orderId, ev.side as Side, ev.priceUnits, ev.size);
        if (a !== BookResult.Ok) refused(c, ev, a, () => `modify of unknown order ${ev.orderId} could not rest it`);
      } else if (r !== BookResult.Ok) {
        refused(c, ev, r, () => `modify of order ${ev.orderId} to size ${ev.size} at ${ev.priceUnits} refused`);
      }
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
    c.excessReductions++;
    refused(c, ev, r, () => `${execution ? 'execution' : 'cancel'} of ${ev.size} from order ${ev.orderId}, more than it holds`);
    book.delete(ev.orderId);
  } else {
    refused(c, ev, r, () => `${execution ? 'execution' : 'cancel'} of order ${ev.orderId} refused`);
  }
}

/**
 * An order the data never showed: it rested before the data began (LOBSTER level-N files, a day
 * picked up mid-session). Its size is taken from the anonymous liquidity at its price as far as
 * there is any (a reference book supplies it); where there is none the book never held it, so
 * nothing is refused: the event only counts in `unknownOrderEvents`.
 */
function takeAnonymous(book: OrderBook, ev: MarketEvent, c: ReplayCounters): void {
  c.unknownOrderEvents++;
  const r = book.reduceAnonymous(ev.side as Side, ev.priceUnits, ev.size);
  if (r !== BookResult.Ok && r !== BookResult.NoAnonymous && r !== BookResult.PartiallyApplied) {
    refused(c, ev, r, () => `${ev.kind === EventKind.Execute ? 'execution' : 'cancel'} of unknown order ${ev.orderId} refused`);
  }
}

/** Counts a refused operation and keeps it as an example. */
function refused(c: ReplayCounters, ev: MarketEvent, r: BookResult, text: () => string): void {
  c.bookErrors++;
  noteIssue(c, ev.line, () => `${text()} (${bookResultName(r)})`);
}
