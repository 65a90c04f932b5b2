import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParentOrderResultRow } from './result-columns.js';
import { RESULT_COLUMNS } from './result-columns.js';
import { RunStore, type RunRecord } from './run-store.js';
import { StoreError } from './store-error.js';

const dir = mkdtempSync(join(tmpdir(), 'run-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

function row(i: number, patch: Partial<ParentOrderResultRow> = {}): ParentOrderResultRow {
  return {
    jobIndex: i, strategy: i % 2 === 0 ? 'twap' : 'vwap', pathId: `calm@10s/seed${i}`, source: 'scenario calm, "quoted"', seed: 2 ** 40 + i, startSec: 10,
    side: 1, parentQty: 2000, filledQty: 1500.5, fillRate: 0.75025, fillCount: 7, childOrders: 12, arrivalPrice: 99.95, avgPrice: 99.97, endPrice: null,
    isBps: 2.0010005002501, totalIsBps: 3.5, delayBps: 0, timingBps: -0.25, tradingBps: 2.25, opportunityBps: 1.5, feesBps: 0,
    marketImpactBps: 1.25, vwapSlippageBps: null, participation: 0.01, spreadCaptureBps: null, reversion60sBps: 0.5, marketVwap: 99.96, marketVolume: 150000,
    pathHash: 'a'.repeat(64), unaffectedPathHash: 'b'.repeat(64), ...patch,
  };
}

function record(results: readonly ParentOrderResultRow[]): RunRecord {
  return {
    kind: 'backtest', config: { strategies: ['twap', 'vwap'], horizonSec: 20 }, seeds: [1, 2], dataHash: 'c'.repeat(64),
    engineVersion: 'slipstream-backtest/1', modelVersion: 'baseline-algorithms/1', status: 'completed',
    summary: { table: { columns: ['twap', 'vwap'] } }, results,
  };
}

let ids = 0;
const fixed = { now: () => new Date('2024-05-06T07:08:09.000Z'), newId: () => `run-${++ids}` };

describe('RunStore', () => {
  it('stores a run, reads it back after reopening, and exports it as CSV and JSON', async () => {
    const file = join(dir, 'round-trip.duckdb');
    const results = [row(0), row(1, { endPrice: 99.9, vwapSlippageBps: -0.5 })];
    const a = await RunStore.open(file, fixed);
    const id = await a.saveRun(record(results));
    a.close();

    const b = await RunStore.open(file, fixed);
    try {
      const runs = await b.listRuns();
      expect(runs).toHaveLength(1);
      const { results: _r, ...meta } = record(results);
      expect(await b.getRun(id)).toEqual({ ...meta, id, created: '2024-05-06T07:08:09.000Z', resultCount: 2 });
      expect(await b.getResults(id)).toEqual(results);

      const csvPath = join(dir, 'out.csv');
      expect(await b.exportRun(id, 'csv', csvPath)).toEqual({ path: csvPath, rows: 2 });
      const lines = readFileSync(csvPath, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe(['run_id', ...RESULT_COLUMNS.map((c) => c.column)].join(','));
      expect(lines[0]).toContain('total_is_bps,delay_bps');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain(`${id},0,twap,calm@10s/seed0,"scenario calm, ""quoted""",1099511627776,10,1,2000,1500.5,0.75025,7,12,99.95,99.97,,2.0010005002501,3.5`);

      const jsonPath = join(dir, 'out.json');
      await b.exportRun(id, 'json', jsonPath);
      const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as { run: { id: string; dataHash: string; seeds: number[] }; results: ParentOrderResultRow[] };
      expect(json.run).toMatchObject({ id, dataHash: 'c'.repeat(64), seeds: [1, 2] });
      expect(json.results).toEqual(results);

      await expect(b.getRun('nope')).rejects.toThrow(/run store .*round-trip\.duckdb: no run with id "nope"/);
      await expect(b.exportRun(id, 'csv', join(dir, 'no-such-dir', 'x.csv'))).rejects.toThrow(/cannot write the export .*no-such-dir.*ENOENT/);
    } finally {
      b.close();
    }
  });

  it('refuses a corrupt file or another database, naming the file', async () => {
    const junk = join(dir, 'junk.duckdb');
    writeFileSync(junk, 'this is not a DuckDB database\n'.repeat(300));
    const e = await RunStore.open(junk).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StoreError);
    expect((e as StoreError).reason).toBe('corrupt');
    expect((e as StoreError).message).toContain(`run store ${junk}: the file is corrupt or not a DuckDB database`);

    const other = join(dir, 'other.duckdb');
    const r = spawnSync(process.execPath, ['-e', `import('@duckdb/node-api').then(async ({ DuckDBInstance }) => {
      const c = await (await DuckDBInstance.create(${JSON.stringify(other)})).connect();
      await c.run('CREATE TABLE runs (id INTEGER)'); c.closeSync(); })`], { cwd: REPO, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    await expect(RunStore.open(other)).rejects.toThrow(`run store ${other}: table runs is not the run store's (missing created`);
  });

  it('reports a database locked by another process, naming the file', async () => {
    const file = join(dir, 'locked.duckdb');
    const child = spawn(process.execPath, ['-e', `import('@duckdb/node-api').then(async ({ DuckDBInstance }) => {
      await DuckDBInstance.create(${JSON.stringify(file)}); process.stdout.write('ready\\n'); setInterval(() => {}, 1000); })`], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
        child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
      });
      const e = await RunStore.open(file).catch((x: unknown) => x);
      expect((e as StoreError).reason).toBe('locked');
      expect((e as StoreError).message).toMatch(new RegExp(`^run store ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the database is locked by another process`));
    } finally {
      child.kill();
    }
  });

  it('writes a run in one transaction: a failed save leaves nothing, and so does a crash mid-save', async () => {
    const file = join(dir, 'atomic.duckdb');
    const s = await RunStore.open(file, fixed);
    const bad = [row(0), row(1), { ...row(2), strategy: null as unknown as string }];
    await expect(s.saveRun(record(bad))).rejects.toThrow(/rolled back \(nothing was stored\): result 2 .*strategy is required/);
    await expect(s.saveRun(record([row(0), row(0)]))).rejects.toThrow(/rolled back/); // duplicate job index
    expect(await s.listRuns()).toEqual([]);
    const ok = await s.saveRun(record([row(5)]));
    s.close();

    // A process killed (SIGKILL) after the run row and two results were inserted, before COMMIT.
    const script = join(dir, 'crash.mts');
    writeFileSync(script, `
      import { writeSync } from 'node:fs';
      import { RunStore } from ${JSON.stringify(join(REPO, 'main/store/run-store.ts'))};
      const rows = ${JSON.stringify([row(10), row(11)])};
      const second = rows[1];
      Object.defineProperty(rows, 1, { get() { writeSync(1, 'inserting row 1\\n'); return second; } });
      Object.defineProperty(rows, 2, { get() { process.kill(process.pid, 'SIGKILL'); return undefined; } });
      rows.length = 4;
      const s = await RunStore.open(${JSON.stringify(file)});
      await s.saveRun({ kind: 'backtest', config: {}, seeds: [1], dataHash: 'x', engineVersion: 'e', modelVersion: 'm', status: 'completed', summary: null, results: rows });
      console.log('not reached');
    `);
    const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: REPO, encoding: 'utf8' });
    expect(r.signal, r.stderr).toBe('SIGKILL');
    expect(r.stdout).toContain('inserting row 1'); // the run row and row 0 were already inserted
    expect(r.stdout).not.toContain('not reached');

    const again = await RunStore.open(file);
    try {
      const runs = await again.listRuns();
      expect(runs.map((x) => x.id)).toEqual([ok]);
      expect(runs[0]!.resultCount).toBe(1);
    } finally {
      again.close();
    }
  }, 15_000);
});
