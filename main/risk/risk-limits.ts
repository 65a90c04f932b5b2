import { z } from 'zod';

/**
 * Hard pre-trade limits, checked on every child order before it reaches a venue. Sizes are in
 * size units; notional is in quote currency (price × size converted with the instrument's
 * decimals). Invariant: every limit is finite and non-negative; 0 disables a limit only where its
 * doc says so.
 */
export const RiskLimitsSchema = z.object({
  /** Largest size of one order, in size units. */
  maxOrderSize: z.number().int().positive(),
  /** Largest notional of one order, in quote currency. */
  maxOrderNotional: z.number().positive(),
  /** A limit price may be at most this many basis points through the reference price (mid); 0 = no band. */
  priceBandBps: z.number().min(0),
  /** Most working orders at once; 0 = no limit. */
  maxOpenOrders: z.number().int().min(0),
  /** Largest absolute position after the order would fill completely, in size units; 0 = no limit. */
  maxPosition: z.number().int().min(0),
});
export type RiskLimits = z.infer<typeof RiskLimitsSchema>;

export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxOrderSize: 100_000,
  maxOrderNotional: 10_000_000,
  priceBandBps: 500,
  maxOpenOrders: 200,
  maxPosition: 1_000_000,
};
