import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parentOrderTca } from './parent-order-tca.js';
import { timingRiskBps } from './descriptive.js';
import { fillsFromOrderEvents } from './order-event-fills.js';
import type { ParentOrderTcaInput } from './tca-types.js';

const D = 9; // toBeCloseTo digits

/** Buy 1,000 @ arrival 100; 800 filled in three fills; every number below is worked by hand. */
const BUY: ParentOrderTcaInput = {
  side: 1,
  arrivalPrice: 100,
  parentQty: 1000,
  fills: [
    { ts: 10, qty: 300, price: 100.1, passive: false },
    { ts: 20, qty: 200, price: 100.0, passive: true },
    { ts: 30, qty: 300, price: 100.3 },
  ],
  endTs: 40,
  marketVwap: 100.1,
  marketVolume: 16_000,
  midPath: [
    { ts: 0, mid: 100 }, { ts: 5, mid: 100.02 }, { ts: 15, mid: 100.05 }, { ts: 25, mid: 100.2 },
    { ts: 40, mid: 100.25 }, { ts: 100, mid: 100.15 }, { ts: 340, mid: 100.1 },
  ],
  unaffectedMidPath: [{ ts: 0, mid: 100 }, { ts: 40, mid: 100.05 }],
  reversionHorizons: [60, 300],
};

/** Sell 400 @ arrival 50; 300 filled, one fee; worked by hand. */
const SELL: ParentOrderTcaInput = {
  side: -1,
  arrivalPrice: 50,
  parentQty: 400,
  fills: [
    { ts: 1, qty: 100, price: 49.9, fee: 0.5, passive: false },
    { ts: 2, qty: 100, price: 49.95, passive: true },
    { ts: 3, qty: 100, price: 49.8, passive: false },
  ],
  endTs: 10,
  marketVwap: 49.9,
  marketVolume: 1500,
  midPath: [{ ts: 0, mid: 50 }, { ts: 1, mid: 49.96 }, { ts: 2, mid: 49.92 }, { ts: 3, mid: 49.86 }, { ts: 10, mid: 49.8 }, { ts: 20, mid: 49.85 }],
  unaffectedMidPath: [{ ts: 0, mid: 50 }, { ts: 10, mid: 49.9 }],
  reversionHorizons: [10],
};

describe('parentOrderTca — buy, every component by hand', () => {
  const r = parentOrderTca(BUY);
  it('fills, average price, fill rate', () => {
    expect(r).toMatchObject({ fillCount: 3, filledQty: 800, unfilledQty: 200, fillRate: 0.8, firstFillTs: 10, lastFillTs: 30, endPrice: 100.25, fees: 0 });
    expect(r.notional).toBeCloseTo(80_120, 8);
    expect(r.avgPrice).toBeCloseTo(100.15, 12);
  });
  it('IS of the filled part: (100.15 − 100)/100 = 15 bps', () => expect(r.isBps).toBeCloseTo(15, D));
  it('Perold parts: delay 1.6, timing 6, trading 4.4, opportunity 5, total 17', () => {
    const s = r.shortfall!;
    // D = 1000·100/1e4 = 10. delay = 800·(100.02 − 100)/10; timing = (300·0 + 200·0.03 + 300·0.18)/10;
    // trading = (300·0.08 − 200·0.05 + 300·0.10)/10; opportunity = 200·(100.25 − 100)/10.
    expect(s.delayBps).toBeCloseTo(1.6, D);
    expect(s.timingBps).toBeCloseTo(6, D);
    expect(s.tradingBps).toBeCloseTo(4.4, D);
    expect(s.opportunityBps).toBeCloseTo(5, D);
    expect(s.feesBps).toBe(0);
    expect(s.totalBps).toBeCloseTo(17, D);
    expect(s.delayBps + s.timingBps + s.tradingBps).toBeCloseTo(r.isBps! * 0.8, D);
  });
  it('impact, VWAP slippage, participation, spread capture, reversion', () => {
    expect(r.marketImpactBps).toBeCloseTo(((100.25 - 100.05) / 100) * 1e4, D); // 20 bps
    expect(r.vwapSlippageBps).toBeCloseTo(((100.15 - 100.1) / 100.1) * 1e4, D);
    expect(r.participation).toBeCloseTo(0.05, 12);
    expect(r.spreadCaptureBps).toBeCloseTo(((100.05 - 100) / 100.05) * 1e4, D); // bought 5c under mid: earned
    expect(r.reversion.map((x) => x.horizon)).toEqual([60, 300]);
    expect(r.reversion[0]!.bps).toBeCloseTo(10, D); // 100.25 → 100.15 after we stopped buying
    expect(r.reversion[1]!.bps).toBeCloseTo(15, D);
  });
});

