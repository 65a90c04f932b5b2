import type { OrderType, TimeInForce } from '../../domain/orders.js';
import type { Side } from '../../domain/side.js';

/**
 * Our ids in the L3 book count DOWN from 2^53 − 1, so they never collide with data ids (LOBSTER
 * and Databento ids are far below). Invariant: an id ≥ OWN_ID_FLOOR in the book is ours.
 */
export const OWN_ID_TOP = Number.MAX_SAFE_INTEGER;
export const OWN_ID_FLOOR = 2 ** 52;

/**
 * One of our orders as the replay venue tracks it.
 *
 * Invariants: `filled + leaves === size`; `leaves > 0` while `working`; `resting` ⇒ working and
 * in the engine's book / lists; `priceUnits` is the real (what the strategy asked) limit price and
 * `histPriceUnits = priceUnits − shift` the level of the replayed book where it rests (equal
 * without an impact model); `levelSeq` orders our own orders in time priority (smaller = earlier
 * at its level); `ahead` / `lastLevelSize` / `tradedSinceDepth` are used by the L2 engine only.
 */
export interface OwnOrder {
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  readonly bookId: number;
  readonly side: Side;
  readonly type: OrderType;
  readonly tif: TimeInForce;
  priceUnits: number;
  histPriceUnits: number;
  size: number;
  filled: number;
  leaves: number;
  working: boolean;
  resting: boolean;
  levelSeq: number;
  /** Venue time the order (or its last priority-losing replace) joined the book; NaN if never. */
  restedAtNs: number;
  /** Size ahead of it in the queue when it last joined the book. */
  queueAheadAtEntry: number;
  ahead: number;
  lastLevelSize: number;
  tradedSinceDepth: number;
}

/**
 * Receives a fill of one of our orders, at the REAL price (replayed price + impact shift, or our
 * own limit for passive fills). The engine has already taken the size out of its book; the
 * receiver updates `filled` / `leaves` and emits the event.
 */
export type FillSink = (o: OwnOrder, priceUnits: number, size: number, aggressor: boolean) => void;

/** Receives a trade print (history or ours) at the real price; aggressor side 0 when unknown. */
export type PrintSink = (priceUnits: number, size: number, aggressor: -1 | 0 | 1, own: boolean) => void;

/** True when price `a` has priority over price `b` for resting orders of `side` (higher bid, lower ask). */
export function better(side: Side, a: number, b: number): boolean {
  return side === 1 ? a > b : a < b;
}

/** Price-time order of our own resting orders of one side: best price first, then `levelSeq`. */
export function byPriority(a: OwnOrder, b: OwnOrder): number {
  if (a.histPriceUnits !== b.histPriceUnits) return better(a.side, a.histPriceUnits, b.histPriceUnits) ? -1 : 1;
  return a.levelSeq - b.levelSeq;
}

/** Removes `o` from `list` (small arrays: a linear scan beats a map). */
export function removeFrom(list: OwnOrder[], o: OwnOrder): void {
  const i = list.indexOf(o);
  if (i >= 0) list.splice(i, 1);
}
