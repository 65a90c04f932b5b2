import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../kernel/rng.js';
import { orthogonalInit } from './init.js';
import { layerSizes, type MlpSpec } from './mlp-spec.js';

/**
 * An `MlpSpec` network as TensorFlow.js variables [W0, b0, W1, b1, …] (W in × out), for
 * gradients. Initial weights come from the kernel's seeded `Rng` (`orthogonalInit`), never from
 * tfjs's own unseeded initialisers. Invariant: same spec + rng state ⇒ same weights bit for bit.
 * Call `dispose()` when done (tfjs memory is not garbage-collected).
 */
export class TfMlp {
  readonly sizes: number[];
  readonly variables: tf.Variable[];

  constructor(readonly spec: MlpSpec, rng: Rng) {
    this.sizes = layerSizes(spec);
    this.variables = [];
    const layers = this.sizes.length - 1;
    for (let l = 0; l < layers; l++) {
      const nIn = this.sizes[l]!, nOut = this.sizes[l + 1]!;
      const gain = l === layers - 1 ? spec.outputGain : (spec.hiddenGain ?? Math.SQRT2);
      this.variables.push(tf.variable(tf.tensor2d(orthogonalInit(nIn, nOut, gain, rng), [nIn, nOut]), true));
      this.variables.push(tf.variable(tf.zeros([nOut]), true));
    }
  }

  /** The network's output for x [batch × inputDim] (use inside `tf.tidy` or a gradient function). */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h: tf.Tensor2D = x;
    const layers = this.variables.length / 2;
    // Only wasm gets the written-out gradients (below): other backends keep tfjs's own ops, so
    // their weights stay bit for bit what they were (cpu runs match the browser page's cpu
    // backend, and the shipped cpu-trained model stays reproducible).
    const wasm = tf.getBackend() === 'wasm';
    for (let l = 0; l < layers; l++) {
      const w = this.variables[2 * l] as tf.Tensor2D, b = this.variables[2 * l + 1] as tf.Tensor1D;
      h = wasm ? dense(h, w, b) : tf.add(tf.matMul(h, w), b);
      if (l < layers - 1) h = this.spec.activation === 'relu' ? tf.relu(h) : wasm ? wasmTanh(h) : tf.tanh(h);
    }
    return h;
  }

  /** A copy of the weights [W0, b0, …] as Float32Arrays (for `PlainMlp.load` and hashing). */
  readWeights(): Float32Array[] {
    return this.variables.map((v) => v.dataSync() as Float32Array).map((a) => Float32Array.from(a));
  }

  /** Sets the weights from [W0, b0, …] as `readWeights` gives them (checkpoints); sizes are checked. */
  writeWeights(arrays: readonly Float32Array[]): void {
    if (arrays.length !== this.variables.length) throw new RangeError(`TfMlp.writeWeights: ${arrays.length} arrays for ${this.variables.length} variables`);
    this.variables.forEach((v, i) => {
      if (arrays[i]!.length !== v.size) throw new RangeError(`TfMlp.writeWeights: array ${i} has ${arrays[i]!.length} numbers, the variable ${v.size}`);
    });
    tf.tidy(() => this.variables.forEach((v, i) => v.assign(tf.tensor(arrays[i]!, v.shape, 'float32'))));
  }

  /** θ ← τ·θ_src + (1 − τ)·θ (τ = 1: a hard copy). */
  updateFrom(src: TfMlp, tau = 1): void {
    if (src.variables.length !== this.variables.length) throw new RangeError('TfMlp.updateFrom: networks differ in shape');
    tf.tidy(() => {
      this.variables.forEach((v, i) => {
        const s = src.variables[i]!;
        v.assign(tau === 1 ? s.clone() : tf.add(tf.mul(s, tau), tf.mul(v, 1 - tau)));
      });
    });
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/**
 * (wasm) x·W + b with its gradient written out as plain (untransposed) matrix products over explicit
 * transposes: dx = dy·transpose(W), dW = transpose(x)·dy, db = ones·dy. tfjs's own gradient of
 * `matMul` multiplies with `transposeA` / `transposeB`, which the wasm backend computes on a slow
 * path (its fast XNNPACK kernel takes neither flag): at batch 2,048 those two products took ~25×
 * the forward one. Mathematically the same gradient; the float sums run in another order, so
 * weights differ in the last bits from tfjs's own gradient (still deterministic per backend).
 */
const dense = tf.customGrad((...args: unknown[]) => {
  const [x, w, b] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
  const save = args[3] as (ts: tf.Tensor[]) => void;
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x, w), b),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const g = dy as tf.Tensor2D;
      const [sx, sw] = saved as [tf.Tensor2D, tf.Tensor2D];
      // Σ_rows dy as ones[1 × batch]·dy: a column sum is a transpose plus a reduction on wasm.
      const db = tf.reshape(tf.matMul(tf.ones([1, g.shape[0]]), g), [g.shape[1]]);
      return [tf.matMul(g, tf.transpose(sw)), tf.matMul(tf.transpose(sx), g), db];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D) => tf.Tensor2D;

/**
 * (wasm) tanh computed as 2·sigmoid(2x) − 1, with gradient dy·(1 − y²): the wasm backend's Tanh
 * kernel is scalar code (~10× its vectorised Sigmoid at 2,048 × 64; the three extra element-wise
 * ops cost less than the difference). The two agree to ~1e-7 absolute (float32 σ near ½), far
 * inside the 1e-5 the plain forward pass (Math.tanh) is held to.
 */
const wasmTanh = tf.customGrad((...args: unknown[]) => {
  const x = args[0] as tf.Tensor2D;
  const save = args[1] as (ts: tf.Tensor[]) => void;
  const y = tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
  save([y]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => tf.mul(dy as tf.Tensor, tf.sub(1, tf.square(saved[0]!))),
  };
}) as (x: tf.Tensor2D) => tf.Tensor2D;

/** SHA-256 (hex) over the raw float32 bytes of the given arrays in order: equal iff the weights are equal bit for bit. */
export function weightsSha256(arrays: readonly Float32Array[]): string {
  const h = createHash('sha256');
  for (const a of arrays) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}
