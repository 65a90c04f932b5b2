import type * as Tf from '@tensorflow/tfjs-core';
import { Rng } from '../../kernel/rng.js';
import type { Dataset } from '../dataset.js';
import {
  checkTrainParams, glorot, loadTfSignal, rowsOf, saveTfSignal, softmax3, standardize, startFit, trainSoftmaxNet,
  type NamedWeight, type Standardizer, type TrainLoopParams,
} from './mlp-tf-common.js';
import type { SignalModel, SignalModelFactory, SignalModelOptions } from './signal-model.js';

/** Settings of the MLP signal; numbers only so they go into manifest.json as they are. */
export interface MlpParams extends TrainLoopParams {
  /** Units of the first hidden layer. */
  hidden1: number;
  /** Units of the second hidden layer; 0 for a single hidden layer. */
  hidden2: number;
}

export const DEFAULT_MLP: MlpParams = { hidden1: 32, hidden2: 16, epochs: 20, batchSize: 128, learningRate: 3e-3, l2: 1e-4 };

const FILE = 'mlp.json';

/**
 * A multilayer perceptron (ReLU hidden layers, softmax over down/flat/up) on standardised features,
 * trained with TensorFlow.js from seeded Glorot weights. Invariants: deterministic given dataset,
 * seed, params and backend; `predictProba` (plain TypeScript on the float32 weights) gives the same
 * numbers before and after save/load; rows are softmax outputs.
 */
export class MlpSignal implements SignalModel {
  readonly kind = 'mlp';
  featureNames: readonly string[] = [];
  readonly params: MlpParams;
  readonly seed: number;
  private std: Standardizer = { mean: new Float64Array(0), scale: new Float64Array(0) };
  private weights: NamedWeight[] = [];

  constructor(opts: SignalModelOptions) {
    this.seed = opts.seed;
    this.params = { ...DEFAULT_MLP, ...(opts.params as Partial<MlpParams> | undefined) };
    checkTrainParams(this.params as MlpParams & Record<string, number>, ['hidden1']);
    if (!(Number.isInteger(this.params.hidden2) && this.params.hidden2 >= 0)) throw new RangeError(`hidden2: ${this.params.hidden2} must be an integer ≥ 0`);
  }

  async fit(ds: Dataset): Promise<void> {
    const { d, all, std, Z, rng, yc } = startFit(ds, this.seed);
    const init = initialWeights(d, this.params, rng);
    const trained = await trainSoftmaxNet({
      weights: init,
      inputSize: d,
      fillInput: (row, out, o) => out.set(Z.subarray(row * d, row * d + d), o),
      logits: (tf, x, vars) => mlpLogits(tf, x, vars),
    }, all, yc, this.params, rng);
    this.featureNames = ds.featureNames.slice();
    this.std = std;
    this.weights = trained;
  }

  predictProba(X: Float32Array): Float32Array {
    const d = this.featureNames.length;
    const n = rowsOf(this.kind, X, d);
    const Z = standardize(X, d, this.std);
    const out = new Float32Array(n * 3);
    const layers = this.weights.length / 2;
    const widths = Array.from({ length: layers }, (_, l) => this.weights[2 * l + 1]!.values.length);
    let h = new Float64Array(Math.max(d, ...widths));
    let next = new Float64Array(h.length);
    for (let i = 0; i < n; i++) {
      let width = d;
      for (let j = 0; j < d; j++) h[j] = Z[i * d + j]!;
      for (let l = 0; l < layers; l++) {
        const W = this.weights[2 * l]!.values;
        const b = this.weights[2 * l + 1]!.values;
        const m = b.length;
        for (let k = 0; k < m; k++) {
          let s = b[k]!;
          for (let j = 0; j < width; j++) s += h[j]! * W[j * m + k]!;
          next[k] = l < layers - 1 && s < 0 ? 0 : s;
        }
        [h, next] = [next, h];
        width = m;
      }
      softmax3(h[0]!, h[1]!, h[2]!, out, i * 3);
    }
    return out;
  }

  async save(dir: string): Promise<void> {
    await saveTfSignal(dir, FILE, this.kind, { seed: this.seed, params: this.params, featureNames: this.featureNames, std: this.std, weights: this.weights });
  }

  /** Reads what `save` wrote; throws an Error naming the file and the field that is wrong. */
  static async load(dir: string): Promise<MlpSignal> {
    const { model, featureNames, std, weights } = await loadTfSignal(
      dir, FILE,
      (seed, params) => new MlpSignal({ seed, params }),
      (m, d) => initialWeights(d, m.params, new Rng(0)),
    );
    model.std = std;
    model.weights = weights;
    model.featureNames = featureNames;
    return model;
  }
}

/** [W0, b0, W1, b1, (W2, b2)]: d → hidden1 (→ hidden2) → 3, matrices Glorot from `rng`, biases 0. */
function initialWeights(d: number, p: MlpParams, rng: Rng): NamedWeight[] {
  const sizes = [d, p.hidden1, ...(p.hidden2 > 0 ? [p.hidden2] : []), 3];
  const out: NamedWeight[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const a = sizes[l]!;
    const b = sizes[l + 1]!;
    out.push({ name: `W${l}`, shape: [a, b], values: glorot(a, b, rng) });
    out.push({ name: `b${l}`, shape: [b], values: new Float32Array(b) });
  }
  return out;
}

function mlpLogits(tf: typeof Tf, x: Tf.Tensor2D, vars: readonly Tf.Variable[]): Tf.Tensor2D {
  let h: Tf.Tensor2D = x;
  const layers = vars.length / 2;
  for (let l = 0; l < layers; l++) {
    h = tf.add(tf.matMul(h, vars[2 * l] as Tf.Tensor2D), vars[2 * l + 1]!);
    if (l < layers - 1) h = tf.relu(h);
  }
  return h;
}

/** The registry's entry for the MLP signal. */
export const mlpFactory: SignalModelFactory = {
  kind: 'mlp',
  create: (opts) => new MlpSignal(opts),
  load: (dir) => MlpSignal.load(dir),
};
