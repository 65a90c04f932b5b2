import { describe, expect, it } from 'vitest';
import { buildChartData, midSeriesWithData } from './chart-model.js';
import { runScale, shortHash, summaryItems } from './summary-model.js';
import { fixtureResult } from './test-fixture.js';

describe('chart data', () => {
  const r = fixtureResult();
  const d = buildChartData(r, { startSec: 5, horizonSec: 10 });

  it('puts both mids on one time grid in currency, nulls kept', () => {
    expect(d.midWith.map((p) => p[0])).toEqual([34_200_000, 34_210_000, 34_220_000]);
    expect(d.midWith.map((p) => p[1])).toEqual([100.005, 100.015, null]);
    expect(d.midWithout.map((p) => p[1])).toEqual([100.005, 100.005, 99.995]);
    expect(midSeriesWithData(d)).toBe(2);
    expect(midSeriesWithData({ midWith: [[1, null]], midWithout: [] })).toBe(0);
  });

  it('splits our fills by side with their size, and marks the order window from the path start', () => {
    expect(d.buys).toEqual([
      [34_201_000, 100.01, 1000, 1],
      [34_211_000, 100.02, 500, 1],
    ]);
    expect(d.sells).toEqual([[34_212_000, 100, 250, -1]]);
    expect(d.maxFill).toBe(1000);
    expect(d.startMs).toBe(34_205_000);
    expect(d.endMs).toBe(34_215_000);
    expect(d.snapshotMs).toEqual([34_200_000, 34_210_000, 34_220_000]);
  });

  it('handles an empty run', () => {
    const e = buildChartData(fixtureResult({ path: [], fills: [], snapshots: [] }), { startSec: 0, horizonSec: 1 });
    expect(e.startMs).toBeNull();
    expect(midSeriesWithData(e)).toBe(0);
  });
});

describe('summary', () => {
  const r = fixtureResult();
  const scale = runScale(r);

  it('uses the tick precision and signs costs so positive is a cost', () => {
    expect(scale).toEqual({ priceDecimals: 4, sizeDecimals: 0, displayDecimals: 2 });
    const items = Object.fromEntries(summaryItems(r, 5000, scale).map((i) => [i.key, i]));
    expect(items.filled!.value).toBe('1,750 / 5,000');
    expect(items.filled!.title).toContain('35.0%');
    expect(items.arrival!.value).toBe('100.005');
    expect(items.avg!.value).toBe('100.0114');
    expect(items.shortfall!).toMatchObject({ value: '+0.6 bp', tone: 'cost' });
    expect(items.impact!).toMatchObject({ value: '-0.3 bp', tone: 'gain' });
    expect(items.events!.value).toBe('12,345');
    expect(items.seed!.value).toBe('42');
    expect(items.hash!.value).toBe('9f2c4e1a77b0…6e7f');
    expect(shortHash('abc')).toBe('abc');
  });
});
