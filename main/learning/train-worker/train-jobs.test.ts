import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingRunStore } from '../../store/training-runs.js';
import { TrainJobs, type TrainJobSummary } from './train-jobs.js';
import { trainDataHash } from './train-record.js';

const dir = mkdtempSync(join(tmpdir(), 'train-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const runner = new URL('./stand-in-runner.test-helper.ts', import.meta.url).href;

function jobs(db: string) {
  const events: string[] = [];
  const validations: unknown[] = [];
  const finished: Array<TrainJobSummary & { metrics: Record<string, number | null>; validation: unknown }> = [];
  let n = 0;
  const j = new TrainJobs({
    modelsDir: join(dir, 'models'), runner, progressEveryMs: 0, newId: () => `id${++n}`,
    onProgress: (p) => {
      events.push(`${p.jobId}:${p.steps}/${p.totalSteps}`);
      if (p.validation) validations.push(p.validation);
    },
    onFinished: (s) => finished.push(s),
    record: async (rec) => {
      const s = await TrainingRunStore.open(db);
      try {
        return await s.save(rec);
      } finally {
        s.close();
      }
    },
  });
  return { j, events, finished, validations };
}

describe('TrainJobs', () => {
  it('runs a job, lists it, reports progress and one finished event, and stores the run with config, seed, data hash, backend, metrics and model path', async () => {
    const db = join(dir, 'a.duckdb');
    const { j, events, finished } = jobs(db);
    const req = { algo: 'ppo' as const, env: 'execution' as const, steps: 256, seed: 9, scenario: 'calm', config: { ppo: { learningRate: 1e-3 } } };
    const { jobId, outDir, done } = j.start(req);
    expect(j.list()[0]).toMatchObject({ jobId, status: 'running', outDir });
    const s = await done;
    expect(s).toMatchObject({ jobId, status: 'completed', stepsDone: 256, error: null });
    expect(events).toEqual([`${jobId}:64/256`, `${jobId}:128/256`, `${jobId}:192/256`, `${jobId}:256/256`]);
    expect(finished).toHaveLength(1);
    expect(finished[0]!.metrics).toMatchObject({ threadId: expect.any(Number) });
    const store = await TrainingRunStore.open(db);
    const runs = await store.list();
    store.close();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      id: s.runId, algo: 'ppo', env: 'execution', seed: 9, steps: 256, backend: 'stand-in', status: 'completed', modelPath: outDir,
      weightsSha256: s.weightsSha256, dataHash: trainDataHash(req), config: { algo: 'ppo', env: 'execution', steps: 256, seed: 9, scenario: 'calm', config: { ppo: { learningRate: 1e-3 } } },
    });
    expect(j.list()[0]!.status).toBe('completed');
    expect(j.cancel(jobId)).toBe(false);
  }, 60_000);

  it('forwards each validation against TWAP, ends with the final one, and stores the curves and the validation metrics with the run', async () => {
    const db = join(dir, 'v.duckdb');
    const { j, finished, validations } = jobs(db);
    const { done } = j.start({ algo: 'ppo', env: 'execution', steps: 384, seed: 2, scenario: 'calm', config: { validate: true } });
    const s = await done;
    expect(validations).toEqual([128, 256, 384].map((step) => ({ step, agentIsBps: 5 - step / 128, twapIsBps: 5, diffBps: -step / 128, ciLowBps: -step / 128 - 1, ciHighBps: -step / 128 + 1, n: 8 })));
    expect(finished[0]!.validation).toEqual(validations.at(-1));
    const store = await TrainingRunStore.open(db);
    try {
      const [run] = await store.list();
      expect(run!.metrics).toMatchObject({ validationDiffBps: -3, validationTwapIsBps: 5, validationAgentIsBps: 2, validationCiLowBps: -4, validationCiHighBps: -2, validationN: 8 });
      const curves = (await store.curves([s.runId!]))[0]!.curves!;
      expect(curves.train).toEqual([64, 128, 192, 256, 320, 384].map((x) => [x, x / 64]));
      expect(curves.rate).toHaveLength(6);
      expect(curves.evaluation).toEqual([[128, 128], [256, 256], [384, 384]]);
      expect(curves.validation).toEqual(validations);
    } finally {
      store.close();
    }
  }, 60_000);

  it('a cancelled job is stored as cancelled; a failing one is not stored and says why; unreadable data fails at start naming the file', async () => {
    const db = join(dir, 'b.duckdb');
    const { j, finished } = jobs(db);
    const a = j.start({ algo: 'ddqn', env: 'cartpole', steps: 64 * 1_000_000, seed: 1, config: { spinMs: 2 } });
    await new Promise((res) => setTimeout(res, 300));
    expect(j.cancel(a.jobId)).toBe(true);
    const sa = await a.done;
    expect(sa.status).toBe('cancelled');
    expect(sa.stepsDone).toBeLessThan(64 * 1_000_000);
    const b = j.start({ algo: 'ppo', env: 'cartpole', steps: 10, seed: 1, config: { fail: 'ppo config: learningRate must be ≤ 1, got 3' } });
    // (the stand-in reads `fail` at the top level of the trainer's config, where buildTrainerConfig puts the request's config keys)
    const sb = await b.done;
    expect(sb).toMatchObject({ status: 'failed', error: 'ppo config: learningRate must be ≤ 1, got 3', runId: null });
    const c = j.start({ algo: 'ppo', env: 'cartpole', steps: 10, seed: 1 });
    expect((await c.done).status).toBe('completed');
    expect(finished.map((f) => f.status)).toEqual(['cancelled', 'failed', 'completed']);
    const store = await TrainingRunStore.open(db);
    expect((await store.list()).map((r) => r.status).sort()).toEqual(['cancelled', 'completed']);
    store.close();
    expect(() => j.start({ algo: 'ppo', env: 'execution', steps: 10, seed: 1, data: [join(dir, 'missing.csv')] })).toThrow(/missing\.csv: cannot read the data file \(ENOENT\)/);
  }, 60_000);
});

