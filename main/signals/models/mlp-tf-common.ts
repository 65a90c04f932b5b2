import type * as Tf from '@tensorflow/tfjs-core';
import { Rng } from '../../kernel/rng.js';
import { activeBackendInfo, selectTfBackend } from '../../learning/tf-backend.js';
import type { Dataset } from '../dataset.js';
import { featureNamesOf, finiteList, fitRows, readSignalFile, writeSignalFile } from './signal-file.js';

/**
 * What the MLP and LSTM signals share: feature standardisation, seeded initial weights, the start of
 * `fit`, a softmax cross-entropy training loop on TensorFlow.js, and their saved file (write, read
 * and check).
 *
 * Training runs on TensorFlow.js (the backend the process selected already, else the best present:
 * tfjs-node, wasm or cpu);
 * prediction runs in plain TypeScript on the trained float32 weights, so a model predicts the same
 * numbers before and after save/load and on any backend, and needs no tf.js to be used.
 */

/** Standardised features are clipped to ±CLIP: a heavy-tailed column (volume ratios) cannot blow up a unit. */
export const CLIP = 10;

/** Mean and scale per column. Invariant: every scale > 0 (a constant column keeps scale 1). */
export interface Standardizer {
  mean: Float64Array;
  scale: Float64Array;
}

/** Mean and population standard deviation of each of d columns over `rows` of X. */
export function fitStandardizer(X: Float32Array, d: number, rows: ArrayLike<number>): Standardizer {
  const n = rows.length;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j]! += X[rows[r]! * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) {
      const e = X[rows[r]! * d + j]! - mean[j]!;
      sq[j]! += e * e;
    }
  }
  return { mean, scale: sq.map((s) => (s > 0 ? Math.sqrt(s / n) : 1)) };
}

/** Every row of X standardised and clipped to ±CLIP, as float32 (what both training and prediction read). */
export function standardize(X: Float32Array, d: number, s: Standardizer): Float32Array {
  const out = new Float32Array(X.length);
  for (let i = 0; i < X.length; i++) {
    const j = i % d;
    const z = (X[i]! - s.mean[j]!) / s.scale[j]!;
    out[i] = z > CLIP ? CLIP : z < -CLIP ? -CLIP : z;
  }
  return out;
}

/**
 * What `fit` of the MLP and the LSTM starts from, so both check and standardise a dataset the same
 * way. Invariants: `all` is 0 .. n − 1 with n ≥ 1; `std` is fitted on all n rows and `Z` is `ds.X`
 * standardised by it (n × d); `rng` is a fresh `Rng(seed)` nothing has drawn from yet; `yc` is the
 * class column (label + 1: 0 down, 1 flat, 2 up) that `trainSoftmaxNet` takes.
 */
export interface FitStart {
  d: number;
  all: Int32Array;
  std: Standardizer;
  Z: Float32Array;
  rng: Rng;
  yc: Uint8Array;
}

/** Checks `ds` (throws on an empty one, naming `rows`) and prepares what `FitStart` describes. */
export function startFit(ds: Dataset, seed: number): FitStart {
  const n = fitRows(ds);
  const d = ds.featureNames.length;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const std = fitStandardizer(ds.X, d, all);
  const Z = standardize(ds.X, d, std);
  return { d, all, std, Z, rng: new Rng(seed), yc: Uint8Array.from(ds.y, (v) => v + 1) };
}

/** Rows in X of a fitted or loaded model with `d` features; throws naming `kind` before fit/load, naming X when X is ragged. */
export function rowsOf(kind: string, X: Float32Array, d: number): number {
  if (d === 0) throw new Error(`${kind}: predictProba before fit or load`);
  if (X.length % d !== 0) throw new RangeError(`X: length ${X.length} is not a multiple of ${d} features`);
  return X.length / d;
}

