import { describe, expect, it } from 'vitest';
import { checkGpuJob } from './gpu-compute.js';

const job = () => ({
  jobId: 'j',
  spec: { inputDim: 2, hidden: [3], outputDim: 1, activation: 'tanh' },
  weights: [[1, 2, 3, 4, 5, 6], [0, 0, 0], [1, 1, 1], [0]],
  optimizer: { learningRate: 1e-3 },
  loss: 'mse',
  batches: [{ rows: 2, x: [1, 2, 3, 4], y: [1, 0] }],
  steps: 1,
});

describe('checkGpuJob', () => {
  it('accepts a well-formed job and fills the Adam defaults (no clipping)', () => {
    const j = checkGpuJob(job());
    expect(j.optimizer).toEqual({ learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-5, maxGradNorm: Number.POSITIVE_INFINITY });
    expect(checkGpuJob({ ...job(), optimizer: { learningRate: 1e-3, maxGradNorm: Number.POSITIVE_INFINITY } }).optimizer.maxGradNorm).toBe(Number.POSITIVE_INFINITY);
  });

  it('names the field of a bad job', () => {
    expect(() => checkGpuJob({ ...job(), weights: [[1, 2, 3, 4, 5], [0, 0, 0], [1, 1, 1], [0]] })).toThrow('GPU job: weights[0]: expected 6 numbers (2 × 3), got 5');
    expect(() => checkGpuJob({ ...job(), weights: [[1, 2, 3, 4, 5, 6], [0, 0, 0], [1, 1, 1]] })).toThrow('GPU job: weights: expected 4 arrays (W and b per layer), got 3');
    expect(() => checkGpuJob({ ...job(), weights: [[1, 2, 3, 4, 5, 6], [0, 0], [1, 1, 1], [0]] })).toThrow('GPU job: weights[1]: expected 3 numbers, got 2');
    expect(() => checkGpuJob({ ...job(), batches: [{ rows: 2, x: [1, 2, 3], y: [1, 0] }] })).toThrow('GPU job: batches[0].x: expected 4 numbers (2 × 2), got 3');
    expect(() => checkGpuJob({ ...job(), batches: [{ rows: 2, x: [1, 2, 3, 4], y: [1] }] })).toThrow('GPU job: batches[0].y: expected 2 numbers (2 × 1), got 1');
    expect(() => checkGpuJob({ ...job(), optimizer: { learningRate: -1 } })).toThrow(/^GPU job: optimizer\.learningRate: /);
    expect(() => checkGpuJob({ ...job(), optimizer: { learningRate: 1e-3, maxGradNorm: 0 } })).toThrow(/^GPU job: optimizer\.maxGradNorm: /);
    expect(() => checkGpuJob({ ...job(), spec: { ...job().spec, hidden: [0] } })).toThrow(/^GPU job: spec\.hidden\.0: /);
    expect(() => checkGpuJob({ ...job(), backends: ['cuda'] })).toThrow(/^GPU job: backends\.0: /);
    expect(() => checkGpuJob({ ...job(), extra: 1 })).toThrow(/^GPU job: /);
  });
});
