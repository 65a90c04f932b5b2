import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import type { Dataset } from '../dataset.js';
import { accuracy, argmaxClass, majorityClass } from '../metrics.js';
import { Gbdt, splitTrainValid } from './gbdt.js';
import { binOf, growTree, quantileBins } from './gbdt-tree.js';
import { modelFactory } from './registry.js';

/** Rows of 4 features (a, b, two noise columns); the class is `rule(a, b)`. */
function synthetic(n: number, seed: number, rule: (a: number, b: number, rng: Rng) => number): Dataset {
  const rng = new Rng(seed);
  const X = new Float32Array(n * 4);
  const y = new Int8Array(n);
  const midRet = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal() * 3 + 50;
    X.set([a, b, rng.normal(), rng.float()], i * 4);
    y[i] = rule(a, b - 50, rng);
    midRet[i] = y[i]! * 1e-4;
  }
  return { X, featureNames: ['a', 'b', 'n1', 'n2'], t: Float64Array.from({ length: n }, (_, i) => i), midRet, y, eventIndex: Float64Array.from({ length: n }, (_, i) => i), horizon: 1 };
}

// XOR of the signs: no linear model beats chance on it.
const xor = (a: number, b: number) => (Math.abs(a) < 0.2 ? 0 : a * b > 0 ? 1 : -1);
const threshold = (a: number) => (a > 0.5 ? 1 : a < -0.5 ? -1 : 0);

async function fitted(ds: Dataset, seed: number, params?: Record<string, number>): Promise<Gbdt> {
  const m = new Gbdt({ seed, params });
  await m.fit(ds);
  return m;
}

describe('Gbdt (histogram gradient boosting, softmax over down/flat/up)', () => {
  it('learns XOR-like data far above the majority class on held-out rows', async () => {
    const train = synthetic(3000, 1, xor);
    const test = synthetic(1500, 2, xor);
    const m = await fitted(train, 3);
    const p = m.predictProba(test.X);
    for (let i = 0; i < 1500; i++) expect(p[i * 3]! + p[i * 3 + 1]! + p[i * 3 + 2]!).toBeCloseTo(1, 5);
    const naive = accuracy(test.y, new Int8Array(1500).fill(majorityClass(train.y)));
    expect(naive).toBeLessThan(0.5);
    expect(accuracy(test.y, argmaxClass(p))).toBeGreaterThan(0.9);
  });

  it('learns a threshold rule on one feature among noise, and splits on that feature first', async () => {
    const train = synthetic(2000, 4, threshold);
    const test = synthetic(1000, 5, threshold);
    const m = await fitted(train, 1);
    expect(accuracy(test.y, argmaxClass(m.predictProba(test.X)))).toBeGreaterThan(0.95);
    const body = JSON.parse(readFileSync(join(await saved(m), 'gbdt.json'), 'utf8')) as { trees: { feature: number[] }[] };
    // The first round's down and up trees split at the root on feature a (column 0).
    expect(body.trees[0]!.feature[0]).toBe(0);
    expect(body.trees[2]!.feature[0]).toBe(0);
  });

  it('is deterministic given the seed (bit for bit), and the seed matters through subsampling', async () => {
    const ds = synthetic(1500, 6, xor);
    const X = synthetic(300, 7, xor).X;
    const a = (await fitted(ds, 11, { rounds: 20 })).predictProba(X);
    const b = (await fitted(ds, 11, { rounds: 20 })).predictProba(X);
    const c = (await fitted(ds, 12, { rounds: 20 })).predictProba(X);
    expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    expect(Buffer.from(c.buffer).equals(Buffer.from(a.buffer))).toBe(false);
  });

  it('stops early on labels that are pure noise, keeping the best validation round', async () => {
    const ds = synthetic(2000, 8, (_a, _b, rng) => rng.int(3) - 1);
    const m = await fitted(ds, 1, { rounds: 200, earlyStopping: 5 });
    expect(m.roundsKept).toBeLessThan(50);
    expect(m.validLoss.length).toBe(m.roundsKept + 5);
    const kept = m.validLoss[m.roundsKept - 1]!;
    for (const l of m.validLoss) expect(l).toBeGreaterThanOrEqual(kept);
  });

  it('saves and loads through the registry: the loaded model predicts exactly the same', async () => {
    const ds = synthetic(1000, 9, xor);
    const m = await fitted(ds, 2, { rounds: 15 });
    const dir = await saved(m);
    const back = await (await modelFactory('gbdt')).load(dir);
    expect(back.featureNames).toEqual(['a', 'b', 'n1', 'n2']);
    const X = synthetic(200, 10, xor).X;
    expect(Buffer.from(back.predictProba(X).buffer).equals(Buffer.from(m.predictProba(X).buffer))).toBe(true);
  });

  it('refuses a damaged model file naming the file and field, and bad settings naming the field', async () => {
    const dir = await saved(await fitted(synthetic(400, 1, threshold), 1, { rounds: 3 }));
    const path = join(dir, 'gbdt.json');
    const body = JSON.parse(readFileSync(path, 'utf8')) as { trees: { feature: number[] }[] };
    body.trees[0]!.feature[0] = 9;
    writeFileSync(path, JSON.stringify(body));
    await expect(Gbdt.load(dir)).rejects.toThrow(/gbdt\.json: trees\[0\]: feature\[0\] = 9/);
    expect(() => new Gbdt({ seed: 1, params: { bins: 300 } })).toThrow(/bins: 300/);
    expect(() => new Gbdt({ seed: 1, params: { subsample: 0 } })).toThrow(/subsample/);
    expect(() => new Gbdt({ seed: 1, params: { validFraction: 1 } })).toThrow(/validFraction/);
  });

  it('purges training rows whose label window reaches the validation fold', () => {
    const ds = synthetic(100, 1, threshold);
    ds.horizon = 5;
    const { train, valid } = splitTrainValid(ds, 0.2);
    expect(valid[0]).toBe(80);
    expect(valid.length).toBe(20);
    // eventIndex = row: rows 75..79 have windows [i, i + 5] reaching row 80's event.
    expect(train.length).toBe(75);
    expect(train[train.length - 1]).toBe(74);
  });

  it('a tree grown on no rows with λ = 0 is one leaf adding 0 (not NaN)', () => {
    const t = growTree(new Uint8Array(4), 2, [new Float64Array([0]), new Float64Array([0])], new Float64Array(2), new Float64Array(2), new Int32Array(0),
      { maxDepth: 3, minLeaf: 1, lambda: 0, minGain: 0, learningRate: 0.1 });
    expect(t.value).toEqual([0]);
  });

  it('bins: a value falls in bin ≤ b exactly when it is ≤ edge b', () => {
    const rng = new Rng(3);
    const X = Float32Array.from({ length: 500 }, () => Math.round(rng.normal() * 4));
    const { edges } = quantileBins(X, 1, Int32Array.from({ length: 500 }, (_, i) => i), 16);
    const e = edges[0]!;
    for (let i = 1; i < e.length; i++) expect(e[i]!).toBeGreaterThan(e[i - 1]!);
    for (const v of X) {
      const b = binOf(e, v);
      for (let k = 0; k < e.length; k++) expect(b <= k).toBe(v <= e[k]!);
    }
  });
});

async function saved(m: Gbdt): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'slipstream-gbdt-'));
  await m.save(dir);
  return dir;
}
