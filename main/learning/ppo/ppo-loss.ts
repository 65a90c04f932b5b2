import * as tf from '@tensorflow/tfjs-core';
import type { TfMlp } from '../nn/tf-mlp.js';
import type { PolicyHead } from './policy-head.js';
import type { PpoConfig } from './ppo-config.js';

/** One minibatch of a PPO update, as tensors (batch B). */
export interface PpoBatch {
  readonly obs: tf.Tensor2D;
  /** [B × head.width] actions taken (indices, or unclipped Gaussian samples). */
  readonly actions: tf.Tensor2D;
  readonly oldLogProbs: tf.Tensor1D;
  /** Already normalised when `normAdv`. */
  readonly advantages: tf.Tensor1D;
  readonly returns: tf.Tensor1D;
  readonly oldValues: tf.Tensor1D;
}

/** Scalars of one minibatch loss (tensors; read them after the step). */
export interface PpoLossParts {
  readonly pgLoss: tf.Scalar;
  readonly vLoss: tf.Scalar;
  readonly entropy: tf.Scalar;
  readonly approxKl: tf.Scalar;
  readonly clipFrac: tf.Scalar;
}

/**
 * CleanRL's PPO loss (any `PolicyHead`):
 *   L = max(−A·ρ, −A·clip(ρ, 1−ε, 1+ε)).mean − c_ent·H.mean + c_v·L_V,
 *   L_V = ½·max((V−R)², (V_old + clip(V−V_old, −ε, ε) − R)²).mean  (clipVloss; else ½(V−R)²),
 * ρ = exp(log π(a|s) − log π_old(a|s)). `parts` receives the pieces (kept out of tidy).
 */
export function ppoLoss(actor: TfMlp, critic: TfMlp, head: PolicyHead, b: PpoBatch, c: PpoConfig, parts: { value?: PpoLossParts }): tf.Scalar {
  const { logProb: newLogProb, entropy: ent } = head.logProbEntropy(actor.apply(b.obs), b.actions);
  const logRatio = tf.sub(newLogProb, b.oldLogProbs);
  const ratio = tf.exp(logRatio);
  const pg1 = tf.mul(tf.neg(b.advantages), ratio);
  const pg2 = tf.mul(tf.neg(b.advantages), tf.clipByValue(ratio, 1 - c.clipCoef, 1 + c.clipCoef));
  const pgLoss = tf.mean(tf.maximum(pg1, pg2));
  const v = tf.reshape(critic.apply(b.obs), [-1]);
  const unclipped = tf.square(tf.sub(v, b.returns));
  const vLoss = c.clipVloss
    ? tf.mul(0.5, tf.mean(tf.maximum(unclipped, tf.square(tf.sub(tf.add(b.oldValues, tf.clipByValue(tf.sub(v, b.oldValues), -c.clipCoef, c.clipCoef)), b.returns)))))
    : tf.mul(0.5, tf.mean(unclipped));
  const entropy = tf.mean(ent);
  const loss = tf.add(tf.sub(pgLoss, tf.mul(c.entCoef, entropy)), tf.mul(c.vfCoef, vLoss)) as tf.Scalar;
  parts.value = {
    pgLoss: tf.keep(pgLoss) as tf.Scalar,
    vLoss: tf.keep(vLoss) as tf.Scalar,
    entropy: tf.keep(entropy) as tf.Scalar,
    approxKl: tf.keep(tf.mean(tf.sub(tf.sub(ratio, 1), logRatio))) as tf.Scalar,
    clipFrac: tf.keep(tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), c.clipCoef), 'float32'))) as tf.Scalar,
  };
  return loss;
}
