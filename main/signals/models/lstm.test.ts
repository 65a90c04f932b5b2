import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import type { Dataset } from '../dataset.js';
import { accuracy, argmaxClass } from '../metrics.js';
import { LstmSignal } from './lstm.js';
import { MlpSignal } from './mlp.js';
import { modelFactory } from './registry.js';

const LAG = 3;

/** The class of row i is the sign of feature a of row i − LAG: only a model that remembers can learn it. */
function laggedData(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const X = new Float32Array(n * 2);
  const y = new Int8Array(n);
  for (let i = 0; i < n; i++) X.set([rng.normal(), rng.normal()], i * 2);
  for (let i = 0; i < n; i++) y[i] = i < LAG ? 0 : X[(i - LAG) * 2]! > 0 ? 1 : -1;
  const idx = Float64Array.from({ length: n }, (_, i) => i);
  return { X, featureNames: ['a', 'noise'], t: idx, midRet: Float64Array.from(y, (v) => v * 1e-4), y, eventIndex: idx.slice(), horizon: 1 };
}

const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('LstmSignal (TensorFlow.js, a window of past rows)', () => {
  const train = laggedData(1500, 1);
  const test = laggedData(600, 2);

  it('learns a label that depends on a row 3 steps back, which a per-row MLP cannot', async () => {
    const m = new LstmSignal({ seed: 1, params: { window: 5, hidden: 8, epochs: 20, learningRate: 0.01 } });
    await m.fit(train);
    const acc = accuracy(test.y, argmaxClass(m.predictProba(test.X)));
    const mlp = new MlpSignal({ seed: 1, params: { epochs: 5, hidden1: 8, hidden2: 0 } });
    await mlp.fit(train);
    expect(accuracy(test.y, argmaxClass(mlp.predictProba(test.X)))).toBeLessThan(0.6);
    expect(acc).toBeGreaterThan(0.85);
  }, 180_000);

  it('is causal: changing later rows leaves every earlier prediction unchanged bit for bit', async () => {
    const m = new LstmSignal({ seed: 2, params: { window: 4, hidden: 4, epochs: 1 } });
    await m.fit(laggedData(300, 3));
    const X = test.X.slice();
    const before = m.predictProba(X);
    const cut = 300;
    for (let i = cut * 2; i < X.length; i++) X[i] = -X[i]! * 3 + 1;
    const after = m.predictProba(X);
    expect(same(after.subarray(0, cut * 3), before.subarray(0, cut * 3))).toBe(true);
    expect(same(after.subarray(cut * 3), before.subarray(cut * 3))).toBe(false);
    // The last row alone, from its window, is the same as in the full prediction.
    for (const i of [0, 2, 3, 150, 599]) {
      const lo = Math.max(0, i - 3);
      expect(same(m.predictLastProba(X.subarray(lo * 2, (i + 1) * 2)), after.subarray(i * 3, i * 3 + 3))).toBe(true);
    }
  }, 60_000);

  it('is deterministic given the seed; save/load through the registry predicts the same', async () => {
    const fit = async (seed: number) => {
      const m = new LstmSignal({ seed, params: { window: 3, hidden: 4, epochs: 1 } });
      await m.fit(laggedData(400, 4));
      return m;
    };
    const a = await fit(7);
    const b = await fit(7);
    const c = await fit(8);
    expect(same(b.predictProba(test.X), a.predictProba(test.X))).toBe(true);
    expect(same(c.predictProba(test.X), a.predictProba(test.X))).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'slipstream-lstm-'));
    await a.save(dir);
    const back = await (await modelFactory('lstm')).load(dir);
    expect(same(back.predictProba(test.X), a.predictProba(test.X))).toBe(true);
    expect(() => new LstmSignal({ seed: 1, params: { window: 0 } })).toThrow(/window: 0 must be an integer ≥ 1/);
  }, 60_000);
});
