import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../backtest/backtest-config.js';
import { runJobSync, type JobSpec } from '../../backtest/job-run.js';
import { DEFAULT_PARAMS } from '../../backtest/backtest-config.js';
import { joinOutcomes } from '../../backtest/outcomes.js';
import { scenarioEnvFactory } from '../env/env-paths.js';
import { judgedPathSec } from '../env/episode-recorder.js';
import { loadModelFolder } from '../model-io/index.js';
import { runTraining, type TrainingProgress } from './run-training.js';
import { judgeTwapEpisode } from './twap-episode.js';
import { judgeEpisode } from '../env/episode-judge.js';
import { ExecutionEnv } from '../env/execution-env.js';
import { evaluateGreedy } from './training-env.js';
import { validationSeeds, validationVsTwap } from './validation-vs-twap.js';

describe('validationVsTwap (the metric)', () => {
  it('pairs the episodes, means each side and the difference, with the paired bootstrap interval', () => {
    // Agent 10, 20, 30 bps against TWAP 5 on three paths; a fourth path where the agent had no IS is left out of both.
    const v = validationVsTwap(7, [10, 20, 30, null], [5, 5, 5, 100], 'x');
    expect(v).toMatchObject({ step: 7, n: 3, agentIsBps: 20, twapIsBps: 5, diffBps: 15 });
    // The differences are 5, 15, 25: every resampled mean lies in [5, 25], and the interval holds the mean.
    expect(v.ciLowBps!).toBeGreaterThanOrEqual(5);
    expect(v.ciHighBps!).toBeLessThanOrEqual(25);
    expect(v.ciLowBps!).toBeLessThan(15);
    expect(v.ciHighBps!).toBeGreaterThan(15);
    // A constant difference: a zero-width interval at it (signs: the agent cheaper = negative).
    const c = validationVsTwap(1, [1, 2, 3], [3, 4, 5], 'x');
    expect(c).toMatchObject({ diffBps: -2, ciLowBps: -2, ciHighBps: -2, n: 3 });
    // Fewer than 2 pairs: no interval.
    expect(validationVsTwap(1, [1], [2], 'x')).toMatchObject({ diffBps: -1, ciLowBps: null, ciHighBps: null, n: 1 });
    expect(validationVsTwap(1, [null], [2], 'x')).toMatchObject({ diffBps: null, n: 0 });
    expect(() => validationVsTwap(1, [1, 2], [2], 'x')).toThrow(/must be paired/);
    // Deterministic: the bootstrap has its own seed.
    expect(validationVsTwap(7, [10, 20, 30], [5, 5, 5], 'x')).toEqual(validationVsTwap(7, [10, 20, 30], [5, 5, 5], 'x'));
  });
});

describe('judgeTwapEpisode', () => {
  it('is the backtest\'s TWAP on the same path: the same IS to 1e-9 bps', () => {
    const START = 20, HORIZON = 30, SEED = 3, DURATION = judgedPathSec(START, HORIZON);
    for (const side of ['buy', 'sell'] as const) {
      const quantity = 3_000;
      const job = (strategy: 'twap' | null): JobSpec => ({
        index: 0, pathId: 'p', source: { kind: 'scenario', name: 'calm' }, seed: SEED, startSec: START, scenarioDurationSec: DURATION,
        strategy, order: { side: side === 'buy' ? 1 : -1, quantity, horizonSec: HORIZON }, params: DEFAULT_PARAMS, impact: false,
      });
      const cfg = normalizeConfig({ sources: [{ kind: 'scenario', name: 'calm' }], strategies: ['twap'], seeds: [SEED], side, quantity, horizonSec: HORIZON, startSec: [START] });
      const joined = joinOutcomes(cfg, [runJobSync(job(null)), runJobSync(job('twap'))], 2);
      const backtest = joined.outcomes[0]!;
      // 10 decisions = the backtest's default 10 slices.
      const t = judgeTwapEpisode(scenarioEnvFactory('calm', DURATION), { side, quantity, startSec: START, horizonSec: HORIZON, decisions: 10 }, SEED);
      expect(t.arrivalPrice).toBe(joined.paths[0]!.arrivalPrice);
      expect(t.filledQty).toBe(backtest.tca.filledQty);
      expect(t.isBps!).toBeCloseTo(backtest.isBps, 9);
    }
  }, 120_000);
});

describe('the validation\'s agent episodes', () => {
  it('are the greedy evaluation\'s episodes: a recording env gives the same rewards on the same seeds', () => {
    const cfg = { side: 'buy' as const, quantity: 500, startSec: 15, horizonSec: 30, decisions: 10 };
    const f = scenarioEnvFactory('calm', judgedPathSec(15, 30), 15);
    const plain = evaluateGreedy(new ExecutionEnv(f, cfg), () => 4, 4);
    const judged = validationSeeds(4).map((s) => judgeEpisode(new ExecutionEnv(f, cfg, { record: true }), s, () => 4));
    expect(judged.map((j) => j.totalReward)).toEqual(plain);
    expect(judged.every((j) => Number.isFinite(j.isBps!))).toBe(true);
  }, 120_000);
});

