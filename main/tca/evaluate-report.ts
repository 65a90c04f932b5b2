import { bootstrapCi } from './bootstrap.js';
import { mean, median, sampleStd } from './descriptive.js';
import { pairedTTest, wilcoxonSignedRank } from './paired-tests.js';

/**
 * One strategy's implementation shortfall over n paths (bps, positive = a cost, buys and sells
 * alike): mean, median, sample std, and the 95 % percentile-bootstrap CI of the mean. NaN (null
 * in JSON) where undefined (n < 2 for std and CI).
 */
export interface StrategyEvaluation {
  readonly meanIsBps: number;
  readonly medianIsBps: number;
  readonly stdIsBps: number;
  readonly ciLowBps: number;
  readonly ciHighBps: number;
  readonly n: number;
}

/**
 * The agent against one baseline on the SAME paths: d_i = IS(agent, i) − IS(baseline, i), so
 * NEGATIVE = the agent is cheaper. `meanDiffBps` with the 95 % bootstrap CI of the mean (pairs
 * resampled together); `pValue` = two-sided Wilcoxon signed-rank (costs are heavy-tailed;
 * `tTestPValue` beside it); the papers' measures: `meanOutperformanceBps` / `medianOutperformanceBps`
 * = −mean d / −median d, `probOutperformance` = share of paths with d < 0, `gainLossRatio` =
 * Σ gains / Σ losses (gain = −d where d < 0, loss = d where d > 0; null when nothing was lost).
 */
export interface PairedEvaluation {
  readonly n: number;
  readonly meanDiffBps: number;
  readonly medianDiffBps: number;
  readonly ciLowBps: number;
  readonly ciHighBps: number;
  readonly pValue: number;
  readonly tTestPValue: number;
  readonly meanOutperformanceBps: number;
  readonly medianOutperformanceBps: number;
  readonly probOutperformance: number;
  readonly gainLossRatio: number | null;
}

/** Options of the statistics: the bootstrap's seed stream prefix and resamples (default 2,000). */
export interface EvaluationStatsOptions {
  readonly seed: number | string;
  readonly resamples?: number;
}

/** `StrategyEvaluation` of one strategy's IS values (bootstrap stream `${seed}/${name}/is-mean`). */
export function strategyEvaluation(name: string, isBps: readonly number[], o: EvaluationStatsOptions): StrategyEvaluation {
  const ci = bootstrapCi(isBps, mean, { seed: `${o.seed}/${name}/is-mean`, resamples: o.resamples ?? 2_000 });
  return { meanIsBps: mean(isBps), medianIsBps: median(isBps), stdIsBps: isBps.length >= 2 ? sampleStd(isBps) : NaN, ciLowBps: ci.lo, ciHighBps: ci.hi, n: isBps.length };
}

/** `PairedEvaluation` of the agent against `baseline`; throws a RangeError when the two vectors differ in length. */
export function pairedEvaluation(baseline: string, agentIs: readonly number[], baseIs: readonly number[], o: EvaluationStatsOptions): PairedEvaluation {
  if (agentIs.length !== baseIs.length) throw new RangeError(`paired ${baseline}: ${agentIs.length} agent paths vs ${baseIs.length} baseline paths`);
  const d = agentIs.map((a, i) => a - baseIs[i]!);
  const n = d.length;
  const ci = bootstrapCi(d, mean, { seed: `${o.seed}/agent-vs-${baseline}/diff-mean`, resamples: o.resamples ?? 2_000 });
  let gains = 0, losses = 0, wins = 0;
  for (const x of d) {
    if (x < 0) {
      gains -= x;
      wins++;
    } else if (x > 0) losses += x;
  }
  const meanD = mean(d), medD = median(d);
  return {
    n, meanDiffBps: meanD, medianDiffBps: medD, ciLowBps: ci.lo, ciHighBps: ci.hi,
    pValue: n >= 2 ? wilcoxonSignedRank(d).pValue : NaN, tTestPValue: n >= 2 ? pairedTTest(d).pValue : NaN,
    meanOutperformanceBps: -meanD, medianOutperformanceBps: -medD,
    probOutperformance: n > 0 ? wins / n : NaN, gainLossRatio: losses > 0 ? gains / losses : null,
  };
}
