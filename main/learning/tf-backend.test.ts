import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { selectTfBackend } from './tf-backend.js';

describe('selectTfBackend', () => {
  it('selects a working backend, says which, and computes with it', async () => {
    const c = await selectTfBackend();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(c.name);
    expect(tf.getBackend()).toBe(c.name);
    // tfjs-node cannot be installed here (its native library comes from outside npm): it must be reported as skipped.
    if (c.name !== 'tensorflow') expect(c.skipped[0]).toMatch(/^tensorflow: /);
    const y = tf.add(tf.tensor1d([1, 2, 3]), tf.tensor1d([10, 20, 30]));
    expect(Array.from(await y.data())).toEqual([11, 22, 33]);
  });
});
