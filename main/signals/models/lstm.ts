import type * as Tf from '@tensorflow/tfjs-core';
import { Rng } from '../../kernel/rng.js';
import { orthogonalInit } from '../../learning/nn/init.js';
import type { Dataset } from '../dataset.js';
import {
  checkTrainParams, glorot, loadTfSignal, rowsOf, saveTfSignal, softmax3, standardize, startFit, trainSoftmaxNet,
  type NamedWeight, type Standardizer, type TrainLoopParams,
} from './mlp-tf-common.js';
import type { SignalModel, SignalModelFactory, SignalModelOptions } from './signal-model.js';

/** Settings of the LSTM signal; numbers only so they go into manifest.json as they are. */
export interface LstmParams extends TrainLoopParams {
  /** Feature rows the LSTM reads per prediction: the row itself and the window − 1 rows before it. */
  window: number;
  /** Units of the LSTM cell. */
  hidden: number;
}

export const DEFAULT_LSTM: LstmParams = { window: 8, hidden: 16, epochs: 8, batchSize: 128, learningRate: 3e-3, l2: 1e-4 };

const FILE = 'lstm.json';

/**
 * One LSTM layer over the last `window` feature rows (standardised), its final hidden state mapped
 * to softmax(down, flat, up). Causal: the prediction for row i reads rows i − window + 1 .. i of the
 * matrix it is given, and rows before the first are the training mean (zeros after standardising) —
 * never a later row. Trained on TensorFlow.js from seeded weights (Glorot input and output matrices,
 * an orthogonal recurrent matrix, forget-gate bias 1); predicts in plain TypeScript. Invariants: as
 * for the MLP (deterministic given dataset, seed, params and backend; same predictions after load).
 */
export class LstmSignal implements SignalModel {
  readonly kind = 'lstm';
  featureNames: readonly string[] = [];
  readonly params: LstmParams;
  readonly seed: number;
  private std: Standardizer = { mean: new Float64Array(0), scale: new Float64Array(0) };
  private weights: NamedWeight[] = [];

  constructor(opts: SignalModelOptions) {
    this.seed = opts.seed;
    this.params = { ...DEFAULT_LSTM, ...(opts.params as Partial<LstmParams> | undefined) };
    checkTrainParams(this.params as LstmParams & Record<string, number>, ['window', 'hidden']);
  }

  async fit(ds: Dataset): Promise<void> {
    const { d, all, std, Z, rng, yc } = startFit(ds, this.seed);
    const { window: k, hidden: H } = this.params;
    const trained = await trainSoftmaxNet({
      weights: initialWeights(d, this.params, rng),
      inputSize: k * d,
      fillInput: (row, out, o) => fillWindow(Z, d, k, row, out, o),
      logits: (tf, x, vars) => lstmLogits(tf, x, vars, k, d, H),
    }, all, yc, this.params, rng);
    this.featureNames = ds.featureNames.slice();
    this.std = std;
    this.weights = trained;
  }

