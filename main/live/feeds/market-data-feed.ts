import type { BookView } from '../../market/book/book-types.js';

/** Where a feed stands. `live`: the book is whole and current; `syncing`: waiting for a snapshot (at start or after a gap); `ended`: a recorded source ran out; `stopped`: `stop()` was called. */
export type FeedState = 'idle' | 'syncing' | 'live' | 'ended' | 'stopped';

/** Counters of a feed (only grow). */
export interface FeedStats {
  /** Book updates applied (snapshot rows and diffs). */
  updates: number;
  /** Snapshots taken (the first one and every resync). */
  snapshots: number;
  /** Sequence gaps detected (each one forces a resync). */
  gaps: number;
  /** Diffs dropped as already contained in the snapshot or stale. */
  dropped: number;
}

/**
 * Live market data as a book a strategy reads. Invariants: `book` is the same object for the
 * feed's life (strategies hold it); while `state` is not `live` the book may be stale or empty
 * and must not be traded on as current; listeners run after each batch of changes is applied,
 * never in the middle of one (the book is consistent when they run).
 */
export interface MarketDataFeed {
  readonly name: string;
  readonly book: BookView;
  readonly state: FeedState;
  readonly stats: FeedStats;
  /** Starts the feed; resolves once the book is first whole (`live`), rejects if that fails. */
  start(): Promise<void>;
  stop(): void;
  /** Called after every applied batch. */
  onUpdate(listener: () => void): void;
}

export function newFeedStats(): FeedStats {
  return { updates: 0, snapshots: 0, gaps: 0, dropped: 0 };
}
