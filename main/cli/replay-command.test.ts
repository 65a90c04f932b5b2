import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './index.js';

const data = (p: string) => fileURLToPath(new URL(`../../../shared/data/${p}`, import.meta.url));
const AMZN = data('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');
const MSFT = data('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv');

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out, err };
}

describe('slipstream replay', () => {
  it('prints the JSON summary with the required fields', async () => {
    const r = await run(['replay', AMZN, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]!);
    for (const k of ['format', 'symbol', 'events', 'trades', 'unknownOrderEvents', 'firstTs', 'lastTs', 'checkedRows', 'mismatches', 'elapsedMs', 'eventsPerSec']) {
      expect(j).toHaveProperty(k);
    }
    expect(j).toMatchObject({ format: 'lobster', symbol: 'AMZN', events: 57_515, trades: 11_419, checkedRows: 57_515, mismatches: 0, firstTs: '2012-06-21T09:30:00.017459617', lastTs: '2012-06-21T15:59:59.959359650' });
    expect(j.unknownOrderEvents).toBeGreaterThan(0);
    expect(j.eventsPerSec).toBeGreaterThan(0);
  });

  it('--out reproduces the LOBSTER orderbook file byte for byte (AMZN level 1, MSFT level 50)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slip-cli-'));
    for (const [file, levels] of [[AMZN, '1'], [MSFT, '50']] as const) {
      const out = join(dir, `book-${levels}.csv`);
      const r = await run(['replay', file, '--levels', levels, '--out', out, '--json']);
      expect(r.code).toBe(0);
      const want = readFileSync(file.replace('_message_', '_orderbook_'), 'utf8').replace(/\r\n/g, '\n');
      const got = readFileSync(out, 'utf8');
      expect(got.split('\n').length).toBe(want.trimEnd().split('\n').length + 1);
      expect(got).toBe(want.endsWith('\n') ? want : want + '\n');
    }
  });

  it('writes 10 levels by default, padding empty levels with LOBSTER dummies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slip-cli-'));
    const out = join(dir, 'book.csv');
    expect((await run(['replay', AMZN, '--out', out])).code).toBe(0);
    const first = readFileSync(out, 'utf8').split('\n')[0]!.split(',');
    expect(first).toHaveLength(40);
    expect(first.slice(0, 8)).toEqual(['2239500', '100', '2231800', '100', '9999999999', '0', '-9999999999', '0']);
  });

  it('replays Databento MBO with a book that is never crossed and never refused an operation', async () => {
    const r = await run(['replay', data('databento/ARL_XNAS_mbo_2025-07-17_head1500.csv'), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]!);
    expect(j).toMatchObject({ format: 'databento-mbo', symbol: 'ARL', events: 1_500, trades: 16, crossedBooks: 0, bookErrors: 0 });
  });

  it('fails with exit status 2 on usage errors and 1 on a malformed file, naming option / file and line', async () => {
    expect((await run(['replay'])).code).toBe(2);
    const bad = await run(['replay', AMZN, '--levels', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toBe('slipstream replay: --levels 0 is outside [1, 200]');
    expect((await run(['replay', AMZN, '--format', 'csv'])).err[0]).toContain('--format must be one of lobster, databento-mbo');
    const dir = mkdtempSync(join(tmpdir(), 'slip-cli-'));
    const file = join(dir, 'ZZZ_2012-06-21_34200000_57600000_message_1.csv');
    writeFileSync(file, '34200.1,1,5,100,2238100,1\n34200.2,1,6,1x0,2238100,1\n');
    const r = await run(['replay', file, '--json']);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/ZZZ_2012-06-21_34200000_57600000_message_1\.csv:2: column 4 \(Size\)/);
    expect((await run(['nope'])).code).toBe(2);
  });
});

