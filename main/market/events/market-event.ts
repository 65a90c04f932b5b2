/**
 * The normalized market-data event every reader produces and every replay consumes.
 *
 * Readers hand out ONE mutable record that they overwrite on every `next()` call, so a
 * day of data allocates nothing per event. A consumer that keeps an event must copy it
 * (`copyMarketEvent`).
 *
 * Units: prices in the instrument's price units, sizes in its size units (see
 * `InstrumentSpec`); `tsNs` is nanoseconds since `ReaderInfo.baseEpochNs` (the first event's
 * midnight), which stays exact in a float64 for about 104 days.
 */
export const EventKind = {
  /** L3: a new visible limit order rests. orderId, side, priceUnits, size. */
  Add: 1,
  /** L3: part of a resting order is cancelled. orderId, size = amount removed, priceUnits, side. */
  Cancel: 2,
  /** L3: a resting order is removed entirely. orderId, size = amount removed, priceUnits, side. */
  Delete: 3,
  /** L3: a visible resting order is executed. orderId, size, priceUnits, side = RESTING order's side. */
  Execute: 4,
  /** L3: a resting order changes. orderId, side, priceUnits = new price, size = new size. */
  Modify: 5,
  /** The book is cleared (start of snapshot, session reset, Databento R). */
  Clear: 6,
  /** A trade print that does not itself change the visible book (hidden execution, Databento T, Tardis trade). side = aggressor (+1 buyer-initiated, -1 seller-initiated, 0 unknown). */
  Trade: 7,
  /** An auction / cross trade (LOBSTER type 6). priceUnits, size. */
  Cross: 8,
  /** Trading status (LOBSTER type 7). status: -1 halted, 0 quoting resumes, 1 trading resumes. */
  Status: 9,
  /** L2: the aggregate size at a price level is now `size` (0 removes the level). side, priceUnits, size. */
  Level: 10,
  /** Top of book quote. priceUnits/size = bid, price2Units/size2 = ask (size 0 = no level). */
  Quote: 11,
  /** OHLCV bar. priceUnits = open, highUnits, lowUnits, closeUnits, size = volume; tsNs = bar open time. */
  Bar: 12,
  /** L3: the resting order was filled (Databento F); informational, the book changes via the following cancel. */
  Fill: 13,
  /** No book effect (Databento N, heartbeats). */
  None: 14,
} as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];

/** Flag bits in `MarketEvent.flags`. */
export const EventFlag = {
  /** This Level event starts a full snapshot: the side(s) must be cleared first. */
  SnapshotStart: 1,
  /** Last event of an atomic batch: the book is consistent (uncrossed) after it. */
  BatchEnd: 2,
  /** Part of a snapshot (not an incremental update). */
  Snapshot: 4,
} as const;

/**
 * Mutable event record. Invariants: `kind` is an `EventKind`; fields not used by the kind are
 * left at their previous values and must be ignored; `line` is the 1-based source line.
 */
export interface MarketEvent {
  kind: EventKind;
  tsNs: number;
  orderId: number;
  side: -1 | 0 | 1;
  priceUnits: number;
  size: number;
  price2Units: number;
  size2: number;
  highUnits: number;
  lowUnits: number;
  closeUnits: number;
  status: number;
  flags: number;
  /** 1-based line number in the source file (for error messages). */
  line: number;
}

export function newMarketEvent(): MarketEvent {
  return {
    kind: EventKind.None, tsNs: 0, orderId: 0, side: 0, priceUnits: 0, size: 0,
    price2Units: 0, size2: 0, highUnits: 0, lowUnits: 0, closeUnits: 0, status: 0, flags: 0, line: 0,
  };
}

export function copyMarketEvent(src: MarketEvent, dst: MarketEvent = newMarketEvent()): MarketEvent {
  Object.assign(dst, src);
  return dst;
}
