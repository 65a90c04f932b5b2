import type { DaySeries } from '../returns.js';

/** The features regimes are found over. Volatility: rv; liquidity: spread, depth, volume. */
export type RegimeFeature = 'rvBps' | 'spreadBps' | 'depth' | 'volume';

/**
 * Feature windows: non-overlapping blocks of `window` samples of one day, each described by its
 * realised volatility (bps), mean spread (bps), mean depth and total volume. Invariants: `raw[i]`
 * has one value per name in `names`, all finite; a feature the data lacks (spread and depth of
 * bars) is left out of `names`; window i covers (t[i] − window·step, t[i]] of day `day[i]`, so
 * features use only samples up to t[i].
 */
export interface FeatureWindows {
  readonly names: readonly RegimeFeature[];
  readonly raw: number[][];
  readonly t: number[];
  readonly day: number[];
}

export function featureWindows(days: readonly DaySeries[], window: number): FeatureWindows {
  if (!(Number.isInteger(window) && window >= 2)) throw new RangeError(`regime window must be an integer ≥ 2, got ${window}`);
  const hasBook = days.every((d) => d.spreadBps.length > 0 && d.spreadBps.some(Number.isFinite));
  const names: RegimeFeature[] = hasBook ? ['rvBps', 'spreadBps', 'depth', 'volume'] : ['rvBps', 'volume'];
  const raw: number[][] = [];
  const t: number[] = [];
  const day: number[] = [];
  days.forEach((d, di) => {
    const nw = Math.floor(d.r.length / window);
    for (let k = 0; k < nw; k++) {
      let rv = 0;
      let sp = 0;
      let dp = 0;
      let vol = 0;
      for (let i = k * window; i < (k + 1) * window; i++) {
        rv += d.r[i]! * d.r[i]!;
        sp += d.spreadBps[i]!;
        dp += d.depth[i]!;
        vol += d.volume[i]!;
      }
      const row = hasBook ? [Math.sqrt(rv) * 1e4, sp / window, dp / window, vol] : [Math.sqrt(rv) * 1e4, vol];
      if (!row.every(Number.isFinite)) continue;
      raw.push(row);
      t.push(d.t[(k + 1) * window - 1]!);
      day.push(di);
    }
  });
  return { names, raw, t, day };
}

/**
 * log1p-then-standardise, fitted on the rows given: every feature is positive and right-skewed, so
 * its log is closer to the Gaussian clusters k-means and the mixture assume. Invariant: `apply` of
 * a fitting row has mean 0, standard deviation 1 per feature (a constant feature keeps sd 1).
 */
export class FeatureScaler {
  readonly mean: number[];
  readonly sd: number[];

  constructor(rows: readonly (readonly number[])[]) {
    const k = rows[0]?.length ?? 0;
    const logs = rows.map((r) => r.map(logOf));
    this.mean = Array.from({ length: k }, (_, j) => logs.reduce((s, r) => s + r[j]!, 0) / logs.length);
    this.sd = Array.from({ length: k }, (_, j) => {
      const v = logs.reduce((s, r) => s + (r[j]! - this.mean[j]!) ** 2, 0) / logs.length;
      return v > 1e-12 ? Math.sqrt(v) : 1;
    });
  }

  apply(row: readonly number[]): number[] {
    return row.map((x, j) => (logOf(x) - this.mean[j]!) / this.sd[j]!);
  }

  /** Back to the feature's own units (the geometric centre of a cluster). */
  invert(z: readonly number[]): number[] {
    return z.map((v, j) => Math.expm1(v * this.sd[j]! + this.mean[j]!));
  }
}

/**
 * log(1 + x): a window with no trades (volume 0) or no price change (rv 0) stays finite and close
 * to the others, where log(x + ε) would make it an outlier that takes a cluster of its own.
 */
const logOf = (x: number): number => Math.log1p(Math.max(0, x));
