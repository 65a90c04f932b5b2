import { describe, expect, it } from 'vitest';
import { curveCorrelation } from './compare.js';
import { fitIntradayProfile, fittedCurveCorrelation, PROFILE_TAUS, profileMultiplier } from './intraday-profile.js';

/** A U-shaped day in 13 half-hour bins with one out-of-line bin (a block trade at 12:30). */
const U = [0.16, 0.09, 0.075, 0.065, 0.06, 0.055, 0.12, 0.055, 0.06, 0.065, 0.07, 0.08, 0.13];

describe('fitIntradayProfile (the volume curve is modelled, not copied)', () => {
  const p = fitIntradayProfile(U, 1800, 23_400)!;
  const mult = U.map((_, j) => profileMultiplier(p, j / 13, (j + 1) / 13));

  it('fits a U-shape with non-negative arms whose mean over the day is 1', () => {
    expect(PROFILE_TAUS).toContain(p.tau);
    expect(p.open).toBeGreaterThan(0);
    expect(p.close).toBeGreaterThan(0);
    expect(mult.reduce((a, b) => a + b, 0) / 13).toBeCloseTo(1, 6);
    // Finer steps average to the same day: 78 five-minute steps.
    const fine = Array.from({ length: 78 }, (_, j) => profileMultiplier(p, j / 78, (j + 1) / 78));
    expect(fine.reduce((a, b) => a + b, 0) / 78).toBeCloseTo(1, 6);
  });

  it('follows the shape (correlation ≥ 0.9 without the outlier) but does not reproduce the out-of-line bin', () => {
    const copied = U.map((s) => s * 13);
    // A copy would give the 12:30 bin 0.12 × 13 = 1.56; the smooth shape stays near its neighbours.
    expect(mult[6]!).toBeLessThan(1);
    expect(Math.abs(mult[6]! - copied[6]!)).toBeGreaterThan(0.5);
    const without = (xs: number[]) => xs.filter((_, j) => j !== 6);
    expect(curveCorrelation(without(U), without(mult))!).toBeGreaterThan(0.9);
    expect(mult[0]!).toBeGreaterThan(mult[4]!);
    expect(mult[12]!).toBeGreaterThan(mult[4]!);
  });

  it('a flat day gives a flat profile; a falling day has no closing arm; fewer than 3 bins or no volume: null', () => {
    const flat = fitIntradayProfile(Array(13).fill(1 / 13), 1800, 23_400)!;
    for (let j = 0; j < 13; j++) expect(profileMultiplier(flat, j / 13, (j + 1) / 13)).toBeCloseTo(1, 6);
    const falling = fitIntradayProfile([0.3, 0.2, 0.15, 0.12, 0.12, 0.11], 1800, 10_800)!;
    expect(falling.close).toBe(0);
    expect(falling.open).toBeGreaterThan(0);
    expect(fitIntradayProfile([0.5, 0.5], 1800, 23_400)).toBeNull();
    expect(fitIntradayProfile([0, 0, 0], 1800, 23_400)).toBeNull();
  });
});

describe('fittedCurveCorrelation (what a generated curve following the shape can score)', () => {
  it('is 1 for a day that is exactly a U-shape of the family, lower with an out-of-line bin, null without a fit', () => {
    const p = fitIntradayProfile(U, 1800, 23_400)!;
    const pure = U.map((_, j) => profileMultiplier(p, j / 13, (j + 1) / 13) / 13);
    expect(fittedCurveCorrelation(pure, 1800, 23_400)!).toBeCloseTo(1, 6);
    // U's 12:30 block cannot be followed by a smooth shape: the ceiling falls below the 0.9 goal.
    const c = fittedCurveCorrelation(U, 1800, 23_400)!;
    expect(c).toBeLessThan(0.9);
    expect(c).toBeGreaterThan(0.5);
    expect(fittedCurveCorrelation([0.5, 0.5], 1800, 23_400)).toBeNull();
  });
});
