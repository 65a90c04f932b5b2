import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { fitGarch, garchVariances, type GarchParams } from './garch.js';
import { simulateGarch } from './simulate-garch.js';
import { gaussianLogLikelihood } from './vol-model.js';

describe('GARCH(1,1) by maximum likelihood', () => {
  it('recovers known parameters from a simulated series (within 3 standard errors)', () => {
    const truth: GarchParams = { omega: 2e-6, alpha: 0.08, beta: 0.9 };
    const r = simulateGarch(truth, 20_000, 12);
    const fit = fitGarch(r);
    // The MLE is asymptotically normal around the truth with the SE of the observed information;
    // |error| ≤ 3 SE fails with probability ~0.3 % per parameter for a correct estimator. The SEs
    // themselves must be small enough for that to mean something (α to ±0.03 at n = 20,000).
    for (const k of ['omega', 'alpha', 'beta'] as const) {
      const se = fit.se![k]!;
      expect(Number.isFinite(se) && se > 0).toBe(true);
      expect(Math.abs(fit.params[k]! - truth[k])).toBeLessThanOrEqual(3 * se);
    }
    expect(fit.se!.alpha).toBeLessThan(0.01);
    expect(fit.se!.beta).toBeLessThan(0.02);
    // Constraints hold.
    expect(fit.params.omega).toBeGreaterThan(0);
    expect(fit.params.alpha! + fit.params.beta!).toBeLessThan(1);
    // The optimum beats the truth's likelihood (it is the maximum), by a little.
    const vTruth = garchVariances(r, truth, r.reduce((a, y) => a + y * y, 0) / r.length);
    const llTruth = gaussianLogLikelihood(r, vTruth);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(llTruth);
  });

  it('is deterministic: the same series gives the same parameters bit for bit', () => {
    const r = simulateGarch({ omega: 1e-5, alpha: 0.15, beta: 0.7 }, 3000, 5);
    expect(fitGarch(r).params).toEqual(fitGarch(r).params);
  });

  it('finds no clustering in i.i.d. returns (alpha near 0)', () => {
    const rng = new Rng(3);
    const r = Float64Array.from({ length: 10_000 }, () => 0.001 * rng.normal());
    const fit = fitGarch(r);
    expect(fit.params.alpha).toBeLessThan(0.02);
    // Unconditional variance still right.
    expect(fit.params.omega! / (1 - fit.params.alpha! - fit.params.beta!)).toBeCloseTo(1e-6, 7);
  });

  it('refuses a series too short or without movement, saying why', () => {
    expect(() => fitGarch(new Float64Array(10))).toThrow(/at least 50 returns/);
    expect(() => fitGarch(new Float64Array(100))).toThrow(/every return is zero/);
  });
});
