/**
 * Status codes returned by book mutations instead of throwing (the replay counts them).
 *
 * Invariant: every non-`Ok` result except `PartiallyApplied` means the operation changed
 * NOTHING; the book is exactly as it was before the call.
 */
export const BookResult = {
  Ok: 0,
  /** The order id is not resting in the book. */
  UnknownOrder: 1,
  /** `add` with an id that is already resting. */
  DuplicateOrder: 2,
  /** Size is not a positive integer (≤ 2^53 − 1). */
  InvalidSize: 3,
  /** Price is not an integer within ±`MAX_PRICE_UNITS`. */
  InvalidPrice: 4,
  /** Order id is not an integer in [0, 2^53 − 1] (negative ids are reserved for anonymous liquidity). */
  InvalidId: 5,
  /** Side is not +1 (buy) or −1 (sell). */
  InvalidSide: 6,
  /** cancel/execute of more than the order's remaining size. */
  ExceedsRemaining: 7,
  /** reduceAnonymous at a level that holds no anonymous liquidity. */
  NoAnonymous: 8,
  /** reduceAnonymous asked for more than the anonymous liquidity: all of it was removed. */
  PartiallyApplied: 9,
} as const;
export type BookResult = (typeof BookResult)[keyof typeof BookResult];

const NAMES: readonly string[] = Object.keys(BookResult);

/** Name of a result code, for logs and error counters. */
export function bookResultName(code: BookResult): string {
  return NAMES[code] ?? `BookResult(${code})`;
}

/**
 * A venue's queue-priority rule for `OrderBook.modify`.
 * "Keeps" = the order stays where it is in its level's FIFO; "loses" = it is unlinked and
 * appended at the back of the FIFO of its (possibly new) price level, exactly as a new order.
 */
export const PriorityRule = {
  /** Default. Same price and new size ≤ remaining: keeps. Price change or size increase: loses. */
  KeepOnSizeDecrease: 0,
  /** Every modify loses priority, even one that changes nothing (e.g. nodejs-order-book). */
  AlwaysLose: 1,
  /** Same price keeps whatever the new size; a price change loses. */
  KeepOnSamePrice: 2,
} as const;
export type PriorityRule = (typeof PriorityRule)[keyof typeof PriorityRule];

/** Largest |price| in price units the books accept (keeps key differences exact in a float64). */
export const MAX_PRICE_UNITS = 2 ** 50;

/** True when `p` is an integer price within ±MAX_PRICE_UNITS (NaN and ±Infinity fail). */
export function isValidPrice(p: number): boolean {
  return p <= MAX_PRICE_UNITS && p >= -MAX_PRICE_UNITS && Math.floor(p) === p;
}

/** True when `s` is a positive integer size ≤ 2^53 − 1. */
export function isValidSize(s: number): boolean {
  return s > 0 && s <= Number.MAX_SAFE_INTEGER && Math.floor(s) === s;
}
