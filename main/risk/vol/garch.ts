import { meanSquare } from '../returns-realised.js';
import { invert } from './linear-algebra.js';
import { nelderMead } from './nelder-mead.js';
import { gaussianLogLikelihood, type FittedVolModel } from './vol-model.js';

/** GARCH(1,1) parameters. Invariants: omega > 0, alpha ≥ 0, beta ≥ 0, alpha + beta < 1. */
export interface GarchParams {
  readonly omega: number;
  readonly alpha: number;
  readonly beta: number;
}

/** α + β is kept this far under 1, so the unconditional variance exists. */
const MAX_PERSISTENCE = 1 - 1e-6;
const LN_2PI = Math.log(2 * Math.PI);

/**
 * Conditional variances v[t] = ω + α·r[t−1]² + β·v[t−1], v[0] = v0 (the fit uses the sample
 * variance). Returns n + 1 values: v[t] is r[t]'s variance given r[0..t).
 */
export function garchVariances(r: ArrayLike<number>, p: GarchParams, v0: number): Float64Array {
  const v = new Float64Array(r.length + 1);
  v[0] = v0;
  for (let t = 0; t < r.length; t++) v[t + 1] = p.omega + p.alpha * r[t]! * r[t]! + p.beta * v[t]!;
  return v;
}

/** Negative Gaussian log-likelihood without allocating (the optimiser calls it thousands of times). */
function negLogLikelihood(z: ArrayLike<number>, omega: number, alpha: number, beta: number): number {
  if (!(omega > 0 && alpha >= 0 && beta >= 0 && alpha + beta < 1)) return Infinity;
  let v = 1;
  let nll = 0;
  for (let t = 0; t < z.length; t++) {
    const r2 = z[t]! * z[t]!;
    nll += 0.5 * (LN_2PI + Math.log(v) + r2 / v);
    v = omega + alpha * r2 + beta * v;
  }
  return nll;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));

/** Unconstrained x ↦ (ω, α, β) inside the constraints: ω = e^x0, α + β = σ(x1)·(1 − 1e-6), α share σ(x2). */
function fromX(x: readonly number[]): [number, number, number] {
  const p = sigmoid(x[1]!) * MAX_PERSISTENCE;
  const a = sigmoid(x[2]!);
  return [Math.exp(x[0]!), p * a, p * (1 - a)];
}

/** Starting points (α, β); ω by variance targeting, ω = (1 − α − β) × sample variance. */
const STARTS: readonly [number, number][] = [[0.05, 0.9], [0.1, 0.8], [0.03, 0.96], [0.2, 0.6], [0.3, 0.3]];

/**
 * GARCH(1,1) by maximum likelihood (Gaussian). The returns are scaled to unit mean square first
 * (ω of intraday returns is ~1e-10, which an optimiser cannot step sensibly); the likelihood is
 * maximised by Nelder-Mead on an unconstrained reparametrisation that keeps ω > 0, α, β ≥ 0 and
 * α + β < 1, from several variance-targeted starts, the best one polished by a restart. Standard
 * errors come from the inverse of the numerical Hessian of the log-likelihood (NaN where it is not
 * negative definite, e.g. a parameter on its bound).
 */
export function fitGarch(r: ArrayLike<number>): FittedVolModel & { readonly garch: GarchParams; readonly persistence: number } {
  if (r.length < 50) throw new RangeError(`GARCH(1,1) needs at least 50 returns, got ${r.length}`);
  const s2 = meanSquare(r);
  if (!(s2 > 0)) throw new RangeError('GARCH(1,1): every return is zero (the price never moved)');
  const sd = Math.sqrt(s2);
  const z = Float64Array.from(r, (x) => x / sd);
  const f = (x: number[]): number => {
    const [o, a, b] = fromX(x);
    return negLogLikelihood(z, o, a, b);
  };
  let best = { x: [0, 0, 0], fx: Infinity };
  for (const [a, b] of STARTS) {
    const x0 = [Math.log(1 - a - b), logit((a + b) / MAX_PERSISTENCE), logit(a / (a + b))];
    const res = nelderMead(f, x0, [0.5, 0.5, 0.5], 1e-12, 3000);
    if (res.fx < best.fx) best = res;
  }
  best = nelderMead(f, best.x, [0.1, 0.1, 0.1], 1e-14, 3000);
  const [ow, alpha, beta] = fromX(best.x);
  const params: GarchParams = { omega: ow * s2, alpha, beta };
  const se = standardErrors(z, [ow, alpha, beta]);
  const v = garchVariances(r, params, s2);
  const V = params.omega / (1 - alpha - beta);
  const pers = alpha + beta;
  return {
    model: 'garch',
    params: { ...params },
    se: { omega: se[0]! * s2, alpha: se[1]!, beta: se[2]! },
    garch: params,
    persistence: pers,
    logLikelihood: gaussianLogLikelihood(r, v),
    n: r.length,
    blockForecasts(x, block, from) {
      const vx = garchVariances(x, params, s2);
      const nb = Math.floor(x.length / block);
      const out = new Float64Array(Math.max(0, nb - from));
      // Σ_{h=1..block} V + p^{h−1}(v − V) = block·V + (v − V)(1 − p^block)/(1 − p).
      const decay = (1 - pers ** block) / (1 - pers);
      for (let k = from; k < nb; k++) out[k - from] = block * V + (vx[k * block]! - V) * decay;
      return out;
    },
    forecastSteps(x, h) {
      const vn = garchVariances(x, params, s2)[x.length]!;
      return Float64Array.from({ length: h }, (_, i) => V + pers ** i * (vn - V));
    },
  };
}

/** √diag of the inverse observed information at θ = (ω, α, β) (scaled units), by central differences. */
function standardErrors(z: ArrayLike<number>, theta: readonly number[]): number[] {
  const nll = (t: readonly number[]): number => negLogLikelihood(z, t[0]!, t[1]!, t[2]!);
  const h = theta.map((t) => 1e-4 * Math.max(Math.abs(t), 1e-3));
  const H = [0, 1, 2].map(() => [0, 0, 0]);
  const at = (i: number, di: number, j: number, dj: number): number => {
    const t = theta.slice();
    t[i]! += di;
    t[j]! += dj;
    return nll(t);
  };
  for (let i = 0; i < 3; i++) {
    for (let j = i; j < 3; j++) {
      const v = (at(i, h[i]!, j, h[j]!) - at(i, h[i]!, j, -h[j]!) - at(i, -h[i]!, j, h[j]!) + at(i, -h[i]!, j, -h[j]!)) / (4 * h[i]! * h[j]!);
      H[i]![j] = v;
      H[j]![i] = v;
    }
  }
  const cov = invert(H);
  return [0, 1, 2].map((i) => {
    const c = cov?.[i]?.[i];
    return c !== undefined && c > 0 && Number.isFinite(c) ? Math.sqrt(c) : NaN;
  });
}
