import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RiskLimits, RiskReason } from '../contract/risk.js';
import { PreTradeGate, type GateOrder, type GateUnits } from './pre-trade-gate.js';

/*
 * Property tests of every limit. The main property runs random order streams (three symbols,
 * random limits, timestamps with ties) through the gate and through a naive model written
 * straight from the definitions — every accepted order kept in a list and every sum
 * recomputed from it — and asks for the same reason, order by order. The model fills each accepted
 * order at once at its price, as `risk check` does.
 */

/** Prices in cents (tick 5 cents), whole shares, time in 1/10 s. */
const U: GateUnits = { sizeDecimals: 0, priceDecimals: 2, tickUnits: 5, timeUnitsPerSec: 10 };
const SYMBOLS = ['A', 'B', 'C'] as const;

interface Row {
  symbol: string;
  side: 1 | -1;
  qty: number;
  market: boolean;
  price: number;
  ref: number;
  dt: number;
}

// Few distinct quantities and prices, so duplicates and binding limits are common.
const qtyArb = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }).map((q) => q * 10) }, { weight: 6, arbitrary: fc.integer({ min: 1, max: 60 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -3, 2.5, Number.NaN) });
const rowArb: fc.Arbitrary<Row> = fc.record({
  symbol: fc.constantFrom(...SYMBOLS),
  side: fc.constantFrom(1 as const, -1 as const),
  qty: qtyArb,
  market: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  price: fc.oneof({ weight: 15, arbitrary: fc.integer({ min: 196, max: 204 }).map((p) => p * 5) }, { weight: 3, arbitrary: fc.integer({ min: 180, max: 220 }).map((p) => p * 5) }, { weight: 1, arbitrary: fc.constantFrom(0, -500, 1001, Number.NaN) }),
  ref: fc.integer({ min: 950, max: 1050 }),
  dt: fc.constantFrom(0, 0, 1, 2, 3, 5, 10, 20),
});
const limitsArb: fc.Arbitrary<RiskLimits> = fc.record({
  maxOrderQty: fc.integer({ min: 0, max: 60 }),
  maxNotional: fc.integer({ min: 0, max: 600 }),
  maxPosition: fc.integer({ min: 0, max: 150 }),
  maxOrdersPerSec: fc.integer({ min: 0, max: 6 }),
  priceCollarBps: fc.integer({ min: 0, max: 800 }),
  dailyLossLimit: fc.integer({ min: 0, max: 30 }),
  duplicateWindowSec: fc.constantFrom(0.5, 1, 2.5),
  restricted: fc.subarray([...SYMBOLS], { maxLength: 1 }),
}, { requiredKeys: [] });

interface Accepted {
  symbol: string;
  side: number;
  qty: number;
  market: boolean;
  price: number;
  fillPrice: number;
  ts: number;
}

/** The definitions, naively: every quantity recomputed from the list of accepted orders. */
function modelReason(L: RiskLimits, acc: readonly Accepted[], refs: ReadonlyMap<string, number>, r: Row, ts: number): RiskReason | null {
  if (!(Number.isInteger(r.qty) && r.qty > 0)) return 'invalidQty';
  if (!r.market && !(Number.isInteger(r.price) && r.price > 0 && r.price % U.tickUnits === 0)) return 'invalidPrice';
  if (L.restricted?.includes(r.symbol)) return 'restricted';
  if (L.maxOrderQty !== undefined && r.qty > L.maxOrderQty) return 'maxOrderQty';
  const ref = refs.get(r.symbol)!;
  const px = r.market ? ref : r.price;
  if (L.maxNotional !== undefined && (r.qty * px) / 100 > L.maxNotional) return 'maxNotional';
  if (!r.market && L.priceCollarBps !== undefined && (Math.abs(r.price - ref) / ref) * 10_000 > L.priceCollarBps + 1e-9) return 'priceCollarBps';
  if (L.duplicateWindowSec !== undefined && acc.some((a) => a.symbol === r.symbol && a.side === r.side && a.qty === r.qty && a.market === r.market && (r.market || a.price === r.price) && ts - a.ts < L.duplicateWindowSec! * 10)) return 'duplicate';
  if (L.maxOrdersPerSec !== undefined && acc.filter((a) => a.ts > ts - 10 && a.ts <= ts).length >= L.maxOrdersPerSec) return 'maxOrdersPerSec';
  const pos = acc.filter((a) => a.symbol === r.symbol).reduce((s, a) => s + a.side * a.qty, 0);
  if (L.maxPosition !== undefined && Math.abs(pos + r.side * r.qty) > L.maxPosition) return 'maxPosition';
  const pnlCents = acc.reduce((s, a) => s + a.side * a.qty * (refs.get(a.symbol)! - a.fillPrice), 0);
  if (L.dailyLossLimit !== undefined && pnlCents / 100 < -L.dailyLossLimit) return 'dailyLossLimit';
  return null;
}

