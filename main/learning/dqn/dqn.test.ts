import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { CartPoleVecEnv } from '../cartpole/cartpole-vec-env.js';
import { evaluateCartPole, mean } from '../cartpole/evaluate.js';
import { selectTfBackend } from '../tf-backend.js';
import { Dqn } from './dqn.js';
import { resolveDqnConfig } from './dqn-config.js';
import { NStepAccumulator, type NStepTransition } from './n-step.js';
import { qPlain, qTf } from './q-head.js';
import { ReplayBuffer } from './replay-buffer.js';
import { SumTree } from './sum-tree.js';

beforeAll(async () => {
  await selectTfBackend();
});

const o = (v: number) => Float32Array.of(v);

describe('NStepAccumulator', () => {
  it('emits n-step returns while running and flushes partial ones at the end', () => {
    const out: NStepTransition[] = [];
    const acc = new NStepAccumulator(3, 0.5);
    const emit = (t: NStepTransition) => out.push(t);
    acc.push(o(0), 0, 1, o(1), false, false, emit);
    acc.push(o(1), 1, 2, o(2), false, false, emit);
    expect(out).toHaveLength(0);
    acc.push(o(2), 0, 4, o(3), false, false, emit);
    // s0: 1 + ½·2 + ¼·4 = 3, bootstraps from s3 with γ³.
    expect(out[0]).toMatchObject({ action: 0, ret: 3, discount: 0.125 });
    expect(out[0]!.obs[0]).toBe(0);
    expect(out[0]!.nextObs[0]).toBe(3);
    // Terminated on the next step: s1, s2, s3 flush with discount 0.
    acc.push(o(3), 1, 8, o(99), true, true, emit);
    expect(out.map((t) => [t.obs[0], t.ret, t.discount])).toEqual([[0, 3, 0.125], [1, 2 + 2 + 2, 0], [2, 4 + 4, 0], [3, 8, 0]]);
    // Truncated: bootstrap from the final observation with γ^m.
    out.length = 0;
    acc.push(o(5), 0, 1, o(6), false, false, emit);
    acc.push(o(6), 0, 1, o(7), false, true, emit);
    expect(out.map((t) => [t.obs[0], t.ret, t.discount, t.nextObs[0]])).toEqual([[5, 1.5, 0.25, 7], [6, 1, 0.5, 7]]);
  });
});

describe('SumTree and prioritised replay', () => {
  it('finds leaves by prefix sum', () => {
    const t = new SumTree(5);
    [1, 0, 2, 3, 4].forEach((p, i) => t.set(i, p));
    expect(t.total).toBe(10);
    expect([0, 0.99, 1, 2.99, 3, 5.99, 6, 9.99].map((u) => t.find(u))).toEqual([0, 0, 2, 2, 3, 3, 4, 4]);
    expect(() => t.set(0, -1)).toThrow(/≥ 0/);
  });

  it('samples in proportion to priority^α and weights by (N·P)^−β normalised to max 1', () => {
    const buf = new ReplayBuffer(4, 1, 1);
    for (let i = 0; i < 4; i++) buf.add({ obs: o(i), action: 0, ret: i, nextObs: o(i), discount: 0 });
    buf.updatePriorities(Int32Array.of(0, 1, 2, 3), [1, 1, 1, 5], 0);
    const rng = new Rng(1);
    const counts = [0, 0, 0, 0];
    let w3 = 0, w0 = 0;
    for (let r = 0; r < 500; r++) {
      const s = buf.sample(8, rng, 1);
      s.indices.forEach((i, b) => {
        counts[i]!++;
        if (i === 3) w3 = s.weights[b]!;
        if (i === 0) w0 = s.weights[b]!;
      });
    }
    expect(counts[3]! / 4000).toBeCloseTo(5 / 8, 1);
    expect(counts[0]! / 4000).toBeCloseTo(1 / 8, 1);
    // (N·P)^−1: slot 0 has P = 1/8, slot 3 P = 5/8 ⇒ weights 1 and 1/5.
    expect(w0).toBeCloseTo(1, 6);
    expect(w3).toBeCloseTo(0.2, 6);
  });
});

describe('dueling Q head', () => {
  it('plain and tfjs give Q = V + A − mean(A)', () => {
    const raw = Float32Array.of(1, 2, 4, -3, 0, 6);
    const got = qPlain(raw, 2, 2, true, new Float32Array(4));
    expect(Array.from(got)).toEqual([1 - 1, 1 + 1, -3 - 3, -3 + 3]);
    const t = tf.tidy(() => qTf(tf.tensor2d(raw, [2, 3]), 2, true).dataSync());
    expect(Array.from(t)).toEqual(Array.from(got));
  });
});

describe('DQN config', () => {
  it('names the bad field and its limit', () => {
    expect(resolveDqnConfig()).toMatchObject({ double: true, dueling: true, nStep: 3, gamma: 0.99, maxGradNorm: 10, tau: 1 });
    expect(() => resolveDqnConfig({ tau: 0 })).toThrow(/dqn config: tau: .*>0/);
    expect(() => resolveDqnConfig({ startEpsilon: 0.1, endEpsilon: 0.5 })).toThrow(/endEpsilon: endEpsilon must be ≤ startEpsilon/);
    expect(() => resolveDqnConfig({ batchSize: 1.5 })).toThrow(/batchSize/);
  });
});

describe('Double DQN on CartPole', () => {
  it('same seed, config and backend ⇒ the same weights bit for bit (uniform and prioritised, Polyak), another seed differs', () => {
    const run = (seed: number, prioritized: boolean) => {
      const dqn = new Dqn(new CartPoleVecEnv(2), { seed, numEnvs: 2, learningStarts: 64, batchSize: 16, hidden: [16], prioritized, tau: 0.5, targetUpdateInterval: 20 });
      dqn.train(200);
      const h = dqn.weightsSha256();
      dqn.dispose();
      return h;
    };
    for (const per of [false, true]) {
      const a = run(3, per);
      expect(run(3, per)).toBe(a);
      expect(run(4, per)).not.toBe(a);
    }
  });

  it('ε decays linearly over explorationFraction of the run', () => {
    const dqn = new Dqn(new CartPoleVecEnv(1), { startEpsilon: 1, endEpsilon: 0.1, explorationFraction: 0.5 });
    expect([0, 250, 500, 900].map((s) => dqn.epsilonAt(s, 1000))).toEqual([1, 0.55, 0.1, 0.1]);
    dqn.dispose();
  });

  it('learning signal: 5,000 steps raise the training return several-fold and the greedy return on unseen episodes past 100 (seeded)', () => {
    const dqn = new Dqn(new CartPoleVecEnv(1), { seed: 1, learningStarts: 500, learningRate: 1e-3, hidden: [64, 64], targetUpdateInterval: 250, explorationFraction: 0.2, trainFreq: 2 });
    const greedy = (x: Float32Array) => dqn.greedy(x);
    const before = mean(evaluateCartPole(greedy, 10));
    const progress = dqn.train(5000);
    const after = mean(evaluateCartPole(greedy, 10));
    expect(progress.at(-1)!.meanEpisodeReturn).toBeGreaterThan(3 * progress[0]!.meanEpisodeReturn);
    expect(after).toBeGreaterThan(100);
    expect(after).toBeGreaterThan(2 * before);
    dqn.dispose();
  }, 180_000);
});
