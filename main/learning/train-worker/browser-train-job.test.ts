import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBrowserTraining } from '../../../app/compute-trainer/compute-trainer.js';
import type { BrowserTrainJob, BrowserTrainResult } from '../../contract/gpu-training.js';
import { parseTrainArgs } from '../../cli/train-command.js';
import { loadModelFolderSync } from '../model-io/index.js';
import { BrowserGpuJobs } from '../tf-backend-browser-jobs.js';
import { selectTfBackend } from '../tf-backend.js';
import { startBrowserTrainingJob } from './browser-train-job.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-train-job-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const request = { algo: 'ppo' as const, env: 'cartpole' as const, steps: 512, seed: 2, config: { numEnvs: 2, evalEpisodes: 2, ppo: { numSteps: 128, updateEpochs: 1, numMinibatches: 2 } } };

/** A compute page played in this process: takes jobs from the real queue, runs the real page trainer on cpu, reports progress, answers done. */
async function servePage(queue: BrowserGpuJobs, tamper?: (r: BrowserTrainResult) => void): Promise<void> {
  const job = (await queue.nextJob(5)) as BrowserTrainJob;
  await selectTfBackend({ backend: 'cpu', source: 'test' });
  let cancel = false;
  const out = await runBrowserTraining(job, {
    backend: 'cpu',
    onProgress: (p) => void (cancel ||= queue.progress({ jobId: job.jobId, step: p.step, steps: p.totalSteps, loss: 0, stepsPerSec: p.stepsPerSec, metrics: { episodeReturnMean: p.episodeReturnMean } }).cancel),
    shouldStop: () => cancel,
  });
  const result: BrowserTrainResult = { kind: 'training', jobId: job.jobId, backend: 'cpu', skipped: [], adapter: null, ...JSON.parse(JSON.stringify(out)) };
  tamper?.(result);
  queue.done(job.jobId, { result });
}

describe('startBrowserTrainingJob (train.start with a browser backend)', () => {
  it('queues the job for a page with its backend order, forwards progress, writes the model folder and result.json naming the page\'s backend', async () => {
    const queue = new BrowserGpuJobs();
    const outDir = path.join(dir, 'ok');
    const progress: number[] = [];
    const job = startBrowserTrainingJob({ ...request, backend: 'webgl' }, { jobId: 'train-a', outDir, queue, onProgress: (p) => progress.push(p.step) });
    const peek = queue.nextJob(5);
    const taken = (await peek) as BrowserTrainJob;
    expect(taken).toMatchObject({ kind: 'training', jobId: 'train-a', backends: ['webgl', 'cpu'], config: { algo: 'ppo', env: { kind: 'cartpole' }, steps: 512, seed: 2 } });
    expect(taken.config.backend).toBeUndefined();
    // Give it back to a page that runs it (re-queue through a fresh queue would lose the promise; run it here).
    await selectTfBackend({ backend: 'cpu', source: 'test' });
    const out = await runBrowserTraining(taken, { backend: 'cpu', onProgress: (p) => queue.progress({ jobId: taken.jobId, step: p.step, steps: p.totalSteps, loss: 0, stepsPerSec: 1, metrics: { x: 1 } }) });
    queue.done(taken.jobId, { result: { kind: 'training', jobId: taken.jobId, backend: 'cpu', skipped: ['webgl: no context'], adapter: null, ...JSON.parse(JSON.stringify(out)) } });
    const r = await job.result;
    expect(r.status).toBe('completed');
    if (r.status !== 'completed') return;
    expect(r.outcome).toMatchObject({ backend: 'cpu', weightsSha256: out.result.weightsSha256, steps: 512, skipped: ['webgl: no context'] });
    expect(progress).toEqual([256, 512]);
    const folder = loadModelFolderSync(outDir);
    expect(folder.manifest.weightsSha256).toBe(out.result.weightsSha256);
    expect(folder.manifest.backend).toBe('cpu');
    expect(JSON.parse(fs.readFileSync(path.join(outDir, 'result.json'), 'utf8'))).toMatchObject({ status: 'completed', backend: 'cpu', out: outDir });
  });

  it('a cancel reaches the page at its next progress: the run ends cancelled with its weights written', async () => {
    const queue = new BrowserGpuJobs();
    const outDir = path.join(dir, 'cancel');
    // Cancel at the first progress event (the closure runs after `job` is set).
    const job = startBrowserTrainingJob({ ...request, steps: 1e6, backend: 'browser-cpu' }, { jobId: 'train-c', outDir, queue, onProgress: () => job.cancel() });
    await servePage(queue);
    const r = await job.result;
    expect(r.status).toBe('cancelled');
    if (r.status !== 'cancelled') return;
    expect(r.outcome!.steps).toBeLessThan(1e6);
    expect(loadModelFolderSync(outDir).manifest.trainingSteps).toBe(r.outcome!.steps);
  });

  it('a cancel before any page took the job takes it back at once: cancelled, no model, and no page ever gets it', async () => {
    const queue = new BrowserGpuJobs();
    const outDir = path.join(dir, 'withdrawn');
    const job = startBrowserTrainingJob({ ...request, backend: 'webgl' }, { jobId: 'train-w', outDir, queue });
    await new Promise((r) => setTimeout(r, 0));
    job.cancel();
    expect(await job.result).toEqual({ status: 'cancelled', outcome: null });
    expect(await queue.nextJob(0)).toBeNull();
    expect(fs.existsSync(outDir)).toBe(false);
  });

  it('fails (writing nothing) when the weights that arrive do not hash to the page\'s weightsSha256', async () => {
    const queue = new BrowserGpuJobs();
    const outDir = path.join(dir, 'tampered');
    const job = startBrowserTrainingJob({ ...request, backend: 'webgpu' }, { jobId: 'train-t', outDir, queue });
    await servePage(queue, (r) => void (r.model.mlps[0]!.weights[0]![0]! += 1e-3));
    const r = await job.result;
    expect(r).toMatchObject({ status: 'failed' });
    if (r.status === 'failed') expect(r.error).toMatch(/differ from the compute page's .*the transfer changed them; nothing was written/);
    expect(fs.existsSync(outDir)).toBe(false);
  });
});

describe('slipstream train --backend webgpu', () => {
  it('says GPU training needs the app or the compute page open', () => {
    const argv = ['--algo', 'ppo', '--env', 'cartpole', '--steps', '10', '--seed', '1', '--out', dir, '--backend', 'webgpu'];
    expect(() => parseTrainArgs(argv)).toThrow(/--backend webgpu: GPU training runs in a Chromium context, not in this command\. Open the app/);
  });
});
