/**
 * What a replay counted. Invariants: every counter only grows during a replay; `bookErrors`
 * counts every book operation the data asked for that the book refused (which leaves the book
 * unchanged), `duplicateOrders` and `excessReductions` are the two common kinds of it broken
 * out; `firstIssues` holds the first `MAX_ISSUE_EXAMPLES` inconsistencies (book errors and
 * crossed books) with their source line, in order.
 */
export interface ReplayCounters {
  events: number;
  trades: number;
  volume: number;
  /** Cancels, deletions and executions of orders that rested before the data began (legitimate, not an inconsistency). */
  unknownOrderEvents: number;
  /** Book operations the book refused: the data contradicts itself (includes the two below). */
  bookErrors: number;
  /** Adds of an order id that is already resting. */
  duplicateOrders: number;
  /** Cancels or executions of more than the order holds (the order is removed). */
  excessReductions: number;
  /** Batches after which the book was crossed outside an auction or halt. */
  crossedBooks: number;
  /** Status events (LOBSTER halts and resumptions). */
  statusEvents: number;
  halted: boolean;
  /** The first inconsistencies, e.g. `line 1234: add of order 55, which is already resting`. */
  firstIssues: string[];
}

/** How many inconsistencies are kept as examples. */
export const MAX_ISSUE_EXAMPLES = 10;

export function newReplayCounters(): ReplayCounters {
  return {
    events: 0, trades: 0, volume: 0, unknownOrderEvents: 0, bookErrors: 0, duplicateOrders: 0,
    excessReductions: 0, crossedBooks: 0, statusEvents: 0, halted: false, firstIssues: [],
  };
}

/** Book errors plus crossed books: what makes `slipstream replay` fail without `--lenient`. */
export function inconsistencyCount(c: ReplayCounters): number {
  return c.bookErrors + c.crossedBooks;
}

/** Keeps `text` (built only while examples are still wanted) as an example of source line `line`. */
export function noteIssue(c: ReplayCounters, line: number, text: () => string): void {
  if (c.firstIssues.length < MAX_ISSUE_EXAMPLES) c.firstIssues.push(`line ${line}: ${text()}`);
}
