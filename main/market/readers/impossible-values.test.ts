/**
 * Issue #7 item 5: values no real feed can hold are `DataFormatError`s naming file, line and
 * column, in every reader (each case failed, or passed silently, before the fix).
 */
import { describe, expect, it } from 'vitest';
import { BarsReader } from './bars-reader.js';
import { BinanceDepthCsvReader } from './binance-depth-csv-reader.js';
import { BinanceDepthJsonlReader } from './binance-depth-jsonl-reader.js';
import { DATABENTO_MBO_COLUMNS, DatabentoMboReader } from './databento-mbo-reader.js';
import { LobsterMessageReader } from './lobster-message-reader.js';
import { openLobsterOrderbook } from './lobster-orderbook-reader.js';
import type { MarketDataReader } from './reader.js';
import { TardisL2Reader } from './tardis-l2-reader.js';
import { TardisSnapshotReader } from './tardis-snapshot-reader.js';
import { TardisQuotesReader, TardisTradesReader } from './tardis-trade-quote-reader.js';
import { expectFormatError, tempFile, type ExpectedError } from './test-support.js';

type Want = Omit<ExpectedError, 'file'>;

/** Writes `content` as `name`, opens it with `open` and reads to the end: must fail with `want`. */
function rejects(name: string, content: string, open: (p: string) => MarketDataReader, want: Want): void {
  const p = tempFile(name, content);
  let r: MarketDataReader | null = null;
  expectFormatError(() => {
    r = open(p);
    while (r.next());
  }, { file: name, ...want });
  (r as MarketDataReader | null)?.close();
}

describe('LOBSTER message file', () => {
  const NAME = 'IMP_2012-06-21_34200000_57600000_message_1.csv';
  const open = (p: string) => new LobsterMessageReader(p);
  const cases: Array<[string, string, Want]> = [
    ['negative price', '34200.1,1,5,100,2238100,1\n34200.2,1,6,100,-2238100,1\n',
      { line: 2, column: 5, field: 'Price', expected: 'a positive price for event type 1', found: '-2238100' }],
    ['zero price of an execution', '34200.1,4,5,100,0,1\n', { line: 1, column: 5, field: 'Price', expected: 'a positive price for event type 4', found: '0' }],
    ['time going backwards', '34200.2,1,5,100,2238100,1\n34200.1,3,5,100,2238100,1\n',
      { line: 2, column: 1, field: 'Time', expected: "a time at or after the previous row's 34200.200000000", found: '34200.1' }],
    ['size-0 add', '34200.1,1,5,0,2238100,1\n', { line: 1, column: 4, field: 'Size', expected: 'a positive size for event type 1', found: '0' }],
    ['negative order id', '34200.1,1,-5,100,2238100,1\n', { line: 1, column: 3, field: 'OrderID', expected: 'a non-negative order id', found: '-5' }],
    ['status other than -1/0/1', '34200.1,7,0,0,2,-1\n', { line: 1, column: 5, field: 'Price', expected: 'a status -1 (halt), 0 (quoting) or 1', found: '2' }],
    ['empty file', '', { line: 1, column: 1, field: 'Time', expected: 'at least one message row', found: 'end of file' }],
    ['only blank lines', '\n\r\n  \n', { line: 4, column: 1, field: 'Time', expected: 'at least one message row', found: 'end of file' }],
  ];
  for (const [name, content, want] of cases) it(name, () => rejects(NAME, content, open, want));

  it('the fast path and the checked path agree: a bad row after 10,000 good ones is still named', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `${34200 + i}.5,1,${i + 1},100,2238100,1`);
    rows.push('34100.5,1,99999,100,2238100,1');
    rejects(NAME, rows.join('\n') + '\n', open, { line: 10_001, column: 1, field: 'Time', expected: 'times must not go backwards', found: '34100.5' });
  });
});

describe('LOBSTER orderbook file', () => {
  const read = (content: string) => () => {
    const r = openLobsterOrderbook(tempFile('IMP_2012-06-21_34200000_57600000_orderbook_1.csv', content));
    while (r.next());
  };
  it('a row cut short names the missing column', () => {
    expectFormatError(read('2239500,100,2231800,100\n2239500,100,22318'), {
      file: 'IMP_2012-06-21_34200000_57600000_orderbook_1.csv', line: 2, column: 4, field: 'BidSize1', expected: 'line is truncated', found: 'end of line',
    });
  });
  it('a negative price that is not the empty-level dummy', () => {
    expectFormatError(read('2239500,100,-2231800,100\n'), {
      file: 'IMP_2012-06-21_34200000_57600000_orderbook_1.csv', line: 1, column: 3, field: 'BidPrice1', expected: 'a positive price or -9999999999', found: '-2231800',
    });
  });
});

