import * as tf from '@tensorflow/tfjs-core';

/**
 * The Q head over a network's raw outputs. Dueling (Wang et al. 2016): the last layer has
 * 1 + A outputs [V, a_1 … a_A] (a value stream and an advantage stream over the shared trunk)
 * and Q(s, a) = V + a_a − mean(a); plain: the A outputs are Q directly.
 * Invariant: `qTf` and `qPlain` compute the same function.
 */
export function headOutputs(actions: number, dueling: boolean): number {
  return dueling ? actions + 1 : actions;
}

export function qTf(raw: tf.Tensor2D, actions: number, dueling: boolean): tf.Tensor2D {
  if (!dueling) return raw;
  const v = tf.slice(raw, [0, 0], [-1, 1]);
  const a = tf.slice(raw, [0, 1], [-1, actions]);
  return tf.add(v, tf.sub(a, tf.mean(a, 1, true)));
}

/** Q-values of `batch` rows of raw outputs into `q` (batch × actions). */
export function qPlain(raw: Float32Array, batch: number, actions: number, dueling: boolean, q: Float32Array): Float32Array {
  const w = headOutputs(actions, dueling);
  for (let r = 0; r < batch; r++) {
    if (!dueling) {
      for (let j = 0; j < actions; j++) q[r * actions + j] = raw[r * w + j]!;
      continue;
    }
    let m = 0;
    for (let j = 1; j <= actions; j++) m += raw[r * w + j]!;
    m /= actions;
    for (let j = 0; j < actions; j++) q[r * actions + j] = raw[r * w]! + raw[r * w + 1 + j]! - m;
  }
  return q;
}