describe('validation against TWAP during training (execution env)', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'train-val-'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  const EPISODE = { side: 'buy', quantity: 500, startSec: 15, horizonSec: 30, decisions: 10 };
  const cfg = {
    algo: 'ppo', seed: 5, numEnvs: 2, backend: 'cpu', steps: 96, evalEvery: 32, evalEpisodes: 3,
    env: { kind: 'execution', market: { kind: 'scenario', name: 'calm', durationSec: judgedPathSec(15, 30), forkSec: 15 }, config: EPISODE },
    ppo: { numSteps: 16, numMinibatches: 2, updateEpochs: 1, hidden: [16] },
  };

  it('does not change the weights; reports the curve in progress, result, result.json and the manifest', async () => {
    const events: TrainingProgress[] = [];
    const on = await runTraining(cfg, { outDir: path.join(root, 'on'), onProgress: (p) => events.push(p) });
    const off = await runTraining({ ...cfg, evalVsTwap: false }, { outDir: path.join(root, 'off') });
    expect(on.weightsSha256).toBe(off.weightsSha256);
    expect(on.evalMeanReturn).toBe(off.evalMeanReturn);
    expect(off.validation).toBeNull();
    expect(off.validationHistory).toEqual([]);

    // One validation per evaluation (every 32 steps; PPO units of 32 steps), the last = the final one.
    expect(on.validationHistory.map((v) => v.step)).toEqual([32, 64, 96]);
    expect(on.validation).toEqual(on.validationHistory.at(-1));
    expect(events.filter((e) => e.validation).map((e) => e.validation!.step)).toEqual([32, 64, 96]);
    for (const v of on.validationHistory) {
      expect(v.n).toBe(3);
      expect(v.diffBps!).toBeCloseTo(v.agentIsBps! - v.twapIsBps!, 9);
      expect(v.ciLowBps!).toBeLessThanOrEqual(v.diffBps!);
      expect(v.ciHighBps!).toBeGreaterThanOrEqual(v.diffBps!);
    }
    // TWAP does not learn: the same on every evaluation.
    expect(new Set(on.validationHistory.map((v) => v.twapIsBps)).size).toBe(1);
    const stored = JSON.parse(fs.readFileSync(path.join(on.out, 'result.json'), 'utf8'));
    expect(stored.validation).toEqual(on.validation);
    expect(stored.validationHistory).toHaveLength(3);
    const m = (await loadModelFolder(on.out)).manifest.metrics;
    expect(m.validationDiffBps).toBe(on.validation!.diffBps);
    expect(m.validationTwapIsBps).toBe(on.validation!.twapIsBps);
    expect(m.validationN).toBe(3);
  }, 600_000);

  it('a run resumed from a checkpoint keeps its validation curve: the uninterrupted run\'s, bit for bit', async () => {
    const full = await runTraining({ ...cfg, checkpointEvery: 32 }, { outDir: path.join(root, 'ck') });
    const resumed = await runTraining({ ...cfg, checkpointEvery: 32 }, { outDir: path.join(root, 'ck-resumed'), resumeFrom: path.join(full.out, 'checkpoints', 'step-64') });
    expect(resumed.weightsSha256).toBe(full.weightsSha256);
    expect(resumed.validationHistory).toEqual(full.validationHistory);
    expect(full.validationHistory.map((v) => v.step)).toEqual([32, 64, 96]);
  }, 600_000);

  it('early-stops on validationDiffBps; refuses it, or evalVsTwap, where there is no TWAP to run', async () => {
    const r = await runTraining({ ...cfg, earlyStopping: { metric: 'validationDiffBps', patience: 1, minDelta: 1e9 } }, { outDir: path.join(root, 'early') });
    // The first validation sets the best (a gain over −∞); the next without a 1e9 bp gain stops the run.
    expect(r.status).toBe('early-stopped');
    expect(r.steps).toBe(64);
    expect(r.validationHistory.map((v) => v.step)).toEqual([32, 64]);
    const cart = { algo: 'ppo', env: { kind: 'cartpole' }, steps: 64, backend: 'cpu', evalEvery: 32 };
    await expect(runTraining({ ...cart, evalVsTwap: true }, { outDir: path.join(root, 'bad') })).rejects.toThrow(/evalVsTwap: validation against TWAP needs the execution env/);
    await expect(runTraining({ ...cart, earlyStopping: { metric: 'validationDiffBps', patience: 1 } }, { outDir: path.join(root, 'bad') })).rejects.toThrow(/earlyStopping\.metric: early stopping on validationDiffBps needs/);
  }, 600_000);
});