/** Runs rows through the gate (marking each row's reference first, filling accepted orders at once). */
function gateReasons(L: RiskLimits, rows: readonly Row[]): (RiskReason | null)[] {
  const gate = new PreTradeGate(L, U);
  let ts = 0;
  return rows.map((r) => {
    ts += r.dt;
    gate.mark(r.symbol, r.ref);
    const o: GateOrder = { symbol: r.symbol, side: r.side, qty: r.qty, market: r.market, price: r.market ? NaN : r.price, ts, replace: false, filled: 0, workingSameSide: 0, openOrders: 0 };
    const reason = gate.check(o);
    if (reason === null) {
      gate.accepted(o);
      gate.filled(r.symbol, r.side, r.qty, r.market ? r.ref : r.price);
    } else {
      // Every denial has its sentence, ending where it says where the limit is set (or what is wrong).
      expect(gate.explain(o, reason).message).toMatch(/^[A-Z0-9].*\.$/);
    }
    return reason;
  });
}

function modelReasons(L: RiskLimits, rows: readonly Row[]): (RiskReason | null)[] {
  const acc: Accepted[] = [];
  const refs = new Map<string, number>();
  let ts = 0;
  return rows.map((r) => {
    ts += r.dt;
    refs.set(r.symbol, r.ref);
    const reason = modelReason(L, acc, refs, r, ts);
    if (reason === null) acc.push({ symbol: r.symbol, side: r.side, qty: r.qty, market: r.market, price: r.price, fillPrice: r.market ? r.ref : r.price, ts });
    return reason;
  });
}

