import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { selectTfBackend } from '../tf-backend.js';
import { orthogonalInit } from './init.js';
import type { MlpSpec } from './mlp-spec.js';
import { PlainMlp } from './plain-mlp.js';
import { TfMlp, weightsSha256 } from './tf-mlp.js';
import { adam, clippedStep } from './train-step.js';

const SPEC: MlpSpec = { inputDim: 18, hidden: [64, 64], outputDim: 12, activation: 'tanh', outputGain: 1 };

beforeAll(async () => {
  await selectTfBackend();
});

function randomInput(rows: number, dim: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: rows * dim }, () => 2 * rng.normal());
}

describe('orthogonalInit', () => {
  it('gives orthogonal columns of norm = gain, reproducibly from the seed', () => {
    const w = orthogonalInit(8, 3, 2, new Rng(1));
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let dot = 0;
        for (let i = 0; i < 8; i++) dot += w[i * 3 + a]! * w[i * 3 + b]!;
        expect(dot).toBeCloseTo(a === b ? 4 : 0, 5);
      }
    }
    expect(orthogonalInit(8, 3, 2, new Rng(1))).toEqual(w);
    expect(orthogonalInit(8, 3, 2, new Rng(2))).not.toEqual(w);
  });
});

describe('PlainMlp vs TfMlp', () => {
  for (const activation of ['tanh', 'relu'] as const) {
    it(`${activation}: the plain TypeScript forward pass equals tfjs within 1e-5, before and after an update`, () => {
      const spec = { ...SPEC, activation };
      const net = new TfMlp(spec, new Rng(3));
      const plain = new PlainMlp(spec);
      const x = randomInput(33, 18, 4);
      const compare = () => {
        plain.load(net.readWeights());
        const want = tf.tidy(() => net.apply(tf.tensor2d(x, [33, 18])).dataSync());
        const got = plain.forward(x, 33);
        let maxDiff = 0;
        for (let i = 0; i < want.length; i++) maxDiff = Math.max(maxDiff, Math.abs(want[i]! - got[i]!));
        expect(maxDiff).toBeLessThan(1e-5);
        return Float32Array.from(got);
      };
      const before = compare();
      // One Adam step towards a target moves the weights; the copy must follow.
      const opt = adam(1e-2);
      const target = tf.tensor2d(randomInput(33, 12, 5), [33, 12]);
      clippedStep(opt, net.variables, () => tf.mean(tf.square(tf.sub(net.apply(tf.tensor2d(x, [33, 18])), target))) as tf.Scalar, 0.5);
      const after = compare();
      expect(after).not.toEqual(before);
      // Batch 1 gives the same as row 0 of the batch.
      expect(Array.from(plain.forward(x.subarray(0, 18), 1))).toEqual(Array.from(after.subarray(0, 12)));
      target.dispose();
      opt.dispose();
      net.dispose();
    });
  }

  it('a batch gives each row bit for bit what the row gives alone (four-row blocks and the remainder)', () => {
    const plain = new PlainMlp(SPEC);
    plain.load(new TfMlp(SPEC, new Rng(6)).readWeights());
    const x = randomInput(11, 18, 7);
    const all = Float32Array.from(plain.forward(x, 11));
    for (let r = 0; r < 11; r++) expect(Array.from(plain.forward(x.subarray(r * 18, (r + 1) * 18), 1))).toEqual(Array.from(all.subarray(r * 12, (r + 1) * 12)));
  });

  // wasm: the written-out gradients (tf-mlp.ts) equal tfjs's autodiff within 1e-5; cpu keeps
  // tfjs's own ops, so bit for bit (the browser page's cpu backend and cpu-trained models rely on it).
  for (const [backend, tol] of [['wasm', 1e-5], ['cpu', 0]] as const) for (const activation of ['tanh', 'relu'] as const) {
    it(`${backend}, ${activation}: TfMlp's gradients equal tfjs's own autodiff of the same network (within ${tol})`, async () => {
      await selectTfBackend({ backend });
      const spec = { ...SPEC, activation };
      const net = new TfMlp(spec, new Rng(8));
      const x = tf.tensor2d(randomInput(37, 18, 9), [37, 18]);
      const target = tf.tensor2d(randomInput(37, 12, 10), [37, 12]);
      // The reference: tfjs's own matMul / add / tanh / relu and their registered gradients.
      const reference = (h: tf.Tensor2D) => {
        const layers = net.variables.length / 2;
        for (let l = 0; l < layers; l++) {
          h = tf.add(tf.matMul(h, net.variables[2 * l] as tf.Tensor2D), net.variables[2 * l + 1]!);
          if (l < layers - 1) h = activation === 'relu' ? tf.relu(h) : tf.tanh(h);
        }
        return h;
      };
      const loss = (f: (h: tf.Tensor2D) => tf.Tensor2D) => () => tf.mean(tf.square(tf.sub(f(x), target))) as tf.Scalar;
      const ours = tf.variableGrads(loss((h) => net.apply(h)), net.variables);
      const theirs = tf.variableGrads(loss(reference), net.variables);
      expect(Math.abs(ours.value.dataSync()[0]! - theirs.value.dataSync()[0]!)).toBeLessThanOrEqual(tol / 10);
      let maxDiff = 0, maxAbs = 0;
      for (const k of Object.keys(theirs.grads)) {
        const a = ours.grads[k]!.dataSync(), b = theirs.grads[k]!.dataSync();
        expect(a.length).toBe(b.length);
        for (let i = 0; i < a.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
          maxAbs = Math.max(maxAbs, Math.abs(b[i]!));
        }
      }
      expect(maxAbs).toBeGreaterThan(1e-3);
      expect(maxDiff).toBeLessThanOrEqual(tol);
      tf.dispose([x, target, ours.value, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads)]);
      net.dispose();
      await selectTfBackend();
    });
  }

  it('rejects weights of the wrong shape, naming the layer', () => {
    const plain = new PlainMlp(SPEC);
    const w = new TfMlp(SPEC, new Rng(1)).readWeights();
    expect(() => plain.load(w.slice(0, 4))).toThrow(/4 arrays for 3 layers/);
    w[2] = new Float32Array(10);
    expect(() => plain.load(w)).toThrow(/layer 1 needs W 64×64/);
  });
});

