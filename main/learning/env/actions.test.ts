import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIONS, actionCount, childQuote, childSize, decodeContinuous, decodeDiscrete, encodeDiscrete } from './actions.js';
import { FixedBook } from './test-book.js';

const A = DEFAULT_ACTIONS;

describe('action decoding', () => {
  it('flat discrete index = fraction index × 3 + aggression index, and back', () => {
    expect(actionCount(A)).toBe(12);
    const seen = new Set<string>();
    for (let fi = 0; fi < 4; fi++) {
      for (let ai = 0; ai < 3; ai++) {
        const i = encodeDiscrete(fi, ai, A);
        expect(i).toBe(fi * 3 + ai);
        const d = decodeDiscrete(i, A);
        expect(d).toEqual({ fraction: A.fractions[fi], aggression: A.aggressions[ai] });
        seen.add(`${d.fraction}/${d.aggression}`);
      }
    }
    expect(seen.size).toBe(12);
    expect(decodeDiscrete(11, A)).toEqual({ fraction: 1, aggression: 'cross' });
    expect(() => decodeDiscrete(12, A)).toThrow(RangeError);
    expect(() => decodeDiscrete(1.5, A)).toThrow(RangeError);
    expect(() => decodeDiscrete(-1, A)).toThrow(RangeError);
  });

  it('continuous [fraction, aggressiveness] maps onto the same primitives by thirds, clipped', () => {
    expect(decodeContinuous([0.3, 0], A)).toEqual({ fraction: 0.3, aggression: 'passive' });
    expect(decodeContinuous([0.3, 0.33], A)).toEqual({ fraction: 0.3, aggression: 'passive' });
    expect(decodeContinuous([0.3, 0.34], A)).toEqual({ fraction: 0.3, aggression: 'inside' });
    expect(decodeContinuous([0.3, 2 / 3], A)).toEqual({ fraction: 0.3, aggression: 'cross' });
    expect(decodeContinuous([1.7, 1], A)).toEqual({ fraction: 1, aggression: 'cross' });
    expect(decodeContinuous(new Float32Array([-0.2, -5]), A)).toEqual({ fraction: 0, aggression: 'passive' });
    expect(() => decodeContinuous([NaN, 0], A)).toThrow(RangeError);
    expect(() => decodeContinuous([0.5], A)).toThrow(RangeError);
  });

  it('sizes a child from the remainder or from the TWAP slice, never above what is left', () => {
    const d = (fraction: number) => ({ fraction, aggression: 'passive' as const });
    expect(childSize(d(0), 1000, 10, A)).toBe(0);
    expect(childSize(d(0.25), 1000, 10, A)).toBe(250);
    expect(childSize(d(1), 1000, 10, A)).toBe(1000);
    expect(childSize(d(0.25), 1, 10, A)).toBe(1);
    expect(childSize(d(0.1), 30, 10, A)).toBe(3);
    const slice = { ...A, sizeBasis: 'slice' as const };
    expect(childSize(d(0.5), 1000, 10, slice)).toBe(100); // the TWAP pace
    expect(childSize(d(1), 1000, 10, slice)).toBe(200);
    expect(childSize(d(1), 1000, 1, slice)).toBe(1000);
    expect(childSize(d(0.5), 0, 3, slice)).toBe(0);
  });
});

describe('child prices', () => {
  const tick = 10;
  it('passive joins our touch; inside pegs to the mid without crossing; cross takes the far side with protection', () => {
    const one = new FixedBook([[1000, 5]], [[1010, 5]]);
    const three = new FixedBook([[1000, 5]], [[1030, 5]]);
    expect(childQuote(1, 'passive', three, tick, 50)).toEqual({ type: 'limit', tif: 'day', priceUnits: 1000 });
    expect(childQuote(-1, 'passive', three, tick, 50)).toEqual({ type: 'limit', tif: 'day', priceUnits: 1030 });
    expect(childQuote(1, 'inside', one, tick, 50)!.priceUnits).toBe(1000);
    expect(childQuote(-1, 'inside', one, tick, 50)!.priceUnits).toBe(1010);
    expect(childQuote(1, 'inside', three, tick, 50)!.priceUnits).toBe(1010);
    expect(childQuote(-1, 'inside', three, tick, 50)!.priceUnits).toBe(1020);
    // 50 bp of 1030 = 5.15 units, rounded out to one tick.
    expect(childQuote(1, 'cross', three, tick, 50)).toEqual({ type: 'limit', tif: 'ioc', priceUnits: 1040 });
    expect(childQuote(-1, 'cross', three, tick, 50)).toEqual({ type: 'limit', tif: 'ioc', priceUnits: 990 });
    expect(childQuote(1, 'cross', three, tick, 0)!.priceUnits).toBe(1030);
  });

  it('prices from the other side when ours is empty, and gives up when it cannot price', () => {
    const noBids = new FixedBook([], [[1030, 5]]);
    expect(childQuote(1, 'passive', noBids, 10, 50)!.priceUnits).toBe(1020);
    expect(childQuote(1, 'inside', noBids, 10, 50)!.priceUnits).toBe(1020);
    expect(childQuote(-1, 'cross', noBids, 10, 50)).toBeNull();
    expect(childQuote(1, 'passive', new FixedBook([], []), 10, 50)).toBeNull();
  });
});
