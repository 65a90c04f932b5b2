import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import type { Dataset } from '../dataset.js';
import { accuracy, argmaxClass, majorityClass } from '../metrics.js';
import { LogisticRegression } from './logreg.js';
import { MlpSignal } from './mlp.js';
import { modelFactory } from './registry.js';

/** XOR of the signs of two features (one far from standard scale), plus a noise column. */
function xorData(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const X = new Float32Array(n * 3);
  const y = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal() * 4 + 20;
    X.set([a, b, rng.normal()], i * 3);
    y[i] = Math.abs(a) < 0.2 ? 0 : a * (b - 20) > 0 ? 1 : -1;
  }
  const idx = Float64Array.from({ length: n }, (_, i) => i);
  return { X, featureNames: ['a', 'b', 'noise'], t: idx, midRet: Float64Array.from(y, (v) => v * 1e-4), y, eventIndex: idx.slice(), horizon: 1 };
}

const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('MlpSignal (TensorFlow.js, seeded)', () => {
  const train = xorData(2000, 1);
  const test = xorData(800, 2);

  it('learns XOR of two features on held-out rows, where logistic regression stays near the majority class', async () => {
    const m = new MlpSignal({ seed: 1, params: { epochs: 40 } });
    await m.fit(train);
    const p = m.predictProba(test.X);
    for (let i = 0; i < 800; i++) expect(p[i * 3]! + p[i * 3 + 1]! + p[i * 3 + 2]!).toBeCloseTo(1, 5);
    const naive = accuracy(test.y, new Int8Array(800).fill(majorityClass(train.y)));
    const lr = new LogisticRegression({ seed: 1 });
    await lr.fit(train);
    expect(accuracy(test.y, argmaxClass(lr.predictProba(test.X)))).toBeLessThan(naive + 0.1);
    expect(accuracy(test.y, argmaxClass(p))).toBeGreaterThan(0.85);
  }, 120_000);

  it('is deterministic given the seed (bit for bit); the seed matters; save/load predicts the same', async () => {
    const fit = async (seed: number) => {
      const m = new MlpSignal({ seed, params: { epochs: 2, hidden1: 8, hidden2: 0 } });
      await m.fit(train);
      return m;
    };
    const a = await fit(5);
    const b = await fit(5);
    const c = await fit(6);
    expect(same(b.predictProba(test.X), a.predictProba(test.X))).toBe(true);
    expect(same(c.predictProba(test.X), a.predictProba(test.X))).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'slipstream-mlp-'));
    await a.save(dir);
    const back = await (await modelFactory('mlp')).load(dir);
    expect(same(back.predictProba(test.X), a.predictProba(test.X))).toBe(true);
    // A damaged file is refused naming the file and the weight.
    const body = JSON.parse(readFileSync(join(dir, 'mlp.json'), 'utf8')) as { weights: { values: number[] }[] };
    body.weights[2]!.values.pop();
    writeFileSync(join(dir, 'mlp.json'), JSON.stringify(body));
    await expect(MlpSignal.load(dir)).rejects.toThrow(/mlp\.json: weights\[2\] \(W1\) must be 24 finite numbers/);
  }, 120_000);

  it('trains on the backend the process chose (cpu here), deterministically there too', async () => {
    const { activeBackendInfo, selectTfBackend } = await import('../../learning/tf-backend.js');
    const before = activeBackendInfo()?.name ?? 'auto';
    await selectTfBackend({ backend: 'cpu' });
    try {
      const fit = async () => {
        const m = new MlpSignal({ seed: 5, params: { epochs: 1, hidden1: 8, hidden2: 0 } });
        await m.fit(train);
        return m.predictProba(test.X);
      };
      const a = await fit();
      expect(activeBackendInfo()?.name).toBe('cpu');
      expect(same(await fit(), a)).toBe(true);
    } finally {
      await selectTfBackend({ backend: before });
    }
  }, 120_000);

  it('refuses bad settings naming the field', () => {
    expect(() => new MlpSignal({ seed: 1, params: { hidden1: 0 } })).toThrow(/hidden1: 0/);
    expect(() => new MlpSignal({ seed: 1, params: { hidden2: 1.5 } })).toThrow(/hidden2: 1.5/);
    expect(() => new MlpSignal({ seed: 1, params: { learningRate: 0 } })).toThrow(/learningRate/);
  });
});
