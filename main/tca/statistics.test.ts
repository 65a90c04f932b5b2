import { describe, expect, it } from 'vitest';
import { bootstrapCi } from './bootstrap.js';
import { mean, median, quantileSorted, sampleStd } from './descriptive.js';
import { pairedTTest, wilcoxonSignedRank } from './paired-tests.js';
import { erf, erfc, incompleteBeta, normalCdf, studentTTwoSidedP } from './special-functions.js';

describe('special functions (reference values)', () => {
  it('erf, erfc, Φ', () => {
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(erf(-0.5)).toBeCloseTo(-0.5204998778130465, 14);
    expect(erfc(3)).toBeCloseTo(2.209049699858544e-5, 17);
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 12);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 13);
    expect(normalCdf(-2.5)).toBeCloseTo(0.006209665325776132, 15);
  });
  it('incomplete beta and Student t: the 5 % two-sided critical values give p = 0.05', () => {
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 12);
    expect(studentTTwoSidedP(12.706204736174705, 1)).toBeCloseTo(0.05, 10);
    expect(studentTTwoSidedP(2.228138851986274, 10)).toBeCloseTo(0.05, 10);
    expect(studentTTwoSidedP(-2.042272456301238, 30)).toBeCloseTo(0.05, 10);
    expect(studentTTwoSidedP(0, 5)).toBe(1);
  });
});

describe('descriptive statistics', () => {
  it('mean, median, sample std, type-7 quantiles', () => {
    expect(mean([1, 2, 3, 10])).toBe(4);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleStd([0.1, 0.1, 0.1])).toBe(0);
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(Number.isNaN(mean([]))).toBe(true);
  });
});

describe('Wilcoxon signed-rank (values from scipy.stats.wilcoxon)', () => {
  it('exact p for the Hollander-Wolfe depression data (W+ = 40, p = 0.0390625)', () => {
    const d = [1.83 - 0.878, 0.5 - 0.647, 1.62 - 0.598, 2.48 - 2.05, 1.68 - 1.06, 1.88 - 1.29, 1.55 - 1.06, 3.06 - 3.14, 1.3 - 1.29];
    const w = wilcoxonSignedRank(d);
    expect(w).toMatchObject({ n: 9, zeros: 0, wPlus: 40, wMinus: 5, method: 'exact' });
    expect(w.pValue).toBeCloseTo(0.0390625, 14);
    expect(wilcoxonSignedRank([1, 2, 3, -4, 5, 6, 7, 8, -9, 10, 11, 12]).pValue).toBeCloseTo(0.04248046875, 14);
  });
  it('exact p conditional on ties (brute force over 2¹⁰ sign patterns: 44/1024); zeros dropped', () => {
    // scipy's method='exact' ignores ties (it gives 50/1024); the permutation distribution of the
    // average ranks, enumerated by brute force, gives 2·22/1024.
    const w = wilcoxonSignedRank([1, 1, 2, 2, -3, 4, 4, 5, -1, 6, 0, 0]);
    expect(w).toMatchObject({ n: 10, zeros: 2, wPlus: 47, wMinus: 8, method: 'exact' });
    expect(w.pValue).toBeCloseTo(44 / 1024, 14);
  });
  it('normal approximation with tie and continuity corrections above n = 50', () => {
    const d = Array.from({ length: 60 }, (_, i) => (i % 7) - 2.5 + (i % 3 === 0 ? 0.3 : 0));
    const w = wilcoxonSignedRank(d);
    expect(w.method).toBe('normal');
    expect(w.pValue).toBeCloseTo(0.06335179928569497, 10);
  });
  it('identical samples: all differences 0 ⇒ p = 1; a constant shift ⇒ p = 2/2ⁿ', () => {
    expect(wilcoxonSignedRank(new Array(20).fill(0))).toMatchObject({ n: 0, zeros: 20, method: 'none', pValue: 1 });
    expect(wilcoxonSignedRank(new Array(10).fill(-3)).pValue).toBeCloseTo(2 / 1024, 15);
  });
});

describe('paired t-test (values from scipy.stats.ttest_1samp)', () => {
  it('matches scipy', () => {
    const a = pairedTTest([1, 2, 3, -4, 5, 6, 7, 8, -9, 10, 11, 12]);
    expect(a.t).toBeCloseTo(2.415933503612538, 12);
    expect(a.df).toBe(11);
    expect(a.pValue).toBeCloseTo(0.03425269121949708, 10);
    expect(pairedTTest([1, 1, 2, 2, -3, 4, 4, 5, -1, 6]).pValue).toBeCloseTo(0.03989076674608256, 10);
  });
  it('degenerate cases: zero spread and n < 2', () => {
    expect(pairedTTest([0, 0, 0])).toMatchObject({ t: 0, pValue: 1 });
    expect(pairedTTest([2, 2, 2])).toMatchObject({ t: Infinity, pValue: 0 });
    expect(Number.isNaN(pairedTTest([1]).pValue)).toBe(true);
  });
});

describe('seeded percentile bootstrap', () => {
  const xs = Array.from({ length: 40 }, (_, i) => Math.sin(i * 1.7) * 10 + i / 4);
  it('is reproducible from its seed and changes with it', () => {
    const a = bootstrapCi(xs, mean, { seed: 7 });
    expect(bootstrapCi(xs, mean, { seed: 7 })).toEqual(a);
    expect(bootstrapCi(xs, mean, { seed: 8 })).not.toEqual(a);
    expect(a).toMatchObject({ level: 0.95, resamples: 2000 });
    expect(a.lo).toBeLessThan(mean(xs));
    expect(a.hi).toBeGreaterThan(mean(xs));
  });
  it('its width matches the standard error of the mean (±1.96·s/√n, within 15 %)', () => {
    const a = bootstrapCi(xs, mean, { seed: 'w', resamples: 4000 });
    const se = sampleStd(xs) / Math.sqrt(xs.length);
    expect((a.hi - a.lo) / (2 * 1.96 * se)).toBeGreaterThan(0.85);
    expect((a.hi - a.lo) / (2 * 1.96 * se)).toBeLessThan(1.15);
  });
  it('degenerate samples and bad options', () => {
    expect(bootstrapCi([3, 3, 3], mean, { seed: 1 })).toMatchObject({ lo: 3, hi: 3 });
    expect(Number.isNaN(bootstrapCi([], mean, { seed: 1 }).lo)).toBe(true);
    // One observation is no interval (it used to be [x, x]: zero width, false certainty).
    expect(bootstrapCi([5], mean, { seed: 1 })).toMatchObject({ lo: NaN, hi: NaN });
    expect(() => bootstrapCi(xs, mean, { seed: 1, resamples: 0 })).toThrow('resamples');
    expect(() => bootstrapCi(xs, mean, { seed: 1, level: 1 })).toThrow('level');
  });
});
