import { meanSquare } from '../returns-realised.js';
import { gaussianLogLikelihood, type FittedVolModel } from './vol-model.js';

/** RiskMetrics' decay for daily data (J.P. Morgan 1996). */
export const RISKMETRICS_LAMBDA = 0.94;
/** Returns whose mean square starts the recursion (fewer when the series is shorter). */
const SEED_RETURNS = 30;

/**
 * EWMA variance: v[t+1] = λ·v[t] + (1 − λ)·r[t]², started at the mean square of the first 30
 * returns. Returns n + 1 variances: v[t] is the forecast of r[t]'s variance from r[0..t).
 */
export function ewmaVariances(r: ArrayLike<number>, lambda: number, v0 = meanSquare(r, 0, Math.min(r.length, SEED_RETURNS))): Float64Array {
  const v = new Float64Array(r.length + 1);
  v[0] = v0 > 0 ? v0 : Number.MIN_VALUE;
  for (let t = 0; t < r.length; t++) v[t + 1] = lambda * v[t]! + (1 - lambda) * r[t]! * r[t]!;
  return v;
}

/** Options of `fitEwma`. Invariant: 0 < lambda < 1. */
export interface EwmaOptions {
  /** The decay; default RiskMetrics' 0.94. 'fit' picks it by maximum likelihood in [0.5, 0.9999]. */
  lambda?: number | 'fit';
}

/**
 * EWMA (RiskMetrics). Its forecast for every horizon is the next step's variance (a random walk in
 * variance: no mean reversion), so a block's forecast is block × v.
 */
export function fitEwma(r: ArrayLike<number>, opts: EwmaOptions = {}): FittedVolModel {
  const lambda = opts.lambda === 'fit' ? fitLambda(r) : (opts.lambda ?? RISKMETRICS_LAMBDA);
  if (!(lambda > 0 && lambda < 1)) throw new RangeError(`EWMA lambda must be in (0, 1), got ${lambda}`);
  if (r.length < 2) throw new RangeError(`EWMA needs at least 2 returns, got ${r.length}`);
  const v0 = meanSquare(r, 0, Math.min(r.length, SEED_RETURNS));
  const v = ewmaVariances(r, lambda, v0);
  return {
    model: 'ewma',
    params: { lambda },
    logLikelihood: gaussianLogLikelihood(r, v),
    n: r.length,
    blockForecasts(x, block, from) {
      const vx = ewmaVariances(x, lambda, v0);
      const nb = Math.floor(x.length / block);
      const out = new Float64Array(Math.max(0, nb - from));
      for (let k = from; k < nb; k++) out[k - from] = block * vx[k * block]!;
      return out;
    },
    forecastSteps(x, h) {
      return new Float64Array(h).fill(ewmaVariances(x, lambda, v0)[x.length]!);
    },
  };
}

/** Golden-section search of the log-likelihood over λ (it is unimodal in practice). */
function fitLambda(r: ArrayLike<number>): number {
  const ll = (l: number): number => gaussianLogLikelihood(r, ewmaVariances(r, l));
  let a = 0.5;
  let b = 0.9999;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = ll(c);
  let fd = ll(d);
  while (b - a > 1e-5) {
    if (fc > fd) {
      b = d; d = c; fd = fc; c = b - g * (b - a); fc = ll(c);
    } else {
      a = c; c = d; fc = fd; d = a + g * (b - a); fd = ll(d);
    }
  }
  return (a + b) / 2;
}
