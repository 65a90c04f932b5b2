import { quantileSorted, round } from './series-stats.js';

/**
 * A size distribution: lognormal fit plus empirical quantiles, in the instrument's size units.
 *
 * Definitions: `mu` and `sigma` are the maximum-likelihood lognormal parameters, i.e. the mean
 * and the population std of ln(size) over sizes > 0 (so size ~ exp(N(mu, sigma²))); `mean` is the
 * plain arithmetic mean; `pXX` are linear-interpolated empirical quantiles. Every field is null
 * when `count` is 0 (sigma also when count < 2).
 */
export interface SizeFit {
  count: number;
  mu: number | null;
  sigma: number | null;
  mean: number | null;
  p05: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  p95: number | null;
  p99: number | null;
  /** Largest size seen. */
  max: number | null;
}

/** Fits `SizeFit` to sizes (non-positive and non-finite values are ignored). */
export function fitSizes(sizes: ArrayLike<number>): SizeFit {
  const v: number[] = [];
  for (let i = 0; i < sizes.length; i++) if (sizes[i]! > 0 && Number.isFinite(sizes[i]!)) v.push(sizes[i]!);
  v.sort((a, b) => a - b);
  const n = v.length;
  let sl = 0, s = 0;
  for (const x of v) {
    sl += Math.log(x);
    s += x;
  }
  const mu = n > 0 ? sl / n : null;
  let ss = 0;
  if (mu !== null) for (const x of v) ss += (Math.log(x) - mu) ** 2;
  const q = (p: number) => round(quantileSorted(v, p));
  return {
    count: n,
    mu: round(mu),
    sigma: n >= 2 ? round(Math.sqrt(ss / n)) : null,
    mean: round(n > 0 ? s / n : null),
    p05: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95), p99: q(0.99),
    max: n > 0 ? v[n - 1]! : null,
  };
}