describe('Databento MBO', () => {
  const H = DATABENTO_MBO_COLUMNS.join(',');
  const ROW = '2025-07-17T08:05:03.360842448Z,2025-07-17T08:05:03.360677248Z,160,2,1108,A,B,5.510000000,100,0,817593,130,165200,851012,ARL';
  const row = (edits: Record<number, string>) => ROW.split(',').map((f, i) => edits[i] ?? f).join(',');
  const open = (p: string) => new DatabentoMboReader(p);
  const cases: Array<[string, string[], Want]> = [
    ['negative price', [row({ 7: '-5.51' })], { line: 2, column: 8, field: 'price', expected: 'a non-negative price', found: '-5.51' }],
    ['ts_recv going backwards', [row({}), row({ 0: '2025-07-17T08:05:03.360842447Z', 10: '817594' })],
      { line: 3, column: 1, field: 'ts_recv', expected: 'a ts_recv at or after the previous record', found: '2025-07-17T08:05:03.360842447Z' }],
    ['add of size 0', [row({ 8: '0' })], { line: 2, column: 9, field: 'size', expected: 'a positive size for an add or modify', found: '0' }],
    ['add without a price', [row({ 7: '' })], { line: 2, column: 8, field: 'price', expected: 'empty only for actions R and N', found: '' }],
    ['a header and no rows', [], { line: 2, column: 1, field: 'ts_recv', expected: 'at least one record after the header', found: 'end of file' }],
  ];
  for (const [name, rows, want] of cases) it(name, () => rejects('imp_mbo.csv', [H, ...rows].join('\n') + '\n', open, want));
});

describe('bars', () => {
  const H = 'timestamp,open,high,low,close,volume';
  const GOOD = '2024-01-01 00:01:00,1.5,1.6,1.4,1.55,10';
  const open = (p: string) => new BarsReader(p);
  const cases: Array<[string, string[], Want]> = [
    ['high below low', [GOOD, '2024-01-01 00:02:00,1.5,1.6,1.7,1.55,10'], { line: 3, column: 4, field: 'low', expected: 'a low at or below the high', found: '1.7' }],
    ['high below open', [GOOD, '2024-01-01 00:02:00,1.5,1.45,1.4,1.42,10'], { line: 3, column: 3, field: 'high', expected: 'a high at or above the open', found: '1.45' }],
    ['low above open', [GOOD, '2024-01-01 00:02:00,1.5,1.6,1.52,1.55,10'], { line: 3, column: 4, field: 'low', expected: 'a low at or below the open', found: '1.52' }],
    ['close above high', [GOOD, '2024-01-01 00:02:00,1.5,1.6,1.4,1.65,10'], { line: 3, column: 5, field: 'close', expected: 'a close between the low and the high', found: '1.65' }],
    ['negative volume', [GOOD, '2024-01-01 00:02:00,1.5,1.6,1.4,1.55,-10'], { line: 3, column: 6, field: 'volume', expected: 'a non-negative volume', found: '-10' }],
    ['timestamps out of order', [GOOD, '2024-01-01 00:00:00,1.5,1.6,1.4,1.55,10'], { line: 3, column: 1, field: 'timestamp', expected: 'increasing time order', found: '2024-01-01 00:00:00' }],
    ['a repeated timestamp', [GOOD, GOOD], { line: 3, column: 1, field: 'timestamp', expected: 'increasing time order', found: '2024-01-01 00:01:00' }],
    ['a header and no rows', [], { line: 2, column: 1, field: 'timestamp', expected: 'at least one bar', found: 'end of file' }],
  ];
  for (const [name, rows, want] of cases) it(name, () => rejects('imp_bars.csv', [H, ...rows].join('\n') + '\n', open, want));
});

