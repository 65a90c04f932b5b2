import type { Side } from './side.js';

/** Order types the venues accept. A market order has no limit price. */
export type OrderType = 'limit' | 'market';
/** `day` rests until cancelled or the session ends; `ioc` fills what it can now and cancels the rest. */
export type TimeInForce = 'day' | 'ioc';

/**
 * A new child order as an agent, algorithm or ticket sends it. Invariants: `size` is a positive
 * integer in size units; `priceUnits` is an integer for limit orders and absent for market ones;
 * `clientOrderId` is unique per session (the OMS assigns it).
 */
export interface NewOrder {
  readonly clientOrderId: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly tif: TimeInForce;
  readonly size: number;
  readonly priceUnits?: number;
  /** Parent order or strategy that owns this child (for TCA and the blotter). */
  readonly strategy?: string;
}

/** A request to cancel a working order. */
export interface CancelOrder {
  readonly clientOrderId: string;
}

/**
 * Cancel-replace: new price and/or size. Venue priority rule applies (a size decrease at the same
 * price keeps queue priority; anything else loses it).
 */
export interface ReplaceOrder {
  readonly clientOrderId: string;
  readonly priceUnits: number;
  readonly size: number;
}

/** Everything that can travel from a strategy towards a venue. */
export type OrderRequest =
  | ({ readonly kind: 'new' } & NewOrder)
  | ({ readonly kind: 'cancel' } & CancelOrder)
  | ({ readonly kind: 'replace' } & ReplaceOrder);
