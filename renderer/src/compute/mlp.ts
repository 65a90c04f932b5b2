import * as tf from '@tensorflow/tfjs-core';
import { mlpLayerSizes, type MlpSpecWire } from '../../../main/contract/gpu-compute.js';

/**
 * The compute page's copy of `TfMlp` (main/learning/nn/tf-mlp.ts), which the renderer may not
 * import: variables [W0, b0, W1, b1, …] (W in × out) and the same forward pass, op for op
 * (matMul, add, tanh|relu on hidden layers, nothing on the output). Weights come in from the job
 * (the engine draws them with its seeded initialiser); nothing is drawn here. The e2e test
 * (e2e/gpu-compute.e2e.test.ts) pins this copy to TfMlp's numbers. Invariant: call `dispose()`.
 */
export class BrowserMlp {
  readonly variables: tf.Variable[];

  constructor(
    readonly spec: MlpSpecWire,
    weights: readonly (readonly number[])[],
  ) {
    const sizes = mlpLayerSizes(spec);
    this.variables = weights.map((w, i) => {
      const l = i >> 1;
      const shape = i % 2 === 0 ? [sizes[l]!, sizes[l + 1]!] : [sizes[l + 1]!];
      return tf.variable(tf.tensor(Float32Array.from(w), shape), true);
    });
  }

  /** The network's output for x [batch × inputDim] (inside `tf.tidy` or a gradient function). */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h: tf.Tensor2D = x;
    const layers = this.variables.length / 2;
    for (let l = 0; l < layers; l++) {
      h = tf.add(tf.matMul(h, this.variables[2 * l] as tf.Tensor2D), this.variables[2 * l + 1]!);
      if (l < layers - 1) h = this.spec.activation === 'relu' ? tf.relu(h) : tf.tanh(h);
    }
    return h;
  }

  /** The weights as plain arrays, read asynchronously (a synchronous GPU read stalls the page). */
  async readWeights(): Promise<number[][]> {
    return Promise.all(this.variables.map(async (v) => Array.from(await v.data())));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
