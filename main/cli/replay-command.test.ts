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
