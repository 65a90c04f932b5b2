import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { JobRun, type JobResult, type JobSpec } from './job-run.js';
import { resolveBacktestWorker, type BacktestWorkerEntry } from './worker-entry.js';

/** Wall time per in-process slice between progress reports and cancel checks. */
const SLICE_MS = 50;

/**
 * Progress of a pool run. Invariants: 0 ≤ done ≤ total; `fraction` in [0, 1] counts finished
 * jobs plus the finished part of running ones; `ordersPerSec` = parent orders (jobs WITH a
 * strategy) finished per wall second; `etaSec` null until some work is done.
 */
export interface PoolProgress {
  readonly done: number;
  readonly total: number;
  readonly fraction: number;
  readonly ordersDone: number;
  readonly ordersPerSec: number;
  readonly elapsedSec: number;
  readonly etaSec: number | null;
}

/**
 * Options of `runJobs`. `workers`: threads (0 = in-process, on this thread, yielding to the event
 * loop between 50 ms slices); the pool never starts more threads than jobs. Cancel with `signal`
 * or `shouldStop` (polled every 100 ms and after every job): no new job starts and running jobs
 * stop at their next slice. `workerEntry`: where the worker code is (default
 * `resolveBacktestWorker()`; null forces in-process).
 */
export interface PoolOptions {
  readonly workers: number;
  readonly signal?: AbortSignal;
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (p: PoolProgress) => void;
  readonly progressIntervalMs?: number;
  readonly workerEntry?: BacktestWorkerEntry | null;
}

/**
 * What a pool run returns. Invariant: `results[i]` is the result of `jobs[i]` (null only when
 * cancelled before it finished), whatever the number of workers or the order they finished in.
 * `note` says why the run was in-process when workers were asked for.
 */
export interface PoolRun {
  readonly results: Array<JobResult | null>;
  readonly cancelled: boolean;
  readonly mode: 'workers' | 'in-process';
  readonly workers: number;
  readonly note: string | null;
  readonly elapsedMs: number;
}

/** The default pool size: min(2, available cores). */
export function defaultWorkerCount(): number {
  return Math.min(2, availableParallelism());
}

/**
 * Runs every job, in `worker_threads` (each job on one thread, handed out as threads free up) or
 * in-process. Results are placed by job position, so they are identical for any worker count.
 * Rejects with an Error naming the job when one fails (the other threads are stopped).
 */
export async function runJobs(jobs: readonly JobSpec[], opts: PoolOptions): Promise<PoolRun> {
  const entry = opts.workerEntry === undefined ? resolveBacktestWorker() : opts.workerEntry;
  const tracker = new Tracker(jobs, opts);
  if (opts.workers <= 0 || jobs.length === 0) return inProcess(jobs, opts, tracker, null);
  if (!entry) return inProcess(jobs, opts, tracker, 'no backtest worker entry was found beside this code (see main/backtest/README.md); ran in-process');
  return withWorkers(jobs, opts, tracker, entry, Math.min(opts.workers, jobs.length));
}

function stopWanted(opts: PoolOptions): boolean {
  return (opts.signal?.aborted ?? false) || (opts.shouldStop?.() ?? false);
}

function jobName(job: JobSpec): string {
  return `job ${job.index} (${job.pathId}, ${job.strategy ?? 'without orders'})`;
}

class Tracker {
  readonly results: Array<JobResult | null>;
  readonly running = new Map<number, number>();
  private readonly t0 = performance.now();
  private lastReport = -Infinity;
  private done = 0;
  private orders = 0;

  constructor(private readonly jobs: readonly JobSpec[], private readonly opts: PoolOptions) {
    this.results = jobs.map(() => null);
  }

  get elapsedMs(): number {
    return performance.now() - this.t0;
  }

  finished(pos: number, r: JobResult): void {
    this.results[pos] = r;
    this.running.delete(pos);
    this.done++;
    if (this.jobs[pos]!.strategy !== null) this.orders++;
    this.report();
  }

  report(force = false): void {
    const cb = this.opts.onProgress;
    if (!cb) return;
    const now = performance.now();
    if (!force && now - this.lastReport < (this.opts.progressIntervalMs ?? 250)) return;
    this.lastReport = now;
    const total = this.jobs.length;
    let partial = 0;
    for (const f of this.running.values()) partial += f;
    const fraction = total === 0 ? 1 : Math.min(1, (this.done + partial) / total);
    const elapsedSec = (now - this.t0) / 1000;
    cb({
      done: this.done, total, fraction, ordersDone: this.orders, ordersPerSec: elapsedSec > 0 ? this.orders / elapsedSec : 0, elapsedSec,
      etaSec: fraction > 0 ? (elapsedSec * (1 - fraction)) / fraction : null,
    });
  }
}

