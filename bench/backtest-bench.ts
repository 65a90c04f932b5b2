/**
 * Backtest throughput on the calm agent-based scenario (issue #9's figure, `calmScenario`; see
 * BacktestBenchOptions) and on the LOBSTER AMZN day (2012-06-21, level 1; its orderbook file beside it):
 * parent orders backtested per wall-clock second for TWAP and for VWAP, with 1 and with 2 worker
 * threads. Workload per strategy: one buy of `quantity` shares over `horizonSec`, started every
 * `everySec` from 60 s after the open (one path per start; seed 1: a replayed L3 day with constant
 * latency does not depend on the seed), each path run WITH the order and once WITHOUT it (market
 * impact), TCA and the bootstrap comparison included. A run replays the day from the open to the
 * order's end + 100 ms, so later starts cost more.
 *
 * Honesty: wall time includes starting the workers and parsing the day once per worker; the
 * headline tables of the 1- and 2-worker runs must be identical (`identicalAcrossWorkers`), and
 * fills are reported so the work cannot be skipped. From a bundle (`npm run bench`) the worker is
 * bundled beside it with esbuild first (`backtest-worker.mjs`), so workers run bundled code too.
 *
 * Run alone: `npx tsx -e "import('./bench/backtest-bench.ts').then(async m => console.log(JSON.stringify(await m.runBacktestBench(), null, 2)))"`.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Worker } from 'node:worker_threads';
import { resolveBacktestWorker, runBacktest, type BacktestResult, type BacktestWorkerEntry } from '../main/backtest/index.js';
import { sharedDataDir } from './shared-data.js';

/**
 * Options of `runBacktestBench`. The scenario part (issue #9's figure): the calm agent-based
 * scenario, a buy of 5,000 over 1,800 s, the five default strategies, seeds 1..`scenarioSeeds`
 * (default 2: 10 parent orders, 12 runs with the paths without orders), 1 and 2 workers.
 */
export interface BacktestBenchOptions {
  /** Seeds of the scenario part (default 2; 0 skips it). */
  readonly scenarioSeeds?: number;
  /** Shares per parent order (default 1,000). */
  readonly quantity?: number;
  /** Order duration (default 300 s). */
  readonly horizonSec?: number;
  /** Seconds between order starts over the day (default 600 s: 38 paths). */
  readonly everySec?: number;
  /** Worker counts to measure (default [1, 2]). */
  readonly workers?: readonly number[];
}

/** Day length of the LOBSTER sample: 09:30 to 16:00. */
const DAY_SEC = 23_400;

/** The worker entry for bundled runs: bundles main/backtest/backtest-worker.ts beside this bundle. */
async function bundledWorker(): Promise<BacktestWorkerEntry | undefined> {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return undefined; // TypeScript sources: the pool boots the worker through tsx
  const src = resolve(process.cwd(), 'main/backtest/backtest-worker.ts');
  if (!existsSync(src)) return undefined;
  const out = fileURLToPath(new URL('./backtest-worker.mjs', here));
  await build({ entryPoints: [src], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: out, target: 'node20', logLevel: 'warning' });
  return { file: pathToFileURL(out), tsEntry: null };
}

/**
 * One run's figures. `cpuSec`: CPU time of the whole process (every thread) during the run: on a
 * shared machine the wall-time speed-up of a second worker depends on what else runs, while CPU
 * per order shows whether the pool itself adds work (startup, parsing, messages).
 * `ordersPerSec` (parent orders) is per wall second (as `backtest --json`), `ordersPerCpuSec` per
 * CPU second of all threads; per part, `speedup2vs1` is the wall ratio (2 workers / 1) and
 * `perCpuSec2vs1` the CPU ratio (1.0 = a second worker adds no work; the wall ratio can reach ~2
 * only on two otherwise idle cores). `loadAvg1m`: the machine's 1-minute load average before and
 * after the run — read the wall ratio with it (at a load above the core count the threads of this
 * process wait for a core and the wall ratio says little; the CPU ratio still does).
 */
function summary(r: BacktestResult, cpuMicros: number, load: LoadWindow) {
  const filled = r.outcomes.reduce((n, o) => n + o.tca.filledQty, 0);
  return {
    cpuSec: +(cpuMicros / 1e6).toFixed(3),
    cpuSecPerOrder: +(cpuMicros / 1e6 / Math.max(1, r.outcomes.length)).toFixed(3),
    parentOrders: r.outcomes.length,
    runs: r.jobs,
    wallSec: +(r.elapsedMs / 1000).toFixed(3),
    ordersPerSec: +r.ordersPerSec.toFixed(2),
    ordersPerCpuSec: +(r.outcomes.length / Math.max(1e-9, cpuMicros / 1e6)).toFixed(2),
    runsPerSec: +(r.jobs / (r.elapsedMs / 1000)).toFixed(2),
    filledShares: filled,
    meanIsBps: r.comparison ? +r.comparison.strategies[0]!.isBps.mean.toFixed(3) : null,
    mode: r.pool.mode,
    loadAvg1m: load,
  };
}

/** The 1-minute load average before and after a measurement. */
interface LoadWindow {
  readonly before: number;
  readonly after: number;
}

