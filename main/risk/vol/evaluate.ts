import { realisedVariance } from '../returns-realised.js';
import { fitEwma, type EwmaOptions } from './ewma.js';
import { fitGarch } from './garch.js';
import { fitHar, HAR_DEFAULT_BLOCK, HAR_MONTH } from './har.js';
import { VOL_MODEL_NAMES, type FittedVolModel, type VolModelName } from './vol-model.js';

/** Squared log-return → bps²: MSE is reported in (bps²)² so its figures are legible. */
const BPS2 = 1e8;

/** One model's out-of-sample losses. Invariant: qlike ≥ 0 (0 = perfect), mse ≥ 0. */
export interface VolScore {
  readonly model: VolModelName;
  /** Mean of RV/F − ln(RV/F) − 1 over test blocks with RV > 0 (Patton 2011, robust to a noisy RV proxy). */
  readonly qlike: number;
  /** Mean of (RV − F)², both in bps² per block. */
  readonly mse: number;
}

/** A Diebold-Mariano test of equal QLIKE: stat < 0 means `a` forecasts better than `b`. */
export interface VolComparison {
  readonly a: VolModelName;
  readonly b: VolModelName;
  /** Mean QLIKE difference a − b. */
  readonly meanDiff: number;
  /** DM statistic with a Newey-West variance (lag ⌊n^(1/3)⌋). */
  readonly stat: number;
  /** Two-sided, normal approximation. */
  readonly pValue: number;
}

/** Options of `evaluateVolModels`. Invariants: 0 < trainFraction < 1; block ≥ 1. */
export interface VolEvaluationOptions extends EwmaOptions {
  /** Returns per realised-variance block (also HAR's "day"); default 60. */
  block?: number;
  /** Share of whole blocks the models are fitted on; the rest is the out-of-sample test (default 0.7). */
  trainFraction?: number;
}

/**
 * Every model fitted on the same training blocks and scored on the same later blocks: each
 * block's forecast (made from the returns before it, with the training parameters) against its
 * realised variance. Invariant: all models see exactly the same test blocks.
 */
export interface VolEvaluation {
  readonly block: number;
  readonly trainReturns: number;
  readonly testBlocks: number;
  readonly zeroBlocks: number;
  readonly fits: Readonly<Record<VolModelName, FittedVolModel>>;
  readonly scores: readonly VolScore[];
  readonly comparisons: readonly VolComparison[];
}

export function evaluateVolModels(r: ArrayLike<number>, opts: VolEvaluationOptions = {}): VolEvaluation {
  const block = opts.block ?? HAR_DEFAULT_BLOCK;
  const frac = opts.trainFraction ?? 0.7;
  if (!(frac > 0 && frac < 1)) throw new RangeError(`trainFraction must be in (0, 1), got ${frac}`);
  const rv = realisedVariance(r, block);
  const nb = rv.length;
  const trainBlocks = Math.max(HAR_MONTH + 10, Math.floor(nb * frac));
  if (nb - trainBlocks < 5) {
    throw new RangeError(`too few returns to fit and test: ${r.length} returns make ${nb} blocks of ${block}; need at least ${HAR_MONTH + 15} blocks (${(HAR_MONTH + 15) * block} returns)`);
  }
  const train = Array.prototype.slice.call(r, 0, trainBlocks * block) as number[];
  const fits: Record<VolModelName, FittedVolModel> = {
    ewma: fitEwma(train, opts),
    garch: fitGarch(train),
    har: fitHar(train, { block }),
  };
  const losses = {} as Record<VolModelName, { q: number[]; m: number[] }>;
  let zeroBlocks = 0;
  for (const name of VOL_MODEL_NAMES) {
    const f = fits[name].blockForecasts(r, block, trainBlocks);
    const q: number[] = [];
    const m: number[] = [];
    for (let i = 0; i < f.length; i++) {
      const real = rv[trainBlocks + i]!;
      m.push((real * BPS2 - f[i]! * BPS2) ** 2);
      // A block with no price change has RV = 0, where QLIKE is undefined: left out (counted).
      if (real > 0) q.push(real / f[i]! - Math.log(real / f[i]!) - 1);
      else if (name === 'ewma') zeroBlocks++;
    }
    losses[name] = { q, m };
  }
  const mean = (x: number[]): number => x.reduce((s, v) => s + v, 0) / x.length;
  const scores = VOL_MODEL_NAMES.map((model): VolScore => ({ model, qlike: mean(losses[model].q), mse: mean(losses[model].m) }));
  const comparisons: VolComparison[] = [];
  for (let i = 0; i < VOL_MODEL_NAMES.length; i++) {
    for (let j = i + 1; j < VOL_MODEL_NAMES.length; j++) {
      const a = VOL_MODEL_NAMES[i]!;
      const b = VOL_MODEL_NAMES[j]!;
      comparisons.push({ a, b, ...dieboldMariano(losses[a].q, losses[b].q) });
    }
  }
  return { block, trainReturns: train.length, testBlocks: nb - trainBlocks, zeroBlocks, fits, scores, comparisons };
}

/** DM test on paired losses with a Newey-West long-run variance. */
export function dieboldMariano(la: readonly number[], lb: readonly number[]): { meanDiff: number; stat: number; pValue: number } {
  const n = la.length;
  const d = la.map((v, i) => v - lb[i]!);
  const mu = d.reduce((s, v) => s + v, 0) / n;
  const lag = Math.floor(Math.cbrt(n));
  let lrv = 0;
  for (let k = 0; k <= lag; k++) {
    let g = 0;
    for (let t = k; t < n; t++) g += (d[t]! - mu) * (d[t - k]! - mu);
    g /= n;
    lrv += k === 0 ? g : 2 * (1 - k / (lag + 1)) * g;
  }
  const stat = lrv > 0 ? mu / Math.sqrt(lrv / n) : mu === 0 ? 0 : Math.sign(mu) * Infinity;
  return { meanDiff: mu, stat, pValue: 2 * (1 - normalCdf(Math.abs(stat))) };
}

/** Φ(x) by the Abramowitz-Stegun 7.1.26 erf (error < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
