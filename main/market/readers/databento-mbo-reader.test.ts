import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventFlag, EventKind } from '../events/market-event.js';
import { DATABENTO_MBO_COLUMNS, DatabentoMboReader } from './databento-mbo-reader.js';
import { countKinds, dataPath, drain, expectFormatError, tempFile } from './test-support.js';

const ARL = dataPath('databento/ARL_XNAS_mbo_2025-07-17_head1500.csv');
const HEADER = DATABENTO_MBO_COLUMNS.join(',');
const ROW = '2025-07-17T08:05:03.360842448Z,2025-07-17T08:05:03.360677248Z,160,2,1108,A,B,5.510000000,100,0,817593,130,165200,851012,ARL';

/** Replaces column `i` of ROW. */
function row(i: number, value: string): string {
  const f = ROW.split(',');
  f[i] = value;
  return f.join(',');
}

describe('DatabentoMboReader on the ARL sample', () => {
  it('reads info, counts by action and spot values', () => {
    const r = new DatabentoMboReader(ARL);
    expect(r.info).toMatchObject({
      format: 'databento-mbo', bookKind: 'L3', clock: 'utc',
      instrument: { symbol: 'ARL', venue: 'XNAS', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 100 },
    });
    expect(r.info.baseEpochNs).toBe(BigInt(Date.UTC(2025, 6, 17)) * 1_000_000n);
    const clear = r.next()!;
    expect(clear).toMatchObject({ kind: EventKind.Clear, side: 0, size: 0, orderId: 0, flags: 0, line: 2, tsNs: ((7 * 60 + 5) * 60 + 9) * 1e9 + 35_627_674 });
    expect(clear.priceUnits).toBeNaN();
    expect(r.next()).toMatchObject({
      kind: EventKind.Add, side: 1, priceUnits: 55_100, size: 100, orderId: 817_593, flags: EventFlag.BatchEnd, line: 3,
      tsNs: ((8 * 60 + 5) * 60 + 3) * 1e9 + 360_677_248,
    });
    r.close();
    const counts = countKinds(new DatabentoMboReader(ARL));
    expect(Object.fromEntries(counts)).toEqual({
      [EventKind.Add]: 782, [EventKind.Cancel]: 700, [EventKind.Fill]: 1, [EventKind.Clear]: 1, [EventKind.Trade]: 16,
    });
  });

  it('matches an independent reference parse on every row', () => {
    const lines = readFileSync(ARL, 'utf8').trim().split('\n').slice(1);
    const got = drain(new DatabentoMboReader(ARL, { chunkBytes: 1000 }));
    expect(got.length).toBe(1500);
    const base = BigInt(Date.UTC(2025, 6, 17)) * 1_000_000n;
    const kinds: Record<string, number> = { A: EventKind.Add, C: EventKind.Cancel, M: EventKind.Modify, R: EventKind.Clear, T: EventKind.Trade, F: EventKind.Fill, N: EventKind.None };
    lines.forEach((line, i) => {
      const f = line.split(',');
      const [date, time] = f[1]!.slice(0, -1).split('T');
      const [hms, frac] = time!.split('.');
      const ns = BigInt(Date.parse(`${date}T${hms}Z`)) * 1_000_000n + BigInt(frac!.padEnd(9, '0'));
      const e = got[i]!;
      expect(e.tsNs).toBe(Number(ns - base));
      expect(e.kind).toBe(kinds[f[5]!]);
      expect(e.side).toBe(f[6] === 'B' ? 1 : f[6] === 'A' ? -1 : 0);
      if (f[7] === '') expect(e.priceUnits).toBeNaN();
      else expect(e.priceUnits).toBe(Math.round(Number(f[7]) * 1e4));
      expect([e.size, e.orderId, e.line]).toEqual([Number(f[8]), Number(f[10]), i + 2]);
      expect((e.flags & EventFlag.BatchEnd) !== 0).toBe((Number(f[11]) & 128) !== 0);
    });
    // The trade and the fill of the same execution (aggressor buy on a resting ask).
    expect(got[465]).toMatchObject({ kind: EventKind.Trade, side: 1, priceUnits: 134_000, size: 1 });
    expect(got[466]).toMatchObject({ kind: EventKind.Fill, side: -1, orderId: 68_625_181 });
  });

  it('honours priceDecimals and keeps C / M values as given', () => {
    const p = tempFile('ok.csv', [HEADER, row(5, 'C'), row(5, 'M')].join('\n') + '\n');
    const ev = drain(new DatabentoMboReader(p, { priceDecimals: 9 }));
    expect(ev.map((e) => [e.kind, e.priceUnits, e.size])).toEqual([[EventKind.Cancel, 5_510_000_000, 100], [EventKind.Modify, 5_510_000_000, 100]]);
  });
});

describe('DatabentoMboReader malformed input', () => {
  const cases: Array<[string, string, { line: number; column: number; field: string; expected: string; found: string }]> = [
    ['unknown action', row(5, 'X'), { line: 3, column: 6, field: 'action', expected: 'an action A, C, M, R, T, F or N', found: 'X' }],
    ['unknown side', row(6, 'S'), { line: 3, column: 7, field: 'side', expected: 'a side B, A or N', found: 'S' }],
    ['more decimals than allowed', row(7, '5.512345000'), { line: 3, column: 8, field: 'price', expected: 'at most 4 decimal places', found: '5.512345000' }],
    ['bad number', row(8, '1O0'), { line: 3, column: 9, field: 'size', expected: 'a non-negative integer', found: '1O0' }],
    ['order id beyond 2^53', row(10, '18446744073709551615'), { line: 3, column: 11, field: 'order_id', expected: '<= 9007199254740991', found: '18446744073709551615' }],
    ['bad timestamp', row(1, '2025-07-17 08:05:03.36x'), { line: 3, column: 2, field: 'ts_event', expected: 'a timestamp', found: '2025-07-17 08:05:03.36x' }],
    ['truncated line', ROW.split(',').slice(0, 9).join(','), { line: 3, column: 10, field: 'channel_id', expected: 'truncated', found: 'end of line' }],
    ['extra column', `${ROW},7`, { line: 3, column: 16, field: '(end of line)', expected: '15 columns', found: ',7' }],
  ];
  for (const [name, bad, want] of cases) {
    it(name, () => {
      const p = tempFile('bad_mbo.csv', `${HEADER}\n${ROW}\n${bad}`); // bad row last, without newline
      const r = new DatabentoMboReader(p);
      const good = r.next();
      expect(good?.kind).toBe(EventKind.Add);
      expectFormatError(() => r.next(), { file: 'bad_mbo.csv', line: want.line, column: want.column, field: want.field, expected: want.expected, found: want.found });
      r.close();
    });
  }

  it('rejects a wrong header', () => {
    const p = tempFile('hdr.csv', HEADER.replace('action', 'acton') + '\n');
    expectFormatError(() => new DatabentoMboReader(p), { file: 'hdr.csv', line: 1, column: 6, field: 'header', expected: 'Databento MBO header', found: 'acton' });
  });
});
