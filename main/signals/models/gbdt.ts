import { Rng } from '../../kernel/rng.js';
import type { Dataset } from '../dataset.js';
import { binMatrix, checkTree, growTree, predictTree, quantileBins, type Tree } from './gbdt-tree.js';
import { featureNamesOf, finiteList, fitRows, readSignalFile, writeSignalFile } from './signal-file.js';
import type { SignalModel, SignalModelFactory, SignalModelOptions } from './signal-model.js';

/**
 * Settings of the gradient-boosted trees; numbers only so they go into manifest.json as they are.
 * No maintained pure-JS npm library trains multiclass GBDT (ml-xgboost is an emscripten build of a
 * 2017 XGBoost, xgboost-scorer only scores), hence this implementation.
 */
export interface GbdtParams {
  /** Most boosting rounds (each adds one tree per class). */
  rounds: number;
  learningRate: number;
  maxDepth: number;
  minLeaf: number;
  lambda: number;
  minGain: number;
  /** Histogram bins per feature (2..256). */
  bins: number;
  /** Fraction of the training rows each round draws (seeded Bernoulli). */
  subsample: number;
  /** Fraction of rows, the LAST ones in time, held out to stop early; 0 trains on all rows for `rounds`. */
  validFraction: number;
  /** Stop after this many rounds without a better validation log-loss (keeping the best round's trees). */
  earlyStopping: number;
}

export const DEFAULT_GBDT: GbdtParams = {
  rounds: 200, learningRate: 0.1, maxDepth: 4, minLeaf: 20, lambda: 1, minGain: 0, bins: 64,
  subsample: 0.8, validFraction: 0.2, earlyStopping: 15,
};

const FILE = 'gbdt.json';
const K = 3;

/**
 * Histogram-based gradient boosting with a softmax over (down, flat, up): per round one tree per
 * class on the gradient p − y and hessian p(1 − p) of the cross-entropy, on a seeded subsample of
 * rows. With `validFraction` > 0 the last rows in time are a validation fold (training rows whose
 * label window reaches into it are purged) and the model keeps the rounds up to its best validation
 * log-loss. Invariants: deterministic given dataset, seed and params; `predictProba` rows are
 * softmax outputs; `trees.length` = 3 × rounds kept, class c's tree of round r at index 3r + c.
 */
export class Gbdt implements SignalModel {
  readonly kind = 'gbdt';
  featureNames: readonly string[] = [];
  readonly params: GbdtParams;
  readonly seed: number;
  /** Log of the class priors: the starting score of every row. */
  private base = new Float64Array(K);
  private trees: Tree[] = [];
  /** Validation log-loss per round (empty without a validation fold). */
  validLoss: number[] = [];

  constructor(opts: SignalModelOptions) {
    this.seed = opts.seed;
    this.params = { ...DEFAULT_GBDT, ...(opts.params as Partial<GbdtParams> | undefined) };
    const p = this.params;
    for (const k of ['rounds', 'maxDepth', 'minLeaf', 'earlyStopping'] as const) {
      if (!(Number.isInteger(p[k]) && p[k] >= 1)) throw new RangeError(`${k}: ${p[k]} must be an integer ≥ 1`);
    }
    if (!(Number.isInteger(p.bins) && p.bins >= 2 && p.bins <= 256)) throw new RangeError(`bins: ${p.bins} must be an integer in 2..256`);
    if (!(p.learningRate > 0)) throw new RangeError(`learningRate: ${p.learningRate} must be > 0`);
    if (!(p.lambda >= 0)) throw new RangeError(`lambda: ${p.lambda} must be ≥ 0`);
    if (!(p.minGain >= 0)) throw new RangeError(`minGain: ${p.minGain} must be ≥ 0`);
    if (!(p.subsample > 0 && p.subsample <= 1)) throw new RangeError(`subsample: ${p.subsample} must be in (0, 1]`);
    if (!(p.validFraction >= 0 && p.validFraction < 1)) throw new RangeError(`validFraction: ${p.validFraction} must be in [0, 1)`);
  }

  /** Rounds kept after early stopping. */
  get roundsKept(): number {
    return this.trees.length / K;
  }

