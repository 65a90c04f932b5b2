import { layerSizes, type MlpSpec } from './mlp-spec.js';

/**
 * The forward pass of an `MlpSpec` network in plain TypeScript over Float32Arrays, for acting:
 * at small batches it beats a TensorFlow.js call by an order of magnitude (see the `learning`
 * benchmark). Weights are loaded from the trained tfjs model (`TfMlp.readWeights`) after each
 * update, in the same layout [W0 (in × out, row-major), b0, W1, b1, …]; they are stored
 * transposed so the inner loop reads contiguous memory. Sums run in float64 and round to
 * float32 per layer (tfjs sums in float32: outputs agree to ~1e-6, tested to 1e-5).
 * Invariant: `forward` is a pure function of the loaded weights and the input.
 */
export class PlainMlp {
  readonly sizes: number[];
  private readonly wT: Float32Array[];
  private readonly b: Float32Array[];
  private readonly relu: boolean;
  private bufs: Float32Array[] = [];
  private bufBatch = 0;

  constructor(readonly spec: MlpSpec) {
    this.sizes = layerSizes(spec);
    this.relu = spec.activation === 'relu';
    this.wT = [];
    this.b = [];
    for (let l = 0; l + 1 < this.sizes.length; l++) {
      this.wT.push(new Float32Array(this.sizes[l]! * this.sizes[l + 1]!));
      this.b.push(new Float32Array(this.sizes[l + 1]!));
    }
  }

  /** Loads [W0, b0, W1, b1, …] (W in × out row-major, as tfjs holds them). */
  load(weights: readonly Float32Array[]): void {
    if (weights.length !== 2 * this.wT.length) throw new RangeError(`PlainMlp.load: ${weights.length} arrays for ${this.wT.length} layers (need W and b per layer)`);
    for (let l = 0; l < this.wT.length; l++) {
      const nIn = this.sizes[l]!, nOut = this.sizes[l + 1]!;
      const w = weights[2 * l]!, bias = weights[2 * l + 1]!;
      if (w.length !== nIn * nOut || bias.length !== nOut) throw new RangeError(`PlainMlp.load: layer ${l} needs W ${nIn}×${nOut} and b ${nOut}, got ${w.length} and ${bias.length}`);
      const t = this.wT[l]!;
      for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) t[j * nIn + i] = w[i * nOut + j]!;
      this.b[l]!.set(bias);
    }
  }

  /**
   * Outputs for `batch` rows of `x` (row-major batch × inputDim). Returns a view of an internal
   * buffer (overwritten by the next call) unless `out` is given.
   */
  forward(x: Float32Array, batch: number, out?: Float32Array): Float32Array {
    const sizes = this.sizes;
    if (x.length < batch * sizes[0]!) throw new RangeError(`PlainMlp.forward: input has ${x.length} numbers, needs ${batch} × ${sizes[0]}`);
    if (batch > this.bufBatch) {
      this.bufs = sizes.slice(1).map((s) => new Float32Array(batch * s));
      this.bufBatch = batch;
    }
    let input = x;
    const last = this.wT.length - 1;
    for (let l = 0; l <= last; l++) {
      const nIn = sizes[l]!, nOut = sizes[l + 1]!;
      const w = this.wT[l]!, bias = this.b[l]!;
      const y = l === last && out ? out : this.bufs[l]!;
      denseLayer(input, batch, nIn, nOut, w, bias, y, l < last ? (this.relu ? 1 : 2) : 0);
      input = y;
    }
    const n = batch * sizes[last + 1]!;
    return input.length === n ? input : input.subarray(0, n);
  }
}

/**
 * y = act(x·W + b) for `batch` rows (W transposed: wT[j·nIn + i]); act 0 = none, 1 = relu, 2 = tanh.
 * Four rows at a time, so each weight is read once per four rows; every row's sum still runs in
 * float64 over i = 0 … nIn−1 in order, so the result is bit-identical to one row at a time.
 */
function denseLayer(x: Float32Array, batch: number, nIn: number, nOut: number, wT: Float32Array, bias: Float32Array, y: Float32Array, act: 0 | 1 | 2): void {
  let r = 0;
  for (; r + 4 <= batch; r += 4) {
    const x0 = r * nIn, x1 = x0 + nIn, x2 = x1 + nIn, x3 = x2 + nIn;
    for (let j = 0; j < nOut; j++) {
      const wo = j * nIn;
      const b = bias[j]!;
      let s0 = b, s1 = b, s2 = b, s3 = b;
      for (let i = 0; i < nIn; i++) {
        const wv = wT[wo + i]!;
        s0 += x[x0 + i]! * wv;
        s1 += x[x1 + i]! * wv;
        s2 += x[x2 + i]! * wv;
        s3 += x[x3 + i]! * wv;
      }
      const o = r * nOut + j;
      y[o] = activate(s0, act);
      y[o + nOut] = activate(s1, act);
      y[o + 2 * nOut] = activate(s2, act);
      y[o + 3 * nOut] = activate(s3, act);
    }
  }
  for (; r < batch; r++) {
    const xo = r * nIn;
    for (let j = 0; j < nOut; j++) {
      const wo = j * nIn;
      let s = bias[j]!;
      for (let i = 0; i < nIn; i++) s += x[xo + i]! * wT[wo + i]!;
      y[r * nOut + j] = activate(s, act);
    }
  }
}

function activate(s: number, act: 0 | 1 | 2): number {
  return act === 2 ? Math.tanh(s) : act === 1 ? (s > 0 ? s : 0) : s;
}