  predictProba(X: Float32Array): Float32Array {
    const n = rowsOf(this.kind, X, this.featureNames.length);
    const Z = standardize(X, this.featureNames.length, this.std);
    const out = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) this.rowProba(Z, i, out, i * 3);
    return out;
  }

  /**
   * The last row's probabilities only (3 numbers): what `predictProba(X)` gives for that row, bit
   * for bit, without computing the others — an agent asking each decision needs just this.
   */
  predictLastProba(X: Float32Array): Float32Array {
    const n = rowsOf(this.kind, X, this.featureNames.length);
    const out = new Float32Array(3);
    if (n === 0) throw new RangeError('X: no rows');
    const d = this.featureNames.length;
    const k = Math.min(n, this.params.window);
    // Only the window of the last row is read (rows before it are padding either way).
    const Z = standardize(X.subarray((n - k) * d), d, this.std);
    this.rowProba(Z, k - 1, out, 0);
    return out;
  }

  /** Runs the cell over the window of standardised row i of Z and writes its softmax at out[o..o+3). */
  private rowProba(Z: Float32Array, i: number, out: Float32Array, o: number): void {
    const d = this.featureNames.length;
    const { window: k, hidden: H } = this.params;
    const [Wx, Wh, b, Wo, bo] = this.weights.map((w) => w.values) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
    const x = new Float32Array(k * d);
    const h = new Float64Array(H);
    const c = new Float64Array(H);
    const z = new Float64Array(4 * H);
    fillWindow(Z, d, k, i, x, 0);
    for (let t = 0; t < k; t++) {
      for (let u = 0; u < 4 * H; u++) {
        let s = b[u]!;
        for (let j = 0; j < d; j++) s += x[t * d + j]! * Wx[j * 4 * H + u]!;
        for (let j = 0; j < H; j++) s += h[j]! * Wh[j * 4 * H + u]!;
        z[u] = s;
      }
      for (let u = 0; u < H; u++) {
        const ig = sigmoid(z[u]!);
        const fg = sigmoid(z[H + u]!);
        const gg = Math.tanh(z[2 * H + u]!);
        const og = sigmoid(z[3 * H + u]!);
        c[u] = fg * c[u]! + ig * gg;
        h[u] = og * Math.tanh(c[u]!);
      }
    }
    const l = [0, 0, 0];
    for (let m = 0; m < 3; m++) {
      let s = bo[m]!;
      for (let j = 0; j < H; j++) s += h[j]! * Wo[j * 3 + m]!;
      l[m] = s;
    }
    softmax3(l[0]!, l[1]!, l[2]!, out, o);
  }

  async save(dir: string): Promise<void> {
    await saveTfSignal(dir, FILE, this.kind, { seed: this.seed, params: this.params, featureNames: this.featureNames, std: this.std, weights: this.weights });
  }

  /** Reads what `save` wrote; throws an Error naming the file and the field that is wrong. */
  static async load(dir: string): Promise<LstmSignal> {
    const { model, featureNames, std, weights } = await loadTfSignal(
      dir, FILE,
      (seed, params) => new LstmSignal({ seed, params }),
      (m, d) => initialWeights(d, m.params, new Rng(0)),
    );
    model.std = std;
    model.weights = weights;
    model.featureNames = featureNames;
    return model;
  }
}

/** Rows row − k + 1 .. row of Z (oldest first) at out[o ..), zeros where the row index is below 0. */
function fillWindow(Z: Float32Array, d: number, k: number, row: number, out: Float32Array, o: number): void {
  for (let t = 0; t < k; t++) {
    const r = row - k + 1 + t;
    if (r < 0) out.fill(0, o + t * d, o + (t + 1) * d);
    else out.set(Z.subarray(r * d, r * d + d), o + t * d);
  }
}

/** [Wx d×4H, Wh H×4H, b 4H, Wo H×3, bo 3]; gates in the order input, forget, cell, output. */
function initialWeights(d: number, p: LstmParams, rng: Rng): NamedWeight[] {
  const H = p.hidden;
  const b = new Float32Array(4 * H);
  // Forget-gate bias 1 (Jozefowicz et al. 2015): the cell remembers by default early in training.
  b.fill(1, H, 2 * H);
  return [
    { name: 'Wx', shape: [d, 4 * H], values: glorot(d, 4 * H, rng) },
    { name: 'Wh', shape: [H, 4 * H], values: orthogonalInit(H, 4 * H, 1, rng) },
    { name: 'b', shape: [4 * H], values: b },
    { name: 'Wo', shape: [H, 3], values: glorot(H, 3, rng) },
    { name: 'bo', shape: [3], values: new Float32Array(3) },
  ];
}

function lstmLogits(tf: typeof Tf, x: Tf.Tensor2D, vars: readonly Tf.Variable[], k: number, d: number, H: number): Tf.Tensor2D {
  const [Wx, Wh, b, Wo, bo] = vars as unknown as [Tf.Tensor2D, Tf.Tensor2D, Tf.Tensor1D, Tf.Tensor2D, Tf.Tensor1D];
  const n = x.shape[0];
  let h: Tf.Tensor2D = tf.zeros([n, H]);
  let c: Tf.Tensor2D = tf.zeros([n, H]);
  for (let t = 0; t < k; t++) {
    const xt = tf.slice(x, [0, t * d], [n, d]);
    const z = tf.add(tf.add(tf.matMul(xt, Wx), tf.matMul(h, Wh)), b);
    const [zi, zf, zg, zo] = tf.split(z, 4, 1) as [Tf.Tensor2D, Tf.Tensor2D, Tf.Tensor2D, Tf.Tensor2D];
    c = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
    h = tf.mul(tf.sigmoid(zo), tf.tanh(c));
  }
  return tf.add(tf.matMul(h, Wo), bo);
}

function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

/** The registry's entry for the LSTM signal. */
export const lstmFactory: SignalModelFactory = {
  kind: 'lstm',
  create: (opts) => new LstmSignal(opts),
  load: (dir) => LstmSignal.load(dir),
};
