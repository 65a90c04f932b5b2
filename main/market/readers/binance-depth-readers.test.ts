import { describe, expect, it } from 'vitest';
import { EventFlag, EventKind } from '../events/market-event.js';
import { BinanceDepthCsvReader } from './binance-depth-csv-reader.js';
import { BinanceDepthJsonlReader } from './binance-depth-jsonl-reader.js';
import { dataPath, drain, expectFormatError, tempFile } from './test-support.js';

const JSONL = dataPath('binance/BTCUSDT_depth10_20230109.jsonl.gz');
const SNAP = dataPath('binance/btcusdt-depth-snap.csv');
const UPDATE = dataPath('binance/btcusdt-depth-update.csv');
const { SnapshotStart, Snapshot, BatchEnd } = EventFlag;

describe('BinanceDepthJsonlReader', () => {
  it('reads the BTCUSDT depth10 file: 24,499 snapshots of 20 levels', () => {
    const r = new BinanceDepthJsonlReader(JSONL);
    expect(r.info).toMatchObject({
      format: 'binance-depth', variant: 'depth10-jsonl', bookKind: 'L2', depthLevels: 10, clock: 'utc',
      instrument: { symbol: 'BTCUSDT', venue: 'binance', priceDecimals: 2, sizeDecimals: 3, tickSizeUnits: 10 },
    });
    expect(r.info.baseEpochNs).toBe(BigInt(Date.UTC(2023, 0, 9)) * 1_000_000n);
    const first = r.next()!;
    // {"ts": 1673302660.926, "bids": [[17181.6, 23.371], ...
    expect(first).toMatchObject({ kind: EventKind.Level, side: 1, priceUnits: 1_718_160, size: 23_371, flags: SnapshotStart | Snapshot, line: 1, tsNs: 80_260_926_000_000 });
    let n = 1;
    let starts = 1;
    let ends = 0;
    let asks = 0;
    let lastLine = 1;
    for (let e = r.next(); e; e = r.next()) {
      n++;
      if (e.flags & SnapshotStart) starts++;
      if (e.flags & BatchEnd) ends++;
      if (e.side === -1) asks++;
      expect(e.flags & Snapshot).toBe(Snapshot);
      lastLine = e.line;
      if (n === 11) expect(e).toMatchObject({ side: -1, priceUnits: 1_718_170, size: 7_474 }); // first ask
    }
    expect([n, starts, ends, asks, lastLine]).toEqual([489_980, 24_499, 24_499, 244_990, 24_499]);
    expect(r.progress().bytesRead).toBe(r.progress().totalBytes);
    r.close();
  });

  it('accepts any key order and whitespace, and an empty book as one Clear', () => {
    const p = tempFile('ETHUSDT_depth2.jsonl', [
      '{ "asks" : [ [ 1.5 , 2 ] ] , "bids":[[1.4,0.001],[1.3, 3.25]],"ts":86400.5 }',
      '{"ts": 86401, "bids": [], "asks": []}',
    ].join('\r\n'));
    const ev = drain(new BinanceDepthJsonlReader(p));
    expect(ev.slice(0, 3).map((e) => [e.kind, e.side, e.priceUnits, e.size, e.flags, e.tsNs])).toEqual([
      [EventKind.Level, 1, 140, 1, SnapshotStart | Snapshot, 500_000_000],
      [EventKind.Level, 1, 130, 3250, Snapshot, 500_000_000],
      [EventKind.Level, -1, 150, 2000, Snapshot | BatchEnd, 500_000_000],
    ]);
    expect(ev[3]).toMatchObject({ kind: EventKind.Clear, side: 0, flags: SnapshotStart | Snapshot | BatchEnd, tsNs: 1_000_000_000, line: 2 });
    expect(ev.length).toBe(4);
  });

  const good = '{"ts": 1673302660.926, "bids": [[17181.6, 23.371]], "asks": [[17181.7, 7.474]]}';
  const cases: Array<[string, string, { column: number; field: string; expected: string; found: string }]> = [
    ['truncated line', '{"ts": 1673302661.1, "bids": [[17181.6, 23.371]], "asks": [[17181', { column: 66, field: 'asks[0]', expected: "',' between price and qty", found: 'end of line' }],
    ['bad number', '{"ts": 1673302661.1, "bids": [[17181.6, 2x.371]], "asks": []}', { column: 41, field: 'bids[0][1]', expected: 'a decimal number', found: '2x.371' }],
    ['more decimals than allowed', '{"ts": 1673302661.1, "bids": [[17181.655, 1]], "asks": []}', { column: 32, field: 'bids[0][0]', expected: 'at most 2 decimal places', found: '17181.655' }],
    ['a misspelt key (skipped as another key) leaves bids missing', '{"ts": 1673302661.1, "bidz": [], "asks": []}', { column: 45, field: 'line', expected: 'keys "ts", "bids" and "asks"', found: 'end of line' }],
    ['missing key', '{"ts": 1673302661.1, "asks": []}', { column: 33, field: 'line', expected: 'keys "ts", "bids" and "asks"', found: 'end of line' }],
  ];
  for (const [name, bad, want] of cases) {
    it(`rejects: ${name}`, () => {
      const p = tempFile('BTCUSDT_depth1_bad.jsonl', `${good}\n${bad}\n`);
      const r = new BinanceDepthJsonlReader(p);
      expect(r.next()?.flags).toBe(SnapshotStart | Snapshot);
      expect(r.next()?.flags).toBe(Snapshot | BatchEnd);
      expectFormatError(() => r.next(), { file: 'BTCUSDT_depth1_bad.jsonl', line: 2, ...want });
      r.close();
    });
  }
});

