import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TrainingOutcome, TrainingProgress } from './training-runner.js';
import type { TrainWorkerData, TrainWorkerMessage } from './train-worker-protocol.js';

/** Options of `TrainingJob.start`. */
export interface TrainingJobOptions {
  readonly outDir: string;
  readonly resumeFrom?: string;
  /** Module URL exporting `runTraining` (default: the trainer, main/learning/train/run-training, imported by the worker itself). */
  readonly runner?: string;
  /** Least time between forwarded progress events, ms (default 250). */
  readonly progressEveryMs?: number;
  readonly onProgress?: (p: TrainingProgress) => void;
  /** `config` is a `TrainRequest` (train-record.ts); the worker builds the trainer's config from it. */
  readonly fromRequest?: boolean;
}

/**
 * How a job ended: `completed` (outcome set), `cancelled` (outcome set when the trainer returned
 * one, e.g. with the weights of the steps done; null when it stopped by throwing), or `failed`
 * (`error` says why: the trainer's message, or the worker's exit).
 */
export type TrainingJobResult =
  | { readonly status: 'completed'; readonly outcome: TrainingOutcome }
  | { readonly status: 'cancelled'; readonly outcome: TrainingOutcome | null }
  | { readonly status: 'failed'; readonly error: string };

function workerEntry(): { file: URL; tsEntry: string | null } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { file: new URL('../env/ts-worker-boot.mjs', here), tsEntry: new URL('./train-worker.ts', here).href };
  const built = new URL('./train-worker.mjs', here);
  if (!existsSync(fileURLToPath(built))) throw new Error(`TrainingJob: no worker bundle at ${fileURLToPath(built)} (build main/learning/train-worker/train-worker.ts beside this bundle)`);
  return { file: built, tsEntry: null };
}

/**
 * One training run in its own `worker_threads` worker (never the engine's thread): progress
 * events forwarded (throttled in the worker), `cancel()` stops it at the trainer's next check,
 * `result` settles once with how it ended and never rejects.
 *
 * Invariants: `result` settles exactly once; after it settles the worker has exited (or is being
 * terminated) and no more progress is delivered.
 */
export class TrainingJob {
  readonly result: Promise<TrainingJobResult>;
  private settled = false;

  private constructor(private readonly worker: Worker, private readonly cancelFlag: Int32Array, onProgress: ((p: TrainingProgress) => void) | undefined) {
    this.result = new Promise<TrainingJobResult>((resolve) => {
      const settle = (r: TrainingJobResult) => {
        if (this.settled) return;
        this.settled = true;
        resolve(r);
        void worker.terminate();
      };
      worker.on('message', (m: TrainWorkerMessage) => {
        if (this.settled) return;
        if (m.type === 'progress') onProgress?.(m.progress);
        else if (m.type === 'failed') settle({ status: 'failed', error: m.message });
        else if (m.cancelled || m.outcome?.status === 'cancelled') settle({ status: 'cancelled', outcome: m.outcome });
        else if (m.outcome) settle({ status: 'completed', outcome: m.outcome });
        else settle({ status: 'failed', error: 'the trainer finished without an outcome' });
      });
      worker.on('error', (e) => settle({ status: 'failed', error: `training worker: ${e.message}` }));
      worker.on('exit', (code) => settle({ status: 'failed', error: `training worker exited (code ${code}) before it finished` }));
    });
  }

  /** Starts `config` (the trainer's config) in a fresh worker. */
  static start(config: unknown, opts: TrainingJobOptions): TrainingJob {
    const entry = workerEntry();
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const data: TrainWorkerData = {
      config, outDir: opts.outDir, resumeFrom: opts.resumeFrom, runner: opts.runner ?? null,
      progressEveryMs: opts.progressEveryMs ?? 250, cancel, fromRequest: opts.fromRequest,
    };
    const worker = new Worker(entry.file, { workerData: { ...data, __tsEntry: entry.tsEntry }, name: 'slipstream-train' });
    return new TrainingJob(worker, cancel, opts.onProgress);
  }

  /** Asks the run to stop (the trainer sees it at its next progress event or signal check). */
  cancel(): void {
    if (this.settled) return;
    Atomics.store(this.cancelFlag, 0, 1);
    this.worker.postMessage({ type: 'cancel' });
  }
}
