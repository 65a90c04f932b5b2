/**
 * Entry of a backtest worker thread (see `job-pool.ts`). Protocol, plain structured-clone data:
 * parent → worker `{ type: 'job', job: JobSpec }`; worker → parent `{ type: 'progress', index,
 * fraction }` (at most every 100 ms), then exactly one of `{ type: 'done', result: JobResult }`,
 * `{ type: 'aborted', index }` (the shared abort flag was set) or `{ type: 'failed', index,
 * message }`. Jobs run one at a time; a failed job never kills the thread. `workerData.abort` is
 * a SharedArrayBuffer whose first Int32 the parent sets to 1 to cancel.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { JobRun, type JobSpec } from './job-run.js';

/** Wall time between abort checks and progress messages. */
const SLICE_MS = 100;

const port = parentPort;
if (!port) throw new Error('backtest-worker.ts must run in a worker thread');
const abort = new Int32Array((workerData as { abort: SharedArrayBuffer }).abort);

port.on('message', (msg: { type: 'job'; job: JobSpec }) => {
  if (msg.type !== 'job') return;
  const job = msg.job;
  try {
    const run = new JobRun(job);
    while (!run.step(SLICE_MS)) {
      if (Atomics.load(abort, 0) !== 0) {
        port.postMessage({ type: 'aborted', index: job.index });
        return;
      }
      port.postMessage({ type: 'progress', index: job.index, fraction: run.progress() });
    }
    port.postMessage({ type: 'done', result: run.result() });
  } catch (e) {
    port.postMessage({ type: 'failed', index: job.index, message: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ type: 'ready' });
