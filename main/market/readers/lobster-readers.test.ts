import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EventKind } from '../events/market-event.js';
import { parseLobsterFileName } from './lobster-file-name.js';
import { LobsterMessageReader } from './lobster-message-reader.js';
import { LOBSTER_EMPTY_ASK, LOBSTER_EMPTY_BID, openLobsterOrderbook } from './lobster-orderbook-reader.js';
import { countKinds, dataPath, drain, expectFormatError, tempFile } from './test-support.js';

const AMZN = dataPath('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');
const AMZN_BOOK = dataPath('lobster/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv');
const MSFT = dataPath('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv');
const MSFT_BOOK = dataPath('lobster/MSFT_2012-06-21_34200000_37800000_orderbook_50.csv');
const NAME = 'TEST_2012-06-21_34200000_57600000_message_1.csv';

/** An independent, slow reference: split + BigInt, straight from the LOBSTER README. */
function reference(path: string): Array<{ kind: number; tsNs: number; orderId: number; size: number; priceUnits: number; side: number }> {
  const kinds = [0, EventKind.Add, EventKind.Cancel, EventKind.Delete, EventKind.Execute, EventKind.Trade, EventKind.Cross, EventKind.Status];
  return readFileSync(path, 'utf8').trim().split('\n').map((line) => {
    const [t, type, id, size, price, dir] = line.split(',');
    const [sec, frac = ''] = t!.split('.');
    const tsNs = Number(BigInt(sec!) * 1_000_000_000n + BigInt(frac.padEnd(9, '0')));
    const ty = Number(type);
    const side = ty === 5 ? -Number(dir) : ty === 6 || ty === 7 ? 0 : Number(dir);
    return { kind: kinds[ty]!, tsNs, orderId: Number(id), size: ty === 7 ? 0 : Number(size), priceUnits: ty === 7 ? 0 : Number(price), side };
  });
}

describe('LobsterMessageReader on real files', () => {
  it('reads AMZN level 1: info, first event, counts by type', () => {
    const r = new LobsterMessageReader(AMZN);
    expect(r.info).toMatchObject({
      format: 'lobster', variant: 'message_1', bookKind: 'L3', depthLevels: 1, clock: 'exchange-local',
      instrument: { symbol: 'AMZN', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 100 },
    });
    expect(r.info.baseEpochNs).toBe(BigInt(Date.UTC(2012, 5, 21)) * 1_000_000n);
    const first = r.next()!;
    // 34200.017459617,5,0,1,2238200,-1: hidden execution of a sell order = buyer-initiated trade.
    expect(first).toMatchObject({ kind: EventKind.Trade, tsNs: 34_200_017_459_617, orderId: 0, size: 1, priceUnits: 2_238_200, side: 1, flags: 0, line: 1 });
    expect(r.next()).toBe(first); // the same record, reused
    expect(first).toMatchObject({ kind: EventKind.Add, tsNs: 34_200_189_607_670, orderId: 11_885_113, size: 21, priceUnits: 2_238_100, side: 1, line: 2 });
    r.close();

    const counts = countKinds(new LobsterMessageReader(AMZN));
    expect(Object.fromEntries(counts)).toEqual({
      [EventKind.Add]: 27_845, [EventKind.Cancel]: 16, [EventKind.Delete]: 18_235, [EventKind.Execute]: 8_974, [EventKind.Trade]: 2_445,
    });
  });

  it('matches an independent reference parse on every AMZN and MSFT event', () => {
    for (const path of [AMZN, MSFT]) {
      const got = drain(new LobsterMessageReader(path));
      const want = reference(path);
      expect(got.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) {
        const g = got[i]!;
        expect({ kind: g.kind, tsNs: g.tsNs, orderId: g.orderId, size: g.size, priceUnits: g.priceUnits, side: g.side }).toEqual(want[i]);
      }
    }
  });

  it('gives identical events for any chunk size (lines straddling chunks)', () => {
    const whole = drain(new LobsterMessageReader(MSFT));
    expect(whole.length).toBe(1000);
    for (const chunkBytes of [64, 100, 4099]) expect(drain(new LobsterMessageReader(MSFT, { chunkBytes }))).toEqual(whole);
  });

  it('maps status, cross, \\r\\n, a missing final newline, and reports progress', () => {
    const p = tempFile(NAME, '36023,7,0,0,-1,-1\r\n36323.5,7,0,0,0,-1\r\n36723,7,0,0,1,-1\r\n36800.25,6,0,5000,2240000,1\r\n36900,2,42,10,2240000,-1');
    const r = new LobsterMessageReader(p);
    const ev = drain(r);
    expect(ev.map((e) => [e.kind, e.status, e.tsNs])).toEqual([
      [EventKind.Status, -1, 36_023e9], [EventKind.Status, 0, 36_323.5e9], [EventKind.Status, 1, 36_723e9],
      [EventKind.Cross, 1, 36_800.25e9], [EventKind.Cancel, 1, 36_900e9],
    ]);
    expect(ev[3]).toMatchObject({ priceUnits: 2_240_000, size: 5000, side: 0 });
    expect(ev[4]).toMatchObject({ orderId: 42, size: 10, side: -1, line: 5 });
    expect(r.progress().bytesRead).toBe(r.progress().totalBytes);
  });
});

