/**
 * What a replay counted. Invariant: every counter only grows during a replay; `bookErrors`
 * counts book operations the data asked for that the book refused (e.g. a cancel larger than the
 * order), which leave the book unchanged.
 */
export interface ReplayCounters {
  events: number;
  trades: number;
  volume: number;
  /** Cancels, deletions and executions of orders that rested before the data began. */
  unknownOrderEvents: number;
  bookErrors: number;
  /** Batches after which the book was crossed outside an auction. */
  crossedBooks: number;
  /** Status events (LOBSTER halts and resumptions). */
  statusEvents: number;
  halted: boolean;
}

export function newReplayCounters(): ReplayCounters {
  return { events: 0, trades: 0, volume: 0, unknownOrderEvents: 0, bookErrors: 0, crossedBooks: 0, statusEvents: 0, halted: false };
}
