import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradient functions by itself; tfjs-layers' Node bundle registers them
// all in the global registry (core's own `dist/register_all_gradients` is extensionless ESM that
// plain Node cannot load, so bundles such as the bench and the CLI would fail on it).
import '@tensorflow/tfjs-layers';

/** Outcome of one gradient step: the loss and the global gradient norm before clipping. */
export interface StepStats {
  readonly loss: number;
  readonly gradNorm: number;
}

/**
 * One optimiser step on `vars` minimising `loss()`, with the gradients scaled so their global L2
 * norm is at most `maxGradNorm` (PyTorch's `clip_grad_norm_`; Infinity disables it).
 * Invariant: deterministic for a deterministic backend (no random draws).
 */
export function clippedStep(opt: tf.Optimizer, vars: tf.Variable[], loss: () => tf.Scalar, maxGradNorm: number): StepStats {
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(loss, vars);
    const names = Object.keys(grads);
    const sq = tf.addN(names.map((k) => tf.sum(tf.square(grads[k]!))));
    const gradNorm = Math.sqrt(sq.dataSync()[0]!);
    const scale = Number.isFinite(maxGradNorm) && gradNorm > maxGradNorm ? maxGradNorm / (gradNorm + 1e-6) : 1;
    const scaled: tf.NamedTensorMap = {};
    for (const k of names) scaled[k] = scale === 1 ? grads[k]! : tf.mul(grads[k]!, scale);
    opt.applyGradients(scaled);
    return { loss: value.dataSync()[0]!, gradNorm };
  });
}

/** Adam with the learning rate settable between steps (annealing); ε as CleanRL's PPO (1e-5). */
export function adam(learningRate: number, epsilon = 1e-5): tf.AdamOptimizer {
  return tf.train.adam(learningRate, 0.9, 0.999, epsilon);
}

/** Sets an Adam optimiser's learning rate for its next steps (tfjs reads it on every step). */
export function setLearningRate(opt: tf.AdamOptimizer, lr: number): void {
  (opt as unknown as { learningRate: number }).learningRate = lr;
}
