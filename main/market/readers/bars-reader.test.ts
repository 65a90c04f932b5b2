import { describe, expect, it } from 'vitest';
import { EventKind } from '../events/market-event.js';
import { BarsReader } from './bars-reader.js';
import { dataPath, drain, expectFormatError, tempFile } from './test-support.js';

const BTC = dataPath('bars/btc-perp-20211231-20220201_1m.csv');
const EUR = dataPath('bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz');

describe('BarsReader on real files', () => {
  it('reads the BTC perpetual month: 45,031 bars, close-labelled timestamps moved to the open', () => {
    const r = new BarsReader(BTC);
    expect(r.info).toMatchObject({
      format: 'bars', bookKind: 'bars', clock: 'utc', variant: 'ohlcv-60s',
      instrument: { symbol: 'btc-perp', priceDecimals: 6, sizeDecimals: 4, tickSizeUnits: 0 },
    });
    expect(r.info.baseEpochNs).toBe(BigInt(Date.UTC(2021, 11, 31)) * 1_000_000n);
    const ev = drain(r);
    expect(ev.length).toBe(45_031);
    // 2021-12-31 23:01:00.000000,46319.0,46385.0,46319.0,46377.0,2300413.7295 = the bar 23:00-23:01
    expect(ev[0]).toMatchObject({
      kind: EventKind.Bar, tsNs: 23 * 3600e9, priceUnits: 46_319_000_000, highUnits: 46_385_000_000,
      lowUnits: 46_319_000_000, closeUnits: 46_377_000_000, size: 23_004_137_295, line: 2,
    });
    // Line 249: 2022-01-01 03:08:00,...,218102.59507500002 (float noise rounds to 4 decimals).
    expect(ev[247]).toMatchObject({ line: 249, tsNs: (24 * 3600 + 3 * 3600 + 7 * 60) * 1e9, size: 2_181_025_951 });
    // Line 17524: 43609.75 / 43620.25 / 43606.75 / 43613.875 (3 decimals) stays exact.
    expect(ev[17_522]).toMatchObject({ line: 17_524, closeUnits: 43_613_875_000 });
    expect(ev.every((e, i) => i === 0 || e.tsNs > ev[i - 1]!.tsNs)).toBe(true);
  });

  it('reads the gzipped CME 6EH4 month (timestamp_utc header)', () => {
    const r = new BarsReader(EUR);
    expect(r.info.instrument).toMatchObject({ symbol: '6EH4', venue: 'XCME' });
    expect(r.info.baseEpochNs).toBe(BigInt(Date.UTC(2024, 0, 1)) * 1_000_000n);
    const ev = drain(r);
    expect(ev.length).toBe(29_996);
    // 2024-01-01 23:01:00,1.1076,1.10785,1.1076,1.1078,205
    expect(ev[0]).toMatchObject({ tsNs: 23 * 3600e9, priceUnits: 1_107_600, highUnits: 1_107_850, lowUnits: 1_107_600, closeUnits: 1_107_800, size: 2_050_000 });
  });

  it('keeps open-labelled timestamps when told so', () => {
    const r = new BarsReader(EUR, { barTimestamp: 'open', priceDecimals: 5, sizeDecimals: 0 });
    expect(r.next()).toMatchObject({ tsNs: (23 * 60 + 1) * 60e9, priceUnits: 110_760, size: 205 });
    r.close();
  });
});

describe('BarsReader malformed input', () => {
  const h = 'timestamp,open,high,low,close,volume';
  const good = '2024-01-01 00:01:00,1.5,1.6,1.4,1.55,10';
  const cases: Array<[string, string, { column: number; field: string; expected: string; found: string }]> = [
    ['more decimals than allowed', '2024-01-01 00:02:00,1.5,1.6,1.4,1.5500001,10', { column: 5, field: 'close', expected: 'at most 6 decimal places', found: '1.5500001' }],
    ['bad number', '2024-01-01 00:02:00,1.5,1.6,abc,1.55,10', { column: 4, field: 'low', expected: 'a decimal number', found: 'abc' }],
    ['bad timestamp', '2024-01-01T00:02,1.5,1.6,1.4,1.55,10', { column: 1, field: 'timestamp', expected: 'a timestamp', found: '2024-01-01T00:02' }],
    ['truncated line', '2024-01-01 00:02:00,1.5,1.6,1.4', { column: 5, field: 'close', expected: 'truncated', found: 'end of line' }],
    ['too many columns', '2024-01-01 00:02:00,1.5,1.6,1.4,1.55,10,7', { column: 7, field: '(end of line)', expected: '6 columns', found: ',7' }],
  ];
  for (const [name, bad, want] of cases) {
    it(`rejects: ${name}`, () => {
      const p = tempFile('bars_bad.csv', `${h}\n${good}\n${bad}`);
      const r = new BarsReader(p);
      expect(r.next()).toMatchObject({ priceUnits: 1_500_000, closeUnits: 1_550_000, size: 100_000 });
      expectFormatError(() => r.next(), { file: 'bars_bad.csv', line: 3, ...want });
      r.close();
    });
  }

  it('rejects an unknown header', () => {
    const p = tempFile('bars_hdr.csv', 'time,o,h,l,c,v\n');
    expectFormatError(() => new BarsReader(p), { file: 'bars_hdr.csv', line: 1, column: 1, field: 'header', expected: 'timestamp,open', found: 'time,o,h,l,c,v' });
  });
});
