import { compareStrategies, headlineTable, parentOrderTca, type Comparison, type HeadlineTable, type MidPoint, type ParentOrderTca, type StrategyRuns } from '../tca/index.js';
import type { AgentExplanations } from '../execution/agent/agent-explanation.js';
import type { BacktestConfig, StrategyName } from './backtest-config.js';
import { REVERSION_HORIZON_NS, type JobResult } from './job-run.js';
import { SAME_SCHEDULE_FRACTION, type PathModel } from './strategies.js';

/**
 * One seeded path of a backtest, measured WITHOUT our orders. Invariants: `arrivalPrice` = the
 * first two-sided mid at or after the order's start on this path (decimal, > 0);
 * `volatilityBps` = √Σ(Δ ln mid)² × 10⁴ over the order window's grid (realised, not annualised);
 * `prefixHash` / `pathHash` are the run's `JobResult` hashes — every strategy's run on this path
 * has the same `prefixHash` (checked by `joinOutcomes`).
 */
export interface PathSummary {
  readonly pathId: string;
  readonly label: string;
  readonly seed: number;
  readonly startSec: number;
  readonly arrivalPrice: number;
  readonly volatilityBps: number;
  readonly prefixHash: string;
  readonly pathHash: string;
  readonly marketVolume: number;
}

/**
 * One parent order of one strategy on one path, with its TCA. `tca` is `parentOrderTca` with
 * arrival = the path's arrival price, end = the order's end + 100 ms (`measureNs`), reversion at
 * `REVERSION_HORIZON_NS` after that (where the path lasts), mid path =
 * this run's grid mids, unaffected mid path = the same path's run without our orders, market
 * VWAP / volume = this run's prints over [start, end] (ours included). `isBps` =
 * `tca.shortfall.totalBps` (the comparison's IS: filled part, opportunity cost of any unfilled
 * rest at the end mid, fees). Invariant: `unaffectedPathHash` and `unaffectedPrefixHash` equal
 * the `PathSummary` of `pathId`, and `prefixHash === unaffectedPrefixHash`.
 */
export interface ParentOrderOutcome {
  readonly jobIndex: number;
  readonly strategy: StrategyName;
  readonly pathId: string;
  readonly seed: number;
  readonly startSec: number;
  readonly tca: ParentOrderTca;
  readonly isBps: number;
  readonly marketImpactBps: number | null;
  /** Filled / parent quantity, in [0, 1] (= `tca.fillRate`). */
  readonly fillRate: number;
  /** True when part of the parent was left unfilled (its rest is in `isBps` as opportunity cost). */
  readonly partiallyFilled: boolean;
  /** VWAP: how far its schedule was from TWAP's (`JobResult.scheduleVsTwap`); null for the others. */
  readonly scheduleVsTwap: number | null;
  readonly childOrders: number;
  readonly orderEvents: number;
  readonly orderEventsHash: string;
  readonly refusals: readonly string[];
  readonly finished: boolean;
  readonly model: PathModel | null;
  readonly marketVwap: number | null;
  readonly marketVolume: number;
  readonly prefixHash: string;
  readonly pathHash: string;
  readonly unaffectedPrefixHash: string;
  readonly unaffectedPathHash: string;
  /** The agent strategy: why it sent each child (every decision's observation, action and policy numbers). */
  readonly explanations?: AgentExplanations;
}

/**
 * Per strategy: how many of its parents were partially filled, and the mean fill rate. Invariant:
 * `partiallyFilled` ≤ `parents`; `meanFillRate` in [0, 1] (NaN without parents).
 */
export interface FillSummary {
  readonly strategy: StrategyName;
  readonly parents: number;
  readonly partiallyFilled: number;
  readonly meanFillRate: number;
}

/** `FillSummary` per strategy, in config order. */
export function fillSummaries(strategies: readonly StrategyName[], outcomes: readonly ParentOrderOutcome[]): FillSummary[] {
  return strategies.map((strategy) => {
    const mine = outcomes.filter((o) => o.strategy === strategy);
    return {
      strategy, parents: mine.length, partiallyFilled: mine.filter((o) => o.partiallyFilled).length,
      meanFillRate: mine.length > 0 ? mine.reduce((s, o) => s + o.fillRate, 0) / mine.length : NaN,
    };
  });
}

/**
 * A note when VWAP's schedule was TWAP's (every cumulative target within `SAME_SCHEDULE_FRACTION`
 * of the parent) on some paths: the volume curve was flat over the horizon there, so any cost
 * difference between them is noise. Null when VWAP was not run or always differed.
 */
