import { describe, expect, it } from 'vitest';
import { pairedEvaluation, strategyEvaluation } from './evaluate-report.js';

describe('evaluation statistics', () => {
  it('paired: differences agent − baseline, the papers\' measures computed by hand', () => {
    const agent = [1, 2, 3, 10];
    const base = [2, 4, 3, 7]; // d = −1, −2, 0, +3
    const p = pairedEvaluation('twap', agent, base, { seed: 1, resamples: 500 });
    expect(p.n).toBe(4);
    expect(p.meanDiffBps).toBe(0);
    expect(p.medianDiffBps).toBe(-0.5);
    expect(p.meanOutperformanceBps).toBe(-0); // −mean d
    expect(p.medianOutperformanceBps).toBe(0.5);
    expect(p.probOutperformance).toBe(0.5); // 2 of 4 paths cheaper (a tie is not an outperformance)
    expect(p.gainLossRatio).toBeCloseTo(3 / 3, 12); // gains 1 + 2 over losses 3
    expect(p.ciLowBps).toBeLessThanOrEqual(p.meanDiffBps);
    expect(p.ciHighBps).toBeGreaterThanOrEqual(p.meanDiffBps);
    expect(p.pValue).toBeGreaterThan(0.2);
    expect(pairedEvaluation('twap', [1, 2], [2, 3], { seed: 1, resamples: 100 }).gainLossRatio).toBeNull(); // nothing lost
    expect(() => pairedEvaluation('twap', [1], [1, 2], { seed: 1 })).toThrow(/1 agent paths vs 2 baseline paths/);
  });

  it('a clearly cheaper agent: interval below zero, every path outperformed, small p', () => {
    const base = Array.from({ length: 30 }, (_, i) => 5 + (i % 7));
    const agent = base.map((b, i) => b - 2 - (i % 3) * 0.1);
    const p = pairedEvaluation('vwap', agent, base, { seed: 2, resamples: 1000 });
    expect(p.ciHighBps).toBeLessThan(0);
    expect(p.probOutperformance).toBe(1);
    expect(p.pValue).toBeLessThan(1e-5);
    const s = strategyEvaluation('agent', agent, { seed: 2, resamples: 1000 });
    expect(s.n).toBe(30);
    expect(s.ciLowBps).toBeLessThan(s.meanIsBps);
    expect(s.ciHighBps).toBeGreaterThan(s.meanIsBps);
    expect(Number.isNaN(strategyEvaluation('x', [1], { seed: 1 }).stdIsBps)).toBe(true);
  });
});
