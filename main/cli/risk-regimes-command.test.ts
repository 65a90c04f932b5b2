import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './index.js';
import { clock, type RiskRegimesResult } from './risk-regimes-command.js';

const data = (p: string): string => fileURLToPath(new URL(`../../../shared/data/${p}`, import.meta.url));
const AMZN = data('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');
const BARS = data('bars/btc-perp-20211231-20220201_1m.csv');

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('slipstream risk regimes', () => {
  it('names regimes of a LOBSTER day online from volatility, spread, depth and volume; same seed, same output', async () => {
    const a = await run(['risk', 'regimes', '--data', AMZN, '--json']);
    expect(a.err).toBe('');
    expect(a.code).toBe(0);
    const r = JSON.parse(a.out) as RiskRegimesResult;
    expect(r.features).toEqual(['rvBps', 'spreadBps', 'depth', 'volume']);
    expect(r.windows).toBeGreaterThan(380); // 6.5 h of whole minutes
    expect(r.windowSec).toBe(60);
    expect(r.regimes.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 12);
    expect(r.regimes.reduce((s, x) => s + x.windows, 0)).toBe(r.windows);
    expect(r.segments.reduce((s, x) => s + x.windows, 0)).toBe(r.windows);
    // Stressed (if found) is more volatile and wider than calm, by construction of the names.
    const calm = r.regimes.find((x) => x.label === 'calm')!;
    const stressed = r.regimes.find((x) => x.label === 'stressed');
    if (stressed) {
      expect(stressed.median.rvBps!).toBeGreaterThan(calm.median.rvBps!);
      expect(stressed.median.spreadBps!).toBeGreaterThan(calm.median.spreadBps!);
    }
    expect(r.refits).toBe(1 + Math.floor((r.windows - 60) / 30));
    const b = await run(['risk', 'regimes', '--data', AMZN, '--json']);
    expect(b.out).toBe(a.out);
  });

  it('bars: a Gaussian mixture over volatility and volume, text output', async () => {
    const { code, out } = await run(['risk', 'regimes', '--data', BARS, '--method', 'gmm', '--k', '3', '--seed', '5']);
    expect(code).toBe(0);
    expect(out).toMatch(/^risk regimes: gmm, k 3, seed 5; 750 windows of 1 h over 1 day\(s\)/);
    expect(out).toMatch(/rvBps +volume/);
    expect(out).toMatch(/current: (calm|volatile|illiquid|stressed) since \+\d+d /);
  });

  it('errors: too little data for the warm-up (exit 1), a bad k (exit 2)', async () => {
    const e = await run(['risk', 'regimes', '--data', AMZN, '--window', '600']);
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/AMZN_2012-06-21_34200000_57600000_message_1\.csv: 38 windows of 600 samples; --warmup needs 60/);
    expect((await run(['risk', 'regimes', '--data', AMZN, '--k', '5'])).err).toMatch(/--k 5 is outside \[1, 4\]/);
  });

  it('clock shows later days', () => {
    expect(clock(34_200)).toBe('09:30:00');
    expect(clock(86_400 * 2 + 61)).toBe('+2d 00:01:01');
  });
});
