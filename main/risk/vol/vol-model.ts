/** The volatility models `slipstream risk vol` fits. */
export type VolModelName = 'ewma' | 'garch' | 'har';
export const VOL_MODEL_NAMES: readonly VolModelName[] = ['ewma', 'garch', 'har'];

/**
 * A volatility model fitted to a return series. Variances are of returns at the series' sampling
 * (per step), in squared log-return units. Invariants: every forecast is finite and > 0; a
 * forecast made "at step t" uses r[0..t) only (no look-ahead); `params` holds the model's own
 * parameters by name (GARCH: omega, alpha, beta; EWMA: lambda; HAR: b0, bDay, bWeek, bMonth).
 */
export interface FittedVolModel {
  readonly model: VolModelName;
  readonly params: Readonly<Record<string, number>>;
  /** Standard errors of `params` where the estimator gives them (GARCH: from the observed information). */
  readonly se?: Readonly<Record<string, number>>;
  /** Gaussian log-likelihood of the fitted returns under the model's one-step variances. */
  readonly logLikelihood: number;
  /** Returns the log-likelihood covers. */
  readonly n: number;
  /**
   * Forecast variance of the SUM of returns over each block k of `block` returns, for blocks
   * `from` ≤ k < ⌊r.length / block⌋, each made with r[0 .. k·block) only.
   */
  blockForecasts(r: ArrayLike<number>, block: number, from: number): Float64Array;
  /** Per-step variance forecasts for the `h` steps after the end of `r`. */
  forecastSteps(r: ArrayLike<number>, h: number): Float64Array;
}

const LN_2PI = Math.log(2 * Math.PI);

/** Gaussian log-likelihood of r[i] ~ N(0, v[i]) over [from, to). */
export function gaussianLogLikelihood(r: ArrayLike<number>, v: ArrayLike<number>, from = 0, to = r.length): number {
  let ll = 0;
  for (let i = from; i < to; i++) ll -= 0.5 * (LN_2PI + Math.log(v[i]!) + (r[i]! * r[i]!) / v[i]!);
  return ll;
}