describe('slipstream replay: bad data never passes silently (#7 item 5)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slip-cli-bad-'));
  const file = (name: string, content: string) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const LOB = 'BAD_2012-06-21_34200000_57600000_message_1.csv';
  const MBO_H = 'ts_recv,ts_event,rtype,publisher_id,instrument_id,action,side,price,size,channel_id,order_id,flags,ts_in_delta,sequence,symbol';
  const MBO = (recv: string, px = '5.510000000') => `2025-07-17T08:05:03.${recv}Z,2025-07-17T08:05:03.360677248Z,160,2,1108,A,B,${px},100,0,817593,130,165200,851012,ARL`;
  const TAR_H = 'exchange,symbol,timestamp,local_timestamp,id,side,price,amount';
  const BARS_H = 'timestamp,open,high,low,close,volume';
  const cases: Array<[string, string, string, RegExp]> = [
    ['LOBSTER negative price', LOB, '34200.1,1,5,100,-2238100,1\n', /BAD_.*message_1\.csv:1: column 5 \(Price\): expected a positive price/],
    ['LOBSTER time going backwards', LOB, '34200.2,1,5,100,2238100,1\n34200.1,3,5,100,2238100,1\n', /message_1\.csv:2: column 1 \(Time\)/],
    ['an empty LOBSTER file', LOB, '', /message_1\.csv:1: column 1 \(Time\): expected at least one message row, found "end of file"/],
    ['Databento negative price', 'bad_mbo.csv', `${MBO_H}\n${MBO('360842448', '-5.51')}\n`, /bad_mbo\.csv:2: column 8 \(price\)/],
    ['Databento ts_recv going backwards', 'bad_mbo2.csv', `${MBO_H}\n${MBO('360842448')}\n${MBO('360842447')}\n`, /bad_mbo2\.csv:3: column 1 \(ts_recv\)/],
    ['a Databento header without rows', 'bad_mbo3.csv', `${MBO_H}\n`, /bad_mbo3\.csv:2: column 1 \(ts_recv\): expected at least one record/],
    ['Tardis timestamps going backwards', 'bad_tardis.csv', `${TAR_H}\nbitmex,XBTUSD,1583020803276000,1583020803336743,a,sell,8531.5,1\nbitmex,XBTUSD,1583020800000000,1583020803000000,b,sell,8531.5,1\n`, /bad_tardis\.csv:3: column 4 \(local_timestamp\)/],
    ['bars with high below low', 'bad_bars.csv', `${BARS_H}\n2024-01-01 00:01:00,1.5,1.6,1.7,1.55,10\n`, /bad_bars\.csv:2: column 4 \(low\): expected a low at or below the high/],
    ['bars with negative volume', 'bad_bars2.csv', `${BARS_H}\n2024-01-01 00:01:00,1.5,1.6,1.4,1.55,-1\n`, /bad_bars2\.csv:2: column 6 \(volume\)/],
    ['bars out of order', 'bad_bars3.csv', `${BARS_H}\n2024-01-01 00:02:00,1.5,1.6,1.4,1.55,1\n2024-01-01 00:01:00,1.5,1.6,1.4,1.55,1\n`, /bad_bars3\.csv:3: column 1 \(timestamp\)/],
    ['a bars header without rows', 'bad_bars4.csv', `${BARS_H}\n`, /bad_bars4\.csv:2: column 1 \(timestamp\): expected at least one bar/],
  ];
  for (const [name, fileName, content, want] of cases) {
    it(`${name}: exit 1, the error names file, line and column`, async () => {
      const r = await run(['replay', file(fileName, content), '--json']);
      expect(r.code).toBe(1);
      expect(r.out).toEqual([]);
      expect(r.err[0]).toMatch(want);
    });
  }

  it('a truncated LOBSTER orderbook file: exit 1 naming the column', async () => {
    const msg = file('TRN_2012-06-21_34200000_57600000_message_1.csv', readFileSync(AMZN, 'utf8'));
    const book = readFileSync(AMZN.replace('_message_', '_orderbook_'), 'utf8');
    file('TRN_2012-06-21_34200000_57600000_orderbook_1.csv', book.slice(0, book.length - 1000));
    const r = await run(['replay', msg, '--json']);
    expect(r.code).toBe(1);
    expect(r.err[0]).toMatch(/TRN_2012-06-21_34200000_57600000_orderbook_1\.csv:\d+: column \d \((AskPrice1|AskSize1|BidPrice1|BidSize1)\)/);
  });

  it('book inconsistencies: exit 1 with the first examples; --lenient: exit 0, still counted', async () => {
    const p = file('INC_2012-06-21_34200000_57600000_message_1.csv', '34200.1,1,5,100,2238100,1\n34200.2,1,5,100,2238200,1\n34200.3,2,5,150,2238200,1\n');
    const strict = await run(['replay', p]);
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('  inconsistency: line 2: add of order 5, which is already resting (DuplicateOrder)');
    expect(strict.out.at(-1)).toMatch(/^error: the book was inconsistent 2 times .*first at line 2: .*pass --lenient to accept$/);
    const json = await run(['replay', p, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out[0]!)).toMatchObject({ ok: false, bookErrors: 2, duplicateOrders: 1, excessReductions: 1, inconsistencies: 2, lenient: false });
    const lenient = await run(['replay', p, '--json', '--lenient']);
    expect(lenient.code).toBe(0);
    expect(JSON.parse(lenient.out[0]!)).toMatchObject({ ok: true, inconsistencies: 2, firstInconsistencies: ['line 2: add of order 5, which is already resting (DuplicateOrder)', 'line 3: cancel of 150 from order 5, more than it holds (ExceedsRemaining)'] });
  });

  it('float-noise LOBSTER times (#7 item 6): exit 0, the same day, rounded rows counted in the summary', async () => {
    const noisy = readFileSync(AMZN, 'utf8').replace(/^(\d+\.\d{9}),/gm, '$1004,');
    const p = file('AMZN_2012-06-21_34200000_57600000_message_1.csv', noisy);
    file('AMZN_2012-06-21_34200000_57600000_orderbook_1.csv', readFileSync(AMZN.replace('_message_', '_orderbook_'), 'utf8'));
    const r = await run(['replay', p, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]!);
    expect(j).toMatchObject({ events: 57_515, mismatches: 0, firstTs: '2012-06-21T09:30:00.017459617', lastTs: '2012-06-21T15:59:59.959359650' });
    expect(j.adjustments.roundedTimestamps).toBeGreaterThan(50_000);
    const text = await run(['replay', p]);
    expect(text.out).toContain(`accepted: ${j.adjustments.roundedTimestamps} timestamps with more than 9 decimals rounded to the nanosecond`);
  });
});
