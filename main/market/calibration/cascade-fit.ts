/**
 * Fits a Hawkes cascade of market orders (`MarketCascadeConfig`: branching ratio n, decay β) to a
 * day's market-order arrival times, from the Fano factors (variance ÷ mean) of the market-order
 * counts in windows of 1 s and 10 s, with 60 s as the third window that separates slow rate
 * variation from the cascade.
 *
 * Model (exact for the engine's stationary cascade, plus a linear slow term):
 *   F(T) = H(T) + b·T,  H(T) = 1 + 2n/(1 − n) · (1 − (1 − e^{−γT})/(γT)),  γ = β(1 − n),
 * where b·T is the Fano growth of a rate that varies slowly against T (activity, intraday
 * profile: for T ≪ its timescales the extra variance is ∝ T², the extra Fano ∝ T). Fitted by least
 * squares on ln F over the three windows: a grid over n (0 … 0.9 by 0.01) and β (0.5 … 200 /s,
 * log-spaced), b ≥ 0 in closed form at each point. Market orders are trades grouped by identical
 * time and aggressor side (one order sweeping several resting orders prints several trades at one
 * time), the same on real and simulated series. Pure and deterministic.
 */

/** Windows of the fit, seconds: the cascade's scale (1 s, 10 s) and the slow term's (60 s). */
export const CASCADE_FIT_WINDOWS_SEC = [1, 10, 60] as const;

/**
 * A fitted cascade. Invariants: 0 ≤ branching ≤ 0.9, decayPerSec > 0, slowFanoPerSec ≥ 0;
 * `fano` and `model` are aligned with `windowsSec` (model = the fitted F at each window).
 */
export interface MarketCascadeFit {
  branching: number;
  decayPerSec: number;
  /** b: Fano growth per second of window from slow rate variation. */
  slowFanoPerSec: number;
  windowsSec: number[];
  fano: number[];
  model: number[];
  marketOrders: number;
}

/** Market-order times: trades grouped by identical time and aggressor side (unsigned trades are their own order). */
export function marketOrderTimes(tradeTsNs: ArrayLike<number>, tradeSide?: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  let lt = NaN, ls = 0;
  for (let i = 0; i < tradeTsNs.length; i++) {
    const t = tradeTsNs[i]!, s = tradeSide ? tradeSide[i]! : 0;
    if (t === lt && s === ls && s !== 0) continue;
    lt = t;
    ls = s;
    out.push(t);
  }
  return Float64Array.from(out);
}

/** Fano factor of event counts in consecutive windows of `windowSec` over [startNs, endNs) (whole windows only); null with < 2 windows or no events. */
export function fanoFactor(timesNs: ArrayLike<number>, startNs: number, endNs: number, windowSec: number): number | null {
  const w = windowSec * 1e9;
  const n = Math.floor((endNs - startNs) / w);
  if (n < 2) return null;
  const c = new Float64Array(n);
  for (let i = 0; i < timesNs.length; i++) {
    const k = Math.floor((timesNs[i]! - startNs) / w);
    if (k >= 0 && k < n) c[k]!++;
  }
  let m = 0;
  for (let k = 0; k < n; k++) m += c[k]!;
  m /= n;
  if (!(m > 0)) return null;
  let v = 0;
  for (let k = 0; k < n; k++) v += (c[k]! - m) ** 2;
  return v / n / m;
}

/**
 * H(T): Fano factor, in windows of T seconds, of the engine's stationary cascade (each order has
 * ONE child with probability n after an Exp(β) delay: a cluster is a chain of geometric length S,
 * E[S²]/E[S] = (1 + n)/(1 − n)). Pairs k steps apart in a chain number n^k/(1 − n) per cluster and
 * lie Gamma(k, β) apart, which sums to the covariance density Λ·nβ·e^{−γ|τ|}, γ = β(1 − n), so
 * F(T) = 1 + 2n/(1 − n)·(1 − (1 − e^{−γT})/(γT)). (A Hawkes process with Poisson offspring of the
 * same mean has the larger 1/(1 − n)² at long windows.)
 */
export function cascadeFano(n: number, beta: number, windowSec: number): number {
  if (n <= 0) return 1;
  const g = beta * (1 - n);
  const x = g * windowSec;
  const avg = x < 1e-9 ? 1 - x / 2 : -Math.expm1(-x) / x;
  return 1 + ((2 * n) / (1 - n)) * (1 - avg);
}

/**
 * Fits n, β (and the slow term b) to market-order times over [startNs, endNs). Null when the
 * series is too short or too sparse for the 60 s window (fewer than 30 windows or 100 orders).
 */
export function fitMarketCascade(timesNs: ArrayLike<number>, startNs: number, endNs: number): MarketCascadeFit | null {
  const windows = [...CASCADE_FIT_WINDOWS_SEC];
  if ((endNs - startNs) / 1e9 < 30 * windows[windows.length - 1]! || timesNs.length < 100) return null;
  const fano = windows.map((w) => fanoFactor(timesNs, startNs, endNs, w));
  if (fano.some((f) => f === null || !(f > 0))) return null;
  const F = fano as number[];
  let best = { err: Infinity, n: 0, beta: 1, b: 0 };
  for (let i = 0; i <= 90; i++) {
    const n = i / 100;
    for (let j = 0; j <= 80; j++) {
      const beta = 0.5 * 400 ** (j / 80);
      const h = windows.map((w) => cascadeFano(n, beta, w));
      const b = bestSlow(F, h, windows);
      let err = 0;
      for (let k = 0; k < windows.length; k++) err += Math.log((h[k]! + b * windows[k]!) / F[k]!) ** 2;
      if (err < best.err) best = { err, n, beta, b };
      if (n === 0) break; // β has no effect without a cascade
    }
  }
  const model = windows.map((w) => cascadeFano(best.n, best.beta, w) + best.b * w);
  return {
    branching: best.n, decayPerSec: Number(best.beta.toPrecision(4)), slowFanoPerSec: Number(best.b.toPrecision(4)),
    windowsSec: windows, fano: F.map((f) => Number(f.toPrecision(4))), model: model.map((f) => Number(f.toPrecision(4))),
    marketOrders: timesNs.length,
  };
}

/** b ≥ 0 minimising Σ ((h_k + b·T_k)/F_k − 1)² (relative errors, a linearisation of the log error), closed form. */
function bestSlow(F: readonly number[], h: readonly number[], T: readonly number[]): number {
  let num = 0, den = 0;
  for (let k = 0; k < F.length; k++) {
    const a = T[k]! / F[k]!, r = 1 - h[k]! / F[k]!;
    num += a * r;
    den += a * a;
  }
  return den > 0 ? Math.max(0, num / den) : 0;
}
