import {
  agentModelFor, BACKTEST_ENGINE_VERSION, buildJobs, checkDistinctPaths, compareOutcomes, dataHash, joinOutcomes, modelVersionOf, normalizeConfig, runJobs, toRunRecord, vwapScheduleNote,
  type BacktestConfig, type BacktestConfigInput, type JobResult, type JobSpec, type PathModel, type PathSource, type PoolRun, type StrategyParams,
} from '../backtest/index.js';
import type { AgentModelUsed, BacktestArgs, BacktestResult } from '../contract/backtest.js';
import { agentPolicyFor } from '../execution/agent/agent-policies.js';
import { optimalCostMoments, type ACParams } from '../market/ac-world/almgren-chriss.js';
import { PRESET_NAMES } from '../market/scenarios/index.js';
import type { BacktestMemory } from './backtest-detail.js';
import { EngineError } from './engine-error.js';
import { defaultAgentModelDir } from '../execution/agent/default-agent.js';
import type { JobRegistry } from './job-registry.js';
import { listSamples } from './samples.js';

/** Points of the common inventory grid (fraction of the horizon 0 … 1). */
export const INVENTORY_POINTS = 51;
/** Urgencies κT of the efficient frontier (0 = TWAP … very urgent). */
export const FRONTIER_URGENCIES = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15];

type Parsed = BacktestArgs & { impact: boolean };

const fin = (x: number | null | undefined): number | null => (x !== null && x !== undefined && Number.isFinite(x) ? x : null);

/** The backtest's source: a preset scenario, a bundled sample (its files) or files on this machine. Errors name the field. */
export function resolveSource(src: Parsed['source'], samplesDir: string): { source: PathSource; label: string } {
  if (src.kind === 'scenario') {
    if (!(PRESET_NAMES as readonly string[]).includes(src.name)) {
      throw new EngineError('validation', `Unknown scenario "${src.name}" (choose one of ${PRESET_NAMES.join(', ')})`, 'source.name');
    }
    return { source: { kind: 'scenario', name: src.name }, label: `${src.name} · ${src.durationSec} s` };
  }
  if (src.kind === 'sample') {
    const s = listSamples(samplesDir).find((x) => x.id === src.id);
    if (!s) throw new EngineError('not-found', `No bundled sample "${src.id}"`, 'source.id');
    return { source: { kind: 'data', files: s.files }, label: s.label };
  }
  return { source: { kind: 'data', files: src.files }, label: src.files[0]!.split(/[\\/]/).pop()! };
}

/** Mean fraction of the parent still to trade at each grid point of [start, end] (one run). */
export function remainingOnGrid(r: Pick<JobResult, 'startNs' | 'endNs' | 'fills'>, quantity: number, points = INVENTORY_POINTS): number[] {
  const fills = [...r.fills].sort((a, b) => a.ts - b.ts);
  const out: number[] = [];
  let k = 0;
  let done = 0;
  for (let i = 0; i < points; i++) {
    const t = r.startNs + ((r.endNs - r.startNs) * i) / (points - 1);
    while (k < fills.length && fills[k]!.ts <= t) done += fills[k++]!.qty;
    out.push(Math.max(0, 1 - done / quantity));
  }
  return out;
}

