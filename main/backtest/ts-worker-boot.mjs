// Boot file for running the backtest worker from TypeScript sources (vitest, tsx, the CLI shim):
// registers tsx inside the worker thread, then imports the real entry named in
// workerData.__tsEntry. On Node 20 a Worker's own .ts entry is not loaded through the parent's
// loader, while register() inside the worker is (same idea as app/engine/ts-worker-boot.mjs).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__tsEntry);