describe('parentOrderTca — sell, every component by hand', () => {
  const r = parentOrderTca(SELL);
  const avg = 14_965 / 300;
  it('fills and IS: sold at 49.8833 vs 50 ⇒ +23.33 bps (a cost)', () => {
    expect(r).toMatchObject({ filledQty: 300, unfilledQty: 100, fillRate: 0.75, endPrice: 49.8, fees: 0.5 });
    expect(r.avgPrice).toBeCloseTo(avg, 12);
    expect(r.isBps).toBeCloseTo(((50 - avg) / 50) * 1e4, D);
  });
  it('Perold parts: delay 6, timing 7, trading 4.5, opportunity 10, fees 0.25, total 27.75', () => {
    const s = r.shortfall!;
    // D = 400·50/1e4 = 2. delay = −300·(49.96 − 50)/2; timing = −(0 − 100·0.04 − 100·0.10)/2;
    // trading = −(100·(−0.06) + 100·0.03 + 100·(−0.06))/2; opportunity = −100·(49.8 − 50)/2; fees 0.5/2.
    expect(s.delayBps).toBeCloseTo(6, D);
    expect(s.timingBps).toBeCloseTo(7, D);
    expect(s.tradingBps).toBeCloseTo(4.5, D);
    expect(s.opportunityBps).toBeCloseTo(10, D);
    expect(s.feesBps).toBeCloseTo(0.25, D);
    expect(s.totalBps).toBeCloseTo(27.75, D);
    expect(s.delayBps + s.timingBps + s.tradingBps).toBeCloseTo(r.isBps! * 0.75, D);
  });
  it('impact, VWAP slippage, participation, spread capture, reversion', () => {
    expect(r.marketImpactBps).toBeCloseTo(20, D); // −(49.80 − 49.90)/50
    expect(r.vwapSlippageBps).toBeCloseTo(((49.9 - avg) / 49.9) * 1e4, D);
    expect(r.participation).toBeCloseTo(0.2, 12);
    expect(r.spreadCaptureBps).toBeCloseTo((0.03 / 49.92) * 1e4, D); // sold 3c above mid: earned
    expect(r.reversion[0]!.bps).toBeCloseTo(10, D); // 49.80 → 49.85 after we stopped selling
  });
});

describe('parentOrderTca — edge cases', () => {
  it('no fills: no average price, no IS; the whole order is opportunity cost at the end price', () => {
    const r = parentOrderTca({ side: 1, arrivalPrice: 100, parentQty: 500, fills: [], endPrice: 101, marketVwap: 100.5, marketVolume: 1000 });
    expect(r).toMatchObject({ fillCount: 0, filledQty: 0, unfilledQty: 500, fillRate: 0, avgPrice: null, isBps: null, vwapSlippageBps: null, participation: 0, spreadCaptureBps: null, firstFillTs: null });
    expect(r.shortfall).toEqual({ delayBps: 0, timingBps: 0, tradingBps: 0, opportunityBps: 100, feesBps: 0, totalBps: 100 });
    const sell = parentOrderTca({ side: -1, arrivalPrice: 100, parentQty: 500, fills: [], endPrice: 101 });
    expect(sell.shortfall!.opportunityBps).toBe(-100); // price rose: not selling was a gain
  });
  it('partial fill without an end price: opportunity and total unknown (null), filled part still measured', () => {
    const r = parentOrderTca({ side: -1, arrivalPrice: 20, parentQty: 10, fills: [{ ts: 0, qty: 4, price: 19.99 }] });
    expect(r.isBps).toBeCloseTo(5, D);
    expect(r.fillRate).toBe(0.4);
    expect(r.shortfall).toMatchObject({ delayBps: 0, timingBps: 0, opportunityBps: null, totalBps: null });
    expect(r.shortfall!.tradingBps).toBeCloseTo(2, D); // 5 bps × 4/10, all trading without a mid path
    expect(r.marketImpactBps).toBeNull();
    expect(r.reversion).toEqual([]);
  });
  it('full fill: opportunity 0 even without an end price', () => {
    const r = parentOrderTca({ side: 1, arrivalPrice: 10, parentQty: 3, fills: [{ ts: 0, qty: 1, price: 10.01 }, { ts: 1, qty: 2, price: 10.01 }] });
    expect(r.fillRate).toBe(1);
    expect(r.shortfall!.opportunityBps).toBe(0);
    expect(r.shortfall!.totalBps).toBeCloseTo(10, D);
  });
  it('zero (or negative) arrival: every bps normalised by it is null, nothing throws', () => {
    for (const arrivalPrice of [0, -1, NaN]) {
      const r = parentOrderTca({ ...BUY, arrivalPrice });
      expect(r).toMatchObject({ isBps: null, shortfall: null, marketImpactBps: null, filledQty: 800 });
      expect(r.reversion.every((x) => x.bps === null)).toBe(true);
      expect(r.vwapSlippageBps).toBeCloseTo(((100.15 - 100.1) / 100.1) * 1e4, D); // vs VWAP, not arrival
    }
  });
  it('mid path that starts after the fills: P_0 falls back to arrival (no delay)', () => {
    const r = parentOrderTca({ side: 1, arrivalPrice: 100, parentQty: 1, fills: [{ ts: 1, qty: 1, price: 100.1 }], midPath: [{ ts: 5, mid: 100.5 }], endTs: 5 });
    expect(r.shortfall).toMatchObject({ delayBps: 0, timingBps: 0 });
    expect(r.shortfall!.tradingBps).toBeCloseTo(10, D);
  });
  it('rejects broken inputs with messages naming them', () => {
    const base = { side: 1 as const, arrivalPrice: 100, parentQty: 10, fills: [] };
    expect(() => parentOrderTca({ ...base, side: 0 as never })).toThrow('side must be +1');
    expect(() => parentOrderTca({ ...base, parentQty: 0 })).toThrow('parentQty');
    expect(() => parentOrderTca({ ...base, fills: [{ ts: 0, qty: -5, price: 1 }] })).toThrow('fills[0].qty');
    expect(() => parentOrderTca({ ...base, fills: [{ ts: 0, qty: 1, price: 0 }] })).toThrow('fills[0].price');
    expect(() => parentOrderTca({ ...base, fills: [{ ts: 0, qty: 11, price: 1 }] })).toThrow('more than parentQty');
    expect(() => parentOrderTca({ ...base, marketVwap: 0 })).toThrow('marketVwap');
    expect(() => parentOrderTca({ ...base, midPath: [{ ts: 2, mid: 1 }, { ts: 1, mid: 1 }] })).toThrow('midPath[1]');
  });
});

