import type { Side } from './side.js';

/**
 * What happens to an order, in past tense, the same in simulation, paper and live. Every event
 * carries the venue time `tsNs` (ns since the session's base) and the client order id.
 * Invariants: `OrderFilled.size > 0` and `leaves >= 0`; a fill with `leaves === 0` completes
 * the order; `OrderDenied` comes from the risk gate (never reached the venue), `OrderRejected`
 * from the venue.
 */
export type OrderEvent =
  | { type: 'OrderAccepted'; tsNs: number; clientOrderId: string; venueOrderId: string }
  | { type: 'OrderDenied'; tsNs: number; clientOrderId: string; reason: string; field?: string }
  | { type: 'OrderRejected'; tsNs: number; clientOrderId: string; reason: string }
  | {
      type: 'OrderFilled';
      tsNs: number;
      clientOrderId: string;
      side: Side;
      priceUnits: number;
      size: number;
      leaves: number;
      /** true when this fill took liquidity (paid the taker fee). */
      aggressor: boolean;
      /** Fee in price units × size units scale (positive = paid), see FeeModel. */
      fee: number;
    }
  | { type: 'OrderCancelled'; tsNs: number; clientOrderId: string; leaves: number; reason: 'requested' | 'ioc' | 'session-end' }
  | { type: 'OrderReplaced'; tsNs: number; clientOrderId: string; priceUnits: number; size: number; leaves: number }
  | { type: 'OrderCancelRejected'; tsNs: number; clientOrderId: string; reason: string };

export type OrderEventType = OrderEvent['type'];
