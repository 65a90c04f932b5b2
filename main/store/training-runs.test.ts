import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunStore } from './run-store.js';
import { StoreError } from './store-error.js';
import { TrainingRunStore, type TrainingRunCurves, type TrainingRunRecord } from './training-runs.js';

const dir = mkdtempSync(join(tmpdir(), 'training-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rec(patch: Partial<TrainingRunRecord> = {}): TrainingRunRecord {
  return {
    algo: 'ppo', env: 'cartpole', config: { learningRate: 1e-3, hidden: [64, 64] }, seed: 2 ** 40 + 3, steps: 4096, dataHash: 'd'.repeat(64),
    backend: 'wasm', metrics: { evalMeanReturn: 187.5, evalEpisodes: 20, stepsPerSec: 1234.5 }, status: 'completed', modelPath: '/tmp/out/model',
    weightsSha256: 'e'.repeat(64), ...patch,
  };
}

let ids = 0;
const fixed = { now: () => new Date('2026-12-03T12:00:00.000Z'), newId: () => `t-${++ids}` };

describe('TrainingRunStore', () => {
  it('stores finished and cancelled runs with config, seed, data hash, backend, metrics, model path and digest; reads them back after reopening', async () => {
    const file = join(dir, 'runs.duckdb');
    const s = await TrainingRunStore.open(file, fixed);
    const a = await s.save(rec());
    const b = await s.save(rec({ algo: 'ddqn', env: 'execution', status: 'cancelled', metrics: null, seed: 7 }));
    s.close();
    const r = await TrainingRunStore.open(file);
    try {
      expect(await r.list()).toEqual([
        { id: a, created: '2026-12-03T12:00:00.000Z', ...rec() },
        { id: b, created: '2026-12-03T12:00:00.000Z', ...rec({ algo: 'ddqn', env: 'execution', status: 'cancelled', metrics: null, seed: 7 }) },
      ]);
      expect((await r.get(b)).status).toBe('cancelled');
      await expect(r.get('nope')).rejects.toThrow(/no training run with id "nope"/);
    } finally {
      r.close();
    }
  });

  it('shares a database file with the backtests\' RunStore (its own table; both keep their rows)', async () => {
    const file = join(dir, 'shared.duckdb');
    const runs = await RunStore.open(file);
    await runs.saveRun({ kind: 'backtest', config: {}, seeds: [1], dataHash: 'c'.repeat(64), engineVersion: 'e', modelVersion: 'm', status: 'completed', summary: null, results: [] });
    runs.close();
    const t = await TrainingRunStore.open(file);
    await t.save(rec());
    t.close();
    const again = await RunStore.open(file);
    expect(await again.listRuns()).toHaveLength(1);
    again.close();
    const t2 = await TrainingRunStore.open(file);
    expect(await t2.list()).toHaveLength(1);
    t2.close();
  });

  it('keeps each run\'s learning curves (validation against TWAP included) and reads them back by id, in the order asked', async () => {
    const file = join(dir, 'curves.duckdb');
    const curves: TrainingRunCurves = {
      train: [[128, -3.5], [256, -2.25]], evaluation: [[256, -2]], rate: [[128, 410.5], [256, 398]],
      validation: [
        { step: 256, agentIsBps: 4.5, twapIsBps: 6, diffBps: -1.5, ciLowBps: -2.75, ciHighBps: -0.25, n: 16 },
        { step: 512, agentIsBps: null, twapIsBps: null, diffBps: null, ciLowBps: null, ciHighBps: null, n: 0 },
      ],
    };
    const s = await TrainingRunStore.open(file, fixed);
    const a = await s.save(rec({ curves }));
    const b = await s.save(rec());
    s.close();
    const r = await TrainingRunStore.open(file);
    try {
      expect(await r.curves([b, a])).toEqual([{ runId: b, curves: null }, { runId: a, curves }]);
      // list() stays small: rows without their curves.
      expect((await r.list()).map((x) => 'curves' in x)).toEqual([false, false]);
      await expect(r.curves([a, 'nope'])).rejects.toThrow(/no training run with id "nope"/);
      await expect(r.save(rec({ curves: { ...curves, train: [[1, Number.NaN]] } }))).rejects.toThrow(/curves\.train\[0\] must be \[step, value\] with finite numbers/);
      expect(await r.list()).toHaveLength(2);
    } finally {
      r.close();
    }
  });

  it('adds the curves column to a registry written before it, keeping its rows', async () => {
    const file = join(dir, 'old.duckdb');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(file);
    const c = await inst.connect();
    await c.run(`CREATE TABLE training_runs (id VARCHAR PRIMARY KEY, created VARCHAR NOT NULL, algo VARCHAR NOT NULL, env VARCHAR NOT NULL,
      config JSON NOT NULL, seed BIGINT NOT NULL, steps BIGINT NOT NULL, data_hash VARCHAR NOT NULL, backend VARCHAR NOT NULL, metrics JSON,
      status VARCHAR NOT NULL, model_path VARCHAR NOT NULL, weights_sha256 VARCHAR NOT NULL)`);
    await c.run(`INSERT INTO training_runs VALUES ('old', '2026-01-01T00:00:00.000Z', 'ppo', 'cartpole', '{}', 1, 10, '${'d'.repeat(64)}', 'cpu', NULL, 'completed', '/m', '${'e'.repeat(64)}')`);
    c.closeSync();
    inst.closeSync();
    const s = await TrainingRunStore.open(file, fixed);
    try {
      expect((await s.list()).map((x) => x.id)).toEqual(['old']);
      expect(await s.curves(['old'])).toEqual([{ runId: 'old', curves: null }]);
      const id = await s.save(rec({ curves: { train: [[1, 2]], evaluation: [], rate: [], validation: [] } }));
      expect((await s.curves([id]))[0]!.curves!.train).toEqual([[1, 2]]);
    } finally {
      s.close();
    }
  });

  it('refuses a bad record naming the field, storing nothing; a file that is not DuckDB is a corrupt-store error naming it', async () => {
    const file = join(dir, 'bad.duckdb');
    const s = await TrainingRunStore.open(file);
    try {
      await expect(s.save(rec({ weightsSha256: 'xyz' }))).rejects.toThrow(/training runs?.*weightsSha256 must be 64 lower-case hex digits/);
      await expect(s.save(rec({ seed: -1 }))).rejects.toThrow(/seed must be a safe integer ≥ 0, got -1/);
      await expect(s.save(rec({ backend: '' }))).rejects.toThrow(/backend must be a non-empty string/);
      expect(await s.list()).toEqual([]);
    } finally {
      s.close();
    }
    const junk = join(dir, 'junk.duckdb');
    writeFileSync(junk, 'this is not a database\n'.repeat(200));
    const err = await TrainingRunStore.open(junk).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe('corrupt');
    expect((err as Error).message).toContain(`run store ${junk}:`);
  });
});
