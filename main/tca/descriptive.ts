import type { ParentOrderTca } from './tca-types.js';

/** Arithmetic mean; NaN for an empty sample. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  if (allEqual(xs)) return xs[0]!; // exact for a constant sample (no rounding of Σx/n)
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Sample standard deviation with Bessel's correction, √(Σ(x − x̄)² / (n − 1)) (two-pass, so a
 * constant sample gives exactly 0); NaN for n < 2.
 */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  if (allEqual(xs)) return 0;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

/**
 * The p-quantile of an ASCENDING sorted sample, Hyndman-Fan type 7 (linear interpolation between
 * order statistics at h = (n − 1)p; R's and NumPy's default). NaN for an empty sample.
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Median (mean of the two middle values for even n); NaN for an empty sample. */
export function median(xs: readonly number[]): number {
  return quantileSorted([...xs].sort((a, b) => a - b), 0.5);
}

/**
 * Timing risk in bps: the sample standard deviation (n − 1) of the total implementation shortfall
 * (`shortfall.totalBps`, or the numbers given) of ONE strategy across many paths. It measures how
 * much the cost varies with the market's path, the risk side of the Almgren-Chriss trade-off.
 * NaN for fewer than 2 paths; throws naming the index when a result has no total shortfall.
 */
export function timingRiskBps(results: readonly number[] | readonly ParentOrderTca[]): number {
  const xs = (results as readonly (number | ParentOrderTca)[]).map((r, i) => {
    if (typeof r === 'number') return r;
    const t = r.shortfall?.totalBps;
    if (t === null || t === undefined) throw new RangeError(`timingRiskBps: results[${i}] has no total shortfall (unknown end price or arrival)`);
    return t;
  });
  return sampleStd(xs);
}

function allEqual(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i] !== xs[0]) return false;
  return true;
}
