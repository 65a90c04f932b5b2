import { bootstrapCi, DEFAULT_RESAMPLES, type ConfidenceInterval } from './bootstrap.js';
import { mean, median, sampleStd } from './descriptive.js';
import { pairedTTest, wilcoxonSignedRank, type PairedTTestResult, type WilcoxonResult } from './paired-tests.js';

/**
 * One strategy's result on one path (day / scenario / seed). `isBps` is the parent order's total
 * implementation shortfall in bps (`ShortfallDecomposition.totalBps`; positive = cost);
 * `marketImpactBps` its market impact against the same path without our orders (positive = cost),
 * null/absent when unknown. Invariant: `pathId` is unique within a strategy; values finite.
 */
export interface PathOutcome {
  readonly pathId: string;
  readonly isBps: number;
  readonly marketImpactBps?: number | null;
}

/** All outcomes of one strategy. Invariant: every strategy compared covers the SAME path ids. */
export interface StrategyRuns {
  readonly strategy: string;
  readonly outcomes: readonly PathOutcome[];
}

/**
 * Options of `compareStrategies`. `baseline` names one of the strategies; `seed` (default 1) seeds
 * every bootstrap (each statistic gets its own stream `${seed}/${strategy}/${statistic}`, so adding
 * a strategy never changes another's intervals); `resamples` default 2,000; `level` default 0.95.
 * `pathVolatility` (path id → realised volatility of the path WITHOUT our orders, any consistent
 * unit) switches on adaptability; when given it must cover every path.
 */
export interface CompareOptions {
  readonly baseline: string;
  readonly seed?: number | string;
  readonly resamples?: number;
  readonly level?: number;
  readonly pathVolatility?: Readonly<Record<string, number>>;
}

/** n, mean, median, sample standard deviation (n − 1) and the bootstrap CI of the MEAN. */
export interface SampleSummary {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly std: number;
  readonly ci: ConfidenceInterval;
}

/**
 * Paired comparison of a strategy with the baseline on the same paths: d_i = IS(strategy, path i)
 * − IS(baseline, path i) in bps, so NEGATIVE = the strategy is cheaper. `ci` is the bootstrap CI
 * of the mean of d (pairs resampled together). HEADLINE TEST: the Wilcoxon signed-rank test
 * (`headlinePValue` = `wilcoxon.pValue`): execution costs are heavy-tailed and skewed, and it
 * needs only symmetry of d, not normality. The paired t-test is reported beside it.
 * With fewer than 2 pairs no test can be made: `refused` says why and `headlinePValue`, the
 * t-test's p and the CI are NaN (the Wilcoxon result is kept for its counts).
 */
export interface PairedComparison {
  readonly baseline: string;
  readonly n: number;
  readonly meanDiffBps: number;
  readonly medianDiffBps: number;
  readonly ci: ConfidenceInterval;
  readonly wilcoxon: WilcoxonResult;
  readonly tTest: PairedTTestResult;
  readonly headlinePValue: number;
  /** Why no test was made (fewer than 2 paths), else null. */
  readonly refused: string | null;
}

/**
 * ADAPTABILITY (bps): how much MORE a strategy saves against the baseline on volatile paths than
 * on calm ones. Paths are sorted by `pathVolatility` (ties by path order); with m = ⌊n/2⌋ the
 * lowest m are calm and the highest m volatile (the middle path is left out for odd n). With
 * improvement_i = IS(baseline, i) − IS(strategy, i) (positive = strategy cheaper):
 *   adaptabilityBps = mean(improvement over volatile paths) − mean(improvement over calm paths).
 * Positive = the strategy reacts to market conditions where it matters (a static schedule that is
 * uniformly better or worse scores ≈ 0); the baseline scores 0 by definition.
 */
export interface Adaptability {
  readonly adaptabilityBps: number;
  readonly volatileImprovementBps: number;
  readonly calmImprovementBps: number;
  readonly pathsPerHalf: number;
}

/**
 * One strategy's column. `timingRiskBps` = sample std of IS across paths (with its bootstrap CI);
 * `marketImpactBps` null unless every outcome has it; `adaptability` null without path
 * volatility or with fewer than 2 paths; `vsBaseline` null for the baseline itself.
 */
export interface StrategyComparison {
  readonly strategy: string;
  readonly isBps: SampleSummary;
  readonly marketImpactBps: SampleSummary | null;
  readonly timingRiskBps: number;
  readonly timingRiskCi: ConfidenceInterval;
  readonly adaptability: Adaptability | null;
  readonly vsBaseline: PairedComparison | null;
}

/** The comparison of strategies run on identical paths, in the order the strategies were given. */
export interface Comparison {
  readonly baseline: string;
  /** Path ids in the baseline's order; every per-path vector is aligned to it. */
  readonly pathIds: readonly string[];
  readonly seed: number | string;
  readonly resamples: number;
  readonly level: number;
  readonly strategies: readonly StrategyComparison[];
}

/**
 * Compares strategies run on IDENTICAL paths (see the types for every definition). Throws a
 * RangeError when the baseline is missing, a strategy name repeats, a path id repeats, the path
 * sets differ, a value is not finite, or `pathVolatility` misses a path. Deterministic.
 */
