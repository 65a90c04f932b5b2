import { describe, expect, it } from 'vitest';
import { checkGpuJob } from '../../main/contract/gpu-compute.js';
import { ComputeWindow, jobScript, type ComputeWindowHandle } from './compute-window.js';

const JOB = {
  jobId: 'j',
  spec: { inputDim: 1, hidden: [], outputDim: 1, activation: 'tanh' },
  weights: [[0.5], [0]],
  optimizer: { learningRate: 0.1 },
  loss: 'mse',
  batches: [{ rows: 1, x: [1], y: [1] }],
  steps: 1,
};

/** A window that records what it was asked to do; the page's answer is whatever `answer` returns. */
function fakeWindow(answer: (code: string) => unknown) {
  const calls: string[] = [];
  let created = 0;
  let destroyed = false;
  const make = (): ComputeWindowHandle => {
    created++;
    destroyed = false;
    return {
      loadURL: async (url) => void calls.push(`load ${url}`),
      executeJavaScript: async (code) => (calls.push(code), answer(code)),
      isDestroyed: () => destroyed,
      destroy: () => void (destroyed = true),
    };
  };
  return { calls, make, created: () => created };
}

describe('ComputeWindow', () => {
  it('sends an unclipped job without Infinity (JSON cannot carry it) and parses back to the same job', () => {
    const script = jobScript(checkGpuJob(JOB));
    const json = /^window\.__slipstreamCompute\.runJob\((.*)\)$/s.exec(script)![1]!;
    expect(JSON.parse(json).optimizer).not.toHaveProperty('maxGradNorm');
    expect(checkGpuJob(JSON.parse(json))).toEqual(checkGpuJob(JOB));
    expect(JSON.parse(/\((.*)\)$/s.exec(jobScript(checkGpuJob({ ...JOB, optimizer: { learningRate: 0.1, maxGradNorm: 2 } })))![1]!).optimizer.maxGradNorm).toBe(2);
  });

  it('opens the page once, waits for it, and refuses a bad job before touching the window', async () => {
    const w = fakeWindow((code) => (code.startsWith('window.__slipstreamCompute') ? { jobId: 'j', backend: 'webgl' } : true));
    const cw = new ComputeWindow(w.make, 'app://slipstream/compute.html');
    await expect(cw.runJob({ ...JOB, steps: 1.5 })).rejects.toThrow(/^GPU job: steps: /);
    expect(w.created()).toBe(0);
    await cw.runJob(JOB);
    await cw.runJob(JOB);
    expect(w.created()).toBe(1);
    expect(w.calls[0]).toBe('load app://slipstream/compute.html');
    expect(w.calls[1]).toMatch(/dataset\.ready === 'true'/);
    expect(w.calls.filter((c) => c.startsWith('window.__slipstreamCompute'))).toHaveLength(2);
    cw.close();
    await cw.runJob(JOB);
    expect(w.created()).toBe(2);
  });

  it('a page that fails to start is not kept: the next job opens a new window', async () => {
    let fail = true;
    const w = fakeWindow(() => {
      if (fail) throw new Error('The compute page did not start within 60 s');
      return { jobId: 'j' };
    });
    const cw = new ComputeWindow(w.make, 'app://slipstream/compute.html');
    await expect(cw.runJob(JOB)).rejects.toThrow('did not start');
    fail = false;
    await cw.runJob(JOB);
    expect(w.created()).toBe(2);
  });
});
