import type { Side } from '../../domain/side.js';
import type { PriorityRule } from './book-result.js';

/**
 * Receives one fill of `match`: the resting order's id (negative for anonymous liquidity),
 * the resting price, the filled size and what remains of the resting order (0 = it left the
 * book). Called after the book already reflects the fill; it may READ the book but must not
 * mutate it (nor throw).
 */
export type FillCallback = (restingOrderId: number, priceUnits: number, size: number, restingRemaining: number) => void;

/** A resting order's state (see `OrderBook.orderInfo`). Invariant: remaining is an integer > 0. */
export interface OrderInfo {
  side: Side;
  priceUnits: number;
  remaining: number;
}

/**
 * Construction options of `OrderBook`. All optional; sizes are hints (everything grows).
 * Invariant: `maxWindowLevels` is a power of two ≥ 64 (the constructor throws otherwise).
 */
export interface OrderBookOptions {
  /** Known tick in price units (InstrumentSpec.tickSizeUnits); 0 = infer as the gcd of price gaps. */
  tickUnits?: number;
  /** Default modify priority rule (the venue's). */
  priorityRule?: PriorityRule;
  /** Most dense window levels per side (power of two ≥ 64); farther levels live in a sorted overflow. */
  maxWindowLevels?: number;
  /** Initial window levels per side (grows by doubling up to maxWindowLevels). */
  initialLevels?: number;
  /** Initial order-pool slots and id-index capacity (grow by doubling). */
  initialOrders?: number;
}
