import { describe, expect, it } from 'vitest';
import { Rng } from '../kernel/rng.js';
import { adaptability, compareStrategies, type StrategyRuns } from './compare.js';
import { formatHeadlineTable, formatP, headlineTable } from './headline-table.js';

/** 30 paths of a TWAP-like baseline: IS ~ 8 + 6·N(0,1) bps, impact ~ 3 bps. */
const N = 30;
const rng = new Rng('compare-fixture');
const ids = Array.from({ length: N }, (_, i) => `day-${i}`);
const baseIs = ids.map(() => 8 + 6 * rng.normal());
const noise = ids.map(() => rng.normal());
const runs = (name: string, f: (x: number, i: number) => number, impact?: (i: number) => number): StrategyRuns => ({
  strategy: name,
  outcomes: ids.map((pathId, i) => ({ pathId, isBps: f(baseIs[i]!, i), marketImpactBps: impact ? impact(i) : null })),
});
const TWAP = runs('twap', (x) => x, (i) => 3 + 0.1 * noise[i]!);

describe('compareStrategies', () => {
  it('a constant shift: the CI of the difference excludes 0 and both tests reject (p < 0.05)', () => {
    const c = compareStrategies([TWAP, runs('ac', (x) => x - 2)], { baseline: 'twap', seed: 1 });
    const v = c.strategies[1]!.vsBaseline!;
    expect(v.meanDiffBps).toBeCloseTo(-2, 10);
    expect(v.ci.hi).toBeLessThan(0);
    expect(v.ci.lo).toBeCloseTo(-2, 10);
    expect(v.wilcoxon.method).toBe('exact');
    expect(v.headlinePValue).toBe(v.wilcoxon.pValue);
    expect(v.headlinePValue).toBeLessThan(1e-6); // 2/2³⁰
    expect(v.tTest.pValue).toBeLessThan(1e-6);
    expect(c.strategies[0]!.vsBaseline).toBeNull();
  });

  it('a shift of 1.5 bps under N(0,1) noise is detected; the CI contains the true shift', () => {
    const c = compareStrategies([TWAP, runs('rl', (x, i) => x + 1.5 + noise[i]!)], { baseline: 'twap', seed: 3 });
    const v = c.strategies[1]!.vsBaseline!;
    expect(v.ci.lo).toBeGreaterThan(0);
    expect(v.ci.lo).toBeLessThan(1.5);
    expect(v.ci.hi).toBeGreaterThan(1.5);
    expect(v.wilcoxon.pValue).toBeLessThan(0.05);
    expect(v.tTest.pValue).toBeLessThan(0.05);
  });

  it('identical samples: difference 0, CI [0, 0], p = 1 for both tests', () => {
    const c = compareStrategies([TWAP, runs('copy', (x) => x)], { baseline: 'twap' });
    const v = c.strategies[1]!.vsBaseline!;
    expect(v).toMatchObject({ meanDiffBps: 0, medianDiffBps: 0, headlinePValue: 1 });
    expect(v.ci).toMatchObject({ lo: 0, hi: 0 });
    expect(v.tTest.pValue).toBe(1);
  });

  it('per-strategy summaries: mean, median, std, CI of the mean, timing risk = std of IS', () => {
    const c = compareStrategies([TWAP], { baseline: 'twap', seed: 5 });
    const s = c.strategies[0]!;
    const m = baseIs.reduce((a, b) => a + b, 0) / N;
    expect(s.isBps.mean).toBeCloseTo(m, 12);
    expect(s.isBps.n).toBe(N);
    expect(s.timingRiskBps).toBe(s.isBps.std);
    expect(s.isBps.ci.lo).toBeLessThan(m);
    expect(s.isBps.ci.hi).toBeGreaterThan(m);
    expect(s.timingRiskCi.lo).toBeLessThan(s.timingRiskBps);
    expect(s.timingRiskCi.hi).toBeGreaterThan(s.timingRiskBps);
    expect(s.marketImpactBps!.mean).toBeCloseTo(3, 0);
    expect(s.adaptability).toBeNull();
  });

  it('is reproducible from the seed; a new strategy never changes another one\'s intervals', () => {
    const two = [TWAP, runs('ac', (x, i) => x - 1 + noise[i]!)];
    const a = compareStrategies(two, { baseline: 'twap', seed: 42 });
    expect(compareStrategies(two, { baseline: 'twap', seed: 42 })).toEqual(a);
    expect(compareStrategies(two, { baseline: 'twap', seed: 43 }).strategies[1]!.vsBaseline!.ci).not.toEqual(a.strategies[1]!.vsBaseline!.ci);
    const three = compareStrategies([...two, runs('pov', (x) => x + 1)], { baseline: 'twap', seed: 42 });
    expect(three.strategies.slice(0, 2)).toEqual(a.strategies);
  });

  it('pairs by path id, whatever the order outcomes are listed in', () => {
    const shuffled: StrategyRuns = { strategy: 'ac', outcomes: [...runs('ac', (x) => x - 2).outcomes].reverse() };
    const c = compareStrategies([TWAP, shuffled], { baseline: 'twap' });
    expect(c.pathIds).toEqual(ids);
    expect(c.strategies[1]!.vsBaseline!.meanDiffBps).toBeCloseTo(-2, 10);
  });

  it('refuses strategies that did not run on identical paths, and a missing baseline', () => {
    const short: StrategyRuns = { strategy: 'x', outcomes: TWAP.outcomes.slice(1) };
    expect(() => compareStrategies([TWAP, short], { baseline: 'twap' })).toThrow('identical paths');
    const renamed: StrategyRuns = { strategy: 'x', outcomes: TWAP.outcomes.map((o, i) => (i === 0 ? { ...o, pathId: 'other' } : o)) };
    expect(() => compareStrategies([TWAP, renamed], { baseline: 'twap' })).toThrow('no outcome for path "day-0"');
    expect(() => compareStrategies([TWAP], { baseline: 'vwap' })).toThrow('baseline "vwap"');
    expect(() => compareStrategies([TWAP, TWAP], { baseline: 'twap' })).toThrow('appears twice');
    expect(() => compareStrategies([TWAP], { baseline: 'twap', pathVolatility: { 'day-0': 1 } })).toThrow('day-1');
  });
});

