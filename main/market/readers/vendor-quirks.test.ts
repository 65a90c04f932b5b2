/**
 * Issue #7 item 6: what real vendors and tools write that bends each format is read, to the same
 * events as the strict spelling, and what had to be rounded is counted. Every case here was
 * refused (or misread) before.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventKind, type MarketEvent } from '../events/market-event.js';
import { openReplay } from '../replay/open-replay.js';
import { BarsReader } from './bars-reader.js';
import { BinanceDepthCsvReader } from './binance-depth-csv-reader.js';
import { BinanceDepthJsonlReader } from './binance-depth-jsonl-reader.js';
import { DATABENTO_MBO_COLUMNS, DatabentoMboReader } from './databento-mbo-reader.js';
import { detectFormat } from './detect-format.js';
import { LobsterMessageReader } from './lobster-message-reader.js';
import type { MarketDataReader } from './reader.js';
import { TardisL2Reader } from './tardis-l2-reader.js';
import { TardisTradesReader } from './tardis-trade-quote-reader.js';
import { dataPath, drain, expectFormatError, tempFile } from './test-support.js';

/** The comparable part of events (line numbers may differ between spellings). */
const core = (ev: MarketEvent[]) => ev.map((e) => ({ ...e, line: 0 }));

/** Reads all events and the adjustments, then closes. */
function readAll(r: MarketDataReader): { ev: MarketEvent[]; adj: ReturnType<MarketDataReader['adjustments']> } {
  const adj = r.adjustments();
  return { ev: drain(r), adj: { ...adj } };
}

describe('LOBSTER', () => {
  const NAME = 'QRK_2012-06-21_34200000_57600000_message_1.csv';
  const AMZN = dataPath('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');

  it('rounds float-noise timestamps (12 decimals) to the nanosecond and counts them', () => {
    const rows = ['35821.088778456,1,5,100,2238100,1', '35821.088778456004,1,6,100,2238100,1', '35821.0887784569996,3,6,100,2238100,1', '35821.088778458,3,5,100,2238100,1'];
    const { ev, adj } = readAll(new LobsterMessageReader(tempFile(NAME, rows.join('\n') + '\n')));
    expect(ev.map((e) => e.tsNs)).toEqual([35_821_088_778_456, 35_821_088_778_456, 35_821_088_778_457, 35_821_088_778_458]);
    expect(adj.roundedTimestamps).toBe(2);
  });

  it('rounds noisy timestamps anywhere in a real day, across chunk boundaries, to the same events as the clean file', () => {
    const clean = readFileSync(AMZN, 'utf8').split('\n').filter((l) => l !== '');
    // Every 7th time gets noise the way a float64 print adds it (below 0.01 ns).
    const noisy = clean.map((l, i) => (i % 7 === 3 ? l.replace(/^(\d+\.\d{9})/, '$1004') : l));
    const want = drain(new LobsterMessageReader(AMZN));
    for (const chunk of [4096, 1 << 20]) {
      const { ev, adj } = readAll(new LobsterMessageReader(tempFile(NAME, noisy.join('\n') + '\n'), { chunkBytes: chunk }));
      expect(core(ev)).toEqual(core(want));
      expect(adj.roundedTimestamps).toBe(noisy.filter((l, i) => l !== clean[i]).length);
      expect(adj.roundedTimestamps).toBeGreaterThan(7000);
    }
  });

  it('reads CRLF line endings, a BOM, blank and whitespace-only lines and a missing final newline alike', () => {
    const rows = ['34200.1,1,5,100,2238100,1', '34200.2,4,5,40,2238100,1', '34200.3,3,5,60,2238100,1'];
    const want = core(drain(new LobsterMessageReader(tempFile(NAME, rows.join('\n') + '\n'))));
    for (const text of [rows.join('\r\n') + '\r\n', '\uFEFF' + rows.join('\n'), rows.join('\n') + '\n\n\r\n  \n', `${rows[0]}\n \t\n${rows[1]}\n\n${rows[2]}`]) {
      expect(core(drain(new LobsterMessageReader(tempFile(NAME, text))))).toEqual(want);
    }
  });

  it('accepts integer columns a tool re-saved as floats (100.0) and a cross with order id -1', () => {
    const { ev } = readAll(new LobsterMessageReader(tempFile(NAME, '34200.1,1,5,100.0,2238100,1\n34200.2,6,-1,5000,2238000,-1\n')));
    expect(ev.map((e) => [e.kind, e.orderId, e.size, e.priceUnits])).toEqual([[EventKind.Add, 5, 100, 2_238_100], [EventKind.Cross, -1, 5000, 2_238_000]]);
  });

  it('skips a header line a tool added to the message and orderbook files; the day still reconciles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slip-hdr-'));
    const msg = join(dir, 'AMZN_2012-06-21_34200000_57600000_message_1.csv');
    writeFileSync(msg, 'Time,Type,OrderID,Size,Price,Direction\n' + readFileSync(AMZN, 'utf8'));
    writeFileSync(msg.replace('_message_', '_orderbook_'), '"AskPrice1","AskSize1","BidPrice1","BidSize1"\r\n' + readFileSync(AMZN.replace('_message_', '_orderbook_'), 'utf8'));
    const b = openReplay([msg]);
    const r = b.runToEnd();
    b.close();
    expect(r.counters.events).toBe(57_515);
    expect(r.reconciliation).toMatchObject({ checkedRows: 57_515, mismatches: 0 });
  });

  it('still refuses a time with a genuinely wrong shape', () => {
    expectFormatError(() => { const r = new LobsterMessageReader(tempFile(NAME, '34200.1.5,1,5,100,2238100,1\n')); r.next(); },
      { file: NAME, line: 1, column: 1, field: 'Time', expected: 'non-negative seconds', found: '34200.1.5' });
  });
});