describe('BinanceDepthCsvReader', () => {
  it('reads the snapshot fixture as one snapshot batch', () => {
    const r = new BinanceDepthCsvReader(SNAP);
    expect(r.info).toMatchObject({ format: 'binance-depth', variant: 'depth-diff-csv', bookKind: 'L2', instrument: { symbol: 'BTCUSDT', priceDecimals: 2, sizeDecimals: 3 } });
    expect(r.info.baseEpochNs).toBe(BigInt(Date.UTC(2022, 10, 1)) * 1_000_000n);
    const ev = drain(r);
    expect(ev.length).toBe(100);
    // BTCUSDT,1667346579146,2098021528332,2098021528332,b,snap,20377.00,1.770,-1
    expect(ev[0]).toMatchObject({ kind: EventKind.Level, side: 1, priceUnits: 2_037_700, size: 1770, flags: SnapshotStart | Snapshot, line: 2, tsNs: (1_667_346_579_146 - Date.UTC(2022, 10, 1)) * 1e6 });
    expect(ev.slice(1, 99).every((e) => e.flags === Snapshot)).toBe(true);
    expect(ev[99]).toMatchObject({ priceUnits: 2_036_590, size: 207, flags: Snapshot | BatchEnd, line: 101 });
  });

  it('reads the update fixture: incremental levels, BatchEnd at the update-id boundary', () => {
    const ev = drain(new BinanceDepthCsvReader(UPDATE));
    expect(ev.length).toBe(100);
    expect(ev[0]).toMatchObject({ side: -1, priceUnits: 2_047_280, size: 0, flags: 0 });
    expect(ev.filter((e) => e.flags !== 0).map((e) => [e.line, e.flags])).toEqual([[101, BatchEnd]]);
  });

  const header = 'symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu';
  it('groups by last_update_id and starts a snapshot on each snap group', () => {
    const p = tempFile('groups.csv', [
      header,
      'X,1000,1,5,b,snap,10.00,1.000,-1', 'X,1000,1,5,a,snap,11.00,2.000,-1',
      'X,1001,6,7,b,set,10.00,0.000,5', 'X,1001,6,8,a,set,11.00,1.500,7',
      'X,1002,9,9,b,snap,9.50,1.000,-1',
    ].join('\n'));
    expect(drain(new BinanceDepthCsvReader(p)).map((e) => e.flags)).toEqual([
      SnapshotStart | Snapshot, Snapshot | BatchEnd, BatchEnd, BatchEnd, SnapshotStart | Snapshot | BatchEnd,
    ]);
  });

  const cases: Array<[string, string, { column: number; field: string; expected: string; found: string }]> = [
    ['unknown side', 'X,1000,1,5,s,set,10.00,1.000,4', { column: 5, field: 'side', expected: "a side 'b' or 'a'", found: 's' }],
    ['unknown update type', 'X,1000,1,5,b,upd,10.00,1.000,4', { column: 6, field: 'update_type', expected: "'snap' or 'set'", found: 'upd' }],
    ['more decimals than allowed', 'X,1000,1,5,b,set,10.001,1.000,4', { column: 7, field: 'price', expected: 'at most 2 decimal places', found: '10.001' }],
    ['truncated line', 'X,1000,1,5,b,set,10.00', { column: 8, field: 'qty', expected: 'truncated', found: 'end of line' }],
  ];
  for (const [name, bad, want] of cases) {
    it(`rejects: ${name}, after returning the good row before it`, () => {
      const p = tempFile('bad_depth.csv', `${header}\nX,1000,1,4,b,set,10.00,1.000,3\n${bad}\n`);
      const r = new BinanceDepthCsvReader(p);
      expect(r.next()).toMatchObject({ line: 2, flags: BatchEnd });
      expectFormatError(() => r.next(), { file: 'bad_depth.csv', line: 3, ...want });
      expect(r.next()).toBeNull();
      r.close();
    });
  }
});