/** σ̂ (price units / √s) of a run's grid mids (decimals) — the fallback when no strategy estimated a path model. */
function sigmaOfRun(r: JobResult): number | null {
  let ss = 0;
  let dt = 0;
  for (let i = 1; i < r.mid.length; i++) {
    const a = r.mid[i - 1]!;
    const b = r.mid[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    ss += (b - a) ** 2;
    dt += (r.midTs[i]! - r.midTs[i - 1]!) / 1e9;
  }
  return dt > 0 && ss > 0 ? Math.sqrt(ss / dt) * 10 ** r.instrument.priceDecimals : null;
}

/**
 * The Almgren-Chriss efficient frontier in bps of the arrival notional: the closed-form cost
 * moments (`optimalCostMoments`, linear impact, γ = 0, ε = half the spread) of the optimal
 * schedule for each urgency κT, with σ̂ and η averaged over the paths' models (from the
 * AC / adaptive-shortfall runs' look-back; otherwise σ̂ from the runs without our orders and
 * η for a one-tick spread, as `estimatePathModel` does).
 */
export function acFrontier(
  models: readonly PathModel[], fallback: { sigmaUnits: number | null; tickUnits: number },
  quantityUnits: number, arrivalUnits: number, horizonSec: number, slices: number,
): BacktestResult['frontier'] {
  let sigma: number;
  let eta: number;
  let spread: number;
  let source: string;
  if (models.length > 0) {
    sigma = models.reduce((s, m) => s + m.sigmaUnitsPerSqrtSec, 0) / models.length;
    eta = models.reduce((s, m) => s + m.etaUnitsPerRate, 0) / models.length;
    spread = models.reduce((s, m) => s + m.spreadUnits, 0) / models.length;
    source = `σ̂, η from the Almgren-Chriss path models (${models.length} runs)`;
  } else {
    sigma = fallback.sigmaUnits ?? fallback.tickUnits;
    spread = fallback.tickUnits;
    eta = spread / 2 / (quantityUnits / horizonSec);
    source = fallback.sigmaUnits !== null ? 'σ̂ from the paths without our orders, η for a one-tick spread' : 'σ = 1 tick/√s, η for a one-tick spread';
  }
  if (!(sigma > 0 && eta > 0 && arrivalUnits > 0 && quantityUnits > 0)) return { source, points: [] };
  const p: ACParams = { S0: arrivalUnits, sigma, epsilon: spread / 2, gamma: 0, eta, T: horizonSec, N: Math.max(1, slices) };
  const notional = quantityUnits * arrivalUnits;
  const points = FRONTIER_URGENCIES.map((u) => {
    const lambda = ((u / horizonSec) ** 2 * eta) / (sigma * sigma);
    const m = optimalCostMoments(p, quantityUnits, lambda);
    return { urgency: u, lambda, expectedBps: (m.expected / notional) * 1e4, stdBps: (Math.sqrt(Math.max(0, m.variance)) / notional) * 1e4 };
  }).filter((x) => Number.isFinite(x.expectedBps) && Number.isFinite(x.stdBps));
  return { source, points };
}

/** The backtest's strategy parameters from the command's (only those given; the rest keep their defaults). */
function strategyParams(p: Parsed['params']): Partial<StrategyParams> {
  if (!p) return {};
  return {
    ...(p.slices !== undefined ? { slices: p.slices } : {}),
    ...(p.povRate !== undefined ? { povRate: p.povRate } : {}),
    ...(p.urgency !== undefined ? { urgency: p.urgency } : {}),
    ...(p.limitOffsetBps !== undefined ? { limitOffsetBps: p.limitOffsetBps } : {}),
  };
}

/** Why a strategy cannot run with these parameters, in words; null when it can. */
export function cannotRun(strategy: string, p: Parsed['params']): string | null {
  if (strategy === 'submit-and-leave' && p?.limitOffsetBps === undefined) {
    return 'Submit & leave needs a price: set its limit offset (bps from the mid at the start).';
  }
  return null;
}

/** An agent strategy row: its model folder and the name it is shown under. */
interface AgentRow {
  readonly model: string;
  readonly name: string;
}

/** A folder's base name: the name of a model given without one. */
const baseName = (dir: string) => dir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || dir;

/**
 * The agent rows of a backtest: `agents`, else `agentModel`, else the shipped agent. A row whose
 * model cannot be loaded or does not fit the env goes to `failed` (strategy `agent` or
 * `agent:<name>`, the loader's message naming the field) and is left out.
 */
function agentRowsOf(args: Parsed, failed: { strategy: string; message: string }[]): AgentRow[] {
  let rows: AgentRow[];
  if (args.agents) rows = args.agents.map((a) => ({ model: a.model, name: a.name }));
  else {
    try {
      const model = args.agentModel ?? defaultAgentModelDir();
      rows = [{ model, name: baseName(model) }];
    } catch (e) {
      failed.push({ strategy: 'agent', message: e instanceof Error ? e.message : String(e) });
      return [];
    }
  }
  return rows.filter((r) => {
    try {
      agentPolicyFor(r.model);
      return true;
    } catch (e) {
      failed.push({ strategy: rows.length > 1 ? `agent:${r.name}` : 'agent', message: e instanceof Error ? e.message : String(e) });
      return false;
    }
  });
}

/** Which model each agent strategy of a normalized config ran with (folder, version, weights hash), in strategy order. */
export function agentsUsed(config: BacktestConfig, rows: readonly AgentRow[]): AgentModelUsed[] {
  return config.strategies.flatMap((s) => {
    const dir = agentModelFor(config, s);
    if (dir === undefined) return [];
    const m = agentPolicyFor(dir).model;
    const name = rows.find((r) => r.model === dir)?.name ?? baseName(dir);
    // In-memory policies (tests, benchmarks) have no folder, version or hash: said so, never left blank.
    return [{ strategy: s, name, path: m.path ?? dir, version: m.version ?? 'unversioned (in-memory policy)', weightsSha256: m.weightsSha256 ?? 'none' }];
  });
}

/** The strategy of the job a pool error names ("job 7 (path, strategy): …"), or null when it names none. */
export function failingStrategy(message: string, specs: readonly JobSpec[]): string | null {
  const m = /^job (\d+) \(/.exec(message);
  if (!m) return null;
  return specs.find((j) => j.index === Number(m[1]))?.strategy ?? null;
}

/**
 * Runs `backtest.run` as a job: every strategy × seeded path (+ one run without our orders per
 * path) through the backtest job pool (the engine passes both cores; `workers` 0 = in-process), progress as
 * `job.progress` (parent orders / s), cancel between 50 ms slices. Maps the backtest's outcomes,
 * comparison and headline table to the contract, adds the mean inventory trajectories and the
 * Almgren-Chriss frontier, the path check (copies of a path, left out of the statistics) and the
 * VWAP = TWAP note; each outcome carries its start, fill rate and partial flag. With `startDrawn`
 * each seed draws its start on a recorded day. Config errors are `validation` errors naming the field.
 */
export async function runBacktestCommand(
  args: Parsed, jobs: JobRegistry, samplesDir: string, runId: string, workers = 0, memory?: BacktestMemory, storeFile?: string,
): Promise<BacktestResult> {
  const { source, label } = resolveSource(args.source, samplesDir);
  const seeds: number[] = [];
  for (let s = args.seeds.from; s <= args.seeds.to; s++) seeds.push(s);
  let base: BacktestConfigInput = {
    strategies: args.strategies, sources: [source], seeds, side: args.side, quantity: args.quantity,
    horizonSec: args.horizonSec, startSec: args.startSec, impact: args.impact, params: strategyParams(args.params),
    // Drawn starts only on recorded days (the engine ignores it for scenarios); a fixed start otherwise.
    startDrawn: args.startDrawn === true,
  };
  // A strategy that cannot run is reported on its own and the others complete without it: known
  // needs are checked first, then a strategy whose job fails is dropped and the rest run again.
  const failed: { strategy: string; message: string }[] = [];
  // The agent rows: each model folder is loaded and checked against the env first, so a folder
  // that does not fit is reported on its own (naming the field) and the other strategies run.
  const agentRows = args.strategies.includes('agent') ? agentRowsOf(args, failed) : [];
  const several = agentRows.length > 1;
  if (agentRows.length === 1) base = { ...base, agentModel: agentRows[0]!.model };
  if (several) base = { ...base, agentNames: Object.fromEntries(agentRows.map((r) => [r.model, r.name])) };
  let strategies = args.strategies.flatMap((s): string[] => {
    if (s === 'agent') return several ? agentRows.map((r) => `agent:${r.model}`) : agentRows.length === 1 ? ['agent'] : [];
    const why = cannotRun(s, args.params);
    if (why) failed.push({ strategy: s, message: why });
    return why ? [] : [s];
  });
  const job = jobs.start(`Backtest ${label}`, 'orders/s');
  let config: BacktestConfig;
  let specs: JobSpec[];
  let pool: PoolRun;
  for (;;) {
    if (strategies.length === 0) {
      jobs.end(job, 0);
      throw new EngineError('validation', `No strategy could run: ${failed.map((f) => `${f.strategy}: ${f.message}`).join('; ')}`, 'strategies');
    }
    try {
      config = normalizeConfig({ ...base, strategies });
    } catch (e) {
      jobs.end(job, 0);
      const msg = e instanceof Error ? e.message : String(e);
      throw new EngineError('validation', msg, msg.split(':')[0]);
    }
    specs = buildJobs(config);
    try {
      pool = await runJobs(specs, {
        workers,
        shouldStop: () => job.cancelled,
        onProgress: (p) => job.report(p.fraction, p.ordersDone),
        progressIntervalMs: 100,
      });
      break;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const bad = failingStrategy(msg, specs);
      if (bad === null || job.cancelled) {
        jobs.end(job, 0);
        throw new EngineError('internal', msg);
      }
      failed.push({ strategy: bad, message: msg.replace(/^job \d+ \([^)]*\): /, '') });
      const dir = agentModelFor(config, bad as BacktestConfig['strategies'][number]);
      strategies = strategies.filter((s) => s !== bad && !(dir !== undefined && s === `agent:${dir}`));
    }
  }
  const hashes = dataHash(config.sources);
  const ordersDone = pool.results.filter((r) => r !== null && r.strategy !== null).length;
  jobs.end(job, ordersDone);
  if (pool.cancelled) throw new EngineError('cancelled', `Backtest ${label} was cancelled`);
  const stride = config.strategies.length + 1;
  const joined = joinOutcomes(config, pool.results, stride);
  const compared = compareOutcomes(config, joined);
  if (!compared) throw new EngineError('internal', `Backtest ${label}: no path completed`);
  const { comparison, table } = compared;
  const pathCheck = checkDistinctPaths(joined);
  const drawn = config.startDrawn && config.sources.every((s) => s.kind === 'data');
  const used = agentsUsed(config, agentRows);
  let storedId: string | undefined;
  if (storeFile) {
    // Every backtest from the UI is stored like the CLI's: config, seeds, data hash, versions, results.
    const { RunStore } = await import('../store/run-store.js');
    const store = await RunStore.open(storeFile);
    try {
      storedId = await store.saveRun(toRunRecord({
        config, status: 'completed', dataHash: hashes.dataHash, sourceHashes: hashes.sourceHashes,
        engineVersion: BACKTEST_ENGINE_VERSION,
        // The agents' models are part of what produced the results: folder and weights hash each.
        modelVersion: [modelVersionOf(config.strategies), ...used.map((a) => `${a.strategy}=${a.path} ${a.version} sha256:${a.weightsSha256}`)].join('; '), jobs: specs.length,
        paths: joined.paths, pathCheck, outcomes: joined.outcomes, comparison, table,
        pool: { mode: pool.mode, workers: pool.workers, note: pool.note }, elapsedMs: pool.elapsedMs,
        ordersPerSec: pool.elapsedMs > 0 ? ordersDone / (pool.elapsedMs / 1000) : 0,
      }));
    } catch (e) {
      throw new EngineError('internal', e instanceof Error ? e.message : String(e));
    } finally {
      store.close();
    }
  }
  memory?.remember({ runId, config, label, ...(storedId !== undefined ? { storedId, storeFile } : {}), ...(used.length > 0 ? { agents: used } : {}) });
  const results = pool.results.filter((r): r is JobResult => r !== null);

  const byStrategy = new Map(comparison.strategies.map((s) => [s.strategy, s]));
  const ciOf = (metric: number, s: (typeof comparison.strategies)[number]): { lo: number | null; hi: number | null } => {
    const ci = metric === 0 ? s.isBps.ci : metric === 1 ? s.marketImpactBps?.ci : metric === 2 ? s.timingRiskCi : metric === 4 ? s.vsBaseline?.ci : undefined;
    return { lo: fin(ci?.lo), hi: fin(ci?.hi) };
  };
  const rows = table.rows.map((row, m) => ({
    metric: row.metric,
    cells: [...row.cells],
    values: row.values.map(fin),
    lo: table.columns.map((c) => ciOf(m, byStrategy.get(c)!).lo),
    hi: table.columns.map((c) => ciOf(m, byStrategy.get(c)!).hi),
  }));

  const tFrac = Array.from({ length: INVENTORY_POINTS }, (_, i) => i / (INVENTORY_POINTS - 1));
  const series = config.strategies.map((strategy) => {
    const runs = results.filter((r) => r.strategy === strategy);
    const sum = new Array<number>(INVENTORY_POINTS).fill(0);
    for (const r of runs) remainingOnGrid(r, config.quantity).forEach((v, i) => (sum[i]! += v));
    return { strategy, remaining: sum.map((v) => (runs.length > 0 ? v / runs.length : 1)) };
  });

  const first = results[0]!;
  const inst = first.instrument;
  const models = results.map((r) => r.model).filter((m): m is PathModel => m !== null);
  const sigmas = results.filter((r) => r.strategy === null).map(sigmaOfRun).filter((x): x is number => x !== null);
  const arrival = joined.paths.reduce((s, p) => s + p.arrivalPrice, 0) / joined.paths.length;
  const frontier = acFrontier(
    models, { sigmaUnits: sigmas.length > 0 ? sigmas.reduce((a, b) => a + b, 0) / sigmas.length : null, tickUnits: inst.tickSizeUnits },
    config.quantity * 10 ** inst.sizeDecimals, arrival * 10 ** inst.priceDecimals, config.horizonSec, config.params.slices,
  );

  return {
    runId,
    status: 'completed',
    config: {
      strategies: [...config.strategies], baseline: config.baseline, source: label, seeds, side: config.side, quantity: config.quantity,
      startSec: args.startSec, ...(drawn ? { startDrawn: true } : {}), horizonSec: config.horizonSec, impact: config.impact, slices: config.params.slices, urgency: config.params.urgency,
      povRate: config.params.povRate, limitOffsetBps: config.params.limitOffsetBps ?? null,
      ...(used.length > 0 ? { agents: used } : {}),
    },
    failed,
    dataHash: hashes.dataHash,
    paths: joined.paths.length,
    pathCheck: { paths: pathCheck.paths, distinct: pathCheck.distinct, duplicates: pathCheck.duplicates.map((d) => ({ ...d })), note: pathCheck.note },
    vwapSchedule: vwapScheduleNote(joined.outcomes),
    elapsedMs: pool.elapsedMs,
    pool: pool.mode === 'workers' ? `${pool.workers} worker threads` : 'in-process',
    table: { columns: [...table.columns], rows },
    stats: comparison.strategies.map((s) => ({
      strategy: s.strategy,
      n: s.isBps.n,
      mean: fin(s.isBps.mean),
      median: fin(s.isBps.median),
      std: fin(s.isBps.std),
      ci: { lo: fin(s.isBps.ci.lo), hi: fin(s.isBps.ci.hi) },
      impactMean: fin(s.marketImpactBps?.mean),
      vsBaseline: s.vsBaseline
        ? { meanDiff: fin(s.vsBaseline.meanDiffBps), ci: { lo: fin(s.vsBaseline.ci.lo), hi: fin(s.vsBaseline.ci.hi) }, pValue: fin(s.vsBaseline.headlinePValue) }
        : null,
    })),
    outcomes: joined.outcomes.map((o) => ({
      strategy: o.strategy, seed: o.seed, pathId: o.pathId, startSec: o.startSec, isBps: o.isBps, impactBps: fin(o.marketImpactBps), filled: o.tca.filledQty, quantity: config.quantity,
      fillRate: o.fillRate, partiallyFilled: o.partiallyFilled, scheduleVsTwap: fin(o.scheduleVsTwap),
    })),
    inventory: { tFrac, series },
    frontier,
  };
}
