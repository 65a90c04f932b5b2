import type { Side } from '../../domain/side.js';
import type { LevelBook, LevelBookSnapshot } from '../book/level-book.js';
import type { OrderBook, OrderBookSnapshot } from '../book/order-book.js';
import type { EventTape } from '../replay/event-tape.js';
import type { ReplayCounters } from '../replay/replay-counters.js';
import type { OwnOrder, PrintSink } from './own-order.js';

/**
 * The matching core of `ReplayVenue`: replays history into a book and lets our orders interact
 * with it. Two implementations: `L3Engine` (market-by-order data: exact queue position) and
 * `L2Engine` (level data: a `QueueModel` estimates it). The venue owns timing, validation, events
 * and fees; an engine owns the book and decides fills, reporting them to the venue's `FillSink`.
 *
 * Invariants: `shiftUnits` is the impact shift applied to historical prices (a whole number of
 * ticks; 0 without an impact model): a historical price q stands for q + shiftUnits in the real
 * market, and an own order at real price p rests at historical level p − shiftUnits. Every
 * method leaves our orders' `leaves` equal to what the engine's book / lists hold for them.
 */
export interface ReplayEngine {
  readonly kind: 'L3' | 'L2';
  /** The venue's book: historical liquidity (plus our resting orders for L3), at historical prices. */
  readonly book: OrderBook | LevelBook;
  /** What the plain replay would count for the same events. */
  readonly counters: ReplayCounters;
  readonly shiftUnits: number;
  /** Receives trade prints (set by the venue while a market view listens; null = none). */
  print: PrintSink | null;
  /** Applies tape positions [from, to) (input events and their corrections), in order. */
  applyRange(tape: EventTape, from: number, to: number): void;
  /** Called after every batch of events sharing one timestamp (L2 queue and crossing updates). */
  afterBatch(): void;
  /** Our order `o` takes liquidity up to real limit `limitUnits` (NaN = none); aggressive fills. */
  take(o: OwnOrder, limitUnits: number): void;
  /** Rests `o` (its `leaves`) at the back of its level. */
  rest(o: OwnOrder): void;
  /** Removes resting `o`. */
  remove(o: OwnOrder): void;
  /** Resting `o` shrinks in place to `newLeaves` (≤ its leaves), keeping its queue priority. */
  shrink(o: OwnOrder, newLeaves: number): void;
  /** Size ahead of resting `o` (exact for L3, the model's estimate for L2). */
  queueAhead(o: OwnOrder): number;
  /** Moves every resting order to its level under a new shift (losing priority where the level changes). */
  reshift(shiftUnits: number): void;
  /** An own resting order of the other side that a `side` order limited at real `limitUnits` would trade with. */
  crossesOwn(side: Side, limitUnits: number): OwnOrder | undefined;
  /**
   * A checkpoint of the history-only state (book and counters). Throws while any own order
   * rests or history carries traces of our trades (L3 ledger, L2 debts) or a shift: a checkpoint
   * is the plain replay's state, shared by every seed.
   */
  snapshot(): EngineSnapshot;
  /** Back to `s` (same engine kind; no own order may rest). `s` stays valid for further restores. */
  restore(s: EngineSnapshot): void;
}

/** A frozen history-only engine state (see `ReplayEngine.snapshot`). */
export type EngineSnapshot =
  | { readonly kind: 'L3'; readonly book: OrderBookSnapshot; readonly counters: Readonly<ReplayCounters> }
  | { readonly kind: 'L2'; readonly book: LevelBookSnapshot; readonly counters: Readonly<ReplayCounters> };

/** A deep copy of replay counters (the issue list is copied too). */
export function copyCounters(c: Readonly<ReplayCounters>): ReplayCounters {
  return { ...c, firstIssues: [...c.firstIssues] };
}
