import { describe, expect, it } from 'vitest';
import { checkDataset, concatDatasets, selectRows } from './dataset.js';
import type { FeatureRows } from './features/feature-engine.js';
import { labelRows } from './labels.js';

const rows: FeatureRows = {
  featureNames: ['a', 'b'],
  X: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  t: Float64Array.from([10, 20, 30, 40, 50]),
  eventIndex: Float64Array.from([0, 1, 2, 3, 5]),
  // mid after each book event; event 2's book had an empty side.
  mids: Float64Array.from([100, 100.5, NaN, 100.5, 100, 101, 101]),
};

describe('labelRows', () => {
  it('labels the mid H book events ahead: up / down / flat, dropping undefined mids and windows past the end', () => {
    const ds = labelRows(rows, 1);
    // Row 0: 100 → 100.5 up; row 1: 100.5 → NaN dropped; row 2: NaN start dropped; row 3: 100.5 → 100 down; row 4: 101 → 101 flat.
    expect(Array.from(ds.y)).toEqual([1, -1, 0]);
    expect(Array.from(ds.t)).toEqual([10, 40, 50]);
    expect(Array.from(ds.eventIndex)).toEqual([0, 3, 5]);
    expect(ds.midRet[0]).toBeCloseTo(0.005, 12);
    expect(ds.midRet[1]).toBeCloseTo(100 / 100.5 - 1, 12);
    expect(ds.midRet[2]).toBe(0);
    expect(Array.from(ds.X)).toEqual([1, 2, 7, 8, 9, 10]);
    checkDataset(ds);
    const two = labelRows(rows, 2);
    // Row 0 needs event 2 (NaN): dropped; row 1: 100.5 → 100.5 flat; row 3: 100.5 → 101 up; row 4 (event 5) needs event 7: past the end.
    expect(Array.from(two.t)).toEqual([20, 40]);
    expect(Array.from(two.y)).toEqual([0, 1]);
  });

  it('refuses a horizon below 1 and datasets that break the invariants, naming the field', () => {
    expect(() => labelRows(rows, 0)).toThrow(/horizon: 0/);
    const ds = labelRows(rows, 1);
    expect(() => checkDataset({ ...ds, y: Int8Array.from([1, 1, 0]) })).toThrow(/y: row 1/);
    expect(() => checkDataset({ ...ds, X: ds.X.subarray(0, 4) })).toThrow(/X: length 4/);
  });

  it('selects and concatenates rows keeping label windows of different days apart', () => {
    const ds = labelRows(rows, 1);
    const sub = selectRows(ds, [2, 0]);
    expect(Array.from(sub.y)).toEqual([0, 1]);
    expect(Array.from(sub.X)).toEqual([9, 10, 1, 2]);
    const both = concatDatasets([ds, ds]);
    expect(both.t.length).toBe(6);
    expect(Array.from(both.eventIndex)).toEqual([0, 3, 5, 7, 10, 12]);
  });
});