export function compareStrategies(runs: readonly StrategyRuns[], options: CompareOptions): Comparison {
  const seed = options.seed ?? 1;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  const base = runs.find((r) => r.strategy === options.baseline);
  if (!base) throw new RangeError(`compare: baseline "${options.baseline}" is not among the strategies (${runs.map((r) => r.strategy).join(', ')})`);
  const names = new Set<string>();
  for (const r of runs) {
    if (names.has(r.strategy)) throw new RangeError(`compare: strategy "${r.strategy}" appears twice`);
    names.add(r.strategy);
  }
  const pathIds = base.outcomes.map((o) => o.pathId);
  const aligned = new Map(runs.map((r) => [r.strategy, align(r, pathIds)] as const));
  const baseIs = aligned.get(base.strategy)!.map((o) => o.isBps);
  const vol = options.pathVolatility ? pathIds.map((id) => volatilityOf(options.pathVolatility!, id)) : null;
  const boot = (strategy: string, statistic: string) => ({ seed: `${String(seed)}/${strategy}/${statistic}`, resamples, level });

  const strategies = runs.map((r): StrategyComparison => {
    const outs = aligned.get(r.strategy)!;
    const is = outs.map((o) => o.isBps);
    const impacts = outs.map((o) => o.marketImpactBps);
    const impactKnown = impacts.length > 0 && impacts.every((x) => typeof x === 'number');
    const isBase = r.strategy === base.strategy;
    let vsBaseline: PairedComparison | null = null;
    if (!isBase) {
      const d = is.map((x, i) => x - baseIs[i]!);
      const wilcoxon = wilcoxonSignedRank(d);
      const refused = d.length < 2 ? `a paired test needs at least 2 distinct paths, there ${d.length === 1 ? 'is 1' : `are ${d.length}`}` : null;
      vsBaseline = {
        baseline: base.strategy,
        n: d.length,
        meanDiffBps: mean(d),
        medianDiffBps: median(d),
        ci: bootstrapCi(d, mean, boot(r.strategy, `is-diff-vs-${base.strategy}`)),
        wilcoxon,
        tTest: pairedTTest(d),
        headlinePValue: refused === null ? wilcoxon.pValue : NaN,
        refused,
      };
    }
    return {
      strategy: r.strategy,
      isBps: summarize(is, boot(r.strategy, 'is-mean')),
      marketImpactBps: impactKnown ? summarize(impacts as number[], boot(r.strategy, 'impact-mean')) : null,
      timingRiskBps: sampleStd(is),
      timingRiskCi: bootstrapCi(is, sampleStd, boot(r.strategy, 'timing-risk')),
      adaptability: vol ? adaptability(baseIs, is, vol) : null,
      vsBaseline,
    };
  });
  return { baseline: base.strategy, pathIds, seed, resamples, level, strategies };
}

/** Summary statistics of a sample with the bootstrap CI of its mean. */
export function summarize(xs: readonly number[], boot: { seed: number | string; resamples?: number; level?: number }): SampleSummary {
  return { n: xs.length, mean: mean(xs), median: median(xs), std: sampleStd(xs), ci: bootstrapCi(xs, mean, boot) };
}

/** Adaptability of `strategyIs` against `baselineIs` given per-path volatility (see `Adaptability`). */
export function adaptability(baselineIs: readonly number[], strategyIs: readonly number[], volatility: readonly number[]): Adaptability | null {
  const n = baselineIs.length;
  if (strategyIs.length !== n || volatility.length !== n) throw new RangeError('adaptability: the three vectors must have the same length');
  const m = Math.floor(n / 2);
  if (m < 1) return null;
  const order = volatility.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i).map((x) => x.i);
  const improvement = (i: number) => baselineIs[i]! - strategyIs[i]!;
  const calm = mean(order.slice(0, m).map(improvement));
  const volatile = mean(order.slice(n - m).map(improvement));
  return { adaptabilityBps: volatile - calm, volatileImprovementBps: volatile, calmImprovementBps: calm, pathsPerHalf: m };
}

function align(r: StrategyRuns, pathIds: readonly string[]): PathOutcome[] {
  const byId = new Map<string, PathOutcome>();
  for (const o of r.outcomes) {
    if (byId.has(o.pathId)) throw new RangeError(`compare: strategy "${r.strategy}" has path "${o.pathId}" twice`);
    if (!Number.isFinite(o.isBps)) throw new RangeError(`compare: strategy "${r.strategy}" path "${o.pathId}": isBps must be finite, got ${o.isBps}`);
    const imp = o.marketImpactBps;
    if (typeof imp === 'number' && !Number.isFinite(imp)) throw new RangeError(`compare: strategy "${r.strategy}" path "${o.pathId}": marketImpactBps must be finite, got ${imp}`);
    byId.set(o.pathId, o);
  }
  if (byId.size !== pathIds.length) throw new RangeError(`compare: strategy "${r.strategy}" has ${byId.size} paths, the baseline ${pathIds.length}: strategies must run on identical paths`);
  return pathIds.map((id) => {
    const o = byId.get(id);
    if (!o) throw new RangeError(`compare: strategy "${r.strategy}" has no outcome for path "${id}": strategies must run on identical paths`);
    return o;
  });
}

function volatilityOf(vol: Readonly<Record<string, number>>, id: string): number {
  const v = Object.hasOwn(vol, id) ? vol[id] : undefined;
  if (v === undefined || !Number.isFinite(v)) throw new RangeError(`compare: pathVolatility has no finite value for path "${id}"`);
  return v;
}
