import { Worker } from 'node:worker_threads';
import type { EngineOptions } from '../../main/host/engine.js';
import type { Request, ServerMessage } from '../../main/contract/index.js';
import { grantFilesMessage, SHUTDOWN, SHUTDOWN_GRACE_MS, type EngineLink } from './engine-link.js';
import { resolveWorkerEntry, type WorkerEntry } from './worker-entry.js';

/** Starts the engine in a `worker_threads` Worker (headless host's default). */
export function startWorkerEngine(options: Omit<EngineOptions, 'engineThread'>, entry: WorkerEntry = resolveWorkerEntry()): EngineLink {
  const worker = new Worker(entry.file, {
    workerData: { ...options, engineThread: 'worker-thread', __tsEntry: entry.tsEntry?.href },
    name: 'slipstream-engine',
  });
  let onMessage: (msg: ServerMessage) => void = () => {};
  let onExit: (reason: string) => void = () => {};
  let closing = false;
  let lastError: Error | null = null;

  worker.on('message', (msg: ServerMessage) => onMessage(msg));
  worker.on('error', (err) => {
    lastError = err;
  });
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', (code) => {
      resolve();
      if (!closing) onExit(lastError ? `Engine crashed: ${lastError.message}` : `Engine stopped (exit code ${code})`);
    }),
  );

  return {
    post: (msg: Request) => worker.postMessage(msg),
    grantFiles: (files) => worker.postMessage(grantFilesMessage(files)),
    onMessage: (l) => void (onMessage = l),
    onExit: (l) => void (onExit = l),
    kill: () => void worker.terminate(),
    async close() {
      if (closing) return exited;
      closing = true;
      worker.postMessage(SHUTDOWN);
      const timer = setTimeout(() => void worker.terminate(), SHUTDOWN_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
