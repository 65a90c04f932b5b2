import { Rng } from '../kernel/rng.js';
import { quantileSorted } from './descriptive.js';

/** Default number of bootstrap resamples. */
export const DEFAULT_RESAMPLES = 2_000;

/**
 * Options of the seeded percentile bootstrap. `seed` fixes the resampling stream (same seed, data
 * and statistic ⇒ same interval, bit for bit); `resamples` ≥ 1 (default 2,000); `level` in (0, 1)
 * (default 0.95).
 */
export interface BootstrapOptions {
  readonly seed: number | string;
  readonly resamples?: number;
  readonly level?: number;
}

/**
 * A two-sided confidence interval [lo, hi] at `level`. Percentile bootstrap: lo and hi are the
 * (1 − level)/2 and (1 + level)/2 quantiles (type 7) of the statistic over `resamples` resamples
 * of size n drawn with replacement. Invariant: lo ≤ hi; both NaN with fewer than 2 observations
 * (one value resampled is always itself: a zero-width interval that claims a certainty it lacks).
 */
export interface ConfidenceInterval {
  readonly lo: number;
  readonly hi: number;
  readonly level: number;
  readonly resamples: number;
}

/**
 * Seeded percentile bootstrap CI of `stat` over `xs`. Indices are drawn with `Rng.int(n)` from
 * `new Rng(seed)`, resample after resample; `stat` receives a reused array (do not keep it).
 * For paired data pass the differences (resampling pairs = resampling differences).
 */
export function bootstrapCi(xs: readonly number[], stat: (sample: readonly number[]) => number, options: BootstrapOptions): ConfidenceInterval {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? 0.95;
  if (!(Number.isInteger(resamples) && resamples >= 1)) throw new RangeError(`bootstrap: resamples must be an integer ≥ 1, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrap: level must be in (0, 1), got ${level}`);
  const n = xs.length;
  if (n < 2) return { lo: NaN, hi: NaN, level, resamples };
  const rng = new Rng(options.seed);
  const sample = new Array<number>(n);
  const stats = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) sample[i] = xs[rng.int(n)]!;
    stats[b] = stat(sample);
  }
  stats.sort();
  const sorted = Array.from(stats);
  const alpha = (1 - level) / 2;
  return { lo: quantileSorted(sorted, alpha), hi: quantileSorted(sorted, 1 - alpha), level, resamples };
}
