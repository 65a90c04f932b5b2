import { Rng } from '../../kernel/rng.js';
import type { Dataset } from '../dataset.js';
import { featureNamesOf, finiteList, fitRows, readSignalFile, writeSignalFile } from './signal-file.js';
import type { SignalModel, SignalModelFactory, SignalModelOptions } from './signal-model.js';

/** Settings of the logistic regression; every one a number so it goes into manifest.json as is. */
export interface LogregParams {
  /** L2 penalty on the weights (not the intercepts), per row: loss = mean cross-entropy + l2/2 · ‖W‖². */
  l2: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

export const DEFAULT_LOGREG: LogregParams = { l2: 1e-3, epochs: 10, batchSize: 256, learningRate: 0.01 };

const FILE = 'logreg.json';
const K = 3;

/**
 * Multinomial logistic regression with an L2 penalty, in plain TypeScript: features standardised with
 * the training set's mean and standard deviation, weights from zero, mini-batch Adam over rows
 * shuffled by a seeded generator. Deterministic: same dataset + seed + params ⇒ the same weights, bit
 * for bit. Invariant: `predictProba` rows are softmax outputs (positive, sum 1).
 */
export class LogisticRegression implements SignalModel {
  readonly kind = 'logreg';
  featureNames: readonly string[] = [];
  readonly params: LogregParams;
  readonly seed: number;
  private mean = new Float64Array(0);
  private scale = new Float64Array(0);
  /** K rows of (d weights, then the intercept). */
  private W = new Float64Array(0);

  constructor(opts: SignalModelOptions) {
    this.seed = opts.seed;
    this.params = { ...DEFAULT_LOGREG, ...(opts.params as Partial<LogregParams> | undefined) };
    const p = this.params;
    if (!(p.l2 >= 0)) throw new RangeError(`l2: ${p.l2} must be ≥ 0`);
    for (const k of ['epochs', 'batchSize'] as const) {
      if (!(Number.isInteger(p[k]) && p[k] >= 1)) throw new RangeError(`${k}: ${p[k]} must be an integer ≥ 1`);
    }
    if (!(p.learningRate > 0)) throw new RangeError(`learningRate: ${p.learningRate} must be > 0`);
  }

  async fit(ds: Dataset): Promise<void> {
    const n = fitRows(ds);
    const d = ds.featureNames.length;
    this.featureNames = ds.featureNames.slice();
    this.standardiseFrom(ds.X, n, d);
    const D = d + 1;
    const W = new Float64Array(K * D);
    const m = new Float64Array(K * D);
    const v = new Float64Array(K * D);
    const g = new Float64Array(K * D);
    const x = new Float64Array(D);
    const p = new Float64Array(K);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const rng = new Rng(this.seed);
    const { l2, epochs, batchSize, learningRate } = this.params;
    const b1 = 0.9;
    const b2 = 0.999;
    let step = 0;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = n - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const tmp = order[i]!;
        order[i] = order[j]!;
        order[j] = tmp;
      }
      for (let start = 0; start < n; start += batchSize) {
        const end = Math.min(n, start + batchSize);
        g.fill(0);
        for (let r = start; r < end; r++) {
          const row = order[r]!;
          this.standardRow(ds.X, row, d, x);
          softmaxInto(W, x, D, p);
          const yc = ds.y[row]! + 1;
          for (let c = 0; c < K; c++) {
            const err = p[c]! - (c === yc ? 1 : 0);
            const o = c * D;
            for (let j = 0; j < D; j++) g[o + j]! += err * x[j]!;
          }
        }
        const inv = 1 / (end - start);
        step++;
        const c1 = 1 - Math.pow(b1, step);
        const c2 = 1 - Math.pow(b2, step);
        for (let c = 0; c < K; c++) {
          for (let j = 0; j < D; j++) {
            const k = c * D + j;
            const gk = g[k]! * inv + (j < d ? l2 * W[k]! : 0);
            m[k] = b1 * m[k]! + (1 - b1) * gk;
            v[k] = b2 * v[k]! + (1 - b2) * gk * gk;
            W[k]! -= (learningRate * (m[k]! / c1)) / (Math.sqrt(v[k]! / c2) + 1e-8);
          }
        }
      }
    }
    this.W = W;
  }

  predictProba(X: Float32Array): Float32Array {
    const d = this.featureNames.length;
    if (d === 0) throw new Error('logreg: predictProba before fit or load');
    if (X.length % d !== 0) throw new RangeError(`X: length ${X.length} is not a multiple of ${d} features`);
    const n = X.length / d;
    const out = new Float32Array(n * K);
    const x = new Float64Array(d + 1);
    const p = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      this.standardRow(X, i, d, x);
      softmaxInto(this.W, x, d + 1, p);
      out[i * K] = p[0]!;
      out[i * K + 1] = p[1]!;
      out[i * K + 2] = p[2]!;
    }
    return out;
  }

  async save(dir: string): Promise<void> {
    await writeSignalFile(dir, FILE, {
      kind: this.kind, seed: this.seed, params: this.params, featureNames: this.featureNames,
      mean: Array.from(this.mean), scale: Array.from(this.scale), weights: Array.from(this.W),
    });
  }

  /** Reads what `save` wrote; throws an Error naming the file and the field that is wrong. */
  static async load(dir: string): Promise<LogisticRegression> {
    const { path, raw, model } = await readSignalFile(dir, FILE, (seed, params) => new LogisticRegression({ seed, params }));
    const names = featureNamesOf(raw, path);
    const d = names.length;
    const nums = (field: string, len: number) => Float64Array.from(finiteList(raw, field, len, path));
    model.featureNames = names;
    model.mean = nums('mean', d);
    model.scale = nums('scale', d);
    model.W = nums('weights', K * (d + 1));
    return model;
  }

  private standardiseFrom(X: Float32Array, n: number, d: number): void {
    const mean = new Float64Array(d);
    const sq = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += X[i * d + j]!;
    for (let j = 0; j < d; j++) mean[j]! /= n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const e = X[i * d + j]! - mean[j]!;
        sq[j]! += e * e;
      }
    }
    // A constant feature keeps scale 1 (it then only shifts the intercept).
    this.scale = sq.map((s) => (s > 0 ? Math.sqrt(s / n) : 1));
    this.mean = mean;
  }

  /** Standardised row `i` of X into `x[0..d)`, with `x[d] = 1` for the intercept. */
  private standardRow(X: Float32Array, i: number, d: number, x: Float64Array): void {
    const o = i * d;
    for (let j = 0; j < d; j++) x[j] = (X[o + j]! - this.mean[j]!) / this.scale[j]!;
    x[d] = 1;
  }
}

function softmaxInto(W: Float64Array, x: Float64Array, D: number, p: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < K; c++) {
    let z = 0;
    const o = c * D;
    for (let j = 0; j < D; j++) z += W[o + j]! * x[j]!;
    p[c] = z;
    if (z > max) max = z;
  }
  let s = 0;
  for (let c = 0; c < K; c++) {
    p[c] = Math.exp(p[c]! - max);
    s += p[c]!;
  }
  for (let c = 0; c < K; c++) p[c]! /= s;
}

/** The registry's entry for logistic regression. */
export const logregFactory: SignalModelFactory = {
  kind: 'logreg',
  create: (opts) => new LogisticRegression(opts),
  load: (dir) => LogisticRegression.load(dir),
};
