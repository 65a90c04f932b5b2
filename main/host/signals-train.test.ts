import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lttbIndices } from './signals-downsample.js';
import { trainSignalsForChart, type SignalsTrainSpec } from './signals-train.js';

const amzn = fileURLToPath(new URL('../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
const spec: SignalsTrainSpec = { files: [amzn], model: 'logreg', horizon: 50, folds: 4, embargoRows: 0, seed: 1, maxPoints: 500, chartFeatures: ['imbalance1', 'spreadTicks'] };

describe('lttbIndices', () => {
  it('keeps the ends and a lone spike, ascending, at most max points', () => {
    const n = 10_000;
    const x = Array.from({ length: n }, (_, i) => i);
    const y = x.map((i) => (i === 4321 ? 100 : Math.sin(i / 50)));
    const idx = lttbIndices(x, y, 300);
    expect(idx.length).toBe(300);
    expect(idx[0]).toBe(0);
    expect(idx.at(-1)).toBe(n - 1);
    expect(idx).toContain(4321);
    for (let i = 1; i < idx.length; i++) expect(idx[i]!).toBeGreaterThan(idx[i - 1]!);
  });
  it('returns every index when the series is short enough', () => {
    expect(lttbIndices([1, 2, 3], [0, 1, 0], 10)).toEqual([0, 1, 2]);
  });
});

describe('trainSignalsForChart on the AMZN sample day', () => {
  it('pools out-of-sample rows of every fold, with mids in price and scores in [-1, 1], reproducibly', async () => {
    const phases: string[] = [];
    const a = await trainSignalsForChart(spec, (_f, _r, p) => phases.push(p));
    expect(a.folds).toHaveLength(4);
    const tested = a.folds.reduce((s, f) => s + f.test, 0);
    expect(a.metrics.n).toBe(tested);
    expect(a.full.tNs).toHaveLength(tested);
    // Walk-forward: the first block is never tested, so there are fewer out-of-sample rows than rows.
    expect(tested).toBeLessThan(a.rows);
    for (let i = 1; i < a.full.tNs.length; i++) expect(a.full.tNs[i]!).toBeGreaterThanOrEqual(a.full.tNs[i - 1]!);
    // AMZN traded around $220 on 2012-06-21.
    for (const m of a.full.mid) expect(m > 200 && m < 240).toBe(true);
    for (const s of a.full.score) expect(Math.abs(s)).toBeLessThanOrEqual(1);
    expect(new Set(a.full.y).size).toBeGreaterThan(1);
    expect(a.series.tNs.length).toBeLessThanOrEqual(500);
    for (const k of ['mid', 'score', 'y'] as const) expect(a.series[k]).toHaveLength(a.series.tNs.length);
    expect(Object.keys(a.series.features)).toEqual(['imbalance1', 'spreadTicks']);
    expect(a.series.features.spreadTicks!.every((v) => v >= 1)).toBe(true);
    expect(phases).toContain('fold 4/4');
    const b = await trainSignalsForChart(spec);
    expect(b.metrics).toEqual(a.metrics);
    expect(b.full.score).toEqual(a.full.score);
  }, 120_000);

  it('refuses an unknown chart feature, naming the field', async () => {
    await expect(trainSignalsForChart({ ...spec, chartFeatures: ['nope'] })).rejects.toThrow(/^chartFeatures: unknown feature\(s\) nope/);
  }, 60_000);
});
