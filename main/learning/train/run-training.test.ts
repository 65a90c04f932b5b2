import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelFolder, loadPolicy } from '../model-io/index.js';
import { CartPoleEnv } from '../cartpole/cartpole-env.js';
import { CartPoleVecEnv } from '../cartpole/cartpole-vec-env.js';
import { runTraining, type TrainingProgress } from './run-training.js';
import { evaluateGreedy } from './training-env.js';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'train-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// Small budgets: the point is exactness, not learning. Backend forced to cpu so every run here uses the same one.
const PPO = {
  algo: 'ppo', env: { kind: 'cartpole' }, steps: 1024, seed: 3, numEnvs: 2, backend: 'cpu', evalEpisodes: 3,
  ppo: { numSteps: 64, numMinibatches: 2, updateEpochs: 2, hidden: [16], learningRate: 1e-3 },
} as const;
const DDQN = {
  algo: 'ddqn', env: { kind: 'cartpole' }, steps: 1500, seed: 4, numEnvs: 2, backend: 'cpu', evalEpisodes: 3,
  // A buffer smaller than the run (the ring wraps), prioritised, 3-step returns, Polyak target.
  ddqn: { learningStarts: 200, bufferSize: 1000, batchSize: 32, prioritized: true, nStep: 3, targetUpdateInterval: 100, tau: 0.5, hidden: [32] },
} as const;

const out = (name: string) => path.join(root, name);

describe.each([['ppo', PPO, 384], ['ddqn', DDQN, 700]] as const)('%s on CartPole', (algo, base, every) => {
  it('resume from a checkpoint — or after a cancel — gives the uninterrupted run\'s weightsSha256', async () => {
    const plain = await runTraining(base, { outDir: out(`${algo}-plain`), progressEvery: 250 });
    expect(plain.status).toBe('completed');
    expect(plain.steps).toBeGreaterThanOrEqual(base.steps);
    const full = await runTraining({ ...base, checkpointEvery: every }, { outDir: out(`${algo}-full`), progressEvery: 250 });
    // Checkpointing does not perturb the run.
    expect(full.weightsSha256).toBe(plain.weightsSha256);
    const ckpts = fs.readdirSync(path.join(full.out, 'checkpoints')).sort();
    expect(ckpts.length).toBeGreaterThanOrEqual(1);
    for (const c of ckpts) {
      const resumed = await runTraining({ ...base, checkpointEvery: every }, { outDir: out(`${algo}-resumed-${c}`), resumeFrom: path.join(full.out, 'checkpoints', c), progressEvery: 250 });
      expect(resumed.resumedFrom).toContain(c);
      expect(resumed.weightsSha256).toBe(full.weightsSha256);
      expect(resumed.evalMeanReturn).toBe(full.evalMeanReturn);
    }
    // Cancel after the first checkpoint, then resume from the run folder (its latest checkpoint).
    const ac = new AbortController();
    const cancelled = await runTraining({ ...base, checkpointEvery: every }, {
      outDir: out(`${algo}-cancel`), signal: ac.signal, progressEvery: 250,
      onProgress: (p) => { if (p.step >= every) ac.abort(); },
    });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.steps).toBeLessThan(base.steps);
    const stored = JSON.parse(fs.readFileSync(path.join(cancelled.out, 'result.json'), 'utf8'));
    expect(stored.status).toBe('cancelled');
    expect((await loadModelFolder(cancelled.out)).manifest.trainingSteps).toBe(cancelled.steps);
    const after = await runTraining({ ...base, checkpointEvery: every }, { outDir: out(`${algo}-cancel`), resumeFrom: out(`${algo}-cancel`), progressEvery: 250 });
    expect(after.status).toBe('completed');
    expect(after.weightsSha256).toBe(full.weightsSha256);
    // A different seed gives different weights (the hash is not constant).
    const other = await runTraining({ ...base, seed: base.seed + 1 }, { outDir: out(`${algo}-other`) });
    expect(other.weightsSha256).not.toBe(full.weightsSha256);
  }, 300_000);
});

