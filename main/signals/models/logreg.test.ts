import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import type { Dataset } from '../dataset.js';
import { argmaxClass, accuracy, majorityClass } from '../metrics.js';
import { LogisticRegression } from './logreg.js';
import { loadModel, saveModel, type ModelManifest } from './model-store.js';
import { MODEL_KINDS, ModelUnavailableError, modelFactory } from './registry.js';

/** A dataset whose class follows a known linear rule of the first two features, plus a noise feature. */
function synthetic(n: number, seed: number): Dataset {
  const rng = new Rng(seed);
  const X = new Float32Array(n * 3);
  const y = new Int8Array(n);
  const midRet = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal() * 5 + 10; // a feature far from standard scale
    X.set([a, b, rng.normal()], i * 3);
    const s = 2 * a - 0.4 * (b - 10) + 0.3 * rng.normal();
    y[i] = s > 0.5 ? 1 : s < -0.5 ? -1 : 0;
    midRet[i] = y[i] === 0 ? 0 : s * 1e-4;
  }
  return { X, featureNames: ['a', 'b', 'noise'], t: Float64Array.from({ length: n }, (_, i) => i), midRet, y, eventIndex: Float64Array.from({ length: n }, (_, i) => i), horizon: 1 };
}

describe('LogisticRegression', () => {
  const train = synthetic(4000, 1);
  const test = synthetic(2000, 2);

  it('learns a linear rule far better than the majority class, on held-out rows', async () => {
    const m = new LogisticRegression({ seed: 7 });
    await m.fit(train);
    const p = m.predictProba(test.X);
    expect(p.length).toBe(2000 * 3);
    for (let i = 0; i < 2000; i++) expect(p[i * 3]! + p[i * 3 + 1]! + p[i * 3 + 2]!).toBeCloseTo(1, 5);
    const acc = accuracy(test.y, argmaxClass(p));
    const naive = accuracy(test.y, new Int8Array(2000).fill(majorityClass(train.y)));
    expect(naive).toBeLessThan(0.5);
    expect(acc).toBeGreaterThan(0.85);
  });

  it('is deterministic given the seed (bit for bit) and the seed matters', async () => {
    const fit = async (seed: number) => {
      const m = new LogisticRegression({ seed, params: { epochs: 2 } });
      await m.fit(train);
      return m.predictProba(test.X);
    };
    const a = await fit(3);
    expect(Buffer.from((await fit(3)).buffer).equals(Buffer.from(a.buffer))).toBe(true);
    expect(Buffer.from((await fit(4)).buffer).equals(Buffer.from(a.buffer))).toBe(false);
  });

  it('a stronger L2 penalty shrinks the probabilities towards uniform', async () => {
    const spread = async (l2: number) => {
      const m = new LogisticRegression({ seed: 1, params: { l2, epochs: 3 } });
      await m.fit(train);
      const p = m.predictProba(test.X);
      let s = 0;
      for (const v of p) s += Math.abs(v - 1 / 3);
      return s;
    };
    expect(await spread(1)).toBeLessThan(await spread(1e-4));
  });

  it('saves with a manifest and loads through the registry, predicting exactly the same', async () => {
    const m = new LogisticRegression({ seed: 5, params: { epochs: 2 } });
    await m.fit(train);
    const dir = mkdtempSync(join(tmpdir(), 'slipstream-logreg-'));
    const manifest: ModelManifest = {
      format: 'slipstream-signal-model', version: 1, kind: 'logreg', featureNames: ['a', 'b', 'noise'],
      featureConfig: { levels: 1, rvHorizons: [10], flowHalfLife: 1, zHalfLife: 1, everyEvents: 1, everyNs: 0 },
      horizon: 1, dataHash: 'x', dataFiles: [], trainRows: 4000, trainMajorityClass: 0, seed: 5, params: {},
      validation: { mode: 'walk-forward', folds: 1, embargoRows: 0 }, metrics: null,
    };
    await saveModel(m, dir, manifest);
    const { model, manifest: back } = await loadModel(dir);
    expect(back.kind).toBe('logreg');
    expect(Array.from(model.predictProba(test.X))).toEqual(Array.from(m.predictProba(test.X)));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, horizon: 0 }));
    await expect(loadModel(dir)).rejects.toThrow(/manifest\.json: horizon/);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    writeFileSync(join(dir, 'logreg.json'), JSON.stringify({ seed: 5, featureNames: ['a'], mean: [0], scale: [1], weights: [1, 2] }));
    await expect(loadModel(dir)).rejects.toThrow(/logreg\.json: weights must be 6 finite numbers/);
  });

  it('every planned kind is available now; unknown kinds are named', async () => {
    for (const kind of MODEL_KINDS) expect((await modelFactory(kind)).kind).toBe(kind);
    await expect(modelFactory('xgb')).rejects.toThrow(ModelUnavailableError);
    await expect(modelFactory('svm')).rejects.toThrow(/unknown model "svm"/);
    expect((await modelFactory('logreg')).kind).toBe('logreg');
  });
});
