import type { Comparison, HeadlineTable } from '../tca/index.js';
import { agentModelFor, isAgentStrategy, normalizeConfig, pathIdOf, startDrawnFor, type BacktestConfig, type BacktestConfigInput } from './backtest-config.js';
import { dataHash } from './data-hash.js';
import { defaultWorkerCount, runJobs, type PoolOptions, type PoolProgress } from './job-pool.js';
import { REVERSION_HORIZON_NS, type JobSpec } from './job-run.js';
import { checkDistinctPaths, compareOutcomes, joinOutcomes, type ParentOrderOutcome, type PathCheck, type PathSummary } from './outcomes.js';
import { BACKTEST_ENGINE_VERSION, modelVersionOf } from './version.js';

/**
 * Options of `runBacktest`. `workers` default `defaultWorkerCount()` = min(2, cores); 0 runs
 * in-process. Cancel with `signal` or `shouldStop`; `onProgress` gets fraction, rate (parent
 * orders / s) and time left. A host wires its job registry as `onProgress: (p) =>
 * job.report(p.fraction, p.ordersDone)` and `shouldStop: () => job.cancelled`.
 */
export interface BacktestOptions {
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly shouldStop?: () => boolean;
  readonly onProgress?: (p: PoolProgress) => void;
  readonly progressIntervalMs?: number;
  readonly workerEntry?: PoolOptions['workerEntry'];
}

/**
 * A finished (or cancelled) backtest. Invariants: `outcomes` are in job order (per path: the
 * strategies in config order; paths by source, start time, seed) and cover exactly `paths` ×
 * strategies; `status: 'cancelled'` ⇒ only the paths completed before the cancel are there;
 * `comparison` / `table` are null when no path completed; everything except
 * `elapsedMs`, `ordersPerSec`, `cpuMs`, `ordersPerCpuSec` and `pool` is identical for any worker count (determinism:
 * per-job seeds, results ordered by job index).
 */
export interface BacktestResult {
  readonly config: BacktestConfig;
  readonly status: 'completed' | 'cancelled';
  readonly dataHash: string;
  readonly sourceHashes: readonly string[];
  readonly engineVersion: string;
  readonly modelVersion: string;
  readonly jobs: number;
  readonly paths: readonly PathSummary[];
  /**
   * Identical paths (copies are left out of `comparison`), with a note for the output when there
   * are any. Always set by `runBacktest`; optional for hosts that assemble a result themselves.
   */
  readonly pathCheck?: PathCheck;
  readonly outcomes: readonly ParentOrderOutcome[];
  readonly comparison: Comparison | null;
  readonly table: HeadlineTable | null;
  readonly pool: { readonly mode: 'workers' | 'in-process'; readonly workers: number; readonly note: string | null };
  readonly elapsedMs: number;
  /** Parent orders per wall-clock second of the pool (startup of the workers included). */
  readonly ordersPerSec: number;
  /**
   * CPU time of the whole process (every thread: the pool's workers and this one) while the jobs
   * ran, in ms. On a shared machine wall time depends on what else runs; CPU time per order shows
   * the work itself. Includes anything else the process did meanwhile (a host's other jobs).
   * Set by `runBacktest`; optional for hosts that assemble a result themselves.
   */
  readonly cpuMs?: number;
  /** Parent orders per CPU second (`outcomes.length / (cpuMs / 1000)`; 0 when no CPU time was measured). */
  readonly ordersPerCpuSec?: number;
}

/**
 * Scenario length of a backtest: the latest start + horizon + the 0.1 s measurement delay, rounded
 * up, + 1 s, + the post-trade reversion horizon (so reversion is measured on every path).
 */
export function scenarioDurationSec(config: BacktestConfig): number {
  return Math.ceil(Math.max(...config.startSec) + config.horizonSec + 0.1) + 1 + REVERSION_HORIZON_NS / 1e9;
}

/**
 * The backtest's jobs in order: for each source, start time and seed (in that nesting), one run
 * WITHOUT our orders, then one per strategy in config order — all on the same seeded path (on a
 * recorded day without a given start, `drawStart`: the seed draws the start).
 * `index` = position. The stride per path is `strategies.length + 1`.
 */
export function buildJobs(config: BacktestConfig): JobSpec[] {
  const jobs: JobSpec[] = [];
  const duration = scenarioDurationSec(config);
  const order = { side: config.side === 'buy' ? (1 as const) : (-1 as const), quantity: config.quantity, horizonSec: config.horizonSec };
  config.sources.forEach((source, si) => {
    for (const startSec of config.startSec) {
      for (const seed of config.seeds) {
        const pathId = pathIdOf(config, si, startSec, seed);
        for (const strategy of [null, ...config.strategies]) {
          jobs.push({ index: jobs.length, pathId, source, seed, startSec, drawStart: startDrawnFor(config, si), scenarioDurationSec: duration, strategy, ...(isAgentStrategy(strategy) ? { agentModel: agentModelFor(config, strategy)! } : {}), order, params: config.params, impact: config.impact });
        }
      }
    }
  });
  return jobs;
}

/**
 * Runs a backtest: validates the config (RangeError naming the field), hashes the input (data
 * files or scenario JSON), runs every job (workers or in-process), joins each path's runs,
 * computes every parent order's TCA and compares the strategies against the baseline.
 * Rejects with an Error naming the job when a run fails.
 */
export async function runBacktest(input: BacktestConfigInput, opts: BacktestOptions = {}): Promise<BacktestResult> {
  const config = normalizeConfig(input);
  const hashes = dataHash(config.sources);
  const jobs = buildJobs(config);
  const cpu0 = process.cpuUsage();
  const pool = await runJobs(jobs, {
    workers: opts.workers ?? defaultWorkerCount(),
    signal: opts.signal,
    shouldStop: opts.shouldStop,
    onProgress: opts.onProgress,
    progressIntervalMs: opts.progressIntervalMs,
    workerEntry: opts.workerEntry,
  });
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const joined = joinOutcomes(config, pool.results, config.strategies.length + 1);
  const compared = compareOutcomes(config, joined);
  return {
    config,
    status: pool.cancelled ? 'cancelled' : 'completed',
    dataHash: hashes.dataHash,
    sourceHashes: hashes.sourceHashes,
    engineVersion: BACKTEST_ENGINE_VERSION,
    modelVersion: modelVersionOf(config.strategies),
    jobs: jobs.length,
    paths: joined.paths,
    pathCheck: checkDistinctPaths(joined),
    outcomes: joined.outcomes,
    comparison: compared?.comparison ?? null,
    table: compared?.table ?? null,
    pool: { mode: pool.mode, workers: pool.workers, note: pool.note },
    elapsedMs: pool.elapsedMs,
    ordersPerSec: pool.elapsedMs > 0 ? joined.outcomes.length / (pool.elapsedMs / 1000) : 0,
    cpuMs,
    ordersPerCpuSec: cpuMs > 0 ? joined.outcomes.length / (cpuMs / 1000) : 0,
  };
}
