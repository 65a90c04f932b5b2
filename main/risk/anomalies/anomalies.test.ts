import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import type { DaySeries } from '../returns.js';
import { detectAnomalies } from './detect.js';
import { IsolationForest } from './isolation-forest.js';
import { MAD_SCALE, RollingMedianMad } from './rolling-robust.js';

/** A calm book sampled every second; `plant` bends it from sample `at` for `len` samples. */
function day(n: number, seed: number, plant?: { at: number; len: number }): DaySeries {
  const rng = new Rng(seed);
  const inPlant = (i: number): boolean => plant !== undefined && i >= plant.at && i < plant.at + plant.len;
  const col = (f: (i: number) => number): Float64Array => Float64Array.from({ length: n }, (_, i) => f(i));
  return {
    label: plant ? 'planted' : 'clean', source: 'ticks', symbol: 'X', sampleSec: 1, skipped: 0,
    t: col((i) => 36_000 + i + 1),
    r: col(() => 1e-4 * rng.normal()),
    // A flash-crash precursor: the spread widens fivefold and the book thins to a fifth.
    spreadBps: col((i) => (inPlant(i) ? 10 : 2) + 0.2 * rng.normal()),
    depth: col((i) => (inPlant(i) ? 200 : 1000) + 50 * rng.normal()),
    volume: col(() => 10 + rng.float()),
    flow: col(() => 5 * rng.normal()),
  };
}

describe('rolling median and MAD', () => {
  it('matches a direct computation over the last window', () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 200 }, () => Math.round(10 * rng.normal()));
    const roll = new RollingMedianMad(25);
    xs.forEach((x, i) => {
      roll.push(x);
      const w = xs.slice(Math.max(0, i - 24), i + 1).sort((a, b) => a - b);
      const med = (w[(w.length - 1) >> 1]! + w[w.length >> 1]!) / 2;
      const dev = w.map((v) => Math.abs(v - med)).sort((a, b) => a - b);
      const mad = (dev[(dev.length - 1) >> 1]! + dev[dev.length >> 1]!) / 2;
      expect(roll.median()).toBe(med);
      if (mad > 0) expect(roll.scale()).toBeCloseTo(MAD_SCALE * mad, 12);
    });
  });
  it('a pinned value (MAD 0) falls back to the mean absolute deviation', () => {
    const roll = new RollingMedianMad(10);
    for (const x of [1, 1, 1, 1, 1, 1, 1, 2, 1, 1]) roll.push(x);
    expect(roll.scale()).toBeCloseTo(Math.sqrt(Math.PI / 2) * 0.1, 12);
  });
});

describe('anomaly detection', () => {
  it('finds a planted liquidity-stress episode: spread and depth alerts from its first second, with evidence', () => {
    const { alerts } = detectAnomalies([day(4000, 3, { at: 2500, len: 60 })]);
    const spread = alerts.find((a) => a.detector === 'robustZ' && a.feature === 'spreadBps')!;
    expect(spread).toBeDefined();
    expect(spread.since).toBe(36_000 + 2501);
    expect(spread.direction).toBe('high');
    expect(spread.baseline).toBeCloseTo(2, 0);
    expect(spread.value).toBeGreaterThan(9);
    expect(spread.peakZ).toBeGreaterThan(20);
    expect(spread.open).toBe(false);
    const depth = alerts.find((a) => a.detector === 'robustZ' && a.feature === 'depth')!;
    expect(depth.direction).toBe('low');
    expect(depth.since).toBe(36_000 + 2501);
    const forest = alerts.find((a) => a.detector === 'isolationForest')!;
    expect(forest).toBeDefined();
    expect(forest.since).toBeGreaterThanOrEqual(36_000 + 2501);
    expect(forest.since).toBeLessThan(36_000 + 2501 + 10);
    expect(['spreadBps', 'depth']).toContain(forest.feature);
    expect(forest.score).toBeGreaterThan(forest.scoreThreshold!);
    expect(forest.scoreThreshold).toBeGreaterThanOrEqual(0.5);
    // Nothing before the plant.
    expect(alerts.every((a) => a.since > 36_000 + 2500)).toBe(true);
  });

  it('a level flat for the whole window: a 1 % move is one unit of z, not infinitely far', () => {
    const d = day(1200, 5);
    const flat = Float64Array.from(d.spreadBps, (_, i) => (i < 1000 ? 100 : 110));
    const { alerts } = detectAnomalies([{ ...d, spreadBps: flat }]);
    const a = alerts.find((x) => x.feature === 'spreadBps')!;
    expect(a.scale).toBe(1);
    expect(a.peakZ).toBe(10);
    expect(a.since).toBe(36_000 + 1001);
  });

  it('stays quiet on a clean series', () => {
    const { alerts, samples } = detectAnomalies([day(4000, 3)]);
    expect(samples).toBe(4000);
    expect(alerts).toEqual([]);
  });

  it('is deterministic for a seed', () => {
    const d = day(3000, 8, { at: 2000, len: 30 });
    expect(detectAnomalies([d], { seed: 4 })).toEqual(detectAnomalies([d], { seed: 4 }));
  });

  it('isolation forest scores an outlier above ordinary points', () => {
    const rng = new Rng(2);
    const rows = Array.from({ length: 500 }, () => [rng.normal(), rng.normal()]);
    const f = new IsolationForest(rows, { seed: 1 });
    expect(f.score([6, 6])).toBeGreaterThan(0.7);
    expect(f.score([0, 0])).toBeLessThan(0.5);
  });
});
