import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Buy, Sell, type Side } from '../../domain/side.js';
import { auditLevelBook } from './book-audit.js';
import { BookResult, isValidPrice } from './book-result.js';
import type { DepthBuffers } from './book-types.js';
import { LevelBook } from './level-book.js';

function bufs(n: number): DepthBuffers {
  return { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
}

describe('LevelBook', () => {
  it('sets, replaces and removes levels and answers the BookView queries', () => {
    const b = new LevelBook();
    expect(b.setLevel(Buy, 100, 5)).toBe(BookResult.Ok);
    expect(b.setLevel(Buy, 99, 7)).toBe(BookResult.Ok);
    expect(b.setLevel(Sell, 101, 3)).toBe(BookResult.Ok);
    expect(b.setLevel(Sell, 105, 9)).toBe(BookResult.Ok);
    expect(b.setLevel(Buy, 100, 6)).toBe(BookResult.Ok); // replace
    expect(b.bestBid()).toBe(100);
    expect(b.bestAsk()).toBe(101);
    expect(b.sizeAt(Buy, 100)).toBe(6);
    expect(b.mid()).toBe(100.5);
    expect(b.microprice()).toBeCloseTo((100 * 3 + 101 * 6) / 9);
    expect(b.imbalance()).toBeCloseTo(3 / 9);
    expect(b.imbalance(5)).toBeCloseTo((13 - 12) / 25);
    expect(b.levelCount(Buy)).toBe(2);
    expect(b.levels(Sell, 1)).toEqual([{ priceUnits: 101, size: 3, orderCount: 0 }]);
    const out = bufs(4);
    expect(b.depth(2, out)).toEqual([2, 2]);
    expect([...out.askPrice]).toEqual([101, 105, NaN, NaN]);
    expect([...out.bidSize]).toEqual([6, 7, 0, 0]);
    expect(b.setLevel(Sell, 101, 0)).toBe(BookResult.Ok);
    expect(b.setLevel(Sell, 104, 0)).toBe(BookResult.Ok); // absent: no-op
    expect(b.bestAsk()).toBe(105);
    expect(b.setLevel(Sell, 99, 1)).toBe(BookResult.Ok);
    expect(b.isCrossed()).toBe(true);
    expect(auditLevelBook(b)).toEqual([]);
  });

  it('rejects bad input without changes; clearSide and clear', () => {
    const b = new LevelBook();
    b.setLevel(Buy, 10, 1);
    expect(b.setLevel(Buy, 10, -1)).toBe(BookResult.InvalidSize);
    expect(b.setLevel(Buy, 10, 0.5)).toBe(BookResult.InvalidSize);
    expect(b.setLevel(Buy, 10.5, 1)).toBe(BookResult.InvalidPrice);
    expect(b.setLevel(0 as never, 10, 1)).toBe(BookResult.InvalidSide);
    expect(b.sizeAt(Buy, 10)).toBe(1);
    b.setLevel(Sell, 11, 1);
    b.clearSide(Buy);
    expect(b.bestBid()).toBeNaN();
    expect(b.bestAsk()).toBe(11);
    b.clear();
    expect(b.levelCount(Sell)).toBe(0);
    expect(auditLevelBook(b)).toEqual([]);
  });

  it('matches a Map model under random updates over wide and off-tick prices (property)', () => {
    const side = fc.constantFrom<Side>(1, -1);
    const price = fc.oneof(
      fc.integer({ min: 90, max: 110 }).map((x) => x * 100),
      fc.integer({ min: 9_000, max: 11_000 }),
      fc.integer({ min: -5_000_000, max: 5_000_000 }),
      fc.constantFrom(2 ** 50, -(2 ** 50), 0.5, NaN),
    );
    const size = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(0), fc.constant(0), fc.constant(-1));
    const op = fc.oneof(
      { weight: 30, arbitrary: fc.record({ t: fc.constant('set' as const), side, price, size }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('clearSide' as const), side }) },
      { weight: 1, arbitrary: fc.record({ t: fc.constant('clear' as const) }) },
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 200, size: 'max' }), fc.constantFrom(0, 100), fc.constantFrom(64, 1 << 14), (ops, tick, maxW) => {
      const b = new LevelBook({ tickUnits: tick, maxWindowLevels: maxW, initialLevels: 64 });
      const model = new Map<string, number>();
      for (const o of ops) {
        if (o.t === 'set') {
          const r = b.setLevel(o.side, o.price, o.size);
          const ok = o.size >= 0 && Number.isInteger(o.size) && isValidPrice(o.price);
          expect(r === BookResult.Ok).toBe(ok);
          if (ok) {
            if (o.size === 0) model.delete(`${o.side}:${o.price}`);
            else model.set(`${o.side}:${o.price}`, o.size);
          }
        } else if (o.t === 'clearSide') {
          b.clearSide(o.side);
          for (const k of [...model.keys()]) if (k.startsWith(`${o.side}:`)) model.delete(k);
        } else {
          b.clear();
          model.clear();
        }
        expect(auditLevelBook(b)).toEqual([]);
        for (const s of [1, -1] as const) {
          const prices = [...model.keys()].filter((k) => k.startsWith(`${s}:`)).map((k) => Number(k.slice(k.indexOf(':') + 1)));
          prices.sort((x, y) => (s === 1 ? y - x : x - y));
          expect(b.levelCount(s)).toBe(prices.length);
          expect(b.levels(s, 1000)).toEqual(prices.map((p) => ({ priceUnits: p, size: model.get(`${s}:${p}`), orderCount: 0 })));
          if (o.t === 'set') expect(b.sizeAt(s, o.price)).toBe(model.get(`${s}:${o.price}`) ?? 0);
        }
      }
    }), { numRuns: 150 });
  });
});
