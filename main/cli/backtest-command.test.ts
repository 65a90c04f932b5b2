import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataHash } from '../backtest/data-hash.js';
import { RunStore } from '../store/run-store.js';
import { fileURLToPath } from 'node:url';
import { backtestCommand, backtestConfigFromArgs, barsBinSec, parseSeeds } from './backtest-command.js';
import { parseArgs, UsageError } from './cli-args.js';

const dir = mkdtempSync(join(tmpdir(), 'backtest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await backtestCommand(argv, (s) => out.push(s), (s) => err.push(s), { signal });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const SMALL = ['--scenario', 'calm', '--side', 'buy', '--qty', '3000'];

describe('slipstream backtest', () => {
  it('prints the headline table for calm, 60 s, seeds 1-4, twap,vwap; stores the run and exports CSV', async () => {
    const db = join(dir, 'runs.duckdb');
    const csv = join(dir, 'results.csv');
    const r = await run([...SMALL, '--horizon', '60', '--seeds', '1-4', '--strategies', 'twap,vwap', '--db', db, '--out', csv, '--workers', '2']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    const header = lines.find((l) => l.startsWith('metric'))!;
    expect(header.trim().split(/\s+/)).toEqual(['metric', 'twap', 'vwap']);
    for (const metric of ['Implementation shortfall (bps)', 'Market impact (bps)', 'Timing risk (bps)', 'Adaptability (bps)']) {
      const row = lines.find((l) => l.startsWith(metric));
      expect(row, metric).toBeDefined();
      // one cell per strategy: a number (with its CI where the row has one)
      expect(row!.slice(metric.length).match(/-?\d+\.\d(?: \[-?\d+\.\d, -?\d+\.\d\])?/g), metric).toHaveLength(2);
    }
    expect(r.out).toMatch(/^buy 3,000 over 60 s; 4 paths; baseline twap/);
    expect(r.err).toMatch(/backtest: 2 strategies × 4 paths = 8 parent orders \(\+ 4 runs without our orders\), 2 workers/);
    expect(r.err).toMatch(/backtest: \d+\/12 runs \(\d+ %\), [\d.]+ orders\/s/);
    expect(r.err).toMatch(/backtest: completed in [\d.]+ s/);

    const id = /stored run (\S+) in /.exec(r.out)![1]!;
    const store = await RunStore.open(db);
    try {
      const stored = await store.getRun(id);
      expect(stored).toMatchObject({ kind: 'backtest', seeds: [1, 2, 3, 4], dataHash: dataHash([{ kind: 'scenario', name: 'calm' }]).dataHash, status: 'completed', resultCount: 8 });
      expect(stored.engineVersion).toMatch(/^slipstream-backtest\//);
      expect(stored.modelVersion).toContain('twap,vwap');
    } finally {
      store.close();
    }
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(rows).toHaveLength(9);
    expect(rows[0]).toMatch(/^run_id,job_index,strategy,path_id,/);
    expect(rows[1]).toContain(`${id},1,twap,calm@30s/seed1,`);
  }, 15_000);

  it('--json prints the full comparison (means, medians, std, CIs, paired differences with p-values)', async () => {
    const json = join(dir, 'results.json');
    const r = await run([...SMALL, '--horizon', '20', '--start', '5', '--seeds', '1-3', '--strategies', 'twap,pov', '--workers', '0', '--json', '--resamples', '200', '--out', json]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      status: string; runId: string | null; dataHash: string;
      comparison: { baseline: string; pathIds: string[]; strategies: Array<{ strategy: string; isBps: { n: number; mean: number; median: number; std: number; ci: { lo: number; hi: number } }; vsBaseline: null | { meanDiffBps: number; ci: { lo: number; hi: number }; headlinePValue: number; tTest: { pValue: number } } }> };
      table: { columns: string[]; rows: Array<{ metric: string }> };
    };
    expect(j.status).toBe('completed');
    expect(j.runId).toBeNull(); // no --db: nothing stored
    expect(j.comparison.baseline).toBe('twap');
    expect(j.comparison.pathIds).toEqual(['calm@5s/seed1', 'calm@5s/seed2', 'calm@5s/seed3']);
    const [twap, pov] = j.comparison.strategies;
    expect(twap!.vsBaseline).toBeNull();
    expect(twap!.isBps.n).toBe(3);
    for (const k of ['mean', 'median', 'std'] as const) expect(typeof twap!.isBps[k]).toBe('number');
    expect(twap!.isBps.ci.lo).toBeLessThanOrEqual(twap!.isBps.ci.hi);
    expect(pov!.vsBaseline!.headlinePValue).toBeGreaterThan(0);
    expect(pov!.vsBaseline!.headlinePValue).toBeLessThanOrEqual(1);
    expect(typeof pov!.vsBaseline!.tTest.pValue).toBe('number');
    expect(j.table.columns).toEqual(['twap', 'pov']);
    expect(j.table.rows.map((x) => x.metric).slice(0, 4)).toEqual(['Implementation shortfall (bps)', 'Market impact (bps)', 'Timing risk (bps)', 'Adaptability (bps)']);
    const exported = JSON.parse(readFileSync(json, 'utf8')) as { run: { dataHash: string }; results: unknown[] };
    expect(exported.run.dataHash).toBe(j.dataHash);
    expect(exported.results).toHaveLength(6);
  });

  it('stops when cancelled and exits 130', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await run([...SMALL, '--horizon', '20', '--seeds', '1-50', '--strategies', 'twap', '--workers', '0'], ac.signal);
    expect(r.code).toBe(130);
    expect(r.err).toContain('backtest: cancelled');
  });

  it.each([
    [['--scenario', 'calm', '--qty', '1', '--horizon', '10'], '--side is required (buy or sell)'],
    [[...SMALL], '--horizon is required'],
    [[...SMALL, '--horizon', '0'], '--horizon must be > 0, got 0'],
    [[...SMALL, '--horizon', '9e9'], '--horizon: 9000000000 must be in (0, 604800] seconds'],
    [['--scenario', 'calm', '--side', 'buy', '--qty', '-3', '--horizon', '10'], '--qty must be > 0, got -3'],
    [[...SMALL, '--horizon', '10', '--seeds', '5-2'], '--seeds: in "5-2" the end 2 is before the start 5'],
    [[...SMALL, '--horizon', '10', '--strategies', 'twap,foo'], '--strategies: unknown strategy "foo"'],
    [[...SMALL, '--horizon', '10', '--baseline', 'vwap', '--strategies', 'twap'], '--baseline: "vwap" is not among the strategies'],
    [[...SMALL, '--horizon', '10', '--pov-rate', '150%'], '--pov-rate 150% must be in (0, 1]'],
    [[...SMALL, '--horizon', '10', '--urgency', '25'], '--urgency: 25 must be in [0, 20]'],
    [[...SMALL, '--horizon', '10', '--slices', '0'], '--slices 0 is outside [1, 1000]'],
    [[...SMALL, '--horizon', '10', '--workers', '999'], '--workers 999 is outside [0, '],
    [[...SMALL, '--horizon', '10', '--out', 'x.txt'], '--out must end in .csv or .json, got "x.txt"'],
    [['--scenario', 'nope', '--side', 'buy', '--qty', '1', '--horizon', '10'], '--scenario: "nope" is neither a preset'],
    [['--data', 'missing.csv', '--side', 'buy', '--qty', '1', '--horizon', '10'], '--data: no such file missing.csv'],
    [['--data', 'a.csv', '--scenario', 'calm', '--side', 'buy', '--qty', '1', '--horizon', '10'], 'give exactly one of --data or --scenario'],
  ])('%j is a usage error naming the option and its limit', async (argv, message) => {
    const e = await backtestCommand(argv, () => {}, () => {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toContain(message);
  });

  it('parses seed lists and ranges', () => {
    expect(parseSeeds('1-4')).toEqual([1, 2, 3, 4]);
    expect(parseSeeds('7')).toEqual([7]);
    expect(parseSeeds('1-2,10')).toEqual([1, 2, 10]);
    expect(() => parseSeeds('1,1')).toThrow('--seeds: seed 1 appears twice');
    expect(() => parseSeeds('0-100000')).toThrow('--seeds: at most 100,000 seeds');
    expect(() => parseSeeds('a')).toThrow('--seeds: "a" is not a seed');
  });
});

describe('backtest --volume-curve at the horizon resolution', () => {
  it('bins the bars by the widest whole-minute bin within a slice (was always 30 minutes)', () => {
    expect(barsBinSec(600, 10)).toBe(60);
    expect(barsBinSec(1800, 10)).toBe(180);
    expect(barsBinSec(23_400, 13)).toBe(1800);
    expect(barsBinSec(20, 10)).toBe(60);
    const bars = fileURLToPath(new URL('../../../shared/data/bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz', import.meta.url));
    const config = backtestConfigFromArgs(parseArgs([...SMALL, '--horizon', '600', '--volume-curve', bars], ['data', 'scenario', 'side', 'qty', 'horizon', 'volume-curve'], []));
    const c = config.params.volumeCurve!;
    expect(c.volumes).toHaveLength(1440);
    expect(c.edgesNs[1]).toBe(60e9);
    // Minute by minute the profile is not flat (a month of 6E futures).
    const a = c.volumes.slice(600, 610);
    expect(Math.max(...a) / Math.min(...a)).toBeGreaterThan(1.1);
  });
});

describe('backtest --scenario ac', () => {
  it('runs any strategy in the Almgren-Chriss world, parameters from a file and flags', async () => {
    const file = join(dir, 'ac.json');
    writeFileSync(file, JSON.stringify({ S0: 40, eta: 5e-4, periodSec: 3 }));
    const r = await run(['--scenario', 'ac', '--ac-params', file, '--ac-sigma', '0.003', '--side', 'sell', '--qty', '6000', '--horizon', '30', '--start', '30', '--seeds', '1-3', '--strategies', 'twap,ac,pov', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { config: { sources: Array<{ kind: string; params: Record<string, number> }> }; paths: Array<{ label: string }>; comparison: { strategies: Array<{ strategy: string; isBps: { mean: number } }> } };
    expect(j.config.sources[0]).toEqual({ kind: 'ac', params: { S0: 40, sigma: 0.003, epsilon: 0.01, gamma: 2.5e-7, eta: 5e-4, periodSec: 3, marketVolumePerSec: 1000 } });
    expect(j.paths[0]!.label).toMatch(/^ac world \(S0 40/);
    expect(j.comparison.strategies.map((s) => s.strategy)).toEqual(['twap', 'almgren-chriss', 'pov']);
    for (const s of j.comparison.strategies) expect(Number.isFinite(s.isBps.mean)).toBe(true);
  }, 60_000);

  it('names the flag or file of a bad parameter', async () => {
    await expect(run(['--scenario', 'ac', '--ac-eta', '-1', '--side', 'buy', '--qty', '10', '--horizon', '10'])).rejects.toThrow(/^--ac-eta: eta \(temporary impact .*\) must be a number > 0, got -1$/);
    const file = join(dir, 'bad-ac.json');
    writeFileSync(file, JSON.stringify({ sigmaa: 1 }));
    await expect(run(['--scenario', 'ac', '--ac-params', file, '--side', 'buy', '--qty', '10', '--horizon', '10'])).rejects.toThrow(/^--ac-params .*bad-ac\.json: unknown field "sigmaa"/);
  });
});
