import { parentPort, workerData } from 'node:worker_threads';
import { ProgressThrottle } from './progress-throttle.js';
import type { TrainRequest } from './train-record.js';
import { buildTrainerConfig } from './trainer-config.js';
import { loadRunTraining, type RunTraining, type TrainingProgress } from './training-runner.js';
import type { TrainWorkerData, TrainWorkerMessage } from './train-worker-protocol.js';

/**
 * The worker side of a training job: runs `runTraining` on this thread (never the engine's),
 * forwards its progress throttled (the last one is always sent before the end, and every event
 * that carries an evaluation or a validation against TWAP), turns the
 * shared cancel flag into an abort of the run's signal, and ends with one `finished` or
 * `failed` message.
 */
async function main(d: TrainWorkerData): Promise<void> {
  const post = (m: TrainWorkerMessage) => parentPort!.postMessage(m);
  const controller = new AbortController();
  const throttle = new ProgressThrottle(d.progressEveryMs, () => performance.now());
  let pending: TrainingProgress | null = null;
  const checkCancel = () => {
    if (!controller.signal.aborted && Atomics.load(d.cancel, 0) === 1) controller.abort(new Error('cancelled'));
  };
  // A cancel while the trainer awaits something (I/O) is seen at once too.
  parentPort!.on('message', (m: unknown) => {
    if ((m as { type?: unknown })?.type === 'cancel') checkCancel();
  });
  try {
    // The trainer by a literal import, so a bundle of this worker carries it (dist/engine/train-worker.mjs).
    const run = d.runner === null ? ((await import('../train/run-training.js')).runTraining as unknown as RunTraining) : await loadRunTraining(d.runner);
    const config = d.fromRequest ? buildTrainerConfig(d.config as TrainRequest) : d.config;
    checkCancel();
    const outcome = await run(config, {
      outDir: d.outDir,
      resumeFrom: d.resumeFrom,
      signal: controller.signal,
      onProgress: (p) => {
        checkCancel();
        // An evaluation's event always goes through (rare, and each is a point of the curves).
        if (throttle.pass(p.evalMeanReturn !== undefined || p.validation !== undefined)) {
          post({ type: 'progress', progress: p });
          pending = null;
        } else pending = p;
      },
    });
    if (pending) post({ type: 'progress', progress: pending });
    // The trainer may finish its last unit after the abort: it is cancelled only if it says so, or stopped short.
    post({ type: 'finished', outcome, cancelled: outcome.status === 'cancelled' || (controller.signal.aborted && outcome.status === undefined) });
  } catch (e) {
    if (pending) post({ type: 'progress', progress: pending });
    // A trainer that stops on the abort by throwing ends as cancelled, not failed.
    if (controller.signal.aborted) post({ type: 'finished', outcome: null, cancelled: true });
    else post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    parentPort!.removeAllListeners('message');
  }
}

void main(workerData as TrainWorkerData);
