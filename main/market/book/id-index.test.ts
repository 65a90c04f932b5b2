import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdIndex } from './id-index.js';

describe('IdIndex', () => {
  it('behaves like a Map under random set/delete (ids up to 2^53, tiny table)', () => {
    const id = fc.oneof(fc.integer({ min: 0, max: 64 }), fc.maxSafeNat(), fc.integer({ min: 0, max: 20 }).map((x) => 2 ** 32 * x + 7));
    const op = fc.tuple(fc.boolean(), id);
    fc.assert(fc.property(fc.array(op, { maxLength: 400, size: 'max' }), (ops) => {
      const ix = new IdIndex(4);
      const ref = new Map<number, number>();
      let slot = 0;
      for (const [ins, k] of ops) {
        if (ins && !ref.has(k)) {
          ix.set(k, slot);
          ref.set(k, slot++);
        } else if (!ins) {
          ix.delete(k);
          ref.delete(k);
        }
        expect(ix.size).toBe(ref.size);
        expect(ix.get(k)).toBe(ref.get(k) ?? -1);
      }
      for (const [k, v] of ref) expect(ix.get(k)).toBe(v);
      let n = 0;
      ix.forEach((k, v) => { n++; expect(ref.get(k)).toBe(v); });
      expect(n).toBe(ref.size);
    }), { numRuns: 200 });
  });

  it('misses unknown and junk ids and clears', () => {
    const ix = new IdIndex();
    ix.set(5, 1);
    expect(ix.get(6)).toBe(-1);
    expect(ix.get(NaN)).toBe(-1);
    expect(ix.get(-5)).toBe(-1);
    expect(ix.has(5)).toBe(true);
    ix.clear();
    expect(ix.has(5)).toBe(false);
    expect(ix.size).toBe(0);
  });
});