/** A Glorot-uniform [rows × cols] matrix drawn from the seeded `rng` (never tf.js's unseeded initialisers). */
export function glorot(rows: number, cols: number, rng: Rng): Float32Array {
  const limit = Math.sqrt(6 / (rows + cols));
  return Float32Array.from({ length: rows * cols }, () => (2 * rng.float() - 1) * limit);
}

/** One named weight array with its shape. Invariant: `values.length` = product of `shape`. */
export interface NamedWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** What `trainSoftmaxNet` fits. `logits` maps a [batch × inputSize] tensor to [batch × 3]. */
export interface SoftmaxNetSpec {
  weights: NamedWeight[];
  inputSize: number;
  /** Writes the network input of training row `row` at `out[offset .. offset + inputSize)`. */
  fillInput(row: number, out: Float32Array, offset: number): void;
  logits(tf: typeof Tf, x: Tf.Tensor2D, vars: readonly Tf.Variable[]): Tf.Tensor2D;
}

/** Settings of the training loop. */
export interface TrainLoopParams {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on every weight matrix (not biases): loss = mean cross-entropy + l2/2 · Σ‖W‖². */
  l2: number;
}

/**
 * Mini-batch Adam on the softmax cross-entropy of `rows` (class columns 0..2 in `yc`), rows shuffled
 * each epoch by the seeded `rng`. Returns the trained weights (same names and shapes as given).
 * Deterministic for a given backend: same spec, rows, rng state and params ⇒ the same weights.
 */
export async function trainSoftmaxNet(spec: SoftmaxNetSpec, rows: Int32Array, yc: Uint8Array, p: TrainLoopParams, rng: Rng): Promise<NamedWeight[]> {
  // Keep a backend the process already chose (settings, --backend); otherwise pick the best present.
  if (activeBackendInfo() === null) await selectTfBackend();
  const tf = await import('@tensorflow/tfjs-core');
  // tfjs-core registers no gradients itself; tfjs-layers' Node bundle registers them all (see learning/nn/train-step.ts).
  await import('@tensorflow/tfjs-layers');
  const vars = spec.weights.map((w) => tf.variable(tf.tensor(w.values, w.shape, 'float32'), true, undefined, 'float32'));
  const matrices = vars.filter((_, i) => spec.weights[i]!.shape.length === 2 && !spec.weights[i]!.name.startsWith('b'));
  const opt = tf.train.adam(p.learningRate);
  const order = Int32Array.from(rows);
  const xb = new Float32Array(p.batchSize * spec.inputSize);
  const yb = new Float32Array(p.batchSize * 3);
  try {
    for (let epoch = 0; epoch < p.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
      for (let start = 0; start < order.length; start += p.batchSize) {
        const b = Math.min(p.batchSize, order.length - start);
        yb.fill(0);
        for (let r = 0; r < b; r++) {
          const row = order[start + r]!;
          spec.fillInput(row, xb, r * spec.inputSize);
          yb[r * 3 + yc[row]!] = 1;
        }
        tf.tidy(() => {
          const x = tf.tensor2d(xb.subarray(0, b * spec.inputSize), [b, spec.inputSize]);
          const y = tf.tensor2d(yb.subarray(0, b * 3), [b, 3]);
          opt.minimize(() => {
            let loss = tf.losses.softmaxCrossEntropy(y, spec.logits(tf, x, vars)) as Tf.Scalar;
            if (p.l2 > 0) for (const w of matrices) loss = tf.add(loss, tf.mul(p.l2 / 2, tf.sum(tf.square(w))));
            return loss;
          }, false, vars);
        });
      }
    }
    return spec.weights.map((w, i) => ({ name: w.name, shape: w.shape.slice(), values: Float32Array.from(vars[i]!.dataSync() as Float32Array) }));
  } finally {
    opt.dispose();
    for (const v of vars) v.dispose();
  }
}

/**
 * What the MLP and LSTM save in `<dir>/<kind>.json` besides their kind. Invariants (after fit or
 * load): `featureNames` is non-empty; `std` has one finite mean and one scale > 0 per feature;
 * `weights` has the names and shapes the model's initial weights for that many features have.
 */
