import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './index.js';
import type { RiskVolResult } from './risk-vol-command.js';

const data = (p: string): string => fileURLToPath(new URL(`../../../shared/data/${p}`, import.meta.url));
const AMZN = data('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');
const BARS = data('bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz');

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('slipstream risk vol', () => {
  it('fits GARCH(1,1) to a LOBSTER day sampled every second and scores the three models', async () => {
    const { code, out, err } = await run(['risk', 'vol', '--data', AMZN, '--model', 'garch', '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(out) as RiskVolResult;
    expect(r.model).toBe('garch');
    const { omega, alpha, beta } = r.params as { omega: number; alpha: number; beta: number };
    expect(omega).toBeGreaterThan(0);
    expect(alpha).toBeGreaterThanOrEqual(0);
    expect(beta).toBeGreaterThanOrEqual(0);
    expect(alpha + beta).toBeLessThan(1);
    expect(r.n).toBe(r.data.days[0]!.returns);
    expect(r.n).toBeGreaterThan(23_000);
    expect(r.data.sampleSec).toBe(1);
    expect(Number.isFinite(r.logLikelihood)).toBe(true);
    expect(r.forecasts.volBps).toHaveLength(10);
    expect(r.evaluation.scores.map((s) => s.model)).toEqual(['ewma', 'garch', 'har']);
    expect(r.qlike).toBe(r.evaluation.scores[1]!.qlike);
    expect(r.evaluation.comparisons).toHaveLength(3);
  });

  it('fits HAR-RV to a month of 1-minute bars, 5-minute returns, text output', async () => {
    const { code, out } = await run(['risk', 'vol', '--data', BARS, '--model', 'har', '--sample', '300', '--block', '12']);
    expect(code).toBe(0);
    expect(out).toMatch(/^risk vol: har on 1 day\(s\) \(6EH4\.XCME_1min_bars_20240101_20240131\.csv\.gz\), [\d,]+ returns every 5 min/);
    expect(out).toMatch(/params: b0 .*, bDay .*, bWeek .*, bMonth /);
    expect(out).toMatch(/\nhar\* /);
  });

  it('EWMA with a fitted λ on bars', async () => {
    const { code, out } = await run(['risk', 'vol', '--data', BARS, '--model', 'ewma', '--lambda', 'fit', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(out) as RiskVolResult;
    expect(r.params.lambda).toBeGreaterThan(0.5);
    expect(r.params.lambda).toBeLessThan(1);
    expect(r.data.sampleSec).toBe(60);
  });

  it('usage errors name the option (exit 2); bad data names file, line and field (exit 1)', async () => {
    expect((await run(['risk', 'vol', '--data', AMZN])).err).toMatch(/--model is required/);
    expect((await run(['risk', 'vol', '--data', AMZN, '--model', 'arch'])).code).toBe(2);
    expect((await run(['risk', 'vol', '--data', '/nope.csv', '--model', 'ewma'])).err).toMatch(/no such file \/nope\.csv/);
    expect((await run(['risk', 'vol', '--model', 'ewma', '--data', AMZN, '--lambda', '1.5'])).err).toMatch(/--lambda must be < 1/);
    const mixed = await run(['risk', 'vol', '--model', 'ewma', '--data', `${BARS},${AMZN}`]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/AMZN_2012-06-21_34200000_57600000_message_1\.csv is sampled every 1 s \(ticks\) but 6EH4.* every 60 s \(bars\); give --sample/);
    const dir = mkdtempSync(join(tmpdir(), 'r1-vol-'));
    const bad = join(dir, 'X_1m.csv');
    writeFileSync(bad, 'timestamp,open,high,low,close,volume\n2024-01-02 10:01:00,1,1,1,1,5\n2024-01-02 10:02:00,1,1,1,abc,5\n');
    const e = await run(['risk', 'vol', '--data', bad, '--model', 'ewma']);
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/X_1m\.csv:3: column 5 \(close\)/);
    const short = join(dir, 'Y_1m.csv');
    writeFileSync(short, 'timestamp,open,high,low,close,volume\n2024-01-02 10:01:00,1,1,1,1,5\n2024-01-02 10:02:00,1,1.1,1,1.1,5\n');
    const s = await run(['risk', 'vol', '--data', short, '--model', 'garch']);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/Y_1m\.csv: GARCH\(1,1\) needs at least 50 returns, got 1/);
  });
});

describe('slipstream risk vol over days of two kinds on one clock', () => {
  it('a bars month and a LOBSTER day, both every minute, fit together', async () => {
    const { code, out } = await run(['risk', 'vol', '--model', 'ewma', '--sample', '60', '--data', `${BARS},${AMZN}`, '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(out) as RiskVolResult;
    expect(r.data.days.map((d) => d.source)).toEqual(['bars', 'ticks']);
    expect(r.n).toBe(r.data.days[0]!.returns + r.data.days[1]!.returns);
  });
});
