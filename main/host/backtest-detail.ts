import { buildJobs, JobRun, joinOutcomes, type BacktestConfig, type JobResult } from '../backtest/index.js';
import type { AgentModelUsed, BacktestOrderDetail, BacktestOrderDetailArgs } from '../contract/backtest.js';
import { EngineError } from './engine-error.js';
import type { JobRegistry } from './job-registry.js';

/** How many recent backtests can be drilled into. */
export const KEPT_BACKTESTS = 5;

/** A finished backtest's normalized config, kept so any of its parent orders can be re-run. */
export interface KeptBacktest {
  readonly runId: string;
  readonly config: BacktestConfig;
  readonly label: string;
  /** The run's id in the run registry and that registry's file, when it was stored (exports read it from there). */
  readonly storedId?: string;
  readonly storeFile?: string;
  /** Which model each agent strategy ran with (shown in the drill-down). */
  readonly agents?: readonly AgentModelUsed[];
}

/** The last `KEPT_BACKTESTS` backtest configs, newest last. */
export class BacktestMemory {
  private readonly kept: KeptBacktest[] = [];
  constructor(private readonly max = KEPT_BACKTESTS) {}
  remember(k: KeptBacktest): void {
    this.kept.push(k);
    while (this.kept.length > this.max) this.kept.shift();
  }
  get(runId: string): KeptBacktest | undefined {
    return this.kept.find((k) => k.runId === runId);
  }
  runIds(): string[] {
    return this.kept.map((k) => k.runId);
  }
}

const internals = (r: JobRun) => r.internals;

async function runToEnd(run: JobRun, onSlice: () => boolean): Promise<void> {
  while (!run.step(50)) {
    await new Promise<void>((r) => setImmediate(r));
    if (onSlice()) throw new EngineError('cancelled', 'Order detail was cancelled');
  }
}

/**
 * `backtest.orderDetail`: re-runs ONE parent order of a kept backtest (its strategy on its
 * seeded path, and the same path without our orders) from the backtest's own job specs —
 * deterministic, so fills, IS and impact equal the backtest's outcome. Errors name the field.
 */
export async function runOrderDetail(args: BacktestOrderDetailArgs, memory: BacktestMemory, jobs: JobRegistry): Promise<BacktestOrderDetail> {
  const kept = memory.get(args.runId);
  if (!kept) {
    const ids = memory.runIds();
    throw new EngineError('not-found', `Backtest ${args.runId} is no longer kept (only the last ${KEPT_BACKTESTS} can be drilled into${ids.length ? `: ${ids.join(', ')}` : ''}); run it again`, 'runId');
  }
  const { config } = kept;
  if (!(config.strategies as readonly string[]).includes(args.strategy)) {
    throw new EngineError('validation', `Strategy ${args.strategy} was not part of backtest ${args.runId} (${config.strategies.join(', ')})`, 'strategy');
  }
  const onPath = buildJobs(config).filter((j) => j.pathId === args.pathId);
  if (onPath.length === 0) throw new EngineError('not-found', `Backtest ${args.runId} has no path "${args.pathId}"`, 'pathId');
  if (onPath[0]!.seed !== args.seed) throw new EngineError('validation', `Path "${args.pathId}" ran on seed ${onPath[0]!.seed}, not ${args.seed}`, 'seed');
  const without = onPath.find((j) => j.strategy === null)!;
  const withSpec = onPath.find((j) => j.strategy === args.strategy)!;

  const job = jobs.start(`Order detail ${args.strategy} · ${args.pathId}`, 'runs/s');
  const runU = new JobRun(without);
  const runS = new JobRun({ ...withSpec, keepEvents: true });
  let u: JobResult;
  let s: JobResult;
  try {
    await runToEnd(runU, () => (job.report(runU.progress() / 2, 0), job.cancelled));
    await runToEnd(runS, () => (job.report(0.5 + runS.progress() / 2, 1), job.cancelled));
    u = runU.result();
    s = runS.result();
  } catch (e) {
    jobs.end(job, 0);
    if (e instanceof EngineError) throw e;
    throw new EngineError('internal', e instanceof Error ? e.message : String(e));
  }
  jobs.end(job, 2);

  let outcome;
  try {
    outcome = joinOutcomes(config, [u, s], 2).outcomes[0];
  } catch (e) {
    throw new EngineError('internal', e instanceof Error ? e.message : String(e));
  }
  if (!outcome) throw new EngineError('internal', `Path "${args.pathId}": the re-run did not complete`);

  const inS = internals(runS);
  const sim = inS.opened!.sim;
  const inst = sim.instrument;
  const pd = 10 ** inst.priceDecimals;
  const units = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x * pd : null);
  // The look-back (identical with and without our orders: nothing of ours is in the market yet), then the order window.
  const path: Array<[number, number | null, number | null]> = inS.lookT.map((t, i) => {
    const m = inS.lookMid[i]!;
    const v = Number.isFinite(m) ? m : null;
    return [t, v, v];
  });
  const n = Math.min(s.midTs.length, u.midTs.length);
  for (let i = 0; i < n; i++) path.push([s.midTs[i]!, units(s.mid[i]), units(u.mid[i])]);

  const fills: BacktestOrderDetail['fills'] = [];
  for (const e of s.orderEvents ?? []) {
    if (e.type === 'OrderFilled') fills.push({ tsNs: e.tsNs, clientOrderId: e.clientOrderId, side: e.side, priceUnits: e.priceUnits, size: e.size, aggressor: e.aggressor });
  }
  const orders = (inS.executor?.parent.children() ?? []).map((c) => ({
    clientOrderId: c.order.clientOrderId, side: c.order.side, type: `${c.order.type} ${c.order.tif}`, size: c.order.size, filled: c.filled,
    priceUnits: c.priceUnits ?? null, avgPriceUnits: Number.isFinite(c.avgPriceUnits) ? c.avgPriceUnits : null, status: c.status,
    createdNs: c.createdNs, reason: c.reason ?? null,
  }));

  return {
    runId: args.runId, strategy: args.strategy, seed: args.seed, pathId: args.pathId, source: kept.label,
    instrument: { ...inst }, baseEpochNs: sim.baseEpochNs.toString(), clock: sim.clock,
    side: config.side, quantity: config.quantity, startSec: s.startSec, horizonSec: config.horizonSec,
    startNs: s.startNs, endNs: s.endNs, path, fills, orders,
    filled: outcome.tca.filledQty, isBps: outcome.isBps, impactBps: outcome.marketImpactBps !== null && Number.isFinite(outcome.marketImpactBps) ? outcome.marketImpactBps : null,
    elapsedMs: u.elapsedMs + s.elapsedMs,
    ...(kept.agents?.some((a) => a.strategy === args.strategy) ? { model: { ...kept.agents.find((a) => a.strategy === args.strategy)! } } : {}),
    ...(s.explanations ? { explanations: { featureNames: [...s.explanations.featureNames], actionLabels: [...s.explanations.actionLabels], decisions: [...s.explanations.decisions] } } : {}),
  };
}
