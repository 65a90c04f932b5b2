/**
 * A multi-scale market-order cascade: the kernel a mixture of exponentials Σ n_j β_j e^{−β_j t}
 * (`MarketCascadeConfig` with `components`), fitted to the Fano factors of a day's market-order
 * counts over many windows (10 ms … 120 s), plus the slow term b·T of a rate that varies slowly
 * against T (activity, intraday profile). One exponential (`fitMarketCascade`) cannot follow the
 * real counts: on AMZN the Fano factor is already 2.5 at 10 ms and still rising at 60 s, a
 * power-law-like kernel with clustering at every scale.
 *
 * Model (exact for the engine's stationary cascade, whose cluster is a chain: each order has one
 * child with probability n = Σ n_j after a delay drawn from the mixture): pairs k steps apart in a
 * chain lie at a sum of k delays, so the covariance density of the count is Λ·R(τ) with R the
 * resolvent Σ_k (n·g)^{*k} of the kernel; for a mixture of m exponentials R(τ) = Σ_i a_i e^{−γ_i τ},
 * the γ_i the m roots of Φ(−γ) = Σ n_j β_j/(β_j − γ) = 1 (one in each of (0, β_1), (β_1, β_2), …)
 * and a_i = 1 / Σ_j n_j β_j/(β_j − γ_i)². Then
 *   F(T) = 1 + 2 Σ_i (a_i/γ_i)·(1 − (1 − e^{−γ_i T})/(γ_i T)) + b·T.
 * With one component this is `cascadeFano`. Fitted by least squares on ln F (Nelder-Mead over
 * log rates and the shares of a total branching ≤ `MULTI_CASCADE_MAX_BRANCHING`, from several
 * starts; b ≥ 0 in closed form at each point). Pure and deterministic.
 */
import { fanoFactor } from './cascade-fit.js';

/** Windows of the multi-scale fit, seconds: from the fastest bursts to the slow term. */
export const MULTI_CASCADE_WINDOWS_SEC = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 60, 120] as const;

/** Total branching the fit may give (the engine's schema allows ≤ 0.95; this leaves a margin against a near-critical cascade). */
export const MULTI_CASCADE_MAX_BRANCHING = 0.9;

/** One exponential of a kernel: branching n_j ≥ 0, rate β_j > 0 per second. */
export interface CascadeComponent {
  branching: number;
  decayPerSec: number;
}

/**
 * A fitted multi-scale cascade. Invariants: `components` sorted by decreasing rate (fastest first),
 * each branching ≥ 0, total ≤ `MULTI_CASCADE_MAX_BRANCHING`; slowFanoPerSec ≥ 0; `fano` and
 * `model` aligned with `windowsSec`; rmsLogError = the root-mean-square of ln(model / fano).
 */
export interface MultiCascadeFit {
  components: CascadeComponent[];
  slowFanoPerSec: number;
  windowsSec: number[];
  fano: number[];
  model: number[];
  rmsLogError: number;
  marketOrders: number;
}

/** The resolvent's exponentials (a_i, γ_i) of a kernel Σ n_j β_j e^{−β_j t}; empty without branching. */
export function cascadeResolvent(components: readonly CascadeComponent[]): { a: number; gamma: number }[] {
  const c = components.filter((k) => k.branching > 0 && k.decayPerSec > 0).sort((x, y) => x.decayPerSec - y.decayPerSec);
  const phi = (x: number) => c.reduce((s, k) => s + (k.branching * k.decayPerSec) / (k.decayPerSec - x), 0);
  const dphi = (x: number) => c.reduce((s, k) => s + (k.branching * k.decayPerSec) / (k.decayPerSec - x) ** 2, 0);
  const out: { a: number; gamma: number }[] = [];
  for (let i = 0; i < c.length; i++) {
    // Φ rises from Φ(lo⁺) < 1 to +∞ on (lo, β_i): one root, found by bisection.
    let lo = i === 0 ? 0 : c[i - 1]!.decayPerSec, hi = c[i]!.decayPerSec;
    for (let it = 0; it < 200 && hi - lo > 1e-13 * hi; it++) {
      const mid = (lo + hi) / 2;
      if (phi(mid) < 1) lo = mid;
      else hi = mid;
    }
    const g = (lo + hi) / 2;
    out.push({ a: 1 / dphi(g), gamma: g });
  }
  return out;
}

/** F(T) of the engine's stationary cascade with this kernel (no slow term). */
export function multiCascadeFano(components: readonly CascadeComponent[], windowSec: number): number {
  let f = 1;
  for (const { a, gamma } of cascadeResolvent(components)) {
    const x = gamma * windowSec;
    const avg = x < 1e-9 ? 1 - x / 2 : -Math.expm1(-x) / x;
    f += 2 * (a / gamma) * (1 - avg);
  }
  return f;
}

/** Options of `fitMultiScaleCascade`. */
export interface MultiCascadeFitOptions {
  /** Exponentials in the kernel [3]. */
  components?: number;
  /** Windows, seconds [`MULTI_CASCADE_WINDOWS_SEC`]. */
  windowsSec?: readonly number[];
}

/**
 * Fits a kernel of `components` exponentials and the slow term b to market-order times over
 * [startNs, endNs). Null when the series is too short for the longest window (fewer than 30
 * windows), has fewer than 100 orders, or a window has no Fano factor.
 */
