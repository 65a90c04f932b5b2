/**
 * Small numeric kernels shared by the stylized facts and the calibration: moments, quantiles,
 * autocorrelation, previous-tick sampling on a regular grid, log-log least squares. Pure
 * functions over array-likes; no allocation beyond the returned arrays. NaN / null conventions:
 * a statistic that needs more data than given returns `null` (JSON-able), never NaN.
 */

/** Mean of `x`; null when empty. */
export function mean(x: ArrayLike<number>): number | null {
  if (x.length === 0) return null;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Population standard deviation (divides by n); null when n < 2. */
export function stdDev(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 2) return null;
  const m = mean(x)!;
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i]! - m) ** 2;
  return Math.sqrt(s / n);
}

/**
 * Sample excess kurtosis m4 / m2² − 3 with central moments divided by n (the plain moment
 * estimator; a Gaussian gives ≈ 0, fat tails > 0). Null when n < 4 or the variance is 0.
 */
export function excessKurtosis(x: ArrayLike<number>): number | null {
  const n = x.length;
  if (n < 4) return null;
  const m = mean(x)!;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i]! - m;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= n;
  m4 /= n;
  return m2 > 0 ? m4 / (m2 * m2) - 3 : null;
}

/**
 * Autocorrelation at lags 1..maxLag: ρ(h) = Σ_{t<n−h} (x_t − x̄)(x_{t+h} − x̄) / Σ_t (x_t − x̄)²
 * (the standard biased estimator, bounded by 1). Entries are null where n ≤ h + 1 or the
 * variance is 0.
 */
export function autocorrelation(x: ArrayLike<number>, maxLag: number): (number | null)[] {
  const n = x.length;
  const out: (number | null)[] = [];
  const m = n > 0 ? mean(x)! : 0;
  let den = 0;
  for (let i = 0; i < n; i++) den += (x[i]! - m) ** 2;
  for (let h = 1; h <= maxLag; h++) {
    if (n <= h + 1 || den === 0) {
      out.push(null);
      continue;
    }
    let num = 0;
    for (let t = 0; t + h < n; t++) num += (x[t]! - m) * (x[t + h]! - m);
    out.push(num / den);
  }
  return out;
}

/** Linear-interpolated quantile (type 7) of an ascending-sorted array; null when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Weighted quantile: the smallest value v with (weight of values ≤ v) ≥ q × total weight.
 * `values` and `weights` are aligned; null when the total weight is 0.
 */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number | null {
  const idx = Array.from({ length: values.length }, (_, i) => i).filter((i) => weights[i]! > 0);
  idx.sort((a, b) => values[a]! - values[b]!);
  let total = 0;
  for (const i of idx) total += weights[i]!;
  if (total <= 0) return null;
  let cum = 0;
  for (const i of idx) {
    cum += weights[i]!;
    if (cum >= q * total - 1e-12 * total) return values[i]!;
  }
  return values[idx[idx.length - 1]!]!;
}

/**
 * Previous-tick sampling on a regular grid: grid point k is `t0 + k × stepNs` for k = 0..K with
 * the last point ≤ `endNs`, and its value is the last `value[i]` with `tsNs[i] ≤` the grid time.
 * The grid starts at the first multiple of `stepNs` after `startNs` that has a value (grid points
 * before the first observation are dropped, not back-filled). `tsNs` must be non-decreasing.
 */
export function sampleRegular(tsNs: ArrayLike<number>, value: ArrayLike<number>, startNs: number, endNs: number, stepNs: number): Float64Array {
  const n = tsNs.length;
  if (n === 0 || !(stepNs > 0) || endNs < startNs) return new Float64Array(0);
  let k0 = 0;
  if (tsNs[0]! > startNs) k0 = Math.ceil((tsNs[0]! - startNs) / stepNs);
  const kMax = Math.floor((endNs - startNs) / stepNs);
  if (kMax < k0) return new Float64Array(0);
  const out = new Float64Array(kMax - k0 + 1);
  let i = 0;
  for (let k = k0; k <= kMax; k++) {
    const t = startNs + k * stepNs;
    while (i + 1 < n && tsNs[i + 1]! <= t) i++;
    out[k - k0] = value[i]!;
  }
  return out;
}

/** Log returns ln(p_k / p_{k−1}) of a sampled price series (length n − 1). */
export function logReturns(p: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, p.length - 1));
  for (let k = 1; k < p.length; k++) out[k - 1] = Math.log(p[k]! / p[k - 1]!);
  return out;
}

/** Result of an ordinary least-squares fit y = a + b·x. */
export interface LineFit {
  intercept: number;
  slope: number;
  r2: number;
  n: number;
}

/** OLS of y on x; null when fewer than 2 points or x has no spread. */
export function fitLine(x: ArrayLike<number>, y: ArrayLike<number>): LineFit | null {
  const n = Math.min(x.length, y.length);
  if (n < 2) return null;
  let sx = 0, sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / n, my = sy / n;
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx, dy = y[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope, r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : 1, n };
}

/**
 * Density histogram of `x` on `bins` equal bins over [lo, hi]: `density[j]` = count_j / (n × width),
 * so it integrates to the share of points inside [lo, hi]. Points outside are not counted.
 */
export function densityHistogram(x: ArrayLike<number>, lo: number, hi: number, bins: number): { centers: number[]; density: number[] } {
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!(v >= lo && v <= hi)) continue;
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
  }
  const n = x.length;
  return {
    centers: counts.map((_, j) => lo + (j + 0.5) * width),
    density: counts.map((c) => (n > 0 ? c / (n * width) : 0)),
  };
}

/** Rounds to `digits` significant decimals for compact, stable JSON (null and non-finite pass as null). */
export function round(x: number | null | undefined, digits = 6): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  if (x === 0) return 0;
  return Number(x.toPrecision(digits));
}

/** A growable Float64 column (amortised doubling), for collecting series of unknown length. */
export class F64Column {
  private buf: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buf = new Float64Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  last(): number {
    return this.length > 0 ? this.buf[this.length - 1]! : NaN;
  }

  /** A trimmed copy (the column may keep growing). */
  toArray(): Float64Array {
    return this.buf.slice(0, this.length);
  }
}
