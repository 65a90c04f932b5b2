import * as tf from '@tensorflow/tfjs-core';

/**
 * An Adam optimiser's whole state: first and second moments in the order tfjs keeps them (the
 * order of the gradient map's keys, i.e. of the variables' creation), β₁ᵗ and β₂ᵗ as tfjs
 * accumulates them (float32 products, not recomputed powers: recomputing could differ in the
 * last bit) and the step count. Invariant: `setAdamState(opt, getAdamState(src))` makes `opt`'s
 * next step equal `src`'s bit for bit, given equal variables and gradients.
 */
export interface AdamState {
  readonly iterations: number;
  readonly accBeta1: number;
  readonly accBeta2: number;
  readonly first: ReadonlyArray<{ readonly name: string; readonly shape: number[]; readonly values: Float32Array }>;
  readonly second: ReadonlyArray<{ readonly name: string; readonly shape: number[]; readonly values: Float32Array }>;
}

interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  iterations_: number;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable }>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable }>;
}

// tfjs's own getWeights/setWeights are async and recompute βᵗ as a power on restore; reading the
// fields directly keeps a checkpoint synchronous and exact.
function internals(opt: tf.AdamOptimizer): AdamInternals {
  return opt as unknown as AdamInternals;
}

export function getAdamState(opt: tf.AdamOptimizer): AdamState {
  const o = internals(opt);
  const dump = (m: AdamInternals['accumulatedFirstMoment']) =>
    m.map((v) => ({ name: v.originalName, shape: [...v.variable.shape], values: Float32Array.from(v.variable.dataSync() as Float32Array) }));
  return {
    iterations: o.iterations_ ?? 0,
    accBeta1: o.accBeta1.dataSync()[0]!,
    accBeta2: o.accBeta2.dataSync()[0]!,
    first: dump(o.accumulatedFirstMoment),
    second: dump(o.accumulatedSecondMoment),
  };
}

export function setAdamState(opt: tf.AdamOptimizer, s: AdamState): void {
  const o = internals(opt);
  if (s.first.length !== s.second.length) throw new RangeError(`setAdamState: ${s.first.length} first moments but ${s.second.length} second moments`);
  tf.dispose([...o.accumulatedFirstMoment.map((v) => v.variable), ...o.accumulatedSecondMoment.map((v) => v.variable)]);
  const make = (m: AdamState['first']) => m.map((v) => {
    const t = tf.tensor(v.values, v.shape, 'float32');
    const variable = tf.variable(t, false);
    t.dispose();
    return { originalName: v.name, variable };
  });
  o.accumulatedFirstMoment = make(s.first);
  o.accumulatedSecondMoment = make(s.second);
  tf.tidy(() => {
    o.accBeta1.assign(tf.scalar(s.accBeta1));
    o.accBeta2.assign(tf.scalar(s.accBeta2));
  });
  o.iterations_ = s.iterations;
}