export function vwapScheduleNote(outcomes: readonly ParentOrderOutcome[]): string | null {
  const v = outcomes.filter((o) => o.strategy === 'vwap' && o.scheduleVsTwap !== null);
  const same = v.filter((o) => o.scheduleVsTwap! <= SAME_SCHEDULE_FRACTION).length;
  if (v.length === 0 || same === 0) return null;
  const worst = Math.max(...v.map((o) => o.scheduleVsTwap!));
  return `vwap's schedule coincides with twap's on ${same} of ${v.length} paths (every slice target within ${SAME_SCHEDULE_FRACTION * 100} % of the parent; largest gap on any path ${(worst * 100).toFixed(2)} %): the volume curve is flat over the horizon there`;
}

/** The joined, analysed results of complete paths (every strategy and the unaffected run finished). */
export interface JoinedOutcomes {
  readonly paths: readonly PathSummary[];
  readonly outcomes: readonly ParentOrderOutcome[];
}

function midPoints(r: JobResult): MidPoint[] {
  const out: MidPoint[] = [];
  for (let i = 0; i < r.midTs.length; i++) if (Number.isFinite(r.mid[i]!) && r.mid[i]! > 0) out.push({ ts: r.midTs[i]!, mid: r.mid[i]! });
  return out;
}

function volatilityBps(path: readonly MidPoint[]): number {
  let ss = 0;
  for (let i = 1; i < path.length; i++) ss += Math.log(path[i]!.mid / path[i - 1]!.mid) ** 2;
  return Math.sqrt(ss) * 10_000;
}

/**
 * Joins job results by path (results in job order: per path, the unaffected run first, then the
 * strategies in config order) and computes every parent order's TCA. Paths with a missing result
 * (a cancelled run) are left out. Throws an Error naming the path when the paths differ before
 * our orders (a broken determinism invariant) or when no two-sided mid exists after the start.
 */
export function joinOutcomes(config: BacktestConfig, results: ReadonlyArray<JobResult | null>, stride: number): JoinedOutcomes {
  const side = config.side === 'buy' ? 1 : -1;
  const paths: PathSummary[] = [];
  const outcomes: ParentOrderOutcome[] = [];
  for (let p = 0; p + stride <= results.length; p += stride) {
    const group = results.slice(p, p + stride);
    if (group.some((r) => r === null)) continue;
    const [u, ...runs] = group as JobResult[];
    const unaffected = midPoints(u!);
    const arrival = unaffected.find((m) => m.ts >= u!.startNs)?.mid;
    if (arrival === undefined) throw new Error(`path ${u!.pathId}: the book is never two-sided during the order, so there is no arrival price`);
    paths.push({
      pathId: u!.pathId, label: u!.label, seed: u!.seed, startSec: u!.startSec, arrivalPrice: arrival,
      volatilityBps: volatilityBps(unaffected), prefixHash: u!.prefixHash, pathHash: u!.pathHash, marketVolume: u!.marketVolume,
    });
    for (const r of runs) {
      if (r.prefixHash !== u!.prefixHash) {
        throw new Error(`path ${r.pathId}: ${r.strategy} ran on a different path before its order started (prefix ${r.prefixHash.slice(0, 12)} ≠ ${u!.prefixHash.slice(0, 12)})`);
      }
      const tca = parentOrderTca({
        side, arrivalPrice: arrival, parentQty: config.quantity, fills: r.fills, endTs: r.measureNs,
        marketVwap: r.marketVwap ?? undefined, marketVolume: r.marketVolume > 0 ? r.marketVolume : undefined,
        midPath: midPoints(r), unaffectedMidPath: unaffected, reversionHorizons: [REVERSION_HORIZON_NS],
      });
      const isBps = tca.shortfall?.totalBps;
      if (isBps === null || isBps === undefined) throw new Error(`path ${r.pathId}: ${r.strategy}: implementation shortfall is undefined (no end price)`);
      outcomes.push({
        jobIndex: r.index, strategy: r.strategy!, pathId: r.pathId, seed: r.seed, startSec: r.startSec, tca, isBps,
        fillRate: tca.fillRate, partiallyFilled: tca.unfilledQty > 0, scheduleVsTwap: r.scheduleVsTwap ?? null,
        marketImpactBps: tca.marketImpactBps, childOrders: r.childOrders, orderEvents: r.orderEventCount, orderEventsHash: r.orderEventsHash,
        refusals: r.refusals, finished: r.finished, model: r.model, marketVwap: r.marketVwap, marketVolume: r.marketVolume,
        prefixHash: r.prefixHash, pathHash: r.pathHash, unaffectedPrefixHash: u!.prefixHash, unaffectedPathHash: u!.pathHash,
        ...(r.explanations ? { explanations: r.explanations } : {}),
      });
    }
  }
  return { paths, outcomes };
}

