import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { concatReturns, loadDaySeries, parseDataDays } from './returns.js';
import { realisedVariance } from './returns-realised.js';

const data = (p: string): string => fileURLToPath(new URL(`../../../shared/data/${p}`, import.meta.url));
const AMZN = data('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');

function barsFile(rows: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'r1-bars-'));
  const f = join(dir, 'TEST_1m.csv');
  writeFileSync(f, ['timestamp,open,high,low,close,volume', ...rows].join('\n') + '\n');
  return f;
}

describe('return series', () => {
  it('bars give close-to-close log returns; a coarser clock takes the last close of each bucket', () => {
    const f = barsFile([
      '2024-01-02 10:01:00,100,101,99,100,5',
      '2024-01-02 10:02:00,100,102,99,101,6',
      '2024-01-02 10:03:00,101,103,100,103,7',
      '2024-01-02 10:04:00,103,103,98,99,8',
    ]);
    const d = loadDaySeries([f]);
    expect(d.source).toBe('bars');
    expect(Array.from(d.r)).toEqual([Math.log(101 / 100), Math.log(103 / 101), Math.log(99 / 103)]);
    expect(Array.from(d.volume)).toEqual([6, 7, 8]);
    expect(Number.isNaN(d.spreadBps[0])).toBe(true);
    // Bars stamped at their close: 10:01 and 10:02 close in the bucket ending 10:02, 10:03 and 10:04 in 10:04.
    const two = loadDaySeries([f], { sampleSec: 120 });
    expect(Array.from(two.r)).toEqual([Math.log(99 / 101)]);
    expect(Array.from(two.volume)).toEqual([15]);
  });

  it('a non-positive close is an error naming file, line and field', () => {
    const f = barsFile(['2024-01-02 10:01:00,1,1,1,1,5', '2024-01-02 10:02:00,0,0,-1,-1,6']);
    expect(() => loadDaySeries([f])).toThrow(/TEST_1m\.csv:3: column 5 \(close\): expected a positive close/);
  });

  it('a LOBSTER day is sampled every second from its rebuilt book (mid returns, spread, depth, flow)', () => {
    const d = loadDaySeries([AMZN]);
    expect(d.source).toBe('ticks');
    // 09:30-16:00 is 23,400 s; the first and last partial seconds are not whole intervals.
    expect(d.r.length + d.skipped).toBeGreaterThan(23_390);
    expect(d.r.length + d.skipped).toBeLessThanOrEqual(23_400);
    expect(d.r.every(Number.isFinite)).toBe(true);
    expect(d.spreadBps.every((s) => s > 0)).toBe(true);
    expect(d.depth.every((s) => s > 0)).toBe(true);
    // Trades happen; flow is signed and bounded by volume.
    const vol = d.volume.reduce((a, b) => a + b, 0);
    expect(vol).toBeGreaterThan(0);
    for (let i = 0; i < d.r.length; i++) expect(Math.abs(d.flow[i]!)).toBeLessThanOrEqual(d.volume[i]! + 1e-9);
    // t strictly increases by whole seconds.
    for (let i = 1; i < d.t.length; i++) expect(d.t[i]! - d.t[i - 1]!).toBeGreaterThanOrEqual(1);
    const oneMin = loadDaySeries([AMZN], { sampleSec: 60 });
    // A minute's return is the sum of its seconds' returns (same mid at the boundaries).
    expect(oneMin.r.length).toBeGreaterThan(380);
    expect(concatReturns([oneMin]).reduce((a, b) => a + b, 0)).toBeCloseTo(concatReturns([d]).reduce((a, b) => a + b, 0), 2);
  });

  it('parses --data like backtest: days by comma, files of a day by +', () => {
    expect(parseDataDays('a.csv+b.csv, c.csv')).toEqual([['a.csv', 'b.csv'], ['c.csv']]);
    expect(() => parseDataDays('a.csv,,b.csv')).toThrow(/day 2 in the list is empty/);
  });

  it('realised variance sums squared returns per block', () => {
    expect(Array.from(realisedVariance([1, 2, 3, 4, 5], 2))).toEqual([5, 25]);
  });
});
