import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'slip-risk-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out, err: err.join('\n') };
}

const LIMITS = file('limits.json', JSON.stringify({
  maxOrderQty: 1000, maxNotional: 50_000, maxPosition: 1500, maxOrdersPerSec: 3, priceCollarBps: 100,
  dailyLossLimit: 200, duplicateWindowSec: 2, restricted: ['XYZ'],
}));
/*
 * Worked by hand (every accepted order fills at once at its price):
 *  0 accepted (AAPL +100 @ 10.00)            7 accepted (+300, position 600)
 *  1 restricted (XYZ)                         8 accepted (+400, position 1,000; 3 accepted in (0.3, 1.3])
 *  2 maxOrderQty (2,000 > 1,000)              9 maxOrdersPerSec (3 in (0.4, 1.4])
 *  3 maxNotional (1,000 × 60 > 50,000)       10 maxPosition (1,000 + 600 > 1,500)
 *  4 priceCollarBps (200 bp > 100)           11 accepted (P&L before −110 ≥ −200; sells 500 @ 9.90)
 *  5 duplicate (order 0, 1 s earlier < 2 s)  12 dailyLossLimit (500 × 9.70 − 5,060 = −210 < −200)
 *  6 accepted (+200 @ 10.05, 50 bp)          13 dailyLossLimit (the AAPL loss counts for MSFT too)
 */
const ORDERS = file('orders.csv', [
  'ts,symbol,side,qty,price,referencePrice',
  '0,AAPL,buy,100,10.00,10.00',
  '0.5,XYZ,buy,1,1,1',
  '0.6,AAPL,buy,2000,10,10',
  '0.7,MSFT,buy,1000,60,60',
  '0.8,AAPL,buy,100,10.20,10.00',
  '1.0,AAPL,buy,100,10.00,10.00',
  '1.1,AAPL,buy,200,10.05,10.00',
  '1.2,AAPL,buy,300,10.00,10.00',
  '1.3,AAPL,buy,400,10.00,10.00',
  '1.4,AAPL,sell,100,10.00,10.00',
  '2.5,AAPL,buy,600,10.00,10.00',
  '2.6,AAPL,sell,500,9.90,9.90',
  '3.0,AAPL,buy,100,9.70,9.70',
  '3.1,MSFT,sell,10,60,60',
].join('\r\n') + '\r\n');

