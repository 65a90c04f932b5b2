import { parentPort, workerData } from 'node:worker_threads';
import { DataFormatError } from '../market/readers/reader.js';
import { dataErrorMessage } from './file-access-excerpt.js';
import { trainSignalsForChart, type SignalsTrainSpec } from './signals-train.js';
import type { SignalsWorkerMessage } from './signals-job.js';

// The Signals screen's training, off the engine's thread: features, walk-forward folds, then one
// `done` (or `failed`) message. Cancelling terminates this worker (nothing is stored while it runs).
const spec = (workerData as { spec: SignalsTrainSpec }).spec;
const post = (m: SignalsWorkerMessage) => parentPort!.postMessage(m);
const cpu0 = process.cpuUsage();
trainSignalsForChart(spec, (fraction, rows, phase) => post({ type: 'progress', fraction, rows, phase })).then(
  (out) => {
    const c = process.cpuUsage(cpu0);
    post({ type: 'done', out, cpuMs: (c.user + c.system) / 1000 });
  },
  (e: unknown) => {
    if (e instanceof DataFormatError) post({ type: 'failed', code: 'data-format', message: dataErrorMessage(e) });
    else if (e instanceof RangeError) post({ type: 'failed', code: 'validation', message: e.message, field: /^(\w+):/.exec(e.message)?.[1] });
    else post({ type: 'failed', code: 'internal', message: e instanceof Error ? e.message : String(e) });
  },
);