async function inProcess(jobs: readonly JobSpec[], opts: PoolOptions, tracker: Tracker, note: string | null): Promise<PoolRun> {
  let cancelled = false;
  outer: for (let pos = 0; pos < jobs.length; pos++) {
    if (stopWanted(opts)) {
      cancelled = true;
      break;
    }
    const run = new JobRun(jobs[pos]!);
    try {
      while (!run.step(SLICE_MS)) {
        tracker.running.set(pos, run.progress());
        tracker.report();
        await new Promise<void>((r) => setImmediate(r));
        if (stopWanted(opts)) {
          cancelled = true;
          tracker.running.delete(pos);
          break outer;
        }
      }
    } catch (e) {
      throw new Error(`${jobName(jobs[pos]!)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    tracker.finished(pos, run.result());
  }
  tracker.report(true);
  return { results: tracker.results, cancelled, mode: 'in-process', workers: 0, note, elapsedMs: tracker.elapsedMs };
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; index: number; fraction: number }
  | { type: 'done'; result: JobResult }
  | { type: 'aborted'; index: number }
  | { type: 'failed'; index: number; message: string };

function withWorkers(jobs: readonly JobSpec[], opts: PoolOptions, tracker: Tracker, entry: BacktestWorkerEntry, n: number): Promise<PoolRun> {
  const abortBuf = new SharedArrayBuffer(4);
  const flag = new Int32Array(abortBuf);
  const posOf = new Map(jobs.map((j, pos) => [j.index, pos] as const));
  return new Promise<PoolRun>((resolve, reject) => {
    const slots: Array<{ worker: Worker; busy: number | null; ready: boolean }> = [];
    let next = 0;
    let cancelled = false;
    let settled = false;

    const close = () => {
      clearInterval(timer);
      opts.signal?.removeEventListener('abort', cancel);
      for (const s of slots) void s.worker.terminate();
    };
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      Atomics.store(flag, 0, 1);
      close();
      reject(e);
    };
    const maybeEnd = () => {
      if (settled || slots.some((s) => s.busy !== null)) return;
      if (!cancelled && next < jobs.length) return;
      settled = true;
      close();
      tracker.report(true);
      resolve({ results: tracker.results, cancelled, mode: 'workers', workers: n, note: null, elapsedMs: tracker.elapsedMs });
    };
    function cancel(): void {
      if (cancelled || settled) return;
      cancelled = true;
      Atomics.store(flag, 0, 1);
      maybeEnd();
    }
    const dispatch = (slot: (typeof slots)[number]) => {
      if (stopWanted(opts)) cancel();
      if (cancelled || next >= jobs.length) {
        maybeEnd();
        return;
      }
      const pos = next++;
      slot.busy = pos;
      tracker.running.set(pos, 0);
      slot.worker.postMessage({ type: 'job', job: jobs[pos] });
    };
    const timer = setInterval(() => {
      if (stopWanted(opts)) cancel();
      tracker.report();
    }, 100);
    opts.signal?.addEventListener('abort', cancel);

    for (let i = 0; i < n; i++) {
      const worker = new Worker(entry.file, { workerData: { abort: abortBuf, __tsEntry: entry.tsEntry?.href }, name: `slipstream-backtest-${i}` });
      const slot = { worker, busy: null as number | null, ready: false };
      slots.push(slot);
      worker.on('message', (msg: WorkerMessage) => {
        if (settled) return;
        if (msg.type === 'ready') {
          slot.ready = true;
          dispatch(slot);
        } else if (msg.type === 'progress') {
          const pos = posOf.get(msg.index)!;
          if (tracker.running.has(pos)) tracker.running.set(pos, msg.fraction);
        } else if (msg.type === 'done') {
          tracker.finished(posOf.get(msg.result.index)!, msg.result);
          slot.busy = null;
          dispatch(slot);
        } else if (msg.type === 'aborted') {
          tracker.running.delete(posOf.get(msg.index)!);
          slot.busy = null;
          maybeEnd();
        } else if (msg.type === 'failed') {
          fail(new Error(`${jobName(jobs[posOf.get(msg.index)!]!)}: ${msg.message}`));
        }
      });
      worker.on('error', (e) => fail(new Error(`backtest worker ${i} crashed: ${e.message}`, { cause: e })));
      worker.on('exit', (code) => {
        if (!settled) fail(new Error(`backtest worker ${i} exited (code ${code}) before the backtest finished`));
      });
    }
    if (stopWanted(opts)) cancel();
  });
}
