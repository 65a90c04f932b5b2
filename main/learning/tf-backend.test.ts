import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { activeBackendInfo, parseTfBackend, selectTfBackend, TfBackendUnavailableError } from './tf-backend.js';

describe('selectTfBackend', () => {
  it('selects a working backend, says which, and computes with it', async () => {
    const c = await selectTfBackend();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(c.name);
    expect(c.forced).toBe(false);
    expect(tf.getBackend()).toBe(c.name);
    // tfjs-node cannot be installed here (its native library comes from outside npm): it must be reported as skipped.
    if (c.name !== 'tensorflow') expect(c.skipped[0]).toMatch(/^tensorflow: /);
    if (c.name === 'wasm') expect(typeof c.simd).toBe('boolean');
    const y = tf.add(tf.tensor1d([1, 2, 3]), tf.tensor1d([10, 20, 30]));
    expect(Array.from(await y.data())).toEqual([11, 22, 33]);
    expect(activeBackendInfo()).toMatchObject({ name: c.name, forced: false, tfjsVersion: tf.version_core });
  });

  it('forces cpu and wasm, and switches back to the best on auto', async () => {
    const cpu = await selectTfBackend({ backend: 'cpu', source: '--backend' });
    expect(cpu).toMatchObject({ name: 'cpu', forced: true, skipped: [], simd: null });
    expect(tf.getBackend()).toBe('cpu');
    expect(activeBackendInfo()).toMatchObject({ name: 'cpu', forced: true });
    const wasm = await selectTfBackend({ backend: 'wasm', source: '--backend' });
    expect(wasm.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(typeof wasm.simd).toBe('boolean');
    expect(typeof wasm.threads).toBe('boolean');
    const best = await selectTfBackend();
    expect(tf.getBackend()).toBe(best.name);
    expect(activeBackendInfo()?.forced).toBe(false);
  });

  it('a forced backend that is absent is an error naming it and who forced it; tf.js keeps its backend', async () => {
    const before = (await selectTfBackend()).name;
    let tfjsNode = true;
    try {
      await import('@tensorflow/tfjs-node' as string);
    } catch {
      tfjsNode = false;
    }
    if (tfjsNode) return; // tensorflow is present on this machine: nothing absent to force.
    const err = await selectTfBackend({ backend: 'tensorflow', source: 'settings tfBackend' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TfBackendUnavailableError);
    expect((err as Error).message).toMatch(/^TensorFlow\.js backend "tensorflow" \(forced by settings tfBackend\) is not available here: .*tfjs-node/);
    expect(tf.getBackend()).toBe(before);
    expect(activeBackendInfo()?.name).toBe(before);
  });
});

describe('parseTfBackend', () => {
  it('accepts auto and the Node backends, absent = auto, and names the field otherwise', () => {
    expect(parseTfBackend(undefined)).toBe('auto');
    expect(parseTfBackend('wasm')).toBe('wasm');
    expect(parseTfBackend('tensorflow')).toBe('tensorflow');
    expect(() => parseTfBackend('webgpu', '--backend')).toThrow(/^--backend: unknown TensorFlow\.js backend "webgpu"; use auto, tensorflow, wasm, cpu$/);
    expect(() => parseTfBackend(3, 'tfBackend')).toThrow(/^tfBackend: /);
  });
});
