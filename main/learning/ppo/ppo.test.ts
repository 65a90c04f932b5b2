import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { CartPoleVecEnv } from '../cartpole/cartpole-vec-env.js';
import { evaluateCartPole, mean } from '../cartpole/evaluate.js';
import { selectTfBackend } from '../tf-backend.js';
import { logSoftmaxAt, sampleCategorical } from './categorical.js';
import { computeGae } from './gae.js';
import { Ppo } from './ppo.js';
import { resolvePpoConfig } from './ppo-config.js';

beforeAll(async () => {
  await selectTfBackend();
});

describe('computeGae', () => {
  it('matches hand-computed advantages with and without an episode end', () => {
    const adv = new Float32Array(3), ret = new Float32Array(3);
    const rewards = Float64Array.of(1, 1, 1), values = Float32Array.of(0.5, 1, 2), last = Float32Array.of(4);
    // No end: δ = [1, 1, 1]; A2 = 1, A1 = 1 + ¼·1, A0 = 1 + ¼·1.25.
    computeGae(rewards, values, Uint8Array.of(0, 0, 0), last, 1, 0.5, 0.5, adv, ret);
    expect(Array.from(adv)).toEqual([1.3125, 1.25, 1]);
    expect(Array.from(ret)).toEqual([1.8125, 2.25, 3]);
    // Episode ends with step 1: no bootstrap across it and no λ-chain through it.
    computeGae(rewards, values, Uint8Array.of(0, 1, 0), last, 1, 0.5, 0.5, adv, ret);
    expect(Array.from(adv)).toEqual([1, 0, 1]);
  });

  it('keeps envs apart in the row-major layout', () => {
    const adv = new Float32Array(4), ret = new Float32Array(4);
    // Env 0 rewards 1, env 1 rewards 0; γ = 1, λ = 1, V = 0: A = sum of the env's remaining rewards.
    computeGae(Float64Array.of(1, 0, 1, 0), new Float32Array(4), new Uint8Array(4), new Float32Array(2), 2, 1, 1, adv, ret);
    expect(Array.from(adv)).toEqual([2, 0, 1, 0]);
  });
});

describe('categorical', () => {
  it('samples in proportion to softmax(logits) and gives its log-probabilities', () => {
    const logits = [Math.log(1), Math.log(3)];
    expect(logSoftmaxAt(logits, 0, 2, 1)).toBeCloseTo(Math.log(0.75), 12);
    const rng = new Rng(5);
    let ones = 0;
    for (let i = 0; i < 20_000; i++) ones += sampleCategorical(logits, 0, 2, rng);
    expect(ones / 20_000).toBeGreaterThan(0.74 - 0.02);
    expect(ones / 20_000).toBeLessThan(0.76 + 0.02);
  });
});

describe('PPO config', () => {
  it('fills CleanRL defaults and names a bad field with its limit', () => {
    const c = resolvePpoConfig();
    expect(c).toMatchObject({ numEnvs: 4, numSteps: 128, learningRate: 2.5e-4, gamma: 0.99, gaeLambda: 0.95, clipCoef: 0.2, entCoef: 0.01, vfCoef: 0.5, maxGradNorm: 0.5 });
    expect(() => resolvePpoConfig({ clipCoef: 2 })).toThrow(/ppo config: clipCoef: .*<=1/);
    expect(() => resolvePpoConfig({ numMinibatches: 3 })).toThrow(/numMinibatches: numEnvs × numSteps must be divisible/);
    expect(() => resolvePpoConfig({ lr: 1 } as never)).toThrow(/ppo config: .*lr/);
    expect(() => new Ppo(new CartPoleVecEnv(2), { numEnvs: 4 })).toThrow(/2 environments, config numEnvs is 4/);
  });
});

describe('PPO on CartPole', () => {
  it('same seed, config and backend ⇒ the same weights bit for bit; another seed differs', () => {
    const run = (seed: number) => {
      const ppo = new Ppo(new CartPoleVecEnv(2), { seed, numEnvs: 2, numSteps: 32, numMinibatches: 2, updateEpochs: 2 });
      ppo.train(128);
      const h = ppo.weightsSha256();
      ppo.dispose();
      return h;
    };
    const a = run(3);
    expect(run(3)).toBe(a);
    expect(run(4)).not.toBe(a);
  });

  it('learning signal: 8,192 steps raise the greedy return on unseen episodes from ~10 to over 150 (seeded)', () => {
    const ppo = new Ppo(new CartPoleVecEnv(4), { seed: 1, learningRate: 1e-3 });
    const greedy = (o: Float32Array) => ppo.greedy(o);
    const before = mean(evaluateCartPole(greedy, 10));
    const stats = ppo.train(8192);
    const after = mean(evaluateCartPole(greedy, 10));
    expect(before).toBeLessThan(50);
    expect(after).toBeGreaterThan(150);
    expect(after).toBeGreaterThan(5 * before);
    // The training episodes' returns rise too (first update vs the last two).
    const late = stats.slice(-2).map((s) => s.meanEpisodeReturn);
    expect(mean(late)).toBeGreaterThan(2 * stats[0]!.meanEpisodeReturn);
    expect(stats.at(-1)!.learningRate).toBeLessThan(1e-3 / stats.length + 1e-12);
    ppo.dispose();
  }, 120_000);
});