describe('Tardis', () => {
  const L2H = 'exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount';
  const l2 = (us: number, local: number, rest = 'false,bid,6421.5,100') => `deribit,BTC-PERPETUAL,${us},${local},${rest}`;
  const T0 = 1585699200245000;
  const cases: Array<[string, string, (p: string) => MarketDataReader, Want]> = [
    ['local_timestamp going backwards', [L2H, l2(T0, T0 + 100), l2(T0 + 10, T0 + 99)].join('\n'), (p) => new TardisL2Reader(p),
      { line: 3, column: 4, field: 'local_timestamp', expected: 'Tardis rows are in arrival order', found: String(T0 + 99) }],
    ['timestamp more than 1 s back', [L2H, l2(T0 + 2_000_000, T0 + 2_000_100), l2(T0, T0 + 2_000_200)].join('\n'), (p) => new TardisL2Reader(p),
      { line: 3, column: 3, field: 'timestamp', expected: 'timestamps must not go backwards', found: String(T0) }],
    ['negative amount', [L2H, l2(T0, T0, 'false,ask,6421.5,-3')].join('\n'), (p) => new TardisL2Reader(p),
      { line: 2, column: 8, field: 'amount', expected: 'a non-negative amount', found: '-3' }],
    ['zero price', [L2H, l2(T0, T0, 'false,ask,0,3')].join('\n'), (p) => new TardisL2Reader(p),
      { line: 2, column: 7, field: 'price', expected: 'a positive price', found: '0' }],
    ['a header and no rows', L2H, (p) => new TardisL2Reader(p),
      { line: 2, column: 1, field: 'exchange', expected: 'at least one row after the header', found: 'end of file' }],
    ['trade of amount 0', ['exchange,symbol,timestamp,local_timestamp,id,side,price,amount', `bitmex,XBTUSD,${T0},${T0},x,sell,8531.5,0`].join('\n'),
      (p) => new TardisTradesReader(p), { line: 2, column: 8, field: 'amount', expected: 'a positive amount', found: '0' }],
    ['quote with a negative amount', ['exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount', `huobi,BTC-USD,${T0},${T0},-5,8629.3,8629.2,806`].join('\n'),
      (p) => new TardisQuotesReader(p), { line: 2, column: 5, field: 'ask_amount', expected: 'a non-negative amount', found: '-5' }],
    ['snapshot with a negative price', ['exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].amount,bids[0].price,bids[0].amount', `b,BTCUSDT,${T0},${T0},11657.08,1.7,-11657.07,10.8`].join('\n'),
      (p) => new TardisSnapshotReader(p), { line: 2, column: 7, field: 'bids[0].price', expected: 'a positive price', found: '-11657.07' }],
  ];
  for (const [name, content, open, want] of cases) it(name, () => rejects('imp_tardis.csv', content + '\n', open, want));
});

describe('Binance depth', () => {
  const H = 'symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu';
  const set = (ms: number, key: number, rest = 'a,set,20472.80,0.500') => `BTCUSDT,${ms},${key - 5},${key},${rest},${key - 6}`;
  const M0 = 1667347199939;
  const csv = (p: string) => new BinanceDepthCsvReader(p);
  const cases: Array<[string, string[], Want]> = [
    ['negative qty', [set(M0, 100, 'a,set,20472.80,-0.5')], { line: 2, column: 8, field: 'qty', expected: 'a non-negative qty', found: '-0.5' }],
    ['zero price', [set(M0, 100, 'b,set,0,0.5')], { line: 2, column: 7, field: 'price', expected: 'a positive price', found: '0' }],
    ['update ids going backwards', [set(M0, 100), set(M0, 90)], { line: 3, column: 4, field: 'last_update_id', expected: 'update ids must not go backwards', found: '90' }],
    ['timestamp more than 1 s back', [set(M0, 100), set(M0 - 1001, 101)], { line: 3, column: 2, field: 'timestamp', expected: 'timestamps must not go backwards', found: String(M0 - 1001) }],
    ['a header and no rows', [], { line: 2, column: 1, field: 'symbol', expected: 'at least one row after the header', found: 'end of file' }],
  ];
  for (const [name, rows, want] of cases) it(`CSV: ${name}`, () => rejects('imp_depth.csv', [H, ...rows].join('\n') + '\n', csv, want));

  const jsonl = (p: string) => new BinanceDepthJsonlReader(p);
  const snap = (ts: string, bid = '[17181.6, 23.371]') => `{"ts": ${ts}, "bids": [${bid}], "asks": [[17181.7, 7.474]]}`;
  it('JSONL: negative price names its byte column', () => {
    rejects('imp_depth.jsonl', snap('1673302660.926', '[-17181.6, 23.371]') + '\n', jsonl,
      { line: 1, column: 34, field: 'bids[0][0]', expected: 'a positive price', found: '-17181.6' });
  });
  it('JSONL: ts more than 1 s back', () => {
    rejects('imp_depth.jsonl', [snap('1673302660.926'), snap('1673302659.900')].join('\n') + '\n', jsonl,
      { line: 2, column: 8, field: 'ts', expected: 'timestamps must not go backwards', found: '1673302659.900' });
  });
  it('JSONL: empty file', () => {
    rejects('imp_depth.jsonl', '', jsonl, { line: 1, column: 1, field: 'line', expected: 'at least one snapshot line', found: 'empty file' });
  });
});

it('every reader reports no adjustments on a strict file', () => {
  const r = new LobsterMessageReader(tempFile('IMP_2012-06-21_34200000_57600000_message_1.csv', '34200.1,1,5,100,2238100,1\n'));
  while (r.next());
  expect(r.adjustments()).toEqual({ roundedTimestamps: 0, roundedNumbers: 0, reorderedTimestamps: 0, staleUpdates: 0 });
  r.close();
});
