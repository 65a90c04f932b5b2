import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFormatError } from '../market/readers/reader.js';
import { UsageError } from './cli-args.js';
import { tcaCommand } from './tca-command.js';

const dir = mkdtempSync(join(tmpdir(), 'slip-tca-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const FILLS = file('fills.csv', 'ts,qty,price\n09:30:01.250,100,10.02\n09:30:05.000,300,10.06\n');

/** Runs the command with `main`'s exit-status mapping (UsageError → 2, any other error → 1). */
async function run(argv: string[]) {
  const out: string[] = [];
  try {
    return { code: await tcaCommand(argv, (s) => out.push(s)), out, error: null as Error | null };
  } catch (e) {
    return { code: e instanceof UsageError ? 2 : 1, out, error: e as Error };
  }
}

describe('slipstream tca', () => {
  it('buy: avg 10.05 vs arrival 10 ⇒ IS +50 bps, cost 20; VWAP slippage vs 10.04', async () => {
    const r = await run([FILLS, '--side', 'buy', '--arrival-price', '10', '--market-vwap', '10.04', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]!);
    expect(j).toMatchObject({ side: 'buy', fills: 2, filledQty: 400, firstTs: '09:30:01.250', lastTs: '09:30:05.000', minPrice: 10.02, maxPrice: 10.06, marketVwap: 10.04 });
    expect(j.avgPrice).toBeCloseTo(10.05, 12);
    expect(j.notional).toBeCloseTo(4020, 9);
    expect(j.isBps).toBeCloseTo(50, 9);
    expect(j.isCost).toBeCloseTo(20, 9);
    expect(j.vwapSlippageBps).toBeCloseTo(((10.05 - 10.04) / 10.04) * 1e4, 9);
  });

  it('sell: avg 10.05 vs arrival 10.10 ⇒ IS +49.5 bps (a cost); no --market-vwap ⇒ vwapSlippageBps null', async () => {
    const r = await run([FILLS, '--side=sell', '--arrival-price=10.10', '--json']);
    const j = JSON.parse(r.out[0]!);
    expect(j.isBps).toBeCloseTo((0.05 / 10.1) * 1e4, 9);
    expect(j.isCost).toBeCloseTo(20, 9);
    expect(j.vwapSlippageBps).toBeNull();
    expect(j.marketVwap).toBeNull();
  });

  it('a file with only the header: no fills, nulls', async () => {
    const r = await run([file('empty.csv', 'ts,qty,price\n'), '--side', 'buy', '--arrival-price', '5', '--market-vwap', '5', '--json']);
    expect(JSON.parse(r.out[0]!)).toMatchObject({ fills: 0, filledQty: 0, avgPrice: null, isBps: null, isCost: 0, vwapSlippageBps: null, firstTs: null });
  });

  it('prints a human summary by default', async () => {
    const r = await run([FILLS, '--side', 'buy', '--arrival-price', '10', '--market-vwap', '10.04']);
    expect(r.out.join('\n')).toBe([
      'fills.csv: buy 2 fills, 400 filled at avg 10.05 (notional 4,020.00), 09:30:01.250 .. 09:30:05.000',
      'implementation shortfall vs arrival 10: 50.00 bps (20.00 in quote currency)',
      'VWAP slippage vs 10.04: 9.96 bps',
      'positive bps = a cost to us',
    ].join('\n'));
  });

  it('usage errors name the option and exit 2', async () => {
    const cases: [string[], string][] = [
      [[FILLS, '--arrival-price', '10'], '--side is required'],
      [[FILLS, '--side', 'hold', '--arrival-price', '10'], '--side must be one of buy, sell, got "hold"'],
      [[FILLS, '--side', 'buy'], '--arrival-price is required'],
      [[FILLS, '--side', 'buy', '--arrival-price', '0'], '--arrival-price must be > 0, got 0'],
      [[FILLS, '--side', 'buy', '--arrival-price', 'ten'], '--arrival-price must be a number, got "ten"'],
      [[FILLS, '--side', 'buy', '--arrival-price', '1', '--market-vwap', '-2'], '--market-vwap must be > 0'],
      [['--side', 'buy', '--arrival-price', '1'], 'exactly one fills file'],
      [[FILLS, FILLS, '--side', 'buy', '--arrival-price', '1'], 'exactly one fills file'],
      [[FILLS, '--side', 'buy', '--arrival-price', '1', '--vwap', '2'], 'unknown option --vwap'],
    ];
    for (const [argv, msg] of cases) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.error!.message).toContain(msg);
    }
  });

  it('data errors name file, line, column and field and exit 1', async () => {
    const bad = file('fills-bad.csv', 'ts,qty,price\n1,1,1\n2,1,1\n3,1,1\n4,1,1\n5,1,1\n6,-5,1\n');
    const r = await run([bad, '--side', 'buy', '--arrival-price', '1']);
    expect(r.code).toBe(1);
    expect(r.error).toBeInstanceOf(DataFormatError);
    expect(r.error!.message).toBe('fills-bad.csv:7: column 2 (qty): expected a positive number, found "-5"');
    const missing = await run([join(dir, 'nope.csv'), '--side', 'buy', '--arrival-price', '1']);
    expect(missing.code).toBe(1);
    expect(missing.error!.message).toContain('cannot read');
  });

  it('--help prints the usage', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out[0]).toContain('usage: slipstream tca');
  });
});

describe('slipstream tca: unfilled quantity is an opportunity cost', () => {
  it('--qty 1000 with 400 filled: the 600 unfilled are marked at --end-price against arrival', async () => {
    const r = await run([FILLS, '--side', 'buy', '--arrival-price', '10', '--qty', '1000', '--end-price', '10.20', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]!);
    expect(j).toMatchObject({ parentQty: 1000, unfilledQty: 600, fillRate: 0.4, endPrice: 10.2 });
    // 600 × 0.20 / (1000 × 10) = 120 bps of opportunity; the filled 400 cost 50 bps × 0.4 = 20 bps.
    expect(j.opportunityBps).toBeCloseTo(120, 9);
    expect(j.totalIsBps).toBeCloseTo(140, 9);
    expect(j.isBps).toBeCloseTo(50, 9); // the filled part alone, as before
    const text = await run([FILLS, '--side', 'buy', '--arrival-price', '10', '--qty', '1000', '--end-price', '10.20']);
    expect(text.out.join('\n')).toContain('partially filled: 400 of 1,000 (40.0 %); opportunity cost of the 600 unfilled at 10.2: 120.00 bps; total shortfall 140.00 bps of the parent');
  });

  it('refuses to leave the rest unpriced, or a parent smaller than its fills', async () => {
    const a = await run([FILLS, '--side', 'buy', '--arrival-price', '10', '--qty', '1000']);
    expect(a.code).toBe(2);
    expect(a.error!.message).toMatch(/^--end-price is required: 600 of --qty 1000 are unfilled/);
    const b = await run([FILLS, '--side', 'buy', '--arrival-price', '10', '--qty', '300', '--end-price', '10']);
    expect(b.code).toBe(2);
    expect(b.error!.message).toMatch(/^--qty 300 is less than the 400 filled/);
    // Without --qty the parent is what was filled: no opportunity cost.
    const c = JSON.parse((await run([FILLS, '--side', 'sell', '--arrival-price', '10', '--json'])).out[0]!);
    expect(c).toMatchObject({ parentQty: 400, unfilledQty: 0, fillRate: 1, opportunityBps: 0 });
  });
});
