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
    expect((r as unknown as { cap: number }).cap).toBeLessThanOrEqual(8192);
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
