import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { ProgressThrottle } from './progress-throttle.js';
import { TrainingJob } from './train-job.js';
import type { TrainingProgress } from './training-runner.js';

const dir = mkdtempSync(join(tmpdir(), 'train-job-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const runner = new URL('./stand-in-runner.test-helper.ts', import.meta.url).href;

describe('TrainingJob (worker thread)', () => {
  it('runs the trainer in its own worker thread, forwards progress (throttled, last one included) and resolves completed with its outcome', async () => {
    const seen: TrainingProgress[] = [];
    const out = join(dir, 'ok');
    const job = TrainingJob.start({ steps: 64 * 50 }, { outDir: out, runner, progressEveryMs: 60_000, onProgress: (p) => seen.push(p) });
    const r = await job.result;
    expect(r.status).toBe('completed');
    if (r.status !== 'completed') return;
    expect(r.outcome.steps).toBe(3200);
    expect(r.outcome.isMainThread).toBe(false);
    expect(r.outcome.threadId).not.toBe(threadId);
    expect(JSON.parse(readFileSync(join(out, 'stand-in.json'), 'utf8'))).toMatchObject({ steps: 3200, isMainThread: false });
    // 50 events, one per minute at most: the first and the last one come through.
    expect(seen.map((p) => p.step)).toEqual([64, 3200]);
  }, 60_000);

  it('never throttles away an event that carries an evaluation or a validation against TWAP (each is a point of the curves)', async () => {
    const seen: TrainingProgress[] = [];
    const job = TrainingJob.start({ steps: 64 * 10, validate: true }, { outDir: join(dir, 'val'), runner, progressEveryMs: 60_000, onProgress: (p) => seen.push(p) });
    expect((await job.result).status).toBe('completed');
    // The first event, every one with a validation (every 128 steps), and the last.
    expect(seen.map((p) => p.step)).toEqual([64, 128, 256, 384, 512, 640]);
    expect(seen.filter((p) => p.validation).map((p) => p.step)).toEqual([128, 256, 384, 512, 640]);
  }, 60_000);

    it('cancel stops a run that is busy in synchronous stretches; it ends cancelled with the steps done', async () => {
    let job: TrainingJob | null = null;
    const seen: number[] = [];
    job = TrainingJob.start({ steps: 64 * 100_000, spinMs: 5 }, {
      outDir: join(dir, 'cancel'), runner, progressEveryMs: 0,
      onProgress: (p) => {
        seen.push(p.step);
        if (seen.length === 3) job!.cancel();
      },
    });
    const r = await job.result;
    expect(r.status).toBe('cancelled');
    if (r.status !== 'cancelled') return;
    expect(r.outcome!.status).toBe('cancelled');
    expect(r.outcome!.steps).toBeGreaterThanOrEqual(3 * 64);
    expect(r.outcome!.steps).toBeLessThan(64 * 100_000);
  }, 60_000);

  it('a trainer error ends the job failed with its message; a missing runner too', async () => {
    const r = await TrainingJob.start({ steps: 10, fail: 'config: numEnvs must be ≤ 4096, got 5000' }, { outDir: join(dir, 'f'), runner }).result;
    expect(r).toEqual({ status: 'failed', error: 'config: numEnvs must be ≤ 4096, got 5000' });
    const m = await TrainingJob.start({ steps: 10 }, { outDir: join(dir, 'g'), runner: new URL('./no-such-runner.ts', import.meta.url).href }).result;
    expect(m.status).toBe('failed');
    if (m.status === 'failed') expect(m.error).toMatch(/no-such-runner/);
  }, 60_000);
});

describe('ProgressThrottle', () => {
  it('passes the first event, then at most one per interval, and forced ones always', () => {
    let t = 0;
    const th = new ProgressThrottle(100, () => t);
    const got: boolean[] = [];
    for (const [at, force] of [[0, false], [50, false], [99, false], [100, false], [150, true], [160, false], [260, false]] as const) {
      t = at;
      got.push(th.pass(force));
    }
    expect(got).toEqual([true, false, false, true, true, false, true]);
  });
});

describe('TrainingJob with the real trainer', () => {
  it('trains CartPole in the worker with main/learning/train/run-training and gives the same weights as the same run on this thread', async () => {
    const config = { algo: 'ppo', env: { kind: 'cartpole' }, steps: 512, seed: 5, numEnvs: 4, ppo: { numSteps: 64 }, evalEpisodes: 3, backend: 'cpu' };
    const r = await TrainingJob.start(config, { outDir: join(dir, 'real-worker') }).result;
    expect(r.status).toBe('completed');
    if (r.status !== 'completed') return;
    const { runTraining } = await import('../train/run-training.js');
    const here = await runTraining(config, { outDir: join(dir, 'real-here') });
    expect(r.outcome.steps).toBe(512);
    expect(r.outcome.weightsSha256).toBe(here.weightsSha256);
  }, 120_000);
});