describe('buildTrainerConfig', () => {
  it('maps a request to the trainer config: cartpole, a scenario with the episode, the other config keys as written; refuses what cannot be an env', async () => {
    const { buildTrainerConfig, DEFAULT_EXECUTION_EPISODE } = await import('./trainer-config.js');
    expect(buildTrainerConfig({ algo: 'ddqn', env: 'cartpole', steps: 100, seed: 4, config: { evalEvery: 50, ddqn: { learningRate: 1e-3 } }, backend: 'cpu' }))
      .toEqual({ algo: 'ddqn', env: { kind: 'cartpole' }, steps: 100, seed: 4, evalEvery: 50, ddqn: { learningRate: 1e-3 }, backend: 'cpu' });
    const s = buildTrainerConfig({ algo: 'ppo', env: 'execution', steps: 10, seed: 1, scenario: 'calm' });
    expect(s.env).toMatchObject({ kind: 'execution', market: { kind: 'scenario', name: 'calm', forkSec: 15 }, config: DEFAULT_EXECUTION_EPISODE });
    expect(() => buildTrainerConfig({ algo: 'ppo', env: 'execution', steps: 10, seed: 1 })).toThrow(/--data DAYS .* or --scenario/);
    expect(() => buildTrainerConfig({ algo: 'ppo', env: 'cartpole', steps: 10, seed: 1, scenario: 'calm' })).toThrow(/neither a scenario nor data/);
    const bad = join(dir, 'not-a-day.csv');
    writeFileSync(bad, 'not,lobster\n');
    expect(() => buildTrainerConfig({ algo: 'ppo', env: 'execution', steps: 10, seed: 1, data: [bad] })).toThrow(/not-a-day\.csv/);
  });
});
