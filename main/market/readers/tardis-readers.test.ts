import { describe, expect, it } from 'vitest';
import { EventFlag, EventKind } from '../events/market-event.js';
import { tardisVariantOf } from './tardis-common.js';
import { TardisL2Reader } from './tardis-l2-reader.js';
import { TardisSnapshotReader } from './tardis-snapshot-reader.js';
import { TardisQuotesReader, TardisTradesReader } from './tardis-trade-quote-reader.js';
import { dataPath, drain, expectFormatError, tempFile } from './test-support.js';

const L2 = dataPath('tardis/deribit_incremental_book_L2_BTC-PERPETUAL.csv');
const SNAP5 = dataPath('tardis/binance-futures_book_snapshot_5_BTCUSDT.csv');
const SNAP25 = dataPath('tardis/binance-futures_book_snapshot_25_BTCUSDT.csv');
const TRADES = dataPath('tardis/bitmex_trades_XBTUSD.csv');
const QUOTES = dataPath('tardis/huobi-dm-swap_quotes_BTC-USD.csv');
const { SnapshotStart, Snapshot, BatchEnd } = EventFlag;

describe('TardisL2Reader', () => {
  it('reads the deribit incremental_book_L2 sample: one 15-level snapshot batch', () => {
    const r = new TardisL2Reader(L2);
    expect(r.info).toMatchObject({
      format: 'tardis', variant: 'incremental_book_L2', bookKind: 'L2', clock: 'utc',
      instrument: { symbol: 'BTC-PERPETUAL', venue: 'deribit', priceDecimals: 8, sizeDecimals: 8, tickSizeUnits: 0 },
    });
    expect(r.info.baseEpochNs).toBe(1_585_699_200_000_000_000n);
    const ev = drain(r);
    expect(ev.length).toBe(15);
    // deribit,BTC-PERPETUAL,1585699200245000,1585699200355684,true,ask,6421.5,18640
    expect(ev[0]).toMatchObject({ kind: EventKind.Level, side: -1, priceUnits: 642_150_000_000, size: 1_864_000_000_000, tsNs: 245_000_000, flags: SnapshotStart | Snapshot, line: 2 });
    expect(ev.slice(1, 14).every((e) => e.flags === Snapshot)).toBe(true);
    expect(ev[14]).toMatchObject({ priceUnits: 642_850_000_000, size: 3_995_000_000_000, flags: Snapshot | BatchEnd });
  });

  it('starts a snapshot on every true-after-false run and ends batches on timestamp changes', () => {
    const h = 'exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount';
    const p = tempFile('l2.csv', [h,
      'x,Y,1000,1001,true,bid,10,1', 'x,Y,1000,1001,true,ask,11,1', 'x,Y,1000,1001,false,ask,11,2',
      'x,Y,2000,2001,false,bid,10,0', 'x,Y,2000,2001,true,bid,9,1', 'x,Y,3000,3001,true,ask,12,1'].join('\n'));
    const ev = drain(new TardisL2Reader(p, { priceDecimals: 2, sizeDecimals: 0 }));
    expect(ev.map((e) => e.flags)).toEqual([SnapshotStart | Snapshot, Snapshot, BatchEnd, BatchEnd, SnapshotStart | Snapshot | BatchEnd, Snapshot | BatchEnd]);
    expect(ev.map((e) => e.tsNs)).toEqual([1e6, 1e6, 1e6, 2e6, 2e6, 3e6]);
    expect(ev[3]).toMatchObject({ side: 1, priceUnits: 1000, size: 0 });
  });
});

