import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { ewmaVariances, fitEwma, RISKMETRICS_LAMBDA } from './ewma.js';
import { simulateGarch } from './simulate-garch.js';

describe('EWMA (RiskMetrics)', () => {
  it('follows v[t+1] = λ v[t] + (1 − λ) r[t]²', () => {
    const v = ewmaVariances([0.01, -0.02, 0], 0.9, 1e-4);
    expect(v[1]).toBeCloseTo(0.9 * 1e-4 + 0.1 * 1e-4, 15);
    expect(v[2]).toBeCloseTo(0.9 * v[1]! + 0.1 * 4e-4, 15);
    expect(v[3]).toBeCloseTo(0.9 * v[2]!, 15);
  });

  it('defaults to λ = 0.94 and forecasts a flat term structure', () => {
    const rng = new Rng(2);
    const r = Float64Array.from({ length: 500 }, () => 0.01 * rng.normal());
    const fit = fitEwma(r);
    expect(fit.params.lambda).toBe(RISKMETRICS_LAMBDA);
    const f = fit.forecastSteps(r, 5);
    expect(new Set(f).size).toBe(1);
    expect(fit.blockForecasts(r, 10, 0)[3]).toBeCloseTo(10 * ewmaVariances(r, 0.94, r.slice(0, 30).reduce((a, x) => a + x * x, 0) / 30)[30]!, 18);
  });

  it('fits λ by likelihood: high on persistent clustering, and better than the default there', () => {
    const r = simulateGarch({ omega: 1e-7, alpha: 0.03, beta: 0.965 }, 10_000, 4);
    const fit = fitEwma(r, { lambda: 'fit' });
    expect(fit.params.lambda).toBeGreaterThan(0.95);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(fitEwma(r).logLikelihood);
  });

  it('refuses λ outside (0, 1)', () => {
    expect(() => fitEwma([0.1, 0.2], { lambda: 1 })).toThrow(/lambda must be in \(0, 1\)/);
  });
});