describe('weightsSha256 and determinism', () => {
  it('same seed ⇒ same hash; a different seed or a training step changes it', () => {
    const a = new TfMlp(SPEC, new Rng(9));
    const b = new TfMlp(SPEC, new Rng(9));
    const c = new TfMlp(SPEC, new Rng(10));
    const ha = weightsSha256(a.readWeights());
    expect(weightsSha256(b.readWeights())).toBe(ha);
    expect(weightsSha256(c.readWeights())).not.toBe(ha);
    const x = tf.tensor2d(randomInput(16, 18, 1), [16, 18]);
    const step = (n: TfMlp) => clippedStep(adam(1e-3), n.variables, () => tf.mean(tf.square(n.apply(x))) as tf.Scalar, Infinity);
    step(a);
    step(b);
    expect(weightsSha256(a.readWeights())).not.toBe(ha);
    expect(weightsSha256(b.readWeights())).toBe(weightsSha256(a.readWeights()));
    x.dispose();
    [a, b, c].forEach((n) => n.dispose());
  });

  it('clippedStep reports the unclipped norm and Polyak averaging moves τ of the way', () => {
    const src = new TfMlp(SPEC, new Rng(1));
    const dst = new TfMlp(SPEC, new Rng(2));
    const s0 = src.readWeights()[0]![5]!, d0 = dst.readWeights()[0]![5]!;
    dst.updateFrom(src, 0.25);
    expect(dst.readWeights()[0]![5]!).toBeCloseTo(0.25 * s0 + 0.75 * d0, 6);
    dst.updateFrom(src);
    expect(weightsSha256(dst.readWeights())).toBe(weightsSha256(src.readWeights()));
    const x = tf.tensor2d(randomInput(8, 18, 2), [8, 18]);
    const st = clippedStep(adam(1e-3), src.variables, () => tf.mul(tf.sum(src.apply(x)), 100) as tf.Scalar, 1);
    expect(st.gradNorm).toBeGreaterThan(1);
    x.dispose();
    src.dispose();
    dst.dispose();
  });
});