/**
 * Which paths are copies. Two paths are IDENTICAL when their runs without our orders have the
 * same path hash and every strategy has the same costs on both (IS and market impact within
 * 1e-4 bps) — e.g. the same recorded day from the same start, where the seed moved our orders by
 * a few µs of latency and changed no cost. Such a path adds no information, only a smaller
 * interval and p-value. Invariant: `distinct` =
 * `paths` − `duplicates.length`; each duplicate names the first path it copies; `note` is null
 * when every path is distinct, else a sentence for the output.
 */
export interface PathCheck {
  readonly paths: number;
  readonly distinct: number;
  readonly duplicates: ReadonlyArray<{ readonly pathId: string; readonly sameAs: string }>;
  readonly note: string | null;
}

/** Costs closer than this (bps) are the same cost: a few µs of latency move impact by ~1e-6 bps. */
const SAME_COST_BPS = 1e-4;

/** Finds the identical paths of joined outcomes (see `PathCheck`). */
export function checkDistinctPaths(joined: JoinedOutcomes): PathCheck {
  // Representatives per market (path hash without our orders), each with its cost vector.
  const reps = new Map<string, Array<{ pathId: string; costs: Array<number | null> }>>();
  const duplicates: Array<{ pathId: string; sameAs: string }> = [];
  const same = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= SAME_COST_BPS);
  for (const p of joined.paths) {
    const costs = joined.outcomes.filter((o) => o.pathId === p.pathId).flatMap((o) => [o.isBps, o.marketImpactBps]);
    const list = reps.get(p.pathHash) ?? [];
    const twin = list.find((r) => r.costs.length === costs.length && r.costs.every((c, i) => same(c, costs[i]!)));
    if (twin) duplicates.push({ pathId: p.pathId, sameAs: twin.pathId });
    else list.push({ pathId: p.pathId, costs });
    reps.set(p.pathHash, list);
  }
  const distinct = joined.paths.length - duplicates.length;
  const note = duplicates.length === 0 ? null
    : `${joined.paths.length} paths but only ${distinct} distinct: ${duplicates.length} ${duplicates.length === 1 ? 'is a copy' : 'are copies'} of another path (same market, same costs for every strategy), so they are left out of the statistics`
      + (distinct < 2 ? '; no paired test is possible with fewer than 2 distinct paths (use several --start times, days, or drawn starts)' : '');
  return { paths: joined.paths.length, distinct, duplicates, note };
}

/**
 * The strategy comparison of joined outcomes (`compareStrategies` on `isBps` and
 * `marketImpactBps`, adaptability from each path's `volatilityBps`), and its headline table, over
 * the DISTINCT paths only (`checkDistinctPaths`: copies of a path would shrink the intervals and
 * p-values without adding information). Null when no path is complete. With one distinct path
 * the spread statistics (timing risk, CIs, adaptability) and the paired test are not available (n/a).
 */
export function compareOutcomes(config: BacktestConfig, joined: JoinedOutcomes): { comparison: Comparison; table: HeadlineTable } | null {
  if (joined.paths.length < 1) return null;
  const copies = new Set(checkDistinctPaths(joined).duplicates.map((d) => d.pathId));
  const runs: StrategyRuns[] = config.strategies.map((s) => ({
    strategy: s,
    outcomes: joined.outcomes.filter((o) => o.strategy === s && !copies.has(o.pathId)).map((o) => ({ pathId: o.pathId, isBps: o.isBps, marketImpactBps: o.marketImpactBps })),
  }));
  const pathVolatility = Object.fromEntries(joined.paths.filter((p) => !copies.has(p.pathId)).map((p) => [p.pathId, p.volatilityBps]));
  const comparison = compareStrategies(runs, { baseline: config.baseline, seed: config.bootstrapSeed, resamples: config.bootstrapResamples, pathVolatility });
  return { comparison, table: headlineTable(comparison) };
}