describe('LobsterMessageReader malformed input', () => {
  const cases: Array<[string, string, { line: number; column: number; field: string; expected: string; found: string }]> = [
    ['truncated line', '34200.1,1,5,100,2238100,1\n34200.1,1,5,100,2238100\n', { line: 2, column: 6, field: 'Direction', expected: '6 columns (line is truncated)', found: 'end of line' }],
    ['truncated last line without newline', '34200.1,1,5,100,2238100,1\n34200.2,1,7,100', { line: 2, column: 5, field: 'Price', expected: 'truncated', found: 'end of line' }],
    ['bad number', '34200.1,1,5,1x0,2238100,1\n', { line: 1, column: 4, field: 'Size', expected: 'a non-negative integer', found: '1x0' }],
    ['negative size', '34200.1,1,5,-5,2238100,1\n', { line: 1, column: 4, field: 'Size', expected: 'a non-negative integer', found: '-5' }],
    ['too many columns', '34200.1,1,5,100,2238100,1,9\n', { line: 1, column: 7, field: '(end of line)', expected: '6 columns', found: ',9' }],
    ['unknown event type', '34200.1,8,5,100,2238100,1\n', { line: 1, column: 2, field: 'Type', expected: 'an event type 1-7', found: '8' }],
    ['bad direction', '34200.1,1,5,100,2238100,0\n', { line: 1, column: 6, field: 'Direction', expected: '1 (buy) or -1 (sell)', found: '0' }],
    ['a letter in the time', '34200.12x,1,5,100,2238100,1\n', { line: 1, column: 1, field: 'Time', expected: 'non-negative seconds', found: '34200.12x' }],
    ['order id beyond 2^53', '34200.1,1,9007199254740993,100,2238100,1\n', { line: 1, column: 3, field: 'OrderID', expected: '<= 9007199254740991', found: '9007199254740993' }],
  ];
  for (const [name, content, want] of cases) {
    it(name, () => {
      const p = tempFile(NAME, content);
      const r = new LobsterMessageReader(p);
      expectFormatError(() => { while (r.next()); }, { file: NAME, ...want });
      r.close();
    });
  }

  it('rejects a file name without date / levels unless given, and other decimals', () => {
    expect(() => new LobsterMessageReader(tempFile('x.csv', ''))).toThrow(/not a LOBSTER file name/);
    const r = new LobsterMessageReader(tempFile('x.csv', '1,1,1,1,1,1\n'), { symbol: 'X', date: '2020-01-02', levels: 5 });
    expect(r.info.baseEpochNs).toBe(BigInt(Date.UTC(2020, 0, 2)) * 1_000_000n);
    expect(r.info.depthLevels).toBe(5);
    expect(() => new LobsterMessageReader(AMZN, { priceDecimals: 2 })).toThrow(RangeError);
  });
});

describe('LOBSTER orderbook reader', () => {
  it('reads AMZN level 1 row by row into one reused array', () => {
    const r = openLobsterOrderbook(AMZN_BOOK);
    expect(r.levels).toBe(1);
    const row = r.next()!;
    expect(Array.from(row)).toEqual([2_239_500, 100, 2_231_800, 100]);
    expect(r.next()).toBe(row);
    expect(Array.from(row)).toEqual([2_239_500, 100, 2_238_100, 21]);
    let n = 2;
    while (r.next()) n++;
    expect(n).toBe(57_515);
    expect(r.line).toBe(57_515);
    r.close();
  });

  it('reads MSFT level 50 (200 columns a row), with small chunks too', () => {
    for (const chunkBytes of [undefined, 64]) {
      const r = openLobsterOrderbook(MSFT_BOOK, chunkBytes ? { chunkBytes } : {});
      const first = Array.from(r.next()!);
      expect(first.length).toBe(200);
      expect(first.slice(0, 8)).toEqual([308_900, 1855, 308_800, 5345, 309_000, 5000, 308_700, 3325]);
      let n = 1;
      while (r.next()) n++;
      expect(n).toBe(1000);
      r.close();
    }
    expect(parseLobsterFileName(MSFT_BOOK)).toMatchObject({ symbol: 'MSFT', kind: 'orderbook', levels: 50, startMs: 34_200_000 });
  });

  it('maps empty levels to NaN on request and checks 4N columns', () => {
    const name = 'T_2012-06-21_0_1_orderbook_2.csv';
    const p = tempFile(name, `2239500,100,2231800,100,${LOBSTER_EMPTY_ASK},0,${LOBSTER_EMPTY_BID},0\n1,2,3,4,5,6,7\n`);
    const raw = openLobsterOrderbook(p);
    expect(Array.from(raw.next()!).slice(4)).toEqual([LOBSTER_EMPTY_ASK, 0, LOBSTER_EMPTY_BID, 0]);
    expectFormatError(() => raw.next(), { file: name, line: 2, column: 8, field: 'BidSize2', expected: '8 columns', found: 'end of line' });
    const nan = openLobsterOrderbook(p, { emptyAsNaN: true });
    expect(Array.from(nan.next()!).slice(4)).toEqual([NaN, 0, NaN, 0]);
    nan.close();
  });
});
