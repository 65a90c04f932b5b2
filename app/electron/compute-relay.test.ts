import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { GpuJobResult } from '../../main/contract/gpu-compute.js';
import { startInProcessEngine } from '../engine/in-process-engine-link.js';
import { EngineRelay } from '../relay/engine-relay.js';
import { createPromiseClient } from '../relay/promise-client.js';
import { serveGpuJobsWithWindow } from './compute-relay.js';

const samplesDir = fileURLToPath(new URL('../../assets/sample', import.meta.url));
const JOB = { jobId: 'e1', spec: { inputDim: 1, hidden: [], outputDim: 1, activation: 'tanh' }, weights: [[0.5], [0]], optimizer: { learningRate: 0.1 }, loss: 'mse', batches: [{ rows: 1, x: [1], y: [1] }], steps: 2 };
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function harness() {
  const dataDir = mkdtempSync(join(tmpdir(), 'slip-compute-relay-'));
  const link = startInProcessEngine({ host: 'in-process', samplesDir, dataDir });
  const relay = new EngineRelay(link);
  const events: Array<{ name: string; payload: any }> = [];
  const caller = createPromiseClient(relay, (e) => void events.push(e));
  const server = createPromiseClient(relay, () => {});
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }), () => link.close(), () => caller.close(), () => server.close());
  return { caller, server, events };
}

describe('serveGpuJobsWithWindow (the engine, relay and broker are real; the window is a function)', () => {
  it('hands gpu.run jobs to the window and its result back to the caller', async () => {
    const { caller, server } = harness();
    const seen: unknown[] = [];
    const served = serveGpuJobsWithWindow(server, async (job) => {
      seen.push(job);
      const j = job as typeof JOB;
      return { jobId: j.jobId, backend: 'webgpu', skipped: [], adapter: 'test adapter', forward: [0.46], losses: [0.29, 0.2], gradNorms: [0.5, 0.4], weights: [[0.6], [0.1]], elapsedMs: 1 } satisfies GpuJobResult;
    });
    cleanups.push(() => served.stop());
    const r = await caller.request('gpu.run', { job: JOB, timeoutSec: 30 });
    expect(r).toMatchObject({ ok: true, result: { jobId: 'e1', backend: 'webgpu', adapter: 'test adapter', weights: [[0.6], [0.1]] } });
    // The window got the validated job (Adam defaults filled in by the engine's check).
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ jobId: 'e1', optimizer: { learningRate: 0.1, beta1: 0.9 } });
  });

  it("a window error fails the caller's gpu.run in the window's words", async () => {
    const { caller, server } = harness();
    const served = serveGpuJobsWithWindow(server, async () => {
      throw new Error('No TensorFlow.js backend could be initialised (webgpu: no adapter)');
    });
    cleanups.push(() => served.stop());
    const r = await caller.request('gpu.run', { job: { ...JOB, jobId: 'e2' }, timeoutSec: 30 });
    expect(r).toMatchObject({ ok: false, error: { message: 'GPU job e2 failed on the compute page: No TensorFlow.js backend could be initialised (webgpu: no adapter)' } });
  });

  it('progress reaches the engine job (job.progress); job.cancel comes back to the window as cancel: true', async () => {
    const { caller, server, events } = harness();
    const answers: boolean[] = [];
    const served = serveGpuJobsWithWindow(server, async (job, onProgress) => {
      answers.push((await onProgress({ jobId: 'e3', step: 1, steps: 10, loss: 1, stepsPerSec: 5 })).cancel);
      const started = events.find((e) => e.name === 'job.progress' && e.payload.label === 'GPU training e3');
      await caller.request('job.cancel', { jobId: started!.payload.jobId });
      answers.push((await onProgress({ jobId: 'e3', step: 2, steps: 10, loss: 0.9, stepsPerSec: 5 })).cancel);
      throw new Error(`GPU job ${(job as { jobId: string }).jobId} cancelled after 2 of 10 steps`);
    });
    cleanups.push(() => served.stop());
    const r = await caller.request('gpu.run', { job: { ...JOB, jobId: 'e3' }, timeoutSec: 30 });
    expect(answers).toEqual([false, true]);
    expect(r).toMatchObject({ ok: false, error: { message: 'GPU job e3 failed on the compute page: GPU job e3 cancelled after 2 of 10 steps' } });
    const last = events.filter((e) => e.name === 'job.progress' && e.payload.label === 'GPU training e3').at(-1);
    expect(last?.payload).toMatchObject({ done: true, cancelled: true });
  });
});
