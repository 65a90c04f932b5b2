import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GpuJobProgress } from '../../contract/gpu-compute.js';
import { BROWSER_TRAIN_BACKENDS, type BrowserTrainBackend, type BrowserTrainJob, type BrowserTrainResult } from '../../contract/gpu-training.js';
import type { ModelFolderContents, ModelManifestInput } from '../model-io/index.js';
import { saveModelFolderSync, sha256Hex } from '../model-io/index.js';
import { encodeLe } from '../model-io/model-json.js';
import type { TrainingJobResult } from './train-job.js';
import type { TrainRequest } from './train-record.js';
import { buildTrainerConfig } from './trainer-config.js';
import type { TrainingProgress } from './training-runner.js';

/** What a browser training job needs of the engine's `gpu.*` queue (`BrowserGpuJobs`). */
export interface BrowserTrainQueue {
  run(job: BrowserTrainJob, sink: { report(fraction: number, units: number): void; readonly cancelled: boolean; progress?(p: GpuJobProgress): void }, timeoutSec: number): Promise<BrowserTrainResult>;
  /** Takes back a job no page has taken yet (it rejects with `reason`); false when a page has it. */
  withdraw(jobId: string, reason: string): boolean;
}

/** A running job as `TrainJobs` keeps it: the same face as `TrainingJob` (a worker run). */
export interface RunningTrainingJob {
  readonly result: Promise<TrainingJobResult>;
  cancel(): void;
}

/** Options of `startBrowserTrainingJob`. */
export interface BrowserTrainingJobOptions {
  readonly jobId: string;
  readonly outDir: string;
  readonly queue: BrowserTrainQueue;
  /** How long the job may wait for a compute page and run on it (default 24 h). */
  readonly timeoutSec?: number;
  readonly onProgress?: (p: TrainingProgress) => void;
}

/** The page's model (numbers) as model-io's contents (float32 arrays: exact, the page's values were float32). */
export function modelContentsOf(m: BrowserTrainResult['model']): ModelFolderContents {
  return {
    mlps: m.mlps.map((n) => ({ name: n.name, spec: n.spec, weights: n.weights.map((w) => Float32Array.from(w)) })),
    tensors: m.tensors.map((t) => ({ name: t.name, shape: t.shape, values: Float32Array.from(t.values) })),
    manifest: m.manifest as unknown as ModelManifestInput,
  };
}

/**
 * Runs a training request on the browser compute page (issue #10 item 6): builds the trainer's
 * config here (a queue-reactive market is fitted to the data files by the engine: the page reads
 * no files), queues it on the `gpu.*` queue for the hidden compute window (Electron) or a
 * `compute.html?token=…` page (browser mode), forwards its progress, and when the page answers
 * writes the model folder (model.json, weights.bin, manifest.json naming the page's backend) and
 * result.json into `outDir`. `cancel()` is told to the page at its next progress report; the run
 * then ends `cancelled` with the weights so far (stored like a worker run's); a job no page has taken
 * yet is taken back at once and ends `cancelled` without a model.
 * Invariants: `result` settles once and never rejects; a model is written only when the SHA-256
 * of the weights received equals the page's (else the job fails, saying so, and writes nothing).
 */
export function startBrowserTrainingJob(request: TrainRequest & { backend: BrowserTrainBackend }, opts: BrowserTrainingJobOptions): RunningTrainingJob {
  let cancelled = false;
  let withdrawn = false;
  const run = async (): Promise<TrainingJobResult> => {
    const { backend: _page, ...rest } = request;
    const config = buildTrainerConfig(rest);
    const job: BrowserTrainJob = { kind: 'training', jobId: opts.jobId, config, backends: [...BROWSER_TRAIN_BACKENDS[request.backend]] };
    const sink = {
      report: () => {},
      get cancelled() {
        return cancelled;
      },
      progress: (p: GpuJobProgress) => opts.onProgress?.({ ...(p.metrics ?? {}), step: p.step, totalSteps: p.steps }),
    };
    const r = await opts.queue.run(job, sink, opts.timeoutSec ?? 86_400);
    const contents = modelContentsOf(r.model);
    // weights.bin's bytes (model-io's order: networks, then tensors), hashed before anything is written.
    const sha = sha256Hex(encodeLe([...contents.mlps.flatMap((m) => m.weights), ...(contents.tensors ?? []).map((t) => t.values)]));
    if (sha !== r.result.weightsSha256) {
      throw new Error(`the weights received (SHA-256 ${sha}) differ from the compute page's (${r.result.weightsSha256}): the transfer changed them; nothing was written`);
    }
    const manifest = saveModelFolderSync(opts.outDir, contents);
    if (manifest.weightsSha256 !== sha) throw new Error(`${opts.outDir}: weights.bin's SHA-256 ${manifest.weightsSha256} ≠ ${sha} (model-io's layout changed?)`);
    const outcome = { ...r.result, backend: r.backend, out: opts.outDir, resumedFrom: null, adapter: r.adapter, skipped: r.skipped };
    const file = path.join(opts.outDir, 'result.json');
    fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(outcome, null, 2)}\n`);
    fs.renameSync(`${file}.tmp`, file);
    return r.result.status === 'cancelled' ? { status: 'cancelled', outcome } : { status: 'completed', outcome };
  };
  const result = run().catch((e: unknown): TrainingJobResult => (withdrawn ? { status: 'cancelled', outcome: null } : { status: 'failed', error: e instanceof Error ? e.message : String(e) }));
  return {
    result,
    cancel() {
      cancelled = true;
      // Not taken by a page yet: take it back now (no model: nothing was trained). Taken: the page sees the cancel at its next progress.
      withdrawn ||= opts.queue.withdraw(opts.jobId, `training job ${opts.jobId} cancelled before a compute page took it`);
    },
  };
}
