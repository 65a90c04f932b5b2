// Boot file for running the engine worker from TypeScript sources (dev, tests): registers tsx
// inside the worker thread, then imports the real entry named in workerData.__tsEntry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__tsEntry);
