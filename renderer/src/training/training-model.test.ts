import { describe, expect, it } from 'vitest';
import { addProgress, emptyCurves, readInteger, readTrainForm, smooth } from './training-model.js';

describe('training form', () => {
  it('reads a preset with steps and seed as typed', () => {
    expect(readTrainForm({ presetId: 'execution-ppo', steps: '50,000', seed: '7' })).toEqual({
      args: { algo: 'ppo', env: 'execution', steps: 50_000, seed: 7, scenario: 'calm', config: { checkpointEvery: 1_000, evalEvery: 5_000, evalEpisodes: 16 } }, errors: {},
    });
    expect(readTrainForm({ presetId: 'cartpole-ddqn', steps: '20k', seed: '0' }).args).toEqual({ algo: 'ddqn', env: 'cartpole', steps: 20_000, seed: 0, config: { checkpointEvery: 1_000, evalEvery: 2_000, evalEpisodes: 20 } });
    // About ten evaluations whatever the budget, at least one step apart.
    expect(readTrainForm({ presetId: 'execution-ppo', steps: '64', seed: '1' }).args!.config).toMatchObject({ evalEvery: 6 });
    expect(readTrainForm({ presetId: 'execution-ppo', steps: '3', seed: '1' }).args!.config).toMatchObject({ evalEvery: 1 });
  });
  it('names the field and the limit', () => {
    const r = readTrainForm({ presetId: 'cartpole-ppo', steps: '0', seed: '3000000000' });
    expect(r.args).toBeNull();
    expect(r.errors).toEqual({ steps: 'Steps 0 must be from 1 to 1,000,000,000', seed: 'Seed 3,000,000,000 must be from 0 to 2,147,483,647' });
    expect(readTrainForm({ presetId: 'cartpole-ppo', steps: 'ten', seed: '1.5' }).errors).toEqual({ steps: 'Steps "ten" is not a whole number', seed: 'Seed "1.5" is not a whole number' });
    expect(readInteger('-3')).toBeNull();
  });
});

describe('learning curves', () => {
  it('keeps points in step order and finite values only; evaluations, steps/s and validations against TWAP when reported', () => {
    const v = (step: number, diffBps: number) => ({ step, agentIsBps: 3 + diffBps, twapIsBps: 3, diffBps, ciLowBps: diffBps - 1, ciHighBps: diffBps + 1, n: 16 });
    let c = emptyCurves();
    c = addProgress(c, 100, { episodeReturnMean: 10, evalMeanReturn: null, stepsPerSec: 400 });
    c = addProgress(c, 100, { episodeReturnMean: 11, stepsPerSec: 500 });
    c = addProgress(c, 200, { episodeReturnMean: null, evalMeanReturn: 30, stepsPerSec: Number.NaN }, v(200, -1.5));
    c = addProgress(c, 300, { episodeReturnMean: 25 }, v(200, 9));
    expect(c.train).toEqual([[100, 10], [300, 25]]);
    expect(c.evaluation).toEqual([[200, 30]]);
    expect(c.rate).toEqual([[100, 400]]);
    // A validation repeated at the same step (the finished event after the last progress) is not added twice.
    expect(c.validation).toEqual([v(200, -1.5)]);
  });
  it('smooths with a debiased EMA (first point equals the raw one; a constant stays constant)', () => {
    expect(smooth([[1, 5], [2, 5], [3, 5]])).toEqual([[1, 5], [2, 5], [3, 5]]);
    const s = smooth([[1, 0], [2, 10]], 0.5);
    expect(s[0]).toEqual([1, 0]);
    // ema = 0.5*0 + 0.5*10 = 5 after 0.25 norm… (0.5*0.5+0.5 = 0.75): 5 / 0.75.
    expect(s[1]![1]).toBeCloseTo(5 / 0.75, 12);
  });
});