export function fitMultiScaleCascade(timesNs: ArrayLike<number>, startNs: number, endNs: number, opts: MultiCascadeFitOptions = {}): MultiCascadeFit | null {
  const windows = [...(opts.windowsSec ?? MULTI_CASCADE_WINDOWS_SEC)];
  const m = Math.max(1, Math.min(4, opts.components ?? 3));
  if ((endNs - startNs) / 1e9 < 30 * Math.max(...windows) || timesNs.length < 100) return null;
  const fano = windows.map((w) => fanoFactor(timesNs, startNs, endNs, w));
  if (fano.some((f) => f === null || !(f > 0))) return null;
  return fitMultiScaleCascadeToFano(windows, fano as number[], m, timesNs.length);
}

/** The fit on measured Fano factors (exposed for tests of the model alone). */
export function fitMultiScaleCascadeToFano(windows: readonly number[], F: readonly number[], m: number, marketOrders = 0): MultiCascadeFit {
  // θ = [a_1..a_m, c_1..c_m]: n_j = N·e^{a_j}/(1 + Σ e^{a}) (total < N), β_j = e^{c_j}.
  const N = MULTI_CASCADE_MAX_BRANCHING;
  const decode = (th: readonly number[]): CascadeComponent[] => {
    let z = 1;
    for (let j = 0; j < m; j++) z += Math.exp(th[j]!);
    return Array.from({ length: m }, (_, j) => ({ branching: (N * Math.exp(th[j]!)) / z, decayPerSec: Math.exp(th[m + j]!) }));
  };
  const evalAt = (th: readonly number[]) => {
    const comps = decode(th);
    const h = windows.map((w) => multiCascadeFano(comps, w));
    const b = bestSlow(F, h, windows);
    let err = 0;
    for (let k = 0; k < windows.length; k++) err += Math.log((h[k]! + b * windows[k]!) / F[k]!) ** 2;
    return { err, b, comps, h };
  };
  // Starts: rates log-spaced over the windows' range (1/T_max … 1/T_min), a few total branchings.
  const lo = Math.log(1 / Math.max(...windows)), hi = Math.log(1 / Math.min(...windows));
  let best: { th: number[]; err: number } | null = null;
  for (const share of [-1, 0, 1]) {
    for (const spread of [1, 0.6]) {
      const mid = (lo + hi) / 2;
      const rates = Array.from({ length: m }, (_, j) => (m === 1 ? mid : mid + spread * ((hi - lo) / 2) * (1 - (2 * j) / (m - 1))));
      const th0 = [...Array.from({ length: m }, () => share), ...rates];
      const th = nelderMead((t) => evalAt(t).err, th0, 3000);
      const err = evalAt(th).err;
      if (best === null || err < best.err) best = { th, err };
    }
  }
  const r = evalAt(best!.th);
  const comps = r.comps
    .map((c) => ({ branching: Number(c.branching.toPrecision(4)), decayPerSec: Number(c.decayPerSec.toPrecision(4)) }))
    .sort((x, y) => y.decayPerSec - x.decayPerSec);
  const model = windows.map((w, k) => r.h[k]! + r.b * w);
  return {
    components: comps,
    slowFanoPerSec: Number(r.b.toPrecision(4)),
    windowsSec: [...windows],
    fano: F.map((f) => Number(f.toPrecision(4))),
    model: model.map((f) => Number(f.toPrecision(4))),
    rmsLogError: Number(Math.sqrt(r.err / windows.length).toPrecision(3)),
    marketOrders,
  };
}

/** b ≥ 0 minimising Σ ((h_k + b·T_k)/F_k − 1)² (relative errors), closed form. */
function bestSlow(F: readonly number[], h: readonly number[], T: readonly number[]): number {
  let num = 0, den = 0;
  for (let k = 0; k < F.length; k++) {
    const a = T[k]! / F[k]!, r = 1 - h[k]! / F[k]!;
    num += a * r;
    den += a * a;
  }
  return den > 0 ? Math.max(0, num / den) : 0;
}

/** Deterministic Nelder-Mead minimisation from x0 (initial simplex steps of 0.5), at most `maxIter` iterations. */
function nelderMead(f: (x: number[]) => number, x0: readonly number[], maxIter: number): number[] {
  const d = x0.length;
  let pts: { x: number[]; v: number }[] = [{ x: [...x0], v: f([...x0]) }];
  for (let i = 0; i < d; i++) {
    const x = [...x0];
    x[i]! += 0.5;
    pts.push({ x, v: f(x) });
  }
  for (let it = 0; it < maxIter; it++) {
    pts.sort((p, q) => p.v - q.v);
    if (Math.abs(pts[d]!.v - pts[0]!.v) < 1e-12) break;
    const c = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) c[k]! += pts[i]!.x[k]! / d;
    const at = (t: number) => c.map((ck, k) => ck + t * (pts[d]!.x[k]! - ck));
    const xr = at(-1), vr = f(xr);
    if (vr < pts[0]!.v) {
      const xe = at(-2), ve = f(xe);
      pts[d] = ve < vr ? { x: xe, v: ve } : { x: xr, v: vr };
    } else if (vr < pts[d - 1]!.v) {
      pts[d] = { x: xr, v: vr };
    } else {
      const xc = vr < pts[d]!.v ? at(-0.5) : at(0.5), vc = f(xc);
      if (vc < Math.min(vr, pts[d]!.v)) pts[d] = { x: xc, v: vc };
      else pts = pts.map((p, i) => (i === 0 ? p : (() => { const x = p.x.map((xk, k) => pts[0]!.x[k]! + 0.5 * (xk - pts[0]!.x[k]!)); return { x, v: f(x) }; })()));
    }
  }
  pts.sort((p, q) => p.v - q.v);
  return pts[0]!.x;
}
