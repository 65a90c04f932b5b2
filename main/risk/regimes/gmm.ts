import { kmeans } from './kmeans.js';

/**
 * A Gaussian mixture with diagonal covariances. Invariants: weights sum to 1; every variance ≥
 * `VAR_FLOOR` (a component cannot collapse onto one point); labels[i] is row i's most probable
 * component.
 */
export interface GmmResult {
  readonly weights: number[];
  readonly means: number[][];
  readonly variances: number[][];
  readonly labels: number[];
  readonly logLikelihood: number;
  readonly iterations: number;
}

const VAR_FLOOR = 1e-4;
const LN_2PI = Math.log(2 * Math.PI);

/** Log of w_c·N(x; μ_c, diag σ²_c) for each component. */
export function componentLogDensities(x: readonly number[], g: Pick<GmmResult, 'weights' | 'means' | 'variances'>): number[] {
  return g.weights.map((w, c) => {
    let s = Math.log(w);
    const m = g.means[c]!;
    const v = g.variances[c]!;
    for (let j = 0; j < x.length; j++) s -= 0.5 * (LN_2PI + Math.log(v[j]!) + (x[j]! - m[j]!) ** 2 / v[j]!);
    return s;
  });
}

/** Posterior probability of each component for x (log-sum-exp, stable). */
export function posterior(x: readonly number[], g: Pick<GmmResult, 'weights' | 'means' | 'variances'>): number[] {
  const l = componentLogDensities(x, g);
  const m = Math.max(...l);
  const e = l.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/**
 * EM for a diagonal Gaussian mixture, started from the seeded k-means fit (so it is
 * deterministic for a seed), until the log-likelihood gains less than `tol` per row.
 */
export function fitGmm(rows: readonly (readonly number[])[], k: number, seed: number, maxIter = 200, tol = 1e-7): GmmResult {
  const km = kmeans(rows, k, seed);
  const n = rows.length;
  const dim = rows[0]!.length;
  let weights = new Array<number>(k).fill(0);
  km.labels.forEach((l) => weights[l]!++);
  weights = weights.map((c) => Math.max(c, 1) / n);
  let means = km.centroids.map((c) => c.slice());
  let variances = means.map((m, c) => {
    const v = new Array<number>(dim).fill(0);
    let cnt = 0;
    rows.forEach((x, i) => {
      if (km.labels[i] !== c) return;
      cnt++;
      for (let j = 0; j < dim; j++) v[j]! += (x[j]! - m[j]!) ** 2;
    });
    return v.map((s) => Math.max(VAR_FLOOR, cnt > 1 ? s / cnt : 1));
  });
  let ll = -Infinity;
  let it = 0;
  const resp = rows.map(() => new Array<number>(k).fill(0));
  for (; it < maxIter; it++) {
    let newLl = 0;
    rows.forEach((x, i) => {
      const l = componentLogDensities(x, { weights, means, variances });
      const m = Math.max(...l);
      let s = 0;
      for (let c = 0; c < k; c++) s += (resp[i]![c] = Math.exp(l[c]! - m));
      for (let c = 0; c < k; c++) resp[i]![c]! /= s;
      newLl += m + Math.log(s);
    });
    const nk = Array.from({ length: k }, (_, c) => resp.reduce((s, r) => s + r[c]!, 0));
    weights = nk.map((v) => Math.max(v, 1e-12) / n);
    means = nk.map((v, c) => Array.from({ length: dim }, (_, j) => rows.reduce((s, x, i) => s + resp[i]![c]! * x[j]!, 0) / Math.max(v, 1e-12)));
    variances = nk.map((v, c) => Array.from({ length: dim }, (_, j) => Math.max(VAR_FLOOR, rows.reduce((s, x, i) => s + resp[i]![c]! * (x[j]! - means[c]![j]!) ** 2, 0) / Math.max(v, 1e-12))));
    const done = newLl - ll < tol * n;
    ll = newLl;
    if (done) break;
  }
  const g = { weights, means, variances };
  const labels = rows.map((x) => {
    const p = posterior(x, g);
    return p.indexOf(Math.max(...p));
  });
  return { ...g, labels, logLikelihood: ll, iterations: it };
}
