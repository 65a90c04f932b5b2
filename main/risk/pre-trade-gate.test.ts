import { describe, expect, it } from 'vitest';
import type { InstrumentSpec } from '../domain/instrument.js';
import type { NewOrder } from '../domain/orders.js';
import { checkOrder } from './pre-trade-gate.js';
import { DEFAULT_RISK_LIMITS, RiskLimitsSchema } from './risk-limits.js';

const inst: InstrumentSpec = { symbol: 'AMZN', venue: 'NASDAQ', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 100 };
const ctx = { referencePriceUnits: 2_230_000, openOrders: 0, position: 0, killSwitch: false };
const order = (o: Partial<NewOrder>): NewOrder => ({ clientOrderId: 'c1', side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: 2_230_000, ...o });

describe('pre-trade risk gate', () => {
  it('passes an order within every limit', () => {
    expect(checkOrder(order({}), ctx, DEFAULT_RISK_LIMITS, inst)).toBeNull();
  });
  it('names the field and the limit in words', () => {
    expect(checkOrder(order({ size: 250_000 }), ctx, DEFAULT_RISK_LIMITS, inst)).toEqual({ reason: 'Quantity 250,000 exceeds max order quantity 100,000 (Risk settings)', field: 'size' });
    expect(checkOrder(order({ size: 90_000 }), ctx, { ...DEFAULT_RISK_LIMITS, maxOrderNotional: 1_000_000 }, inst)?.reason).toBe('Notional 20,070,000 exceeds max order notional 1,000,000 (Risk settings)');
    expect(checkOrder(order({ priceUnits: 2_400_000 }), ctx, DEFAULT_RISK_LIMITS, inst)?.field).toBe('priceUnits');
    // A sell far above the mid is not through the market: allowed.
    expect(checkOrder(order({ side: -1, priceUnits: 2_400_000 }), ctx, DEFAULT_RISK_LIMITS, inst)).toBeNull();
    expect(checkOrder(order({}), { ...ctx, killSwitch: true }, DEFAULT_RISK_LIMITS, inst)?.field).toBe('killSwitch');
    expect(checkOrder(order({}), { ...ctx, openOrders: 200 }, DEFAULT_RISK_LIMITS, inst)?.field).toBe('openOrders');
    expect(checkOrder(order({ size: 100 }), { ...ctx, position: 999_950 }, DEFAULT_RISK_LIMITS, inst)?.reason).toBe('Position after fill 1,000,050 exceeds max position 1,000,000 (Risk settings)');
  });
  it('validates limit settings, naming the field', () => {
    const r = RiskLimitsSchema.safeParse({ ...DEFAULT_RISK_LIMITS, maxOrderSize: -1 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['maxOrderSize']);
  });
});
