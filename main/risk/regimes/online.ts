import { FeatureScaler, type RegimeFeature } from './features.js';
import { fitGmm, posterior, type GmmResult } from './gmm.js';
import { kmeans, nearest } from './kmeans.js';
import { labelClusters, type RegimeLabel } from './labels.js';

export type RegimeMethod = 'kmeans' | 'gmm';

/** Options of the regime model. Invariants: 1 ≤ k ≤ 4; warmup ≥ 2k; refitEvery ≥ 1; history ≥ warmup. */
export interface RegimeOptions {
  method?: RegimeMethod;
  /** Clusters (default 4: calm, volatile, illiquid, stressed). */
  k?: number;
  seed?: number;
  /** Windows seen before the first fit (default 60). */
  warmup?: number;
  /** Refit after this many new windows (default 30). */
  refitEvery?: number;
  /** The refit uses at most this many latest windows (default 1,000). */
  history?: number;
}

/** One fitted model in the tracker. Invariant: labels[c] names cluster c; centres in standardised units. */
export interface RegimeFit {
  readonly method: RegimeMethod;
  readonly scaler: FeatureScaler;
  readonly centres: number[][];
  readonly labels: RegimeLabel[];
  readonly gmm: GmmResult | null;
  /** Windows it was fitted on. */
  readonly n: number;
}

/** A window's regime as assigned when it arrived. */
export interface RegimeAssignment {
  readonly label: RegimeLabel;
  readonly cluster: number;
  /** Posterior probability of the cluster (GMM), or 1 for k-means. */
  readonly probability: number;
}

/** Fits the scaler, the clusters and their names to feature rows (raw units). */
export function fitRegimes(raw: readonly (readonly number[])[], names: readonly RegimeFeature[], opts: RegimeOptions = {}): RegimeFit {
  const method = opts.method ?? 'kmeans';
  const k = opts.k ?? 4;
  const scaler = new FeatureScaler(raw);
  const z = raw.map((r) => scaler.apply(r));
  if (method === 'gmm') {
    const g = fitGmm(z, k, opts.seed ?? 1);
    return { method, scaler, centres: g.means, labels: labelClusters(g.means, names), gmm: g, n: raw.length };
  }
  const km = kmeans(z, k, opts.seed ?? 1);
  return { method, scaler, centres: km.centroids, labels: labelClusters(km.centroids, names), gmm: null, n: raw.length };
}

/** Assigns one window (raw units) to a fitted model's regime. */
export function assignRegime(fit: RegimeFit, row: readonly number[]): RegimeAssignment {
  const z = fit.scaler.apply(row);
  if (fit.gmm) {
    const p = posterior(z, fit.gmm);
    const c = p.indexOf(Math.max(...p));
    return { label: fit.labels[c]!, cluster: c, probability: p[c]! };
  }
  const c = nearest(z, fit.centres);
  return { label: fit.labels[c]!, cluster: c, probability: 1 };
}

/**
 * Regimes updated online as windows arrive: the first fit is made on the first `warmup` windows
 * (which are then labelled by it, in sample); every later window is assigned by the current fit
 * as it arrives (it never sees later windows); every `refitEvery` windows the model is refitted
 * on the latest `history` windows with the same seed. Names come from the centroids at every fit,
 * so a refit may renumber clusters but keeps the words' meaning. Deterministic for a seed.
 */
export class OnlineRegimes {
  private readonly rows: number[][] = [];
  private fit: RegimeFit | null = null;
  private sinceFit = 0;
  private readonly warmup: number;
  private readonly refitEvery: number;
  private readonly history: number;
  refits = 0;

  constructor(private readonly names: readonly RegimeFeature[], private readonly opts: RegimeOptions = {}) {
    const k = opts.k ?? 4;
    this.warmup = opts.warmup ?? 60;
    this.refitEvery = opts.refitEvery ?? 30;
    this.history = opts.history ?? 1000;
    if (!(k >= 1 && k <= 4)) throw new RangeError(`k must be 1 to 4, got ${k}`);
    if (!(this.warmup >= 2 * k)) throw new RangeError(`warmup must be at least 2k = ${2 * k} windows, got ${this.warmup}`);
    if (!(this.refitEvery >= 1)) throw new RangeError(`refitEvery must be ≥ 1, got ${this.refitEvery}`);
    if (!(this.history >= this.warmup)) throw new RangeError(`history (${this.history}) must be ≥ warmup (${this.warmup})`);
  }

  get current(): RegimeFit | null {
    return this.fit;
  }

  /**
   * Adds a window. Returns its assignment, or, while warming up, null; at the end of the warm-up
   * it returns the warm-up windows' assignments (in sample) through `warm`.
   */
  push(row: readonly number[], warm?: (a: RegimeAssignment[]) => void): RegimeAssignment | null {
    this.rows.push(row.slice());
    if (this.rows.length > this.history) this.rows.shift();
    if (!this.fit) {
      if (this.rows.length < this.warmup) return null;
      this.fit = fitRegimes(this.rows, this.names, this.opts);
      this.refits++;
      const all = this.rows.map((r) => assignRegime(this.fit!, r));
      warm?.(all.slice(0, -1));
      return all[all.length - 1]!;
    }
    const a = assignRegime(this.fit, row);
    if (++this.sinceFit >= this.refitEvery) {
      this.fit = fitRegimes(this.rows, this.names, this.opts);
      this.refits++;
      this.sinceFit = 0;
    }
    return a;
  }
}
