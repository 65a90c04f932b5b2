import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../kernel/rng.js';
import type { BatchEnv } from '../cartpole/batch-env.js';
import { argmax, logSoftmaxAt, sampleCategorical } from './categorical.js';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * PPO's action distribution over the actor's outputs. `width` numbers are stored per action
 * (1 index, or D unclipped Gaussian samples); `sample`/`greedy` act in plain TypeScript on the
 * plain forward pass's outputs, `logProbEntropy` is the same distribution in tfjs for the loss.
 * Invariant: `sample`'s log-probability equals `logProbEntropy`'s for the same outputs and
 * action (up to float32 rounding); the only random draws are from the given `Rng`.
 */
export interface PolicyHead {
  readonly actorOutputs: number;
  readonly width: number;
  /** Trainable variables besides the actor's (the Gaussian's log std). */
  readonly variables: tf.Variable[];
  /** Samples env i's action from outputs row i into `action` (width numbers); returns its log-probability. */
  sample(out: Float32Array, i: number, rng: Rng, action: Float32Array): number;
  greedy(out: Float32Array, i: number, action: Float32Array): void;
  /** Writes what the env is given for a stored action (an index, or the sample clipped into the bounds). */
  toEnv(action: Float32Array, envActions: Float32Array | Int32Array, i: number): void;
  logProbEntropy(actorOut: tf.Tensor2D, actions: tf.Tensor2D): { logProb: tf.Tensor1D; entropy: tf.Tensor1D };
  /** Values of `variables` for the plain-TypeScript side (after each update). */
  sync(): void;
  dispose(): void;
}

/** Categorical over K logits. */
export class CategoricalHead implements PolicyHead {
  readonly width = 1;
  readonly variables: tf.Variable[] = [];
  constructor(readonly actorOutputs: number) {}
  sample(out: Float32Array, i: number, rng: Rng, action: Float32Array): number {
    const k = this.actorOutputs;
    const a = sampleCategorical(out, i * k, k, rng);
    action[0] = a;
    return logSoftmaxAt(out, i * k, k, a);
  }
  greedy(out: Float32Array, i: number, action: Float32Array): void {
    action[0] = argmax(out, i * this.actorOutputs, this.actorOutputs);
  }
  toEnv(action: Float32Array, envActions: Float32Array | Int32Array, i: number): void {
    envActions[i] = action[0]!;
  }
  logProbEntropy(actorOut: tf.Tensor2D, actions: tf.Tensor2D) {
    const logp = tf.logSoftmax(actorOut);
    const idx = tf.cast(tf.reshape(actions, [-1]), 'int32') as tf.Tensor1D;
    const logProb = tf.sum(tf.mul(logp, tf.oneHot(idx, this.actorOutputs)), 1) as tf.Tensor1D;
    const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
    return { logProb, entropy };
  }
  sync(): void {}
  dispose(): void {}
}

/**
 * Diagonal Gaussian (CleanRL's `ppo_continuous_action`): mean = actor output, a
 * state-independent log std per dimension (a trainable vector, initially 0), actions sampled
 * unbounded and CLIPPED into the env's bounds when sent (the stored action, whose
 * log-probability trains, is the unclipped sample). Greedy = the mean, clipped.
 */
export class GaussianHead implements PolicyHead {
  readonly width: number;
  readonly actorOutputs: number;
  readonly variables: tf.Variable[];
  private logStd: Float32Array;

  constructor(private readonly low: Float32Array, private readonly high: Float32Array) {
    this.width = this.actorOutputs = low.length;
    this.logStd = new Float32Array(low.length);
    this.variables = [tf.variable(tf.zeros([1, low.length]), true)];
  }
  sample(out: Float32Array, i: number, rng: Rng, action: Float32Array): number {
    const d = this.width;
    let lp = 0;
    for (let j = 0; j < d; j++) {
      const ls = this.logStd[j]!;
      const z = rng.normal();
      action[j] = out[i * d + j]! + Math.exp(ls) * z;
      lp += -0.5 * z * z - ls - HALF_LOG_2PI;
    }
    return lp;
  }
  greedy(out: Float32Array, i: number, action: Float32Array): void {
    for (let j = 0; j < this.width; j++) action[j] = out[i * this.width + j]!;
  }
  toEnv(action: Float32Array, envActions: Float32Array | Int32Array, i: number): void {
    for (let j = 0; j < this.width; j++) envActions[i * this.width + j] = Math.min(this.high[j]!, Math.max(this.low[j]!, action[j]!));
  }
  logProbEntropy(actorOut: tf.Tensor2D, actions: tf.Tensor2D) {
    const ls = this.variables[0]!;
    const z = tf.div(tf.sub(actions, actorOut), tf.exp(ls));
    const logProb = tf.sum(tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), ls), HALF_LOG_2PI), 1) as tf.Tensor1D;
    const ent = tf.sum(tf.add(ls, 0.5 + HALF_LOG_2PI));
    const entropy = tf.mul(tf.ones([actorOut.shape[0]]), ent) as tf.Tensor1D;
    return { logProb, entropy };
  }
  sync(): void {
    this.logStd = Float32Array.from(this.variables[0]!.dataSync());
  }
  /** The current log std per dimension. */
  get logStdValues(): Float32Array {
    return this.logStd;
  }
  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** The head an env calls for: Gaussian when it is continuous, else categorical. */
export function headFor(env: BatchEnv): PolicyHead {
  return env.continuous ? new GaussianHead(env.continuous.low, env.continuous.high) : new CategoricalHead(env.actionCount);
}