describe('adaptability', () => {
  const vol = ids.map((_, i) => (i * 7) % N); // a permutation of 0..29: 15 calm, 15 volatile paths
  const volatile = (i: number) => vol[i]! >= 15;
  const pathVolatility = Object.fromEntries(ids.map((id, i) => [id, vol[i]!]));

  it('= improvement on volatile paths − improvement on calm paths (3 − 1 = 2 bps)', () => {
    const c = compareStrategies([TWAP, runs('adaptive', (x, i) => x - (volatile(i) ? 3 : 1)), runs('static', (x) => x - 2)], { baseline: 'twap', pathVolatility });
    expect(c.strategies[1]!.adaptability).toMatchObject({ pathsPerHalf: 15 });
    expect(c.strategies[1]!.adaptability!.adaptabilityBps).toBeCloseTo(2, 10);
    expect(c.strategies[1]!.adaptability!.volatileImprovementBps).toBeCloseTo(3, 10);
    expect(c.strategies[2]!.adaptability!.adaptabilityBps).toBeCloseTo(0, 10); // uniformly better: not adaptive
    expect(c.strategies[0]!.adaptability!.adaptabilityBps).toBe(0); // the baseline
  });

  it('leaves the middle path out for odd n and is null below 2 paths', () => {
    expect(adaptability([0, 0, 0], [-1, 5, -4], [1, 2, 3])).toMatchObject({ adaptabilityBps: 3, pathsPerHalf: 1 });
    expect(adaptability([1], [0], [1])).toBeNull();
  });
});

describe('paired test with fewer than 2 paths', () => {
  it('is refused: no p-value, no interval, and a reason', () => {
    const one = (strategy: string, isBps: number) => ({ strategy, outcomes: [{ pathId: 'p1', isBps }] });
    const c = compareStrategies([one('twap', 1), one('vwap', 0.987)], { baseline: 'twap' });
    const v = c.strategies[1]!.vsBaseline!;
    expect(v.n).toBe(1);
    expect(v.refused).toBe('a paired test needs at least 2 distinct paths, there is 1');
    expect(v.headlinePValue).toBeNaN();
    expect(v.ci.lo).toBeNaN();
    expect(headlineTable(c).rows[4]!.cells[1]).toBe('-0.0 [n/a, n/a] p=n/a');
    // With 2 paths the test is made.
    expect(compareStrategies([TWAP, runs('ac', (x) => x - 2)], { baseline: 'twap' }).strategies[1]!.vsBaseline!.refused).toBeNull();
  });
});

describe('headline table', () => {
  it('rows IS, impact, timing risk, adaptability, paired difference; one column per strategy', () => {
    const pathVolatility = Object.fromEntries(ids.map((id, i) => [id, i]));
    const c = compareStrategies([TWAP, runs('ac', (x) => x - 2)], { baseline: 'twap', seed: 1, pathVolatility });
    const t = headlineTable(c);
    expect(t.columns).toEqual(['twap', 'ac']);
    expect(t.rows.map((r) => r.metric)).toEqual(['Implementation shortfall (bps)', 'Market impact (bps)', 'Timing risk (bps)', 'Adaptability (bps)', 'IS vs twap (bps, p)']);
    expect(t.rows[1]!.cells[1]).toBe('n/a');
    expect(t.rows[1]!.values[1]).toBeNull();
    expect(t.rows[4]!.cells[0]).toBe('baseline');
    expect(t.rows[4]!.cells[1]).toBe('-2.0 [-2.0, -2.0] p=<0.001');
    expect(t.rows[0]!.values[0]).toBe(c.strategies[0]!.isBps.mean);
    const text = formatHeadlineTable(t).split('\n');
    expect(text).toHaveLength(7);
    expect(text[0]).toMatch(/^metric\s+twap\s+ac$/);
    expect(formatP(1)).toBe('1');
    expect(formatP(0.0500001)).toBe('0.05');
    expect(formatP(0.0123456)).toBe('0.0123');
  });
});
