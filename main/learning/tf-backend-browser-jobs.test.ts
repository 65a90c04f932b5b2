import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkGpuJob, type GpuJobResult } from '../contract/gpu-compute.js';
import { BrowserGpuJobs } from './tf-backend-browser-jobs.js';

const job = (jobId: string) =>
  checkGpuJob({ jobId, spec: { inputDim: 1, hidden: [], outputDim: 1, activation: 'tanh' }, weights: [[1], [0]], optimizer: { learningRate: 0.1 }, loss: 'mse', batches: [{ rows: 1, x: [1], y: [0] }], steps: 4 });
const result = (jobId: string): GpuJobResult => ({ jobId, backend: 'webgl', skipped: ['webgpu: no adapter'], adapter: null, forward: [0.5], losses: [1, 0.5, 0.25, 0.1], gradNorms: [1, 1, 1, 1], weights: [[0.9], [0]], elapsedMs: 3 });
const sink = () => ({ reports: [] as Array<[number, number]>, cancelled: false, report(f: number, u: number) { this.reports.push([f, u]); } });

afterEach(() => vi.useRealTimers());

describe('BrowserGpuJobs', () => {
  it('hands queued jobs to pages in order, one page each, and resolves each run with its page result', async () => {
    const b = new BrowserGpuJobs();
    const s = sink();
    const r1 = b.run(job('a'), s, 60);
    const r2 = b.run(job('b'), sink(), 60);
    expect((await b.nextJob(1))?.jobId).toBe('a');
    expect((await b.nextJob(1))?.jobId).toBe('b');
    expect(b.progress({ jobId: 'a', step: 2, steps: 4, loss: 0.5, stepsPerSec: 10 })).toEqual({ cancel: false });
    expect(s.reports).toEqual([[0.5, 2]]);
    expect(b.done('b', { error: 'WebGL context lost' })).toBe(true);
    expect(b.done('a', { result: result('a') })).toBe(true);
    await expect(r1).resolves.toEqual(result('a'));
    await expect(r2).rejects.toThrow('GPU job b failed on the compute page: WebGL context lost');
    expect(b.done('a', { result: result('a') })).toBe(false);
    void b.run(job('c'), sink(), 60).catch(() => {});
    await expect(b.run(job('c'), sink(), 60)).rejects.toThrow('GPU job c is already queued or running');
    b.dispose();
  });

  it('a waiting poll gets a job queued later; an idle poll answers null after its wait', async () => {
    vi.useFakeTimers();
    const b = new BrowserGpuJobs();
    const idle = b.nextJob(5);
    vi.advanceTimersByTime(5000);
    await expect(idle).resolves.toBeNull();
    const waiting = b.nextJob(20);
    const run = b.run(job('x'), sink(), 60);
    await expect(waiting).resolves.toMatchObject({ jobId: 'x' });
    b.done('x', { result: result('x') });
    await expect(run).resolves.toMatchObject({ jobId: 'x' });
  });

  it('a cancel reaches the page through the progress answer; unknown jobs are told to stop', () => {
    const b = new BrowserGpuJobs();
    const s = sink();
    void b.run(job('k'), s, 60).catch(() => {});
    void b.nextJob(1);
    s.cancelled = true;
    expect(b.progress({ jobId: 'k', step: 1, steps: 4, loss: 1, stepsPerSec: 1 })).toEqual({ cancel: true });
    expect(b.progress({ jobId: 'nope', step: 1, steps: 4, loss: 1, stepsPerSec: 1 })).toEqual({ cancel: true });
    b.dispose();
  });

  it('times out naming what to open when no page takes the job, and when the page that took it vanishes', async () => {
    vi.useFakeTimers();
    const b = new BrowserGpuJobs();
    const untaken = b.run(job('u'), sink(), 3);
    const untakenErr = untaken.catch((e: Error) => e.message);
    vi.advanceTimersByTime(3000);
    expect(await untakenErr).toBe('GPU job u: no compute page took it within 3 s; open the headless host\'s /compute.html?token=… in a browser with WebGPU or WebGL');
    const taken = b.run(job('t'), sink(), 3).catch((e: Error) => e.message);
    await b.nextJob(1);
    vi.advanceTimersByTime(3000);
    expect(await taken).toMatch(/^GPU job t: the compute page that took it did not finish within 3 s/);
    expect(b.done('t', { result: result('t') })).toBe(false);
  });
});
