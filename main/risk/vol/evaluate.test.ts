import { describe, expect, it } from 'vitest';
import { dieboldMariano, evaluateVolModels, normalCdf } from './evaluate.js';
import { simulateGarch } from './simulate-garch.js';

describe('volatility models evaluated against realised variance', () => {
  const r = simulateGarch({ omega: 2e-7, alpha: 0.1, beta: 0.88 }, 60 * 200, 9);
  const ev = evaluateVolModels(r, { block: 60 });

  it('scores all three on the same out-of-sample blocks', () => {
    expect(ev.trainReturns).toBe(140 * 60);
    expect(ev.testBlocks).toBe(60);
    expect(ev.scores.map((s) => s.model)).toEqual(['ewma', 'garch', 'har']);
    for (const s of ev.scores) {
      expect(s.qlike).toBeGreaterThan(0);
      expect(s.mse).toBeGreaterThan(0);
    }
    expect(ev.comparisons.map((c) => `${c.a}-${c.b}`)).toEqual(['ewma-garch', 'ewma-har', 'garch-har']);
  });

  it('the true model (GARCH on GARCH data) forecasts at least as well as EWMA by QLIKE', () => {
    const q = Object.fromEntries(ev.scores.map((s) => [s.model, s.qlike]));
    expect(q.garch).toBeLessThanOrEqual(q.ewma!);
  });

  it('forecasts use only the past: the test blocks do not change the fitted parameters', () => {
    const r2 = r.slice();
    for (let i = ev.trainReturns; i < r2.length; i++) r2[i] = r2[i]! * 3;
    const ev2 = evaluateVolModels(r2, { block: 60 });
    expect(ev2.fits.garch.params).toEqual(ev.fits.garch.params);
    expect(ev2.fits.har.params).toEqual(ev.fits.har.params);
  });

  it('Diebold-Mariano: equal losses give 0; a uniformly worse model a large positive statistic', () => {
    const a = [1, 2, 3, 2, 1, 2, 3, 2];
    expect(dieboldMariano(a, a).stat).toBe(0);
    const worse = dieboldMariano(a.map((x, i) => x + 1 + 0.1 * (i % 3)), a);
    expect(worse.stat).toBeGreaterThan(5);
    expect(worse.pValue).toBeLessThan(1e-4);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 4);
  });

  it('says how many returns it needs', () => {
    expect(() => evaluateVolModels(new Float64Array(600), { block: 60 })).toThrow(/need at least 37 blocks \(2220 returns\)/);
  });
});