  async fit(ds: Dataset): Promise<void> {
    const n = fitRows(ds);
    const d = ds.featureNames.length;
    const p = this.params;
    const { train, valid } = splitTrainValid(ds, p.validFraction);
    if (train.length === 0) throw new RangeError(`validFraction: ${p.validFraction} leaves no training rows after purging`);
    this.featureNames = ds.featureNames.slice();
    const bins = quantileBins(ds.X, d, train, p.bins);
    const binned = binMatrix(ds.X, d, bins);
    const yc = Int8Array.from(ds.y, (v) => v + 1);
    const counts = new Float64Array(K);
    for (const i of train) counts[yc[i]!]!++;
    // Laplace-smoothed priors: a class absent from the training rows still gets a finite score.
    this.base = counts.map((c) => Math.log((c + 1) / (train.length + K)));
    const F = new Float64Array(n * K);
    for (let i = 0; i < n; i++) F.set(this.base, i * K);
    const g = Array.from({ length: K }, () => new Float64Array(n));
    const h = Array.from({ length: K }, () => new Float64Array(n));
    const prob = new Float64Array(K);
    const rng = new Rng(this.seed);
    this.trees = [];
    this.validLoss = [];
    let best = Infinity;
    let bestRounds = 0;
    const tp = { maxDepth: p.maxDepth, minLeaf: p.minLeaf, lambda: p.lambda, minGain: p.minGain, learningRate: p.learningRate };
    for (let round = 0; round < p.rounds; round++) {
      for (const i of train) {
        softmax(F, i, prob);
        for (let c = 0; c < K; c++) {
          g[c]![i] = prob[c]! - (yc[i] === c ? 1 : 0);
          h[c]![i] = Math.max(prob[c]! * (1 - prob[c]!), 1e-6);
        }
      }
      const rows = p.subsample < 1 ? Int32Array.from(train.filter(() => rng.float() < p.subsample)) : train;
      const added: Tree[] = [];
      for (let c = 0; c < K; c++) added.push(growTree(binned, d, bins.edges, g[c]!, h[c]!, rows, tp));
      this.trees.push(...added);
      for (let i = 0; i < n; i++) for (let c = 0; c < K; c++) F[i * K + c]! += predictTree(added[c]!, ds.X, i, d);
      if (valid.length === 0) continue;
      let loss = 0;
      for (const i of valid) {
        softmax(F, i, prob);
        loss -= Math.log(Math.max(prob[yc[i]!]!, 1e-15));
      }
      loss /= valid.length;
      this.validLoss.push(loss);
      if (loss < best) {
        best = loss;
        bestRounds = round + 1;
      } else if (round + 1 - bestRounds >= p.earlyStopping) break;
    }
    if (valid.length > 0) this.trees.length = bestRounds * K;
  }

  predictProba(X: Float32Array): Float32Array {
    const d = this.featureNames.length;
    if (d === 0) throw new Error('gbdt: predictProba before fit or load');
    if (X.length % d !== 0) throw new RangeError(`X: length ${X.length} is not a multiple of ${d} features`);
    const n = X.length / d;
    const out = new Float32Array(n * K);
    const F = new Float64Array(K);
    const prob = new Float64Array(K);
    for (let i = 0; i < n; i++) {
      F.set(this.base);
      for (let t = 0; t < this.trees.length; t++) F[t % K]! += predictTree(this.trees[t]!, X, i, d);
      softmax(F, 0, prob);
      out[i * K] = prob[0]!;
      out[i * K + 1] = prob[1]!;
      out[i * K + 2] = prob[2]!;
    }
    return out;
  }

  async save(dir: string): Promise<void> {
    await writeSignalFile(dir, FILE, {
      kind: this.kind, seed: this.seed, params: this.params, featureNames: this.featureNames,
      base: Array.from(this.base), validLoss: this.validLoss, trees: this.trees,
    });
  }

  /** Reads what `save` wrote; throws an Error naming the file and the field that is wrong. */
  static async load(dir: string): Promise<Gbdt> {
    const { path, raw, model } = await readSignalFile(dir, FILE, (seed, params) => new Gbdt({ seed, params }));
    const names = featureNamesOf(raw, path);
    const base = finiteList(raw, 'base', K, path);
    const trees = raw.trees;
    if (!Array.isArray(trees) || trees.length % K !== 0) throw new Error(`${path}: trees must be a list of 3 × rounds trees`);
    trees.forEach((t, i) => checkTree(t as Tree, names.length, `${path}: trees[${i}]`));
    model.featureNames = names;
    model.base = Float64Array.from(base);
    model.trees = trees as Tree[];
    model.validLoss = Array.isArray(raw.validLoss) ? (raw.validLoss as number[]) : [];
    return model;
  }
}

/**
 * Rows 0..n−v train and the last v = ⌊n · fraction⌋ validate; a training row whose label window
 * [e_i, e_i + H] reaches the first validation row's event is purged (its label sees validation data).
 */
export function splitTrainValid(ds: Dataset, fraction: number): { train: Int32Array; valid: Int32Array } {
  const n = ds.t.length;
  const v = Math.floor(n * fraction);
  if (v === 0) return { train: Int32Array.from({ length: n }, (_, i) => i), valid: new Int32Array(0) };
  const start = n - v;
  const first = ds.eventIndex[start]!;
  const train: number[] = [];
  for (let i = 0; i < start; i++) if (ds.eventIndex[i]! + ds.horizon < first) train.push(i);
  return { train: Int32Array.from(train), valid: Int32Array.from({ length: v }, (_, k) => start + k) };
}

function softmax(F: Float64Array, i: number, out: Float64Array): void {
  const o = i * K;
  const m = Math.max(F[o]!, F[o + 1]!, F[o + 2]!);
  let s = 0;
  for (let c = 0; c < K; c++) {
    out[c] = Math.exp(F[o + c]! - m);
    s += out[c]!;
  }
  for (let c = 0; c < K; c++) out[c]! /= s;
}

/** The registry's entry for gradient-boosted trees. */
export const gbdtFactory: SignalModelFactory = {
  kind: 'gbdt',
  create: (opts) => new Gbdt(opts),
  load: (dir) => Gbdt.load(dir),
};
