import { realisedVariance } from '../returns-realised.js';
import { ols } from './linear-algebra.js';
import { gaussianLogLikelihood, type FittedVolModel } from './vol-model.js';

/** Blocks in HAR's "week" and "month" (Corsi 2009: 5 and 22 trading days). */
export const HAR_WEEK = 5;
export const HAR_MONTH = 22;
/** Returns per HAR "day" by default: 60 samples (a minute of 1 s samples, an hour of 1 min bars). */
export const HAR_DEFAULT_BLOCK = 60;

/** Options of `fitHar`. Invariant: block is a positive integer. */
export interface HarOptions {
  /** Returns per block (the model's "day"); weekly = 5 blocks, monthly = 22. */
  block?: number;
}

/**
 * HAR-RV (Corsi 2009) on intraday data: the realised variance of block k+1 regressed (OLS) on the
 * last block's RV, the mean of the last 5 and of the last 22: RV[k+1] = b0 + bDay·RV[k] +
 * bWeek·RV_w[k] + bMonth·RV_m[k]. A block stands in for the trading day, so the cascade keeps its
 * 1 : 5 : 22 shape at any sampling. A forecast that comes out ≤ 0 (OLS is unconstrained) is
 * floored at the smallest positive RV seen in fitting, so losses stay defined. Its log-likelihood
 * treats the returns of a block as N(0, forecast / block), for blocks from the 23rd on.
 */
export function fitHar(r: ArrayLike<number>, opts: HarOptions = {}): FittedVolModel & { readonly block: number; readonly r2: number } {
  const block = opts.block ?? HAR_DEFAULT_BLOCK;
  if (!(Number.isInteger(block) && block >= 1)) throw new RangeError(`HAR block must be a positive integer, got ${block}`);
  const rv = realisedVariance(r, block);
  const rows: number[][] = [];
  const y: number[] = [];
  for (let k = HAR_MONTH - 1; k + 1 < rv.length; k++) {
    rows.push(harRow(rv, k));
    y.push(rv[k + 1]!);
  }
  const need = HAR_MONTH + 10;
  if (rv.length < need) {
    throw new RangeError(`HAR-RV needs at least ${need} blocks of ${block} returns (${need * block} returns), got ${r.length} returns`);
  }
  const fit = ols(rows, y);
  if (!fit) throw new RangeError('HAR-RV: the realised-variance regressors are collinear (a constant series?)');
  const [b0, bDay, bWeek, bMonth] = fit.beta as [number, number, number, number];
  let floor = Infinity;
  for (const v of rv) if (v > 0 && v < floor) floor = v;
  if (!Number.isFinite(floor)) floor = Number.MIN_VALUE;
  const predict = (rvx: Float64Array, k: number): number => {
    const row = harRow(rvx, k);
    return Math.max(floor, b0 + bDay * row[1]! + bWeek * row[2]! + bMonth * row[3]!);
  };
  const blockForecasts = (x: ArrayLike<number>, b: number, from: number): Float64Array => {
    if (b !== block) throw new RangeError(`HAR-RV was fitted on blocks of ${block}; asked for ${b}`);
    const rvx = realisedVariance(x, block);
    const out = new Float64Array(Math.max(0, rvx.length - from));
    const first = Math.max(from, HAR_MONTH);
    if (from < HAR_MONTH) throw new RangeError(`HAR-RV forecasts blocks from the ${HAR_MONTH + 1}th on; asked from ${from + 1}`);
    for (let k = first; k < rvx.length; k++) out[k - from] = predict(rvx, k - 1);
    return out;
  };
  const f = blockForecasts(r, block, HAR_MONTH);
  const v = new Float64Array(f.length * block);
  const rr = new Float64Array(f.length * block);
  for (let k = 0; k < f.length; k++) {
    for (let i = 0; i < block; i++) {
      v[k * block + i] = f[k]! / block;
      rr[k * block + i] = r[(k + HAR_MONTH) * block + i]!;
    }
  }
  return {
    model: 'har',
    params: { b0, bDay, bWeek, bMonth },
    se: { b0: fit.se[0]!, bDay: fit.se[1]!, bWeek: fit.se[2]!, bMonth: fit.se[3]! },
    block,
    r2: fit.r2,
    logLikelihood: gaussianLogLikelihood(rr, v),
    n: rr.length,
    blockForecasts,
    forecastSteps(x, h) {
      const rvx = realisedVariance(x, block);
      if (rvx.length < HAR_MONTH) throw new RangeError(`HAR-RV forecasts need ${HAR_MONTH} whole blocks`);
      return new Float64Array(h).fill(predict(rvx, rvx.length - 1) / block);
    },
  };
}

/** [1, RV[k], mean RV[k−4..k], mean RV[k−21..k]]; needs k ≥ 21. */
function harRow(rv: Float64Array, k: number): number[] {
  let w = 0;
  for (let i = k - HAR_WEEK + 1; i <= k; i++) w += rv[i]!;
  let m = 0;
  for (let i = k - HAR_MONTH + 1; i <= k; i++) m += rv[i]!;
  return [1, rv[k]!, w / HAR_WEEK, m / HAR_MONTH];
}