describe('parentOrderTca — properties', () => {
  const fillArb = fc.record({ ts: fc.integer({ min: 0, max: 100 }), qty: fc.integer({ min: 1, max: 100 }), price: fc.integer({ min: 9_000, max: 11_000 }).map((c) => c / 100) });
  it('a sell mirrored around the arrival price costs exactly what the buy costs', () => {
    fc.assert(fc.property(fc.array(fillArb, { maxLength: 8 }), fc.integer({ min: 0, max: 200 }), (fills, extra) => {
      const parentQty = fills.reduce((a, f) => a + f.qty, 0) + extra + 1;
      const buy = parentOrderTca({ side: 1, arrivalPrice: 100, parentQty, fills, endPrice: 101 });
      const sell = parentOrderTca({ side: -1, arrivalPrice: 100, parentQty, fills: fills.map((f) => ({ ...f, price: 200 - f.price })), endPrice: 99 });
      if (buy.isBps === null) expect(sell.isBps).toBeNull();
      else expect(sell.isBps!).toBeCloseTo(buy.isBps, 6);
      expect(sell.shortfall!.totalBps!).toBeCloseTo(buy.shortfall!.totalBps!, 6);
    }));
  });
  it('delay + timing + trading = isBps × fill rate on any mid path', () => {
    const pathArb = fc.array(fc.record({ ts: fc.integer({ min: 0, max: 100 }), mid: fc.integer({ min: 9_000, max: 11_000 }).map((c) => c / 100) }), { minLength: 1, maxLength: 10 })
      .map((p) => [...p].sort((a, b) => a.ts - b.ts));
    fc.assert(fc.property(fc.array(fillArb, { minLength: 1, maxLength: 8 }), pathArb, fc.constantFrom<1 | -1>(1, -1), (fills, midPath, side) => {
      const parentQty = fills.reduce((a, f) => a + f.qty, 0) * 2;
      const r = parentOrderTca({ side, arrivalPrice: 100, parentQty, fills, midPath });
      const s = r.shortfall!;
      expect(s.delayBps + s.timingBps + s.tradingBps).toBeCloseTo(r.isBps! * r.fillRate, 6);
    }));
  });
});

describe('timing risk and fills from events', () => {
  it('timing risk = sample std of total shortfall across paths', () => {
    expect(timingRiskBps([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    const r = [parentOrderTca(BUY), parentOrderTca({ ...BUY, endTs: 100 })]; // totals 17 and 15 (opportunity 200·0.15/10 = 3 at end price 100.15)
    expect(r[1]!.shortfall!.totalBps).toBeCloseTo(15, D);
    expect(timingRiskBps(r)).toBeCloseTo(Math.SQRT2, D);
    expect(Number.isNaN(timingRiskBps([3]))).toBe(true);
    expect(() => timingRiskBps([parentOrderTca({ side: 1, arrivalPrice: 1, parentQty: 2, fills: [] })])).toThrow('results[0]');
  });
  it('converts OrderFilled events with the instrument scaling', () => {
    const spec = { symbol: 'X', venue: 'v', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 100 };
    const f = fillsFromOrderEvents([
      { type: 'OrderAccepted', tsNs: 1, clientOrderId: 'c', venueOrderId: 'v' },
      { type: 'OrderFilled', tsNs: 7, clientOrderId: 'c', side: 1, priceUnits: 1_001_000, size: 5, leaves: 0, aggressor: false, fee: 150 },
    ], spec);
    expect(f).toEqual([{ ts: 7, qty: 5, price: 100.1, fee: 0.015, passive: true }]);
  });
});