describe('Databento MBO', () => {
  const H = DATABENTO_MBO_COLUMNS.join(',');
  const ARL = dataPath('databento/ARL_XNAS_mbo_2025-07-17_head1500.csv');

  it('accepts ts_event out of order while ts_recv is in order (documented by Databento)', () => {
    const rows = [
      '2025-07-17T08:05:03.360842448Z,2025-07-17T08:05:03.360677248Z,160,2,1108,A,B,5.510000000,100,0,817593,130,165200,851012,ARL',
      '2025-07-17T08:05:03.360848793Z,2025-07-17T08:05:03.360600000Z,160,2,1108,A,A,21.330000000,100,0,817597,130,165331,851013,ARL',
    ];
    const { ev } = readAll(new DatabentoMboReader(tempFile('q_mbo.csv', [H, ...rows].join('\n'))));
    expect(ev[1]!.tsNs).toBeLessThan(ev[0]!.tsNs);
  });

  it('reads the same events from epoch-nanosecond timestamps, raw 1e-9 prices, lower-case letters and quotes', () => {
    const want = core(drain(new DatabentoMboReader(ARL)));
    const lines = readFileSync(ARL, 'utf8').trimEnd().split('\n');
    const iso = (s: string) => String(BigInt(Date.parse(s.slice(0, 19) + 'Z')) * 1_000_000n + BigInt(s.slice(20, 29)));
    const raw = lines.slice(1).map((l) => {
      const f = l.split(',');
      f[0] = iso(f[0]!);
      f[1] = iso(f[1]!);
      f[5] = f[5]!.toLowerCase();
      f[6] = f[6]!.toLowerCase();
      f[7] = f[7] === '' ? '9223372036854775807' : String(Math.round(Number(f[7]) * 1e9));
      f[14] = `"${f[14]}"`;
      return f.join(',');
    });
    const quotedHeader = H.split(',').map((c) => `"${c}"`).join(',');
    const p = tempFile('q_raw_mbo.csv', [quotedHeader, ...raw].join('\n') + '\n');
    expect(detectFormat(p)?.format).toBe('databento-mbo');
    expect(core(drain(new DatabentoMboReader(p)))).toEqual(want);
  });
});

describe('bars', () => {
  it('reads pandas output: capitalised quoted header, +00:00 offsets, exponents, float noise', () => {
    const strict = 'timestamp,open,high,low,close,volume\n2024-01-01 00:01:00,1.1076,1.10785,1.1076,1.1078,1500\n2024-01-01 00:02:00,1.1078,1.1079,1.1077,1.1077,0.00002\n';
    const pandas = '"Timestamp","Open","High","Low","Close","Volume"\r\n'
      + '2024-01-01 01:01:00+01:00,1.1076,1.10785,1.1076000000000001,1.1078,1.5e+03\r\n'
      + '2024-01-01T00:02:00.000000+00:00,1.1078,1.1079,1.1077,1.1076999999999999,2e-05\r\n';
    const want = core(drain(new BarsReader(tempFile('q_bars.csv', strict))));
    const p = tempFile('q_pandas_bars.csv', pandas);
    expect(detectFormat(p)?.format).toBe('bars');
    const { ev, adj } = readAll(new BarsReader(p));
    expect(core(ev)).toEqual(want);
    expect(adj.roundedNumbers).toBe(2);
  });

  it('reads epoch-second timestamps', () => {
    const p = tempFile('q_epoch_bars.csv', 'timestamp,open,high,low,close,volume\n1704067260,1.5,1.6,1.4,1.55,10\n');
    expect(drain(new BarsReader(p))[0]!.tsNs).toBe(0); // 2024-01-01 00:01 close label = 00:00 open
  });

  it('still refuses a price finer than the decimals that is not float noise', () => {
    const p = tempFile('q_fine_bars.csv', 'timestamp,open,high,low,close,volume\n2024-01-01 00:01:00,1.5,1.6,1.4,1.5500001,10\n');
    expectFormatError(() => drain(new BarsReader(p)), { file: 'q_fine_bars.csv', line: 2, column: 5, field: 'close', expected: 'at most 6 decimal places', found: '1.5500001' });
  });
});

