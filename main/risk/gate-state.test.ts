import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateWindow, RecentOrders } from './gate-state.js';

describe('RecentOrders (the duplicate memory)', () => {
  it('finds every order still inside the window through many rebuilds, and stays small when the window is short', () => {
    const r = new RecentOrders();
    const window = 1000;
    // 200,000 distinct orders one time unit apart: only the last 1,000 can still be duplicates.
    for (let i = 0; i < 200_000; i++) {
      const price = 1_000_000 + (i % 7919) * 100;
      const q = (i % 2 === 0 ? 1 : -1) * (100 + Math.floor(i / 7919));
      r.remember(price, q, i, window);
    }
    for (let i = 199_000; i < 200_000; i++) {
      const price = 1_000_000 + (i % 7919) * 100;
      const q = (i % 2 === 0 ? 1 : -1) * (100 + Math.floor(i / 7919));
      expect(r.last(price, q)).toBe(i);
      expect(r.last(price, -q)).toBeNaN();
    }
    // Only what the window can still match is kept (about 1,000 entries): the table stays small.
    expect((r as unknown as { cap: number }).cap).toBeLessThanOrEqual(8192);
  });

  it('agrees with a plain map on random streams (collisions, reused slots, rebuilds)', () => {
    const step = fc.record({ p: fc.integer({ min: 0, max: 60 }), q: fc.integer({ min: -6, max: 6 }).filter((x) => x !== 0), dt: fc.constantFrom(0, 0, 1, 2, 3, 7) });
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.array(step, { minLength: 1, maxLength: 3000 }), (window, steps) => {
      const r = new RecentOrders();
      const model = new Map<string, number>();
      let ts = 0;
      for (const { p, q, dt } of steps) {
        ts += dt;
        for (const [k, t] of model) if (ts - t >= window) model.delete(k);
        model.set(`${p * 100}|${q}`, ts);
        r.remember(p * 100, q, ts, window);
      }
      for (let p = 0; p <= 60; p++) {
        for (let q = -6; q <= 6; q++) {
          const want = model.get(`${p * 100}|${q}`);
          const got = r.last(p * 100, q);
          // Inside the window: exactly the latest time. Outside: forgotten (NaN) or an old time.
          if (want !== undefined) expect(got).toBe(want);
          else expect(Number.isNaN(got) || ts - got >= window).toBe(true);
        }
      }
    }), { numRuns: 200, seed: 13 });
  });

  it('keeps the latest time of an order remembered again, and tells market orders (price −1) apart', () => {
    const r = new RecentOrders();
    r.remember(-1, 100, 5, 10);
    r.remember(-1, 100, 9, 10);
    r.remember(2_000_000_000_000, 100, 9, 10); // a price above 2^32 units hashes and matches exactly
    expect(r.last(-1, 100)).toBe(9);
    expect(r.last(2_000_000_000_000, 100)).toBe(9);
    expect(r.last(2_000_000_000_000 + 2 ** 32, 100)).toBeNaN();
    expect(r.last(100, 100)).toBeNaN();
  });
});

describe('RateWindow', () => {
  it('counts the accepted orders in (t − 1 s, t]', () => {
    const w = new RateWindow(3, 10);
    for (const t of [0, 1, 5]) w.add(t);
    expect(w.full(9)).toBe(true);
    expect(w.inLastSecond(9)).toBe(3);
    expect(w.full(10)).toBe(false); // 0 is not in (0, 10]
    expect(w.inLastSecond(10)).toBe(2);
    expect(new RateWindow(0, 10).full(0)).toBe(true);
  });
});