describe('slipstream risk check', () => {
  it('decides every order in file order; the first failing limit is the reason', async () => {
    const r = await run(['risk', 'check', '--orders', ORDERS, '--limits', LIMITS, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]!);
    const reasons = [null, 'restricted', 'maxOrderQty', 'maxNotional', 'priceCollarBps', 'duplicate', null, null, null, 'maxOrdersPerSec', 'maxPosition', null, 'dailyLossLimit', 'dailyLossLimit'];
    expect(j).toEqual({ decisions: reasons.map((reason, index) => ({ index, accepted: reason === null, reason })), accepted: 5, denied: 9 });
  });

  it('prints each denial with its line and sentence without --json', async () => {
    const r = await run(['risk', 'check', '--orders', ORDERS, '--limits', LIMITS]);
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('orders.csv: 14 orders, 5 accepted, 9 denied (limits limits.json)');
    expect(r.out).toContain('line 4 (order 2): denied, maxOrderQty: Quantity 2,000 exceeds max order quantity 1,000 (Risk settings).');
    expect(r.out).toContain('line 14 (order 12): denied, dailyLossLimit: P&L -210 is below the daily loss limit of −200 (Risk settings).');
  });

  it('a file with only the header has no decisions; an empty file is an error', async () => {
    const only = file('only.csv', '\ufeffts,symbol,side,qty,price,referencePrice\n');
    expect(JSON.parse((await run(['risk', 'check', '--orders', only, '--limits', LIMITS, '--json'])).out[0]!)).toEqual({ decisions: [], accepted: 0, denied: 0 });
    const empty = await run(['risk', 'check', '--orders', file('empty.csv', ''), '--limits', LIMITS, '--json']);
    expect([empty.code, empty.err]).toEqual([1, 'slipstream risk: empty.csv:1: column 1 (header): expected "ts,symbol,side,qty,price,referencePrice", found "(empty file)"']);
  });

  it('treats an absent limit as no limit, and 0 as a real one', async () => {
    const none = file('none.json', '{}');
    const r = await run(['risk', 'check', '--orders', ORDERS, '--limits', none, '--json']);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ accepted: 14, denied: 0 });
    const zero = file('zero.json', '{"maxOrdersPerSec":0}');
    expect(JSON.parse((await run(['risk', 'check', '--orders', ORDERS, '--limits', zero, '--json'])).out[0]!)).toMatchObject({ accepted: 0, denied: 14 });
  });

  it('compares exactly in the units the file is written in (no float noise at a limit)', async () => {
    // 0.1 + 0.2 BTC is exactly 0.3, the limit: allowed; 0.00000001 more is not.
    const orders = file('btc.csv', 'ts,symbol,side,qty,price,referencePrice\n0,BTC,buy,0.1,60000,60000\n0,BTC,buy,0.2,60000.5,60000\n0,BTC,buy,0.00000001,60000,60000\n');
    const limits = file('btc.json', '{"maxPosition":0.3}');
    const j = JSON.parse((await run(['risk', 'check', '--orders', orders, '--limits', limits, '--json'])).out[0]!);
    expect(j.decisions.map((d: { reason: string | null }) => d.reason)).toEqual([null, null, 'maxPosition']);
  });

  it('takes decimal limits at their word: 0.3 s is not less than 0.3 s, 1 bp is not beyond 1 bp, −0.57 is not below −0.57', async () => {
    const orders = file('dec.csv', [
      'ts,symbol,side,qty,price,referencePrice',
      '0,X,buy,1,1.00,1.00',
      '0.3,X,buy,1,1.00,1.00', // exactly 0.3 s later: not a duplicate
      '0.5,X,buy,1,1.00,1.00', // 0.2 s after the last: a duplicate
      '0.6,X,buy,1,1.0001,1.0000', // exactly 1 bp from the reference: inside the collar
      '0.7,X,buy,1,1.0002,1.0000', // 2 bp: beyond it
    ].join('\n') + '\n');
    const limits = file('dec.json', '{"duplicateWindowSec":0.3,"priceCollarBps":1}');
    const j = JSON.parse((await run(['risk', 'check', '--orders', orders, '--limits', limits, '--json'])).out[0]!);
    expect(j.decisions.map((d: { reason: string | null }) => d.reason)).toEqual([null, null, 'duplicate', null, 'priceCollarBps']);
    // Loss exactly at the limit passes; one cent more is refused.
    const loss = (mark: string) => file(`loss-${mark}.csv`, `ts,symbol,side,qty,price,referencePrice\n0,X,buy,1,1.00,1.00\n1,X,buy,1,${mark},${mark}\n`);
    const lim = file('loss.json', '{"dailyLossLimit":0.57}');
    const at = JSON.parse((await run(['risk', 'check', '--orders', loss('0.43'), '--limits', lim, '--json'])).out[0]!);
    expect(at.decisions[1].reason).toBeNull();
    const below = JSON.parse((await run(['risk', 'check', '--orders', loss('0.42'), '--limits', lim, '--json'])).out[0]!);
    expect(below.decisions[1].reason).toBe('dailyLossLimit');
  });

  it('a malformed row is an error naming the file, line and column (exit 1)', async () => {
    const bad = async (rows: string, header = 'ts,symbol,side,qty,price,referencePrice') => {
      const r = await run(['risk', 'check', '--orders', file('bad.csv', `${header}\n${rows}\n`), '--limits', LIMITS, '--json']);
      expect(r.code).toBe(1);
      expect(r.out).toEqual([]);
      return r.err;
    };
    expect(await bad('0,AAPL,hold,100,10,10')).toBe('slipstream risk: bad.csv:2: column 3 (side): expected buy or sell, found "hold"');
    expect(await bad('0,AAPL,buy,-5,10,10')).toBe('slipstream risk: bad.csv:2: column 4 (qty): expected a positive number, found "-5"');
    expect(await bad('0,AAPL,buy,0,10,10')).toContain('column 4 (qty)');
    expect(await bad('0,AAPL,buy,1e3,10,10')).toContain('column 4 (qty)');
    expect(await bad('0,AAPL,buy,10,NaN,10')).toContain('column 5 (price)');
    expect(await bad('0,AAPL,buy,10,10,0')).toContain('bad.csv:2: column 6 (referencePrice)');
    expect(await bad('0,AAPL,buy,10,10')).toContain('bad.csv:2: column 6 (referencePrice): expected a value');
    expect(await bad('0,AAPL,buy,10,10,10,7')).toContain('bad.csv:2: column 7');
    expect(await bad('0,,buy,10,10,10')).toContain('column 2 (symbol)');
    expect(await bad('5,AAPL,buy,10,10,10\n4.999,AAPL,buy,10,10,10')).toBe('slipstream risk: bad.csv:3: column 1 (ts): expected a time ≥ the previous row\'s 5 (non-decreasing), found "4.999"');
    expect(await bad('-1,AAPL,buy,10,10,10')).toContain('column 1 (ts)');
    expect(await bad('0,AAPL,buy,10,10,10', 'ts,symbol,side,qty,price')).toContain('bad.csv:1: column 1 (header)');
    expect(await bad('0,AAPL,buy,12345678901234567,10,10')).toContain('column 4 (qty): expected a number of at most 15 significant digits');
  });

  it('invalid limits name the file and the limit (exit 1); missing options are usage errors (exit 2)', async () => {
    const r = await run(['risk', 'check', '--orders', ORDERS, '--limits', file('l1.json', '{"maxOrderQty":-1}')]);
    expect([r.code, r.err]).toEqual([1, 'slipstream risk: l1.json: maxOrderQty: must be 0 or more (max order quantity), found -1']);
    const typo = await run(['risk', 'check', '--orders', ORDERS, '--limits', file('l2.json', '{"maxOrderQuantity":5}')]);
    expect(typo.code).toBe(1);
    expect(typo.err).toContain('l2.json: maxOrderQuantity: unknown limit');
    const json = await run(['risk', 'check', '--orders', ORDERS, '--limits', file('l3.json', '{maxOrderQty: 5}')]);
    expect(json.code).toBe(1);
    expect(json.err).toContain('l3.json: not valid JSON');
    expect((await run(['risk', 'check', '--orders', ORDERS, '--limits', join(dir, 'missing.json')])).err).toContain('cannot read');
    expect((await run(['risk', 'check', '--orders', ORDERS])).code).toBe(2);
    expect((await run(['risk', 'check', '--limits', LIMITS, '--max', '3'])).code).toBe(2);
    expect((await run(['risk', 'frobnicate'])).code).toBe(2);
    const help = await run(['risk', 'check', '--help']);
    expect(help.code).toBe(0);
    expect(help.out[0]).toContain('ts,symbol,side,qty,price,referencePrice');
  });
});
