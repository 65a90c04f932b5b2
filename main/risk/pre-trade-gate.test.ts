import { describe, expect, it } from 'vitest';
import { PreTradeGate, type GateOrder, type GateUnits } from './pre-trade-gate.js';
import { DEFAULT_RISK_LIMITS, parseRiskLimits, RiskLimitsError, RiskLimitsSchema, type RiskLimits } from './risk-limits.js';

/** AMZN-like: whole shares, prices in 1/10,000 $, tick 0.01 $, time in ns. */
const AMZN: GateUnits = { sizeDecimals: 0, priceDecimals: 4, tickUnits: 100, timeUnitsPerSec: 1e9 };
const order = (o: Partial<GateOrder> = {}): GateOrder => ({
  symbol: 'AMZN', side: 1, qty: 100, market: false, price: 2_230_000, ts: 0, replace: false, filled: 0, workingSameSide: 0, openOrders: 0, ...o,
});
const gateAt = (limits: RiskLimits, ref = 2_230_000, units = AMZN) => {
  const g = new PreTradeGate(limits, units);
  if (ref > 0) g.mark('AMZN', ref);
  return g;
};

describe('pre-trade gate: reasons and sentences', () => {
  it('passes an order within every default limit', () => {
    expect(gateAt(DEFAULT_RISK_LIMITS).decide(order())).toBeNull();
  });

  it('names the limit in display units, in the order the limits are checked', () => {
    const g = gateAt({ ...DEFAULT_RISK_LIMITS, restricted: ['TSLA'], duplicateWindowSec: 1, dailyLossLimit: 1000 });
    expect(g.decide(order({ qty: 250_000 }))).toEqual({ reason: 'maxOrderQty', message: 'Quantity 250,000 exceeds max order quantity 100,000 (Risk settings).' });
    expect(g.decide(order({ qty: 90_000 }))).toEqual({ reason: 'maxNotional', message: 'Notional 20,070,000 exceeds max notional 10,000,000 (Risk settings).' });
    expect(g.decide(order({ price: 2_400_000 }))).toEqual({
      reason: 'priceCollarBps', message: 'Limit price 240.0000 is 762.3 bp from the reference price 223.0000, beyond the price collar of 500 bp (Risk settings).',
    });
    // The collar is two-sided: a sell far above the reference is refused too (a fat finger either way).
    expect(g.check(order({ side: -1, price: 2_400_000 }))).toBe('priceCollarBps');
    expect(g.decide(order({ symbol: 'TSLA', qty: 250_000 }))?.reason).toBe('restricted');
    expect(g.decide(order({ openOrders: 200 }))).toEqual({ reason: 'maxOpenOrders', message: 'Open orders 200 reach max open orders 200 (Risk settings).' });
    g.killed = true;
    expect(g.check(order({ qty: -5 }))).toBe('killSwitch');
  });

  it('refuses impossible orders whatever the limits (#7 item 4)', () => {
    const g = gateAt({});
    expect(g.decide(order({ qty: 0 }))).toEqual({ reason: 'invalidQty', message: 'Quantity 0 must be above 0.' });
    expect(g.check(order({ qty: -100 }))).toBe('invalidQty');
    expect(g.decide(order({ qty: NaN }))?.message).toBe('Quantity NaN is not a number.');
    expect(g.decide(order({ qty: 10.5 }))?.message).toBe("Quantity 10.5 is not a whole multiple of the instrument's smallest quantity 1.");
    expect(g.check(order({ qty: Infinity }))).toBe('invalidQty');
    expect(g.decide(order({ price: NaN }))?.message).toBe('Limit price NaN is not a number.');
    expect(g.decide(order({ price: 0 }))?.message).toBe('Limit price 0.0000 must be above 0.');
    expect(g.check(order({ price: -2_230_000 }))).toBe('invalidPrice');
    expect(g.decide(order({ price: 2_230_050 }))?.message).toBe('Limit price 223.0050 is not on the tick grid (tick 0.0100).');
    expect(g.check(order({ price: 2_230_000.5 }))).toBe('invalidPrice');
    // A market order has no price to check.
    expect(g.check(order({ market: true, price: NaN }))).toBeNull();
    // A replace must leave something to fill.
    expect(g.decide(order({ replace: true, qty: 300, filled: 300 }))?.message).toBe('New total quantity 300 must exceed the 300 already filled.');
  });

  it('values a market order at the reference price, and refuses it when there is none', () => {
    const none = gateAt({ maxNotional: 1_000_000 }, 0);
    expect(none.decide(order({ market: true, price: NaN }))).toEqual({
      reason: 'noReferencePrice', message: "No reference price for AMZN (no two-sided book seen yet, no fill): the market order's notional cannot be checked against max notional 1,000,000 (Risk settings).",
    });
    // A limit order carries its own price for the notional...
    expect(none.check(order({ qty: 1000 }))).toBeNull();
    // ...but the collar needs a reference.
    expect(gateAt({ priceCollarBps: 100 }, 0).check(order())).toBe('noReferencePrice');
    // The last reference seen stays in force when the book loses a side (NaN mark).
    const g = gateAt({ maxNotional: 1_000_000 });
    g.mark('AMZN', NaN);
    expect(g.decide(order({ market: true, price: NaN, qty: 5000 }))?.message).toBe(
      'Notional 1,115,000 exceeds max notional 1,000,000 (Risk settings); market order valued at the reference price 223.0000.',
    );
    // Our own fill is the last trade when nothing else was seen.
    const f = gateAt({ maxNotional: 1_000_000 }, 0);
    f.filled('AMZN', 1, 10, 2_000_000);
    expect(f.check(order({ market: true, price: NaN, qty: 5001 }))).toBe('maxNotional');
    expect(f.check(order({ market: true, price: NaN, qty: 5000 }))).toBeNull();
  });

  it('counts working orders on the same side in the worst-case position (#7 item 4)', () => {
    const g = gateAt({ maxPosition: 1_000_000, maxOrderQty: 100_000 });
    // 200 open bids of 99,000 against a 1,000,000 limit: the eleventh is refused.
    let working = 0;
    const decisions: (string | null)[] = [];
    for (let i = 0; i < 200; i++) {
      const o = order({ qty: 99_000, workingSameSide: working, openOrders: i, ts: i });
      const r = g.check(o);
      decisions.push(r);
      if (r === null) {
        g.accepted(o);
        working += 99_000;
      }
    }
    expect(decisions.filter((d) => d === null)).toHaveLength(10);
    expect(decisions[10]).toBe('maxPosition');
    expect(g.decide(order({ qty: 99_000, workingSameSide: working }))?.message).toBe(
      'Position after fill 1,089,000 (position 0, working buys 990,000, this order 99,000) exceeds max position 1,000,000 (Risk settings).',
    );
    // Sells reduce a long position: the worst case of a sell counts working sells only.
    g.filled('AMZN', 1, 950_000, 2_230_000);
    expect(g.check(order({ side: -1, qty: 100_000, workingSameSide: 900_000 }))).toBeNull();
    expect(g.check(order({ side: -1, qty: 100_000, workingSameSide: 1_900_000 }))).toBe('maxPosition');
    // A replace releases the order's own leaves: worst = position + others + (new total − filled).
    expect(g.check(order({ replace: true, qty: 60_000, filled: 10_000 }))).toBe(null);
    expect(g.check(order({ replace: true, qty: 60_001, filled: 10_000 }))).toBe('maxPosition');
  });

  it('marks P&L at the latest reference price for the daily loss limit', () => {
    const g = gateAt({ dailyLossLimit: 1000 });
    g.filled('AMZN', 1, 1000, 2_230_000); // bought 1,000 at 223.00
    g.mark('AMZN', 2_220_000); // 222.00: P&L −1,000, not below −1,000
    expect(g.pnl()).toBe(-1000);
    expect(g.check(order())).toBeNull();
    g.mark('AMZN', 2_219_900); // 221.99: −1,010
    expect(g.decide(order())).toEqual({ reason: 'dailyLossLimit', message: 'P&L -1,010 is below the daily loss limit of −1,000 (Risk settings).' });
    // Fees count: paid in price units × size units.
    const f = gateAt({ dailyLossLimit: 10 });
    f.filled('AMZN', 1, 100, 2_230_000, 11 * 10_000);
    expect(f.pnl()).toBe(-11);
    expect(f.check(order())).toBe('dailyLossLimit');
  });

  it('remembers duplicates for the window and the rate for one second, in the caller\'s time units', () => {
    const g = gateAt({ duplicateWindowSec: 2, maxOrdersPerSec: 2 });
    const a = order({ ts: 0 });
    g.accepted(a);
    expect(g.decide(order({ ts: 1.5e9 }))?.message).toBe('Duplicate of an order accepted 1.5 s earlier (buy 100 AMZN at 223.0000), within the duplicate window of 2 s (Risk settings).');
    expect(g.check(order({ ts: 2e9 }))).toBeNull(); // exactly the window: not "less than" earlier
    expect(g.check(order({ ts: 1e9, side: -1 }))).toBeNull();
    expect(g.check(order({ ts: 1e9, qty: 101 }))).toBeNull();
    expect(g.check(order({ ts: 1e9, price: 2_230_100 }))).toBeNull();
    // A replace is never a duplicate of itself.
    expect(g.check(order({ ts: 1e9, replace: true, qty: 100, filled: 0 }))).toBeNull();
    g.accepted(order({ ts: 0.5e9, qty: 7 }));
    expect(g.decide(order({ ts: 0.9e9, qty: 8 }))).toEqual({ reason: 'maxOrdersPerSec', message: '2 orders accepted in the last second reach max orders per second 2 (Risk settings).' });
    expect(g.check(order({ ts: 1e9, qty: 8 }))).toBeNull(); // the order at 0 is out of (0, 1 s]
  });
});

