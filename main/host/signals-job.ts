import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { EngineError } from './engine-error.js';
import type { Job } from './job-registry.js';
import type { SignalsTrainOutput, SignalsTrainSpec } from './signals-train.js';

/** Messages from the signals worker, in order: any number of `progress`, then one `done` or `failed`. */
export type SignalsWorkerMessage =
  | { readonly type: 'progress'; readonly fraction: number; readonly rows: number; readonly phase: string }
  | { readonly type: 'done'; readonly out: SignalsTrainOutput; readonly cpuMs: number }
  | { readonly type: 'failed'; readonly code: 'data-format' | 'validation' | 'internal'; readonly message: string; readonly field?: string };

function workerEntry(): { file: URL; tsEntry: string | null } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { file: new URL('../backtest/ts-worker-boot.mjs', here), tsEntry: new URL('./signals-worker.ts', here).href };
  const built = new URL('./signals-worker.mjs', here);
  if (!existsSync(fileURLToPath(built))) throw new Error(`signals.train: no worker bundle at ${fileURLToPath(built)} (build main/host/signals-worker.ts beside this bundle)`);
  return { file: built, tsEntry: null };
}

/** How often the host looks at the job's cancel flag, ms. */
const CANCEL_POLL_MS = 50;

/**
 * Runs one signals training in its own worker thread, forwarding progress to `job` (rows/s) and
 * terminating the worker as soon as the job is cancelled. Resolves with the output and the worker's
 * CPU time; rejects with an EngineError ('cancelled', or the worker's error in its own words).
 * Invariant: the worker has exited or is being terminated once the promise settles.
 */
export function runSignalsWorker(spec: SignalsTrainSpec, job: Job): Promise<{ out: SignalsTrainOutput; cpuMs: number; rows: number }> {
  const entry = workerEntry();
  const worker = new Worker(entry.file, { workerData: { spec, __tsEntry: entry.tsEntry }, name: 'slipstream-signals' });
  let rows = 0;
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      void worker.terminate();
      f();
    };
    const poll = setInterval(() => {
      if (job.cancelled) settle(() => reject(new EngineError('cancelled', `Training the ${spec.model} signal was cancelled`)));
    }, CANCEL_POLL_MS);
    worker.on('message', (m: SignalsWorkerMessage) => {
      if (m.type === 'progress') {
        rows = m.rows;
        job.report(m.fraction, m.rows, true);
      } else if (m.type === 'done') settle(() => resolve({ out: m.out, cpuMs: m.cpuMs, rows }));
      else settle(() => reject(new EngineError(m.code, m.message, m.field)));
    });
    worker.on('error', (e) => settle(() => reject(new EngineError('internal', `signals worker: ${e.message}`))));
    worker.on('exit', (code) => settle(() => reject(new EngineError('internal', `signals worker exited (code ${code}) before it finished`))));
  });
}
