import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import type { MlpSpec } from '../nn/mlp-spec.js';
import { PlainMlp } from '../nn/plain-mlp.js';
import { TfMlp } from '../nn/tf-mlp.js';
import { selectTfBackend } from '../tf-backend.js';
import { checkModelMatchesEnv, loadPolicy } from './load-policy.js';
import type { ModelManifestInput } from './manifest.js';
import { saveModelFolder } from './model-folder.js';

let root: string;
beforeAll(async () => {
  await selectTfBackend();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'load-policy-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function net(spec: MlpSpec, seed: number): Float32Array[] {
  const n = new TfMlp(spec, new Rng(seed));
  const w = n.readWeights();
  n.dispose();
  return w;
}

const OBS = { size: 3, names: ['a', 'b', 'c'] };
const X = Float32Array.from([0.3, -1.2, 0.8]);

function base(over: Partial<ModelManifestInput>): ModelManifestInput {
  return { algorithm: 'ppo', config: {}, seed: 1, dataHash: null, backend: 'cpu', trainingSteps: 0, metrics: {}, observation: OBS, actionSpace: { kind: 'discrete', n: 4 }, policy: { network: 'actor', head: 'categorical' }, ...over };
}

describe('loadPolicy', () => {
  it('categorical: argmax of the logits, softmax probabilities', async () => {
    const spec: MlpSpec = { inputDim: 3, hidden: [8], outputDim: 4, activation: 'tanh', outputGain: 3 };
    const w = net(spec, 1);
    const dir = path.join(root, 'cat');
    await saveModelFolder(dir, { mlps: [{ name: 'actor', spec, weights: w }], manifest: base({}) });
    const p = await loadPolicy(dir);
    const plain = new PlainMlp(spec);
    plain.load(w);
    const logits = Array.from(plain.forward(X, 1));
    const d = p.act(X);
    expect(d.action).toBe(logits.indexOf(Math.max(...logits)));
    const z = logits.reduce((a, l) => a + Math.exp(l), 0);
    logits.forEach((l, j) => expect(d.probs![j]).toBeCloseTo(Math.exp(l) / z, 6));
    expect(p.discrete).toBe(true);
    expect(() => p.act(new Float32Array(4))).toThrow(/observation has 4 numbers, the model takes 3/);
  });

  it('dueling Q: Q = V + A − mean(A), action = argmax Q', async () => {
    const spec: MlpSpec = { inputDim: 3, hidden: [8], outputDim: 5, activation: 'relu', outputGain: 1 };
    const w = net(spec, 2);
    const dir = path.join(root, 'dq');
    await saveModelFolder(dir, { mlps: [{ name: 'q', spec, weights: w }], manifest: base({ algorithm: 'ddqn', policy: { network: 'q', head: 'dueling-q' } }) });
    const plain = new PlainMlp(spec);
    plain.load(w);
    const raw = Array.from(plain.forward(X, 1));
    const meanA = (raw[1]! + raw[2]! + raw[3]! + raw[4]!) / 4;
    const q = [0, 1, 2, 3].map((j) => raw[0]! + raw[1 + j]! - meanA);
    const d = (await loadPolicy(dir)).act(X);
    q.forEach((v, j) => expect(d.qValues![j]).toBeCloseTo(v, 6));
    expect(d.action).toBe(q.indexOf(Math.max(...q)));
  });

  it('Gaussian: the mean, clipped into the bounds', async () => {
    const spec: MlpSpec = { inputDim: 3, hidden: [8], outputDim: 2, activation: 'tanh', outputGain: 5 };
    const w = net(spec, 3);
    const dir = path.join(root, 'gauss');
    const space = { kind: 'continuous' as const, low: [0, 0], high: [0.01, 1] };
    await saveModelFolder(dir, {
      mlps: [{ name: 'actor', spec, weights: w }], tensors: [{ name: 'log_std', shape: [1, 2], values: Float32Array.from([-0.5, 0.1]) }],
      manifest: base({ actionSpace: space, policy: { network: 'actor', head: 'gaussian' } }),
    });
    const plain = new PlainMlp(spec);
    plain.load(w);
    const mean = Array.from(plain.forward(X, 1));
    const d = (await loadPolicy(dir)).act(X);
    expect(Array.from(d.mean!)).toEqual(mean);
    expect(Array.from(d.action as Float32Array)).toEqual(mean.map((m, j) => Math.fround(Math.min(space.high[j]!, Math.max(space.low[j]!, m)))));
  });

  it('refuses a head that does not fit the network', async () => {
    const spec: MlpSpec = { inputDim: 3, hidden: [8], outputDim: 4, activation: 'tanh', outputGain: 1 };
    const dir = path.join(root, 'misfit');
    await saveModelFolder(dir, { mlps: [{ name: 'q', spec, weights: net(spec, 4) }], manifest: base({ policy: { network: 'q', head: 'dueling-q' } }) });
    await expect(loadPolicy(dir)).rejects.toThrow(/network q has 4 outputs, a dueling-q head over 4 actions needs 5/);
  });
});

describe('checkModelMatchesEnv', () => {
  const m = { ...base({}), observation: { size: 22, names: Array.from({ length: 22 }, (_, i) => `f${i}`) }, format: 'slipstream-model' as const, version: { format: '1.0.0', package: '0.1.0' }, weightsSha256: '0'.repeat(64) };
  it('passes a matching env and names each field that differs', () => {
    expect(() => checkModelMatchesEnv(m, { obsDim: 22, actionSpace: { kind: 'discrete', n: 4 } })).not.toThrow();
    expect(() => checkModelMatchesEnv(m, { obsDim: 18, actionSpace: { kind: 'discrete', n: 4 } })).toThrow(/observation size 18 ≠ model's 22/);
    expect(() => checkModelMatchesEnv(m, { obsDim: 22, actionSpace: { kind: 'discrete', n: 12 } })).toThrow(/action count 12 ≠ model's 4/);
    expect(() => checkModelMatchesEnv(m, { obsDim: 22, obsNames: m.observation.names.map((n, i) => (i === 5 ? 'vol' : n)), actionSpace: { kind: 'discrete', n: 4 } })).toThrow(/observation 5 is 'vol' ≠ model's 'f5'/);
    expect(() => checkModelMatchesEnv(m, { obsDim: 22, actionSpace: { kind: 'continuous', low: [0], high: [1] } })).toThrow(/action space continuous ≠ model's discrete/);
    const c = { ...m, actionSpace: { kind: 'continuous' as const, low: [0, 0], high: [1, 1] } };
    expect(() => checkModelMatchesEnv(c, { obsDim: 22, actionSpace: { kind: 'continuous', low: Float32Array.from([0, 0]), high: Float32Array.from([1, 1]) } })).not.toThrow();
    expect(() => checkModelMatchesEnv(c, { obsDim: 22, actionSpace: { kind: 'continuous', low: [0, 0], high: [1, 2] } })).toThrow(/action high\[1\] 2 ≠ model's 1/);
  });
});
