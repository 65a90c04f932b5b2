/**
 * Backtest throughput on the LOBSTER AMZN day (2012-06-21, level 1; its orderbook file beside it):
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
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { runBacktest, type BacktestResult, type BacktestWorkerEntry } from '../main/backtest/index.js';
import { sharedDataDir } from './shared-data.js';

/** Options of `runBacktestBench`. */
export interface BacktestBenchOptions {
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

function summary(r: BacktestResult) {
  const filled = r.outcomes.reduce((n, o) => n + o.tca.filledQty, 0);
  return {
    parentOrders: r.outcomes.length,
    runs: r.jobs,
    wallSec: +(r.elapsedMs / 1000).toFixed(3),
    parentOrdersPerSec: +r.ordersPerSec.toFixed(2),
    runsPerSec: +(r.jobs / (r.elapsedMs / 1000)).toFixed(2),
    filledShares: filled,
    meanIsBps: r.comparison ? +r.comparison.strategies[0]!.isBps.mean.toFixed(3) : null,
    mode: r.pool.mode,
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
  };
  for (const strategy of ['twap', 'vwap'] as const) {
    const perWorkers: Record<string, ReturnType<typeof summary>> = {};
    const tables: string[] = [];
    for (const workers of workerCounts) {
      const r = await runBacktest(
        { strategies: [strategy], sources: [{ kind: 'data', files: [file] }], seeds: [1], startSec: starts, side: 'buy', quantity, horizonSec, bootstrapResamples: 500 },
        { workers, workerEntry },
      );
      perWorkers[`workers${workers}`] = summary(r);
      tables.push(JSON.stringify({ table: r.table, outcomes: r.outcomes }));
    }
    const one = perWorkers.workers1;
    const two = perWorkers.workers2;
    out[strategy] = {
      ...perWorkers,
      speedup2vs1: one && two ? +(two.parentOrdersPerSec / one.parentOrdersPerSec).toFixed(2) : null,
      identicalAcrossWorkers: tables.every((t) => t === tables[0]),
    };
  }
  return out;
}