describe('TardisSnapshotReader', () => {
  it('reads book_snapshot_5 and book_snapshot_25: every row a full snapshot', () => {
    const r = new TardisSnapshotReader(SNAP5);
    expect(r.info).toMatchObject({ variant: 'book_snapshot_5', depthLevels: 5, instrument: { symbol: 'BTCUSDT', venue: 'binance-futures' } });
    const ev = drain(r);
    expect(ev.length).toBe(100);
    // Row 1: asks[0] 11657.08 x 1.714, bids[0] 11657.07 x 10.896; bids are emitted first.
    expect(ev[0]).toMatchObject({ kind: EventKind.Level, side: 1, priceUnits: 1_165_707_000_000, size: 1_089_600_000, flags: SnapshotStart | Snapshot, line: 2, tsNs: 3_696_000_000 });
    expect(ev[5]).toMatchObject({ side: -1, priceUnits: 1_165_708_000_000, size: 171_400_000, flags: Snapshot });
    expect(ev[9]).toMatchObject({ side: -1, priceUnits: 1_165_792_000_000, flags: Snapshot | BatchEnd });
    expect(ev.filter((e) => e.flags & SnapshotStart).length).toBe(10);
    expect(ev.filter((e) => e.flags & BatchEnd).map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const ev25 = drain(new TardisSnapshotReader(SNAP25));
    expect(ev25.length).toBe(500);
    expect(ev25.filter((e) => e.flags & BatchEnd).length).toBe(10);
  });

  const h2 = 'exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].amount,bids[0].price,bids[0].amount,asks[1].price,asks[1].amount,bids[1].price,bids[1].amount';
  it('skips empty levels and emits an empty book as one Clear', () => {
    const p = tempFile('snap2.csv', [h2, 'x,Y,1000,1,11,1,10,2,,,,', 'x,Y,2000,1,,,,,,,,'].join('\n'));
    const ev = drain(new TardisSnapshotReader(p, { priceDecimals: 0, sizeDecimals: 0 }));
    expect(ev.map((e) => [e.kind, e.side, e.flags])).toEqual([
      [EventKind.Level, 1, SnapshotStart | Snapshot], [EventKind.Level, -1, Snapshot | BatchEnd],
      [EventKind.Clear, 0, SnapshotStart | Snapshot | BatchEnd],
    ]);
  });

  it('rejects half a level and more decimals than configured', () => {
    const p = tempFile('snap_bad.csv', [h2, 'x,Y,1000,1,11,1,10,2,12,,,'].join('\n'));
    expectFormatError(() => drain(new TardisSnapshotReader(p)), { file: 'snap_bad.csv', line: 2, column: 10, field: 'asks[1].amount', expected: 'both present or both empty', found: '' });
    const q = tempFile('snap_dec.csv', [h2, 'x,Y,1000,1,11.5,1,10,2,,,,'].join('\n'));
    expectFormatError(() => drain(new TardisSnapshotReader(q, { priceDecimals: 0 })), { file: 'snap_dec.csv', line: 2, column: 5, field: 'asks[0].price', expected: 'at most 0 decimal places', found: '11.5' });
  });
});

describe('Tardis trades and quotes', () => {
  it('reads bitmex trades', () => {
    const r = new TardisTradesReader(TRADES);
    expect(r.info).toMatchObject({ variant: 'trades', bookKind: 'trades', instrument: { symbol: 'XBTUSD', venue: 'bitmex' } });
    const ev = drain(r);
    expect(ev.length).toBe(10);
    // bitmex,XBTUSD,1583020803145000,...,sell,8531.5,2152
    expect(ev[0]).toMatchObject({ kind: EventKind.Trade, side: -1, priceUnits: 853_150_000_000, size: 215_200_000_000, tsNs: 3_145_000_000, line: 2, orderId: 0 });
  });

  it('reads huobi quotes (bid in price/size, ask in price2/size2)', () => {
    const ev = drain(new TardisQuotesReader(QUOTES));
    expect(ev.length).toBe(10);
    // huobi-dm-swap,BTC-USD,1588291201099000,...,5494,8629.3,8629.2,806
    expect(ev[0]).toMatchObject({ kind: EventKind.Quote, priceUnits: 862_920_000_000, size: 80_600_000_000, price2Units: 862_930_000_000, size2: 549_400_000_000, tsNs: 1_099_000_000 });
  });

  const th = 'exchange,symbol,timestamp,local_timestamp,id,side,price,amount';
  const cases: Array<[string, string, { column: number; field: string; expected: string; found: string }]> = [
    ['unknown side', 'b,X,1000,1,id1,bid,1.5,2', { column: 6, field: 'side', expected: "'buy', 'sell' or 'unknown'", found: 'bid' }],
    ['more decimals than configured', 'b,X,1000,1,id1,buy,1.25,2', { column: 7, field: 'price', expected: 'at most 1 decimal places', found: '1.25' }],
    ['bad number', 'b,X,1000,1,id1,buy,1.5,2..', { column: 8, field: 'amount', expected: 'a decimal number', found: '2..' }],
    ['bad timestamp', 'b,X,10:00,1,id1,buy,1.5,2', { column: 3, field: 'timestamp', expected: 'a non-negative integer', found: '10:00' }],
    ['truncated line', 'b,X,1000,1,id1,buy', { column: 7, field: 'price', expected: 'truncated', found: 'end of line' }],
  ];
  for (const [name, bad, want] of cases) {
    it(`rejects: ${name}`, () => {
      const p = tempFile('trades_bad.csv', `${th}\nb,X,1000,1,id0,unknown,1.5,2\n${bad}\n`);
      const r = new TardisTradesReader(p, { priceDecimals: 1, sizeDecimals: 0 });
      expect(r.next()).toMatchObject({ side: 0, priceUnits: 15, size: 2 });
      expectFormatError(() => r.next(), { file: 'trades_bad.csv', line: 3, ...want });
      r.close();
    });
  }

  it('detects the data type from the header and refuses the wrong reader', () => {
    expect(tardisVariantOf(th.split(','))).toBe('trades');
    expect(tardisVariantOf('exchange,symbol,timestamp,local_timestamp,funding_rate'.split(','))).toBeNull();
    expectFormatError(() => new TardisQuotesReader(TRADES), {
      file: 'bitmex_trades_XBTUSD.csv', line: 1, column: 1, field: 'header', expected: 'expected data type', found: th,
    });
  });
});
