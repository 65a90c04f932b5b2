import { describe, expect, it } from 'vitest';
import { accuracy, aucOvr, binaryAuc, macroF1, majorityClass, ranks, signalMetrics, spearman } from './metrics.js';

describe('metrics, against hand-computed values', () => {
  const y = [1, 1, 0, -1, -1, 0, 1, -1];
  const pred = [1, 0, 0, -1, 1, 0, 1, 0];

  it('accuracy and macro-F1', () => {
    expect(accuracy(y, pred)).toBe(5 / 8);
    // up: tp 2, fp 1, fn 1 → 4/6; flat: tp 2, fp 2, fn 0 → 4/6; down: tp 1, fp 0, fn 2 → 2/4.
    expect(macroF1(y, pred)).toBeCloseTo((4 / 6 + 4 / 6 + 2 / 4) / 3, 12);
    // A class neither true nor predicted is left out: only up and flat here.
    expect(macroF1([1, 0], [1, 1])).toBeCloseTo((2 / 3 + 0) / 2, 12);
  });

  it('ranks with ties, Spearman and AUC', () => {
    expect(Array.from(ranks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // ranks a = 1,2,3,4 ; b = 1, 3, 2, 4 → d² = 0,1,1,0 → 1 − 6·2/(4·15) = 0.8.
    expect(spearman([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    // Positives scores 0.9, 0.4; negatives 0.5, 0.1: pairs won 1 + 1 + 0 + 1 = 3 of 4.
    expect(binaryAuc([true, true, false, false], [0.9, 0.4, 0.5, 0.1])).toBe(0.75);
    // A tie counts a half.
    expect(binaryAuc([true, false], [0.5, 0.5])).toBe(0.5);
    expect(binaryAuc([true, true], [0.5, 0.2])).toBeNaN();
  });

  it('one-vs-rest AUC averages the classes present; majority class; the whole report', () => {
    // Rows: y = up, down, flat; perfect probabilities.
    const p = Float32Array.from([0.1, 0.1, 0.8, 0.7, 0.2, 0.1, 0.2, 0.6, 0.2]);
    expect(aucOvr([1, -1, 0], p)).toBe(1);
    expect(majorityClass([0, 1, 1, -1, 0])).toBe(0);
    expect(majorityClass([1, 1, -1])).toBe(1);
    const m = signalMetrics([1, -1, 0], [0.01, -0.02, 0], p, 0);
    expect(m.accuracy).toBe(1);
    expect(m.macroF1).toBe(1);
    expect(m.n).toBe(3);
    // Score P(up) − P(down) = 0.7, −0.6, 0 ranks the same as the returns.
    expect(m.ic).toBeCloseTo(1, 12);
    expect(m.naive.accuracy).toBeCloseTo(1 / 3, 12);
    // Naive predicts flat always: flat F1 = 2/(2+2) = 0.5; up and down F1 0 → 0.5 / 3.
    expect(m.naive.macroF1).toBeCloseTo(0.5 / 3, 12);
  });
});