describe('Tardis', () => {
  const H = 'exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount';
  it('reads pandas True/False, upper-case sides, quoted fields, + signs and exponents', () => {
    const strict = [H, 'deribit,BTC-PERPETUAL,1585699200245000,1585699200355684,true,ask,6421.5,0.00001', 'deribit,BTC-PERPETUAL,1585699200245000,1585699200355684,false,bid,6421,20'];
    const bent = [H, '"deribit","BTC-PERPETUAL",1585699200245000,1585699200355684,True,ASK,+6421.5,1e-05', 'deribit,BTC-PERPETUAL,1585699200245000,1585699200355684,FALSE,Bid,6421.0,2.0E+1'];
    const want = core(drain(new TardisL2Reader(tempFile('q_l2.csv', strict.join('\n')))));
    expect(core(drain(new TardisL2Reader(tempFile('q_l2_bent.csv', bent.join('\n')))))).toEqual(want);
  });

  it('accepts an exchange timestamp stepping back less than 1 s while arrival moves on, and counts it', () => {
    const TH = 'exchange,symbol,timestamp,local_timestamp,id,side,price,amount';
    const rows = [TH, 'bitmex,XBTUSD,1583020803276000,1583020803336743,a,sell,8531.5,1', 'bitmex,XBTUSD,1583020803145000,1583020803336800,b,buy,8531.5,2'];
    const { ev, adj } = readAll(new TardisTradesReader(tempFile('q_trades.csv', rows.join('\n'))));
    expect(ev.map((e) => e.side)).toEqual([-1, 1]);
    expect(adj.reorderedTimestamps).toBe(1);
  });
});

describe('Binance', () => {
  const H = 'symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu';
  it('skips diff rows the snapshot already contains (the stream overlaps it) and counts them', () => {
    const rows = [H,
      'BTCUSDT,1667347199000,2000,2000,b,snap,20377.00,1.770,-1',
      'BTCUSDT,1667347199000,2000,2000,a,snap,20378.00,1.000,-1',
      'BTCUSDT,1667347198990,1990,1995,b,set,20377.00,9.000,1989', // before the snapshot: stale
      'BTCUSDT,1667347199010,1996,2003,B,SET,20377.00,2.000,1995', // straddles it: applied
      'BTCUSDT,1667347199020,2004,2010,a,set,20378.00,0.000,2003'];
    const { ev, adj } = readAll(new BinanceDepthCsvReader(tempFile('q_depth.csv', rows.join('\n'))));
    expect(ev.map((e) => [e.side, e.priceUnits, e.size])).toEqual([[1, 2_037_700, 1770], [-1, 2_037_800, 1000], [1, 2_037_700, 2000], [-1, 2_037_800, 0]]);
    expect(ev.map((e) => e.line)).toEqual([2, 3, 5, 6]);
    expect(adj.staleUpdates).toBe(1);
  });

  it('skips the values of other keys in a JSONL line (a capture tool\'s lastUpdateId, E, symbol)', () => {
    const strict = '{"ts": 1673302660.926, "bids": [[17181.6, 23.371]], "asks": [[17181.7, 0.001]]}\n';
    const more = '{"lastUpdateId": 2098041696700, "symbol": "BTC\\"USDT", "ts": 1673302660.926, "x": {"a": [1, "]"], "b": {}}, "bids": [[17181.6, 23.371]], "E": null, "asks": [[17181.7, 0.001]], "ok": true}\n';
    const want = core(drain(new BinanceDepthJsonlReader(tempFile('BTCUSDT_k.jsonl', strict))));
    expect(core(drain(new BinanceDepthJsonlReader(tempFile('BTCUSDT_k2.jsonl', more))))).toEqual(want);
    expectFormatError(() => drain(new BinanceDepthJsonlReader(tempFile('BTCUSDT_k3.jsonl', '{"ts": 1673302660.926, "x": [1, 2, "bids": [], "asks": []}\n'))),
      { file: 'BTCUSDT_k3.jsonl', line: 1, column: 59, field: 'line', expected: "',' or '}'", found: 'end of line' });
  });

  it('reads a diff CSV with an empty pu (captures of spot streams have none)', () => {
    const rows = [H, 'BTCUSDT,1667347199000,2000,2000,b,snap,20377.00,1.770,', 'BTCUSDT,1667347199010,2001,2003,b,set,20377.00,2.000,'];
    expect(drain(new BinanceDepthCsvReader(tempFile('q_spot.csv', rows.join('\n')))).map((e) => e.size)).toEqual([1770, 2000]);
  });

  it('reads JSONL with numbers as strings (the API\'s form) and in exponent form', () => {
    const strict = '{"ts": 1673302660.926, "bids": [[17181.6, 23.371]], "asks": [[17181.7, 0.001]]}\n';
    const bent = '{"ts": "1673302660.926", "bids": [["17181.6", "23.371"]], "asks": [[1.71817e4, 1e-03]]}\n';
    const want = core(drain(new BinanceDepthJsonlReader(tempFile('BTCUSDT_q.jsonl', strict))));
    expect(core(drain(new BinanceDepthJsonlReader(tempFile('BTCUSDT_q2.jsonl', bent))))).toEqual(want);
  });
});
