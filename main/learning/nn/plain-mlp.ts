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
      for (let r = 0; r < batch; r++) {
        const xo = r * nIn;
        for (let j = 0; j < nOut; j++) {
          const wo = j * nIn;
          let s = bias[j]!;
          for (let i = 0; i < nIn; i++) s += input[xo + i]! * w[wo + i]!;
          if (l < last) s = this.relu ? (s > 0 ? s : 0) : Math.tanh(s);
          y[r * nOut + j] = s;
        }
      }
      input = y;
    }
    const n = batch * sizes[last + 1]!;
    return input.length === n ? input : input.subarray(0, n);
  }
}
