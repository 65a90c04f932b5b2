import { describe, expect, it } from 'vitest';
import { purgedSplits } from './walk-forward.js';

describe('purgedSplits', () => {
  // 20 rows, one every 2 book events (e = 0, 2, ..., 38); labels 3 events ahead.
  const ev = Float64Array.from({ length: 20 }, (_, i) => 2 * i);

  it('walk-forward: tests blocks 1..folds, trains on earlier rows only, purges the overlapping ones', () => {
    const f = purgedSplits(ev, 3, { folds: 3, mode: 'walk-forward', embargoRows: 2 });
    expect(f.map((x) => Array.from(x.test))).toEqual([[5, 6, 7, 8, 9], [10, 11, 12, 13, 14], [15, 16, 17, 18, 19]]);
    // Fold 0: test starts at e = 10. Row 4 (e = 8) has window [8, 11], which reaches 10: purged. Row 3 ([6, 9]) stays.
    expect(Array.from(f[0]!.train)).toEqual([0, 1, 2, 3]);
    expect(f[0]!.purged).toBe(1);
    expect(f[0]!.embargoed).toBe(0);
    expect(Array.from(f[2]!.train)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  });

  it('purged k-fold: purges on both sides and embargoes the rows after the test fold', () => {
    const f = purgedSplits(ev, 3, { folds: 4, mode: 'purged-kfold', embargoRows: 2 });
    // Fold 1 tests rows 5..9 (e 10..18), span [10, 21]. Row 4 (window [8, 11]) and row 10 (e = 20 ≤ 21) are purged;
    // the embargo covers the 2 rows after the fold, 10 (already purged) and 11.
    const f1 = f[1]!;
    expect(Array.from(f1.test)).toEqual([5, 6, 7, 8, 9]);
    expect(Array.from(f1.train)).toEqual([0, 1, 2, 3, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(f1.purged).toBe(2);
    expect(f1.embargoed).toBe(1);
    // The last fold has nothing after it to embargo.
    expect(f[3]!.embargoed).toBe(0);
  });

  it('no training label window ever overlaps its test span (many shapes)', () => {
    for (const h of [1, 5, 40]) {
      for (const mode of ['walk-forward', 'purged-kfold'] as const) {
        const e = Float64Array.from({ length: 300 }, (_, i) => Math.floor(i * 1.7));
        for (const fold of purgedSplits(e, h, { folds: 5, mode, embargoRows: 3 })) {
          const lo = e[fold.test[0]!]!;
          const hi = e[fold.test[fold.test.length - 1]!]! + h;
          for (const i of fold.train) expect(e[i]! + h < lo || e[i]! > hi).toBe(true);
          expect(fold.train.length + fold.test.length + fold.purged + fold.embargoed).toBe(mode === 'walk-forward' ? fold.test[fold.test.length - 1]! + 1 : 300);
        }
      }
    }
  });

  it('refuses impossible settings naming the field', () => {
    expect(() => purgedSplits(ev, 3, { folds: 0, mode: 'walk-forward', embargoRows: 0 })).toThrow(/folds: 0/);
    expect(() => purgedSplits(ev, 3, { folds: 2, mode: 'walk-forward', embargoRows: -1 })).toThrow(/embargoRows/);
    expect(() => purgedSplits(ev.subarray(0, 3), 3, { folds: 2, mode: 'walk-forward', embargoRows: 0 })).toThrow(/rows: 3/);
  });
});