describe('risk limits settings', () => {
  it('validates limits, naming the field, the rule and the value', () => {
    expect(() => parseRiskLimits({ maxOrderQty: -1 }, 'limits.json')).toThrow('limits.json: maxOrderQty: must be 0 or more (max order quantity), found -1');
    expect(() => parseRiskLimits({ maxOrdersPerSec: 2.5 })).toThrow('maxOrdersPerSec: must be a whole number (max orders per second), found 2.5');
    expect(() => parseRiskLimits({ maxNotional: '1e6' })).toThrow('maxNotional: expected a number (max notional), found "1e6"');
    expect(() => parseRiskLimits({ restricted: ['AMZN', ''] })).toThrow('restricted.1: a symbol may not be empty, found ""');
    // A misspelt limit is an error, never a silently missing limit.
    try {
      parseRiskLimits({ maxOrderQuantity: 5 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RiskLimitsError);
      expect((e as RiskLimitsError).field).toBe('maxOrderQuantity');
      expect((e as Error).message).toMatch(/^maxOrderQuantity: unknown limit \(known: maxOrderQty, maxNotional, /);
    }
    expect(parseRiskLimits({})).toEqual({});
    expect(RiskLimitsSchema.parse(DEFAULT_RISK_LIMITS)).toEqual(DEFAULT_RISK_LIMITS);
  });

  it('scales display-unit limits to exact integer units (0.57 BTC is 57,000,000 satoshi-units)', () => {
    const btc: GateUnits = { sizeDecimals: 8, priceDecimals: 2, tickUnits: 1, timeUnitsPerSec: 1e9 };
    const g = new PreTradeGate({ maxOrderQty: 0.57 }, btc);
    expect(g.check(order({ symbol: 'BTC', qty: 57_000_000, price: 6_000_000 }))).toBeNull();
    expect(g.decide(order({ symbol: 'BTC', qty: 57_000_001, price: 6_000_000 }))?.message).toBe('Quantity 0.57000001 exceeds max order quantity 0.57 (Risk settings).');
  });
});
