import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { selectTfBackend } from '../tf-backend.js';
import { CategoricalHead, GaussianHead } from './policy-head.js';
import { Ppo } from './ppo.js';
import { TargetEnv } from './test-target-env.js';

beforeAll(async () => {
  await selectTfBackend();
});

describe('policy heads', () => {
  it('Gaussian: the plain log-probability equals tfjs, entropy is Σ(log σ + ½ log 2πe), actions are clipped into the bounds', () => {
    const head = new GaussianHead(Float32Array.of(-1, 0), Float32Array.of(1, 5));
    head.variables[0]!.assign(tf.tensor2d([[0.3, -0.7]]));
    head.sync();
    const out = Float32Array.of(0.2, 4.9);
    const a = new Float32Array(2);
    const rng = new Rng(1);
    const lps: number[] = [], acts: number[][] = [];
    for (let i = 0; i < 4; i++) {
      lps.push(head.sample(out, 0, rng, a));
      acts.push(Array.from(a));
    }
    const { logProb, entropy } = tf.tidy(() => {
      const r = head.logProbEntropy(tf.tensor2d([...out, ...out, ...out, ...out], [4, 2]), tf.tensor2d(acts.flat(), [4, 2]));
      return { logProb: r.logProb.dataSync(), entropy: r.entropy.dataSync() };
    });
    lps.forEach((lp, i) => expect(logProb[i]).toBeCloseTo(lp, 5));
    expect(entropy[0]).toBeCloseTo(0.3 - 0.7 + 2 * (0.5 + 0.5 * Math.log(2 * Math.PI)), 5);
    const env = new Float32Array(2);
    head.toEnv(Float32Array.of(-3, 7), env, 0);
    expect(Array.from(env)).toEqual([-1, 5]);
    head.dispose();
  });

  it('categorical: the plain log-probability equals tfjs', () => {
    const head = new CategoricalHead(3);
    const out = Float32Array.of(0.5, -1, 2);
    const a = new Float32Array(1);
    const lp = head.sample(out, 0, new Rng(2), a);
    const got = tf.tidy(() => head.logProbEntropy(tf.tensor2d(out, [1, 3]), tf.tensor2d([a[0]!], [1, 1])).logProb.dataSync()[0]!);
    expect(got).toBeCloseTo(lp, 5);
  });
});

describe('PPO with the Gaussian head', () => {
  it('learns to hit a shown target: greedy squared error falls from ≥ 0.2 to < 0.02 (seeded), deterministically', () => {
    const run = () => {
      const ppo = new Ppo(new TargetEnv(4), { seed: 5, numSteps: 64, learningRate: 3e-3, hidden: [32], gamma: 0 });
      const mse = () => {
        let s = 0;
        for (let i = 0; i < 41; i++) {
          const t = -1 + i / 20;
          s += (ppo.greedyAction(Float32Array.of(t))[0]! - t) ** 2;
        }
        return s / 41;
      };
      const before = mse();
      const stats = ppo.train(64 * 4 * 40);
      const r = { before, after: mse(), first: stats[0]!.meanEpisodeReturn, last: stats.at(-1)!.meanEpisodeReturn, hash: ppo.weightsSha256(), logStd: (ppo.head as GaussianHead).logStdValues[0]! };
      ppo.dispose();
      return r;
    };
    const a = run();
    expect(a.before).toBeGreaterThan(0.2);
    expect(a.after).toBeLessThan(0.02);
    expect(a.last).toBeGreaterThan(a.first);
    // Exploration narrows as the policy improves.
    expect(a.logStd).toBeLessThan(0);
    expect(run().hash).toBe(a.hash);
  }, 120_000);
});