export interface TfSignalState {
  seed: number;
  params: object;
  featureNames: readonly string[];
  std: Standardizer;
  weights: NamedWeight[];
}

/** Writes `state` to `<dir>/<file>` (one JSON line); throws `<kind>: save before fit` while it has no features. */
export async function saveTfSignal(dir: string, file: string, kind: string, state: TfSignalState): Promise<void> {
  await writeSignalFile(dir, file, {
    kind, seed: state.seed, params: state.params, featureNames: state.featureNames,
    mean: Array.from(state.std.mean), scale: Array.from(state.std.scale),
    weights: state.weights.map((w) => ({ name: w.name, shape: w.shape, values: Array.from(w.values) })),
  });
}

/**
 * Reads what `saveTfSignal` wrote to `<dir>/<file>`: `create` makes the model from the saved seed and
 * params (its constructor checks them), `expected` gives the initial weights of that model for d
 * features, the names and shapes the saved ones must have. Throws an Error naming the file and the
 * field that is wrong. The caller puts the returned state into its model.
 */
export async function loadTfSignal<M>(
  dir: string, file: string,
  create: (seed: number, params: Record<string, number>) => M,
  expected: (model: M, d: number) => NamedWeight[],
): Promise<{ model: M; featureNames: string[]; std: Standardizer; weights: NamedWeight[] }> {
  const { path, raw, model } = await readSignalFile(dir, file, create);
  const names = featureNamesOf(raw, path);
  const d = names.length;
  const std = { mean: Float64Array.from(finiteList(raw, 'mean', d, path)), scale: Float64Array.from(finiteList(raw, 'scale', d, path)) };
  if (!std.scale.every((s) => s > 0)) throw new Error(`${path}: scale must be positive`);
  const weights = readWeights(raw.weights, expected(model, d), path);
  return { model, featureNames: names, std, weights };
}

/** Checks saved weights against the expected names and shapes; errors name the file and the weight. */
export function readWeights(raw: unknown, expected: readonly NamedWeight[], path: string): NamedWeight[] {
  if (!Array.isArray(raw) || raw.length !== expected.length) throw new Error(`${path}: weights must be ${expected.length} arrays (${expected.map((w) => w.name).join(', ')})`);
  return expected.map((e, i) => {
    const w = raw[i] as { name?: unknown; values?: unknown };
    const len = e.values.length;
    if (w?.name !== e.name) throw new Error(`${path}: weights[${i}] must be named ${e.name}`);
    if (!Array.isArray(w.values) || w.values.length !== len || !w.values.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new Error(`${path}: weights[${i}] (${e.name}) must be ${len} finite numbers`);
    }
    return { name: e.name, shape: e.shape.slice(), values: Float32Array.from(w.values as number[]) };
  });
}

/** Softmax of the 3 logits z into out[o..o+3). */
export function softmax3(z0: number, z1: number, z2: number, out: Float32Array, o: number): void {
  const m = Math.max(z0, z1, z2);
  const a = Math.exp(z0 - m);
  const b = Math.exp(z1 - m);
  const c = Math.exp(z2 - m);
  const s = a + b + c;
  out[o] = a / s;
  out[o + 1] = b / s;
  out[o + 2] = c / s;
}

/** Checks the settings every TF signal shares; errors name the field and the limit. */
export function checkTrainParams(p: TrainLoopParams & Record<string, number>, intFields: readonly string[]): void {
  for (const k of ['epochs', 'batchSize', ...intFields]) {
    if (!(Number.isInteger(p[k]) && p[k]! >= 1)) throw new RangeError(`${k}: ${p[k]} must be an integer ≥ 1`);
  }
  if (!(p.learningRate > 0)) throw new RangeError(`learningRate: ${p.learningRate} must be > 0`);
  if (!(p.l2 >= 0)) throw new RangeError(`l2: ${p.l2} must be ≥ 0`);
}
