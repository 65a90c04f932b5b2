import { curveCorrelation } from './compare.js';

/**
 * A parametric intraday activity profile (issue #8.7: the simulated volume curve must be
 * generated, not copied in).
 *
 * The day's measured volume shares are not copied bin by bin into the scenario: they are
 * summarised by a smooth U-shape with three coefficients and one timescale,
 *
 *   m(u) = β0 + βo·e^(−u/τ) + βc·e^(−(1−u)/τ),   u = time of day ÷ trading day ∈ [0, 1],
 *
 * (an opening burst decaying, a closing ramp; βo, βc ≥ 0, τ from `PROFILE_TAUS` by least
 * squares) normalised to mean 1 over the session. The simulator's arrival intensity follows m,
 * and the volume curve it prints is its own (sizes, clustering, the book's response): the
 * correlation with the real curve is then a test, not an identity. A bin that is out of line with
 * the U-shape on the calibration day (news, an auction, a block) is NOT reproduced, which is the
 * point: the next day will not repeat it.
 */

/**
 * The fitted profile. Invariants: `tau` ∈ `PROFILE_TAUS`; `open`, `close` ≥ 0; `level` > 0;
 * `multiplier(u)` averaged over u ∈ [0, 1] is 1 (so the day's total activity is unchanged).
 */
export interface IntradayProfile {
  /** Decay of the opening burst and rise of the closing ramp, as a share of the trading day. */
  tau: number;
  level: number;
  open: number;
  close: number;
  /** Mean of the unnormalised shape over [0, 1] (the divisor making the mean 1). */
  mean: number;
}

/** Candidate timescales, share of the day (6.5 h: about 12, 23 and 47 minutes). */
export const PROFILE_TAUS = [0.03, 0.06, 0.12] as const;

/** Bin average of e^(−u/τ) over [a, b]. */
function expAvg(a: number, b: number, tau: number): number {
  return (tau * (Math.exp(-a / tau) - Math.exp(-b / tau))) / (b - a);
}

/**
 * Fits the profile to volume shares measured on equal bins of `binSec` starting at the open of a
 * trading day of `tradingDaySec` (the bins may cover only part of the day). Null with fewer than
 * 3 bins or no volume: a shape cannot be told from fewer points.
 */
export function fitIntradayProfile(share: readonly number[], binSec: number, tradingDaySec: number): IntradayProfile | null {
  const n = share.length;
  const total = share.reduce((a, b) => a + b, 0);
  if (n < 3 || !(total > 0) || !(binSec > 0) || !(tradingDaySec > 0)) return null;
  const y = share.map((s) => (s / total) * n);
  let best: { sse: number; p: IntradayProfile } | null = null;
  for (const tau of PROFILE_TAUS) {
    const xo: number[] = [], xc: number[] = [];
    for (let j = 0; j < n; j++) {
      const a = Math.min(1, (j * binSec) / tradingDaySec);
      const b = Math.min(1, ((j + 1) * binSec) / tradingDaySec);
      const hi = b > a ? b : a + 1e-9;
      xo.push(expAvg(a, hi, tau));
      xc.push(expAvg(1 - hi, 1 - a, tau));
    }
    // Non-negative least squares over the four sign patterns of (βo, βc): the U-shape's two arms
    // may each be absent, never negative (a negative arm would be a dip, not a burst).
    for (const [useO, useC] of [[true, true], [true, false], [false, true], [false, false]] as const) {
      const cols = [Array<number>(n).fill(1), ...(useO ? [xo] : []), ...(useC ? [xc] : [])];
      const beta = leastSquares(cols, y);
      if (!beta || beta.slice(1).some((v) => v < 0) || !(beta[0]! > 0)) continue;
      const bo = useO ? beta[1]! : 0;
      const bc = useC ? beta[useO ? 2 : 1]! : 0;
      let sse = 0;
      for (let j = 0; j < n; j++) sse += (y[j]! - (beta[0]! + bo * xo[j]! + bc * xc[j]!)) ** 2;
      if (!best || sse < best.sse - 1e-15) {
        const mean = beta[0]! + (bo + bc) * expAvg(0, 1, tau);
        best = { sse, p: { tau, level: beta[0]!, open: bo, close: bc, mean } };
      }
    }
  }
  return best?.p ?? null;
}

/** The profile's activity multiplier averaged over [u0, u1] (shares of the day), mean 1 over the day. */
export function profileMultiplier(p: IntradayProfile, u0: number, u1: number): number {
  const a = Math.max(0, Math.min(1, u0));
  const b = Math.max(a + 1e-12, Math.min(1, u1));
  return (p.level + p.open * expAvg(a, b, p.tau) + p.close * expAvg(1 - b, 1 - a, p.tau)) / p.mean;
}

/**
 * The most a generated volume curve that follows the fitted shape can correlate with the day's
 * own curve: Pearson correlation of the day's bin shares with the profile's bin means (the
 * expected curve of a noise-free market following the profile). Below the ≥ 0.9 goal when the
 * day has bins out of line with a U-shape (e.g. a mid-morning burst); a simulation also carries
 * its flow's randomness, so it is a ceiling, not a forecast. Null when no profile can be fitted.
 */
export function fittedCurveCorrelation(share: readonly number[], binSec: number, tradingDaySec: number): number | null {
  const p = fitIntradayProfile(share, binSec, tradingDaySec);
  if (!p) return null;
  const fitted = share.map((_, j) => profileMultiplier(p, (j * binSec) / tradingDaySec, ((j + 1) * binSec) / tradingDaySec));
  return curveCorrelation(share, fitted);
}

/** Ordinary least squares by the normal equations (≤ 3 columns): null when singular. */
function leastSquares(cols: readonly (readonly number[])[], y: readonly number[]): number[] | null {
  const k = cols.length;
  const a = Array.from({ length: k }, (_, i) => Array.from({ length: k + 1 }, (_, j) => {
    const other = j < k ? cols[j]! : y;
    let s = 0;
    for (let t = 0; t < y.length; t++) s += cols[i]![t]! * other[t]!;
    return s;
  }));
  // Gauss-Jordan with partial pivoting on the k × (k+1) augmented matrix.
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    if (Math.abs(a[piv]![c]!) < 1e-12) return null;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let j = c; j <= k; j++) a[r]![j] = a[r]![j]! - f * a[c]![j]!;
    }
  }
  return a.map((row, i) => row[k]! / row[i]!);
}