describe('pre-trade gate, property-based', () => {
  it('agrees with the naive model of every limit on random order streams', () => {
    fc.assert(fc.property(limitsArb, fc.array(rowArb, { minLength: 1, maxLength: 80 }), (L, rows) => {
      expect(gateReasons(L, rows)).toEqual(modelReasons(L, rows));
    }), { numRuns: 1000, seed: 20261203 });
  });

  it('refuses a duplicate exactly while the same order is within the window', () => {
    const narrow: fc.Arbitrary<Row> = fc.record({
      symbol: fc.constantFrom('A', 'B'), side: fc.constantFrom(1 as const, -1 as const), qty: fc.constantFrom(10, 20),
      market: fc.integer({ min: 0, max: 4 }).map((n) => n === 0), price: fc.constantFrom(995, 1000), ref: fc.constant(1000), dt: fc.constantFrom(0, 1, 2, 5, 10),
    });
    fc.assert(fc.property(fc.constantFrom(0.5, 1, 2), fc.array(narrow, { minLength: 1, maxLength: 60 }), (w, rows) => {
      const L: RiskLimits = { duplicateWindowSec: w };
      const reasons = gateReasons(L, rows);
      expect(reasons).toEqual(modelReasons(L, rows));
    }), { numRuns: 300, seed: 12 });
  });

  it('each limit alone flips exactly at its boundary', () => {
    const one = (L: RiskLimits, o: Partial<GateOrder>, ref = 1000) => {
      const g = new PreTradeGate(L, U);
      g.mark('A', ref);
      return g.check({ symbol: 'A', side: 1, qty: 1, market: false, price: 1000, ts: 0, replace: false, filled: 0, workingSameSide: 0, openOrders: 0, ...o });
    };
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 20_000 }), (limit, qty) => {
      expect(one({ maxOrderQty: limit }, { qty })).toBe(qty > limit ? 'maxOrderQty' : null);
      // Notional at 10.00 a share: qty × 10 against the limit.
      expect(one({ maxNotional: limit }, { qty })).toBe(qty * 10 > limit ? 'maxNotional' : null);
      expect(one({ maxPosition: limit }, { qty, workingSameSide: 7 })).toBe(qty + 7 > limit ? 'maxPosition' : null);
      expect(one({ maxOpenOrders: limit % 300 }, { openOrders: qty % 300 })).toBe(qty % 300 >= limit % 300 ? 'maxOpenOrders' : null);
    }), { numRuns: 300, seed: 7 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 500, max: 5000 }), (bps, tick, ref) => {
      // Prices on the 5-cent grid around a reference; |p − r| / r × 10,000 against the collar.
      const price = tick * 5;
      const away = (Math.abs(price - ref) / ref) * 10_000;
      // Exactly on the collar passes ("beyond" means strictly more); float noise only matters there.
      const expected = Math.abs(away - bps) < 1e-9 ? null : away > bps ? 'priceCollarBps' : null;
      expect(one({ priceCollarBps: bps }, { price }, ref)).toBe(expected);
    }), { numRuns: 300, seed: 8 });
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 200 }), (loss, drop) => {
      // Long 100 at 10.00 marked `drop` cents lower: P&L = −drop (currency); refused once below −loss.
      const g = new PreTradeGate({ dailyLossLimit: loss }, U);
      g.filled('A', 1, 100, 1000);
      g.mark('A', 1000 - drop);
      const o: GateOrder = { symbol: 'A', side: -1, qty: 1, market: true, price: NaN, ts: 0, replace: false, filled: 0, workingSameSide: 0, openOrders: 0 };
      expect(g.check(o)).toBe(-drop < -loss ? 'dailyLossLimit' : null);
    }), { numRuns: 200, seed: 9 });
  });

  it('passes exactly what the rate allows in a burst of 10,000 orders in one second', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (limit, seed) => {
      const g = new PreTradeGate({ maxOrdersPerSec: limit }, { ...U, timeUnitsPerSec: 1e9 });
      // 10,000 attempts at sorted pseudo-random times within [0, 1 s) (ties included).
      let x = seed;
      const times = Array.from({ length: 10_000 }, () => ((x = (x * 48271) % 2147483647), Math.floor((x / 2147483647) * 1e6) * 1000)).sort((a, b) => a - b);
      const o: GateOrder = { symbol: 'A', side: 1, qty: 1, market: false, price: 1000, ts: 0, replace: false, filled: 0, workingSameSide: 0, openOrders: 0 };
      g.mark('A', 1000);
      let accepted = 0;
      for (const t of times) {
        o.ts = t;
        if (g.check(o) === null) {
          g.accepted(o);
          accepted++;
        }
      }
      expect(accepted).toBe(Math.min(limit, 10_000));
    }), { numRuns: 25, seed: 10 });
  });

  it('never lets more than the limit through in any one-second window of a longer stream', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 2000 }), (limit, gaps) => {
      const g = new PreTradeGate({ maxOrdersPerSec: limit }, { ...U, timeUnitsPerSec: 1000 });
      g.mark('A', 1000);
      const o: GateOrder = { symbol: 'A', side: 1, qty: 1, market: false, price: 1000, ts: 0, replace: false, filled: 0, workingSameSide: 0, openOrders: 0 };
      const acc: number[] = [];
      for (const gap of gaps) {
        o.ts += gap;
        const inWindow = acc.filter((a) => a > o.ts - 1000).length;
        const r = g.check(o);
        // Refused exactly when the window (t − 1 s, t] already holds `limit` accepted orders.
        expect(r).toBe(inWindow >= limit ? 'maxOrdersPerSec' : null);
        if (r === null) {
          g.accepted(o);
          acc.push(o.ts);
        }
      }
    }), { numRuns: 100, seed: 11 });
  });
});
