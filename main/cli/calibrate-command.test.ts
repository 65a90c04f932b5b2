import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPORT_PLOTS } from '../market/calibration/report.js';
import { syntheticSeries } from '../market/calibration/synthetic-series.js';
import { parseScenario } from '../market/scenarios/scenario-schema.js';
import { calibrateCommand } from './calibrate-command.js';
import { UsageError } from './cli-args.js';

const data = (p: string) => fileURLToPath(new URL(`../../../shared/data/${p}`, import.meta.url));
const AMZN = data('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');

/** Runs the command; `stub` swaps the generative market for a synthetic series (fast error tests). */
async function run(argv: string[], stub = false) {
  const out: string[] = [];
  const code = await calibrateCommand(argv, (s) => out.push(s), stub
    ? { simulate: (scn, seed) => syntheticSeries({ seed, durationSec: scn.durationSec ?? 600, volumeProfile: [2, 1, 1, 1, 2] }) }
    : {});
  return { code, out };
}

describe('slipstream calibrate', () => {
  it('--json prints the fitted parameters and the facts of real data and of the generative market, and writes scenario and report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slip-cal-'));
    const scenario = join(dir, 'scenario.json');
    const report = join(dir, 'report.html');
    const r = await run([AMZN, '--out', scenario, '--report', report, '--seed', '7', '--impact-seeds', '2', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out[0]!);
    for (const k of ['scenarioPath', 'reportPath', 'seed', 'simulated', 'notes', 'parameters', 'facts', 'scenario']) expect(j).toHaveProperty(k);
    expect(j).toMatchObject({ scenarioPath: scenario, reportPath: report, seed: 7, simulated: true });
    expect(j.parameters).toMatchObject({ source: { format: 'lobster', events: 57_515 }, instrument: { symbol: 'AMZN', tickSizeUnits: 100 } });
    for (const k of ['limitOrders', 'marketOrders', 'spread', 'volatility', 'volumeProfile']) expect(j.parameters[k]).not.toBeNull();
    const spread = j.facts.find((f: { key: string }) => f.key === 'spreadMeanTicks');
    expect(spread.real).toBe(j.parameters.spread.meanTicks);
    expect(typeof spread.simulated).toBe('number');
    const written = JSON.parse(readFileSync(scenario, 'utf8'));
    expect(written).toEqual(j.scenario);
    expect(() => parseScenario(written)).not.toThrow();
    const html = readFileSync(report, 'utf8');
    expect(html.match(/<svg[\s>]/g)).toHaveLength(REPORT_PLOTS.length);
    expect(html).toContain('data-plot="metaorder"');
    // Every row has the documented shape; judged rows carry a tolerance and a boolean verdict.
    for (const f of j.facts) {
      for (const k of ['name', 'real', 'simulated', 'tolerance', 'pass']) expect(f).toHaveProperty(k);
      expect(f.pass === null || typeof f.pass === 'boolean').toBe(true);
      if (f.tolerance === null) expect(f.pass).toBeNull();
    }
    expect(j.facts.filter((f: { pass: boolean | null }) => f.pass !== null).length).toBe(j.factsJudged);
    const beta = j.facts.find((f: { name: string }) => f.name === 'metaorderImpactExponent');
    expect(beta.simulated).toBeCloseTo(j.metaorderImpact.exponent, 3);
    expect(j.metaorderImpact.points.length).toBeGreaterThanOrEqual(6);
    expect(j.metaorderImpact.points.every((p: { seeds: number }) => p.seeds === 2)).toBe(true);
  });

  it('prints a readable summary without --json, and says when nothing was simulated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'slip-cal-'));
    const r = await run([data('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv'), '--out', join(dir, 's.json'), '--no-simulate']);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toMatch(/^MSFT lobster message_50/);
    expect(text).toMatch(/limit arrivals \/s by ticks from touch/);
    expect(text).toMatch(/fact\s+unit\s+real\s+simulated/);
    expect(text).toMatch(/no simulated column/);
  });

  it('names the option or the file and line on errors', async () => {
    await expect(run([AMZN], true)).rejects.toThrow(UsageError);
    await expect(run([AMZN], true)).rejects.toThrow(/--out/);
    await expect(run([AMZN, '--out', 'x.json', '--seed', 'abc'], true)).rejects.toThrow(/--seed/);
    await expect(run(['--out', 'x.json'], true)).rejects.toThrow(/at least one data file/);
    const dir = mkdtempSync(join(tmpdir(), 'slip-cal-'));
    const bad = join(dir, 'AMZN_2012-06-21_34200000_57600000_message_1.csv');
    writeFileSync(bad, '34200.01,1,1,100,2239500,-1\n34200.02,1,2,-5,2239500,-1\n');
    await expect(run([bad, '--out', join(dir, 's.json')], true)).rejects.toThrow(/message_1\.csv:2: column 4/);
  });
});