/** Runs one backtest and returns its summary (CPU of the whole process, load around it). */
async function measured(config: Parameters<typeof runBacktest>[0], workers: number, workerEntry: BacktestWorkerEntry | undefined) {
  const before = loadavg()[0]!;
  const c0 = process.cpuUsage();
  const r = await runBacktest(config, { workers, workerEntry });
  const c = process.cpuUsage(c0);
  const load = { before: +before.toFixed(2), after: +loadavg()[0]!.toFixed(2) };
  return { r, summary: summary(r, c.user + c.system, load) };
}

/** Wall ratio, CPU ratio and CPU per order of 2 workers against 1 (null without both runs). */
function scaling(one: ReturnType<typeof summary> | undefined, two: ReturnType<typeof summary> | undefined) {
  return {
    speedup2vs1: one && two ? +(two.ordersPerSec / one.ordersPerSec).toFixed(2) : null,
    perCpuSec2vs1: one && two ? +(two.ordersPerCpuSec / one.ordersPerCpuSec).toFixed(2) : null,
    cpuPerOrder2vs1: one && two ? +(two.cpuSecPerOrder / one.cpuSecPerOrder).toFixed(2) : null,
  };
}

/** Parent orders per second on the calm scenario before #9 (the issue's figure: 0.12 to 0.22). */
const ISSUE_ORDERS_PER_SEC = 0.22;

/** Time from `new Worker` to its 'ready' message: what a pool pays per thread before its first job. */
async function workerStartupMs(entry: BacktestWorkerEntry | undefined): Promise<number | null> {
  const e = entry ?? resolveBacktestWorker();
  if (!e) return null;
  const t0 = performance.now();
  const w = new Worker(e.file, { workerData: { abort: new SharedArrayBuffer(4), __tsEntry: e.tsEntry?.href } });
  await new Promise<void>((resolve, reject) => {
    w.on('message', (m: { type: string }) => m.type === 'ready' && resolve());
    w.on('error', reject);
  });
  const ms = performance.now() - t0;
  await w.terminate();
  return +ms.toFixed(1);
}

/** The calm scenario at 1 and 2 workers (see BacktestBenchOptions). */
async function scenarioPart(seeds: number, workerCounts: readonly number[], workerEntry: BacktestWorkerEntry | undefined): Promise<object> {
  const config = { strategies: ['twap', 'vwap', 'pov', 'ac', 'is'], sources: [{ kind: 'scenario' as const, name: 'calm' }], seeds: Array.from({ length: seeds }, (_, i) => i + 1), side: 'buy' as const, quantity: 5_000, horizonSec: 1_800, bootstrapResamples: 500 };
  const per: Record<string, ReturnType<typeof summary>> = {};
  const tables: string[] = [];
  for (const workers of workerCounts) {
    const { r, summary: sum } = await measured(config, workers, workerEntry);
    per[`workers${workers}`] = sum;
    tables.push(JSON.stringify({ table: r.table, outcomes: r.outcomes }));
  }
  const two = per.workers2;
  return {
    scenario: 'calm', order: { side: 'buy', quantity: 5_000, horizonSec: 1_800 }, strategies: 'twap,vwap,pov,ac,is', seeds,
    ...per,
    ...scaling(per.workers1, two),
    identicalAcrossWorkers: tables.every((t) => t === tables[0]),
    goal: '2 workers: ordersPerSec >= 2 and speedup2vs1 >= 1.7 (issue #9)',
    beforeOrdersPerSec: '0.12-0.22 (issue #9, 2 workers)',
    ratioToBefore2Workers: two ? +(two.ordersPerSec / ISSUE_ORDERS_PER_SEC).toFixed(1) : null,
  };
}

/** Runs the benchmark; resolves one JSON-able object (see the file comment). */
export async function runBacktestBench(opts: BacktestBenchOptions = {}): Promise<object> {
  const file = `${sharedDataDir()}/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv`;
  const quantity = opts.quantity ?? 1_000;
  const horizonSec = opts.horizonSec ?? 300;
  const every = opts.everySec ?? 600;
  const workerCounts = opts.workers ?? [1, 2];
  const starts: number[] = [];
  for (let s = 60; s + horizonSec + 1 <= DAY_SEC; s += every) starts.push(s);
  const workerEntry = await bundledWorker();
  const out: Record<string, unknown> = {
    data: file.split('/').pop(), order: { side: 'buy', quantity, horizonSec }, paths: starts.length, cores: (await import('node:os')).availableParallelism(),
    workerStartupMs: await workerStartupMs(workerEntry),
  };
  const scenarioSeeds = opts.scenarioSeeds ?? 2;
  if (scenarioSeeds > 0) out.calmScenario = await scenarioPart(scenarioSeeds, workerCounts, workerEntry);
  for (const strategy of ['twap', 'vwap'] as const) {
    const perWorkers: Record<string, ReturnType<typeof summary>> = {};
    const tables: string[] = [];
    for (const workers of workerCounts) {
      const config = { strategies: [strategy], sources: [{ kind: 'data' as const, files: [file] }], seeds: [1], startSec: starts, side: 'buy' as const, quantity, horizonSec, bootstrapResamples: 500 };
      const { r, summary: sum } = await measured(config, workers, workerEntry);
      perWorkers[`workers${workers}`] = sum;
      tables.push(JSON.stringify({ table: r.table, outcomes: r.outcomes }));
    }
    out[strategy] = {
      ...perWorkers,
      ...scaling(perWorkers.workers1, perWorkers.workers2),
      identicalAcrossWorkers: tables.every((t) => t === tables[0]),
    };
  }
  return out;
}
