import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunStore } from './run-store.js';
import { StoreError } from './store-error.js';
import { TrainingRunStore, type TrainingRunRecord } from './training-runs.js';

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
