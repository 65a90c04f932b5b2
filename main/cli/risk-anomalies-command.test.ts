import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './index.js';
import type { RiskAnomaliesResult } from './risk-anomalies-command.js';

const data = (p: string): string => fileURLToPath(new URL(`../../../shared/data/${p}`, import.meta.url));
const AMZN = data('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');
const BARS = data('bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz');

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('slipstream risk anomalies', () => {
  it('alerts on a LOBSTER day carry their evidence, each judged against the samples before it', async () => {
    const { code, out, err } = await run(['risk', 'anomalies', '--data', AMZN, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(out) as RiskAnomaliesResult;
    expect(r.features).toEqual(['spreadBps', 'depth', 'flow', 'returnBps']);
    expect(r.samples).toBeGreaterThan(23_000);
    expect(r.counts.robustZ + r.counts.isolationForest).toBe(r.alerts.length);
    expect(r.alerts.length).toBeGreaterThan(0);
    for (const a of r.alerts) {
      expect(a.since).toBeLessThanOrEqual(a.peakAt);
      expect(a.peakAt).toBeLessThanOrEqual(a.until);
      expect(a.samples).toBeGreaterThanOrEqual(5);
      if (a.detector === 'robustZ') {
        expect(Math.abs(a.peakZ)).toBeGreaterThan(5);
        // The z is the evidence's own arithmetic.
        expect((a.value - a.baseline) / a.scale).toBeCloseTo(a.peakZ, 6);
        expect(a.direction).toBe(a.value > a.baseline ? 'high' : 'low');
      }
      // 09:30-16:00, after the first quarter-window of baseline.
      expect(a.since).toBeGreaterThan(34_200 + 150);
      expect(a.until).toBeLessThanOrEqual(57_600);
    }
  });

  it('bars: returns and volume, text output; a higher threshold gives fewer alerts', async () => {
    const a = await run(['risk', 'anomalies', '--data', BARS, '--window', '240', '--json']);
    const b = await run(['risk', 'anomalies', '--data', BARS, '--window', '240', '--threshold', '10', '--json']);
    const ra = JSON.parse(a.out) as RiskAnomaliesResult;
    const rb = JSON.parse(b.out) as RiskAnomaliesResult;
    expect(ra.features).toEqual(['returnBps', 'volume']);
    expect(rb.counts.robustZ).toBeLessThan(ra.counts.robustZ);
    const text = await run(['risk', 'anomalies', '--data', BARS, '--window', '240', '--limit', '2']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^risk anomalies: [\d,]+ samples every 1 min over 1 day\(s\), watching returnBps, volume\n\d+ alerts: /);
    expect(text.out).toMatch(/(returnBps|volume) (high|low): .* vs baseline .* \(z -?[\d.]+ at .*\), \d+ samples, (robustZ|isolationForest)/);
  });

  it('a malformed row is named by file, line and field (exit 1); a bad option by its name (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'r1-anom-'));
    const bad = join(dir, 'Z_1m.csv');
    writeFileSync(bad, 'timestamp,open,high,low,close,volume\n2024-01-02 10:01:00,1,1,1,1,5\n2024-01-02 10:02:00,1,1,1,1,-5\n');
    const e = await run(['risk', 'anomalies', '--data', bad]);
    expect(e.code).toBe(1);
    expect(e.err).toMatch(/Z_1m\.csv:3: column 6 \(volume\)/);
    const q = await run(['risk', 'anomalies', '--data', AMZN, '--quantile', '1']);
    expect(q.code).toBe(2);
    expect(q.err).toMatch(/--quantile must be < 1/);
  });
});