describe('runTraining', () => {
  it('writes a model folder whose policy plays as the trained one: the same greedy returns on the unseen seeds', async () => {
    const events: TrainingProgress[] = [];
    const r = await runTraining({ ...PPO, evalEvery: 256 }, { outDir: out('model'), onProgress: (p) => events.push(p) });
    const m = await loadModelFolder(r.out);
    expect(m.manifest.weightsSha256).toBe(r.weightsSha256);
    expect(m.manifest.algorithm).toBe('ppo');
    expect(m.manifest.observation).toEqual({ size: 4, names: ['x', 'xDot', 'theta', 'thetaDot'] });
    expect(m.manifest.actionSpace).toEqual({ kind: 'discrete', n: 2 });
    expect(m.manifest.backend).toBe('cpu');
    expect(m.manifest.metrics.evalMeanReturn).toBe(r.evalMeanReturn);
    const policy = await loadPolicy(r.out);
    const returns = evaluateGreedy(new CartPoleEnv(), (o) => policy.act(o).action, 3);
    expect(returns.reduce((a, b) => a + b, 0) / 3).toBe(r.evalMeanReturn);
    // Progress: one event per update, steps rising to the total, evaluations every 256 steps.
    expect(events.map((e) => e.step)).toEqual([128, 256, 384, 512, 640, 768, 896, 1024]);
    expect(events.at(-1)!.fraction).toBe(1);
    expect(events.filter((e) => e.evalMeanReturn !== undefined).map((e) => e.step)).toEqual([256, 512, 768, 1024]);
    for (const e of events) {
      expect(Number.isFinite(e.losses.policy!) && Number.isFinite(e.losses.value!) && Number.isFinite(e.entropy!) && Number.isFinite(e.approxKl!)).toBe(true);
      expect(e.losses.q).toBeNull();
      expect(e.stepsPerSec).toBeGreaterThan(0);
    }
    expect(r.evalHistory.map((h) => h.step)).toEqual([256, 512, 768, 1024]);
    const stored = JSON.parse(fs.readFileSync(path.join(r.out, 'result.json'), 'utf8'));
    expect(stored.weightsSha256).toBe(r.weightsSha256);
    expect(stored.status).toBe('completed');
  }, 120_000);

  it('stops early when the evaluation stops improving by minDelta for `patience` evaluations', async () => {
    const r = await runTraining({ ...PPO, evalEvery: 128, earlyStopping: { patience: 2, minDelta: 1e9 } }, { outDir: out('early') });
    // The first evaluation sets the best (gain over −∞); two more without a 1e9 gain stop the run.
    expect(r.status).toBe('early-stopped');
    expect(r.steps).toBe(384);
    expect(r.evalHistory).toHaveLength(3);
  }, 120_000);

  it('validates the config, naming the field and its limit', async () => {
    await expect(runTraining({ ...PPO, steps: 0 }, { outDir: out('bad') })).rejects.toThrow(/training config: steps: .*>=1/);
    await expect(runTraining({ ...PPO, ppo: { ...PPO.ppo, clipCoef: 3 } }, { outDir: out('bad') })).rejects.toThrow(/training config: ppo\.clipCoef: .*<=1/);
    await expect(runTraining({ ...PPO, ppo: { seed: 2 } }, { outDir: out('bad') })).rejects.toThrow(/ppo\.seed: set it at the top level/);
    await expect(runTraining({ ...PPO, earlyStopping: { patience: 2 } }, { outDir: out('bad') })).rejects.toThrow(/earlyStopping: early stopping needs evalEvery > 0/);
    await expect(runTraining({ ...PPO, env: { kind: 'pong' } }, { outDir: out('bad') })).rejects.toThrow(/training config: env/);
    await expect(runTraining({ ...PPO, ddqn: {} }, { outDir: out('bad') })).rejects.toThrow(/algo: only the chosen algorithm's section/);
    await expect(runTraining({ ...PPO, backend: 'gpu' }, { outDir: out('bad') })).rejects.toThrow(/backend/);
  });

  it('DDQN progress carries the Q loss; an env that cannot be saved gives checkpoints that refuse to resume, saying why', async () => {
    const events: TrainingProgress[] = [];
    // An env factory whose batch has no snapshot/restore (e.g. another process's envs).
    const makeEnv = () => ({
      batch: (n: number) => new CartPoleVecEnv(n), single: () => new CartPoleEnv(), obsNames: ['x', 'xDot', 'theta', 'thetaDot'], dataHash: null,
    });
    const r = await runTraining({ ...DDQN, steps: 600, checkpointEvery: 300 }, { outDir: out('nosnap'), makeEnv, progressEvery: 200, onProgress: (p) => events.push(p) });
    // One event per 200 steps, and one where a slice ends at the checkpoint.
    expect(events.map((e) => e.step)).toEqual([200, 300, 400, 600]);
    expect(events.filter((e) => e.step === 400 || e.step === 600).every((e) => Number.isFinite(e.losses.q!) && e.losses.policy === null)).toBe(true);
    expect((await loadModelFolder(r.out)).manifest.policy).toEqual({ network: 'q', head: 'dueling-q' });
    await expect(runTraining({ ...DDQN, steps: 600, checkpointEvery: 300 }, { outDir: out('nosnap2'), makeEnv, resumeFrom: out('nosnap') })).rejects.toThrow(/step-300: the checkpoint holds no env state/);
  }, 120_000);

  it('refuses to resume with a different config, naming the field', async () => {
    await runTraining({ ...PPO, steps: 256, checkpointEvery: 128 }, { outDir: out('cfg') });
    await expect(runTraining({ ...PPO, steps: 512, checkpointEvery: 128 }, { outDir: out('cfg2'), resumeFrom: out('cfg') })).rejects.toThrow(/resume: config field steps 512 ≠ the checkpoint's 256/);
    await expect(runTraining({ ...PPO, steps: 256 }, { outDir: out('cfg3'), resumeFrom: out('nowhere') })).rejects.toThrow(/no state\.json and no checkpoints\/ folder/);
  }, 120_000);
});
