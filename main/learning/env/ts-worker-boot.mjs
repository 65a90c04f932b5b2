// Boot file for the VecEnv worker from TypeScript sources (vitest, tsx): registers tsx inside the
// worker thread, then imports the real entry named in workerData.__tsEntry (same idea as
// main/backtest/ts-worker-boot.mjs: on Node 20 a Worker's .ts entry is not loaded through the
// parent's loader).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__tsEntry);
