import { mean, sampleStd } from './descriptive.js';
import { normalTwoSidedP, studentTTwoSidedP } from './special-functions.js';

/** Largest number of non-zero differences for which the Wilcoxon p-value is exact. */
export const WILCOXON_EXACT_MAX_N = 50;

/**
 * Wilcoxon signed-rank test of H0 "the paired differences are symmetric about 0", two-sided.
 * Zero differences are dropped (Wilcoxon's convention; `zeros` counts them); |d| ties get
 * average ranks. `wPlus` / `wMinus` = rank sums of the positive / negative differences
 * (wPlus + wMinus = n(n+1)/2).
 * p-value: `exact` for 1 ≤ n ≤ 50 — the permutation distribution of W+ under random signs,
 * conditional on the tie pattern (dynamic programming over doubled ranks),
 * p = min(1, 2·min(P(W+ ≤ w), P(W+ ≥ w))); `normal` above — z = (W+ − n(n+1)/4 ∓ ½) / σ with
 * σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over tie groups (continuity and tie corrections);
 * `none` when every difference is 0 (p = 1, z = 0).
 */
export interface WilcoxonResult {
  readonly n: number;
  readonly zeros: number;
  readonly wPlus: number;
  readonly wMinus: number;
  readonly method: 'exact' | 'normal' | 'none';
  /** The normal-approximation z (also reported when the p-value is exact). */
  readonly z: number;
  readonly pValue: number;
}

/** Wilcoxon signed-rank test of the differences `d` (see `WilcoxonResult`). */
export function wilcoxonSignedRank(d: readonly number[]): WilcoxonResult {
  for (const x of d) if (!Number.isFinite(x)) throw new RangeError(`wilcoxon: differences must be finite, got ${x}`);
  const nz = d.filter((x) => x !== 0);
  const zeros = d.length - nz.length;
  const n = nz.length;
  if (n === 0) return { n: 0, zeros, wPlus: 0, wMinus: 0, method: 'none', z: 0, pValue: 1 };

  // Average ranks of |d| (1-based); doubled so that they are integers.
  const order = nz.map((x, i) => ({ a: Math.abs(x), i })).sort((p, q) => p.a - q.a || p.i - q.i);
  const rank2 = new Array<number>(n);
  let tieTerm = 0;
  for (let k = 0; k < n; ) {
    let j = k;
    while (j + 1 < n && order[j + 1]!.a === order[k]!.a) j++;
    const t = j - k + 1;
    tieTerm += t * t * t - t;
    for (let m = k; m <= j; m++) rank2[order[m]!.i] = k + 1 + j + 1; // 2 × average rank
    k = j + 1;
  }
  let w2 = 0;
  for (let i = 0; i < n; i++) if (nz[i]! > 0) w2 += rank2[i]!;
  const wPlus = w2 / 2;
  const total = (n * (n + 1)) / 2;
  const mu = total / 2;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48;
  const diff = wPlus - mu;
  const cc = Math.abs(diff) < 0.5 ? diff : diff - 0.5 * Math.sign(diff);
  const z = variance > 0 ? cc / Math.sqrt(variance) : 0;

  if (n <= WILCOXON_EXACT_MAX_N) {
    const dist = signedRankDistribution(rank2);
    let lower = 0;
    for (let s = 0; s <= w2; s++) lower += dist[s]!;
    let upper = 0;
    for (let s = w2; s < dist.length; s++) upper += dist[s]!;
    return { n, zeros, wPlus, wMinus: total - wPlus, method: 'exact', z, pValue: Math.min(1, 2 * Math.min(lower, upper)) };
  }
  return { n, zeros, wPlus, wMinus: total - wPlus, method: 'normal', z, pValue: variance > 0 ? normalTwoSidedP(z) : 1 };
}

/** P(Σ r_i·B_i = s), B_i iid fair coins, for integer weights r_i; index s = 0..Σr_i. */
function signedRankDistribution(weights: readonly number[]): Float64Array {
  let max = 0;
  for (const w of weights) max += w;
  let dist = new Float64Array(max + 1);
  dist[0] = 1;
  let reach = 0;
  for (const w of weights) {
    const next = new Float64Array(max + 1);
    for (let s = 0; s <= reach; s++) {
      const p = dist[s]! * 0.5;
      if (p === 0) continue;
      next[s]! += p;
      next[s + w]! += p;
    }
    reach += w;
    dist = next;
  }
  return dist;
}

/**
 * Paired (one-sample) t-test of H0 "mean difference = 0", two-sided: t = d̄ / (s_d/√n) with
 * df = n − 1, p from Student's t. Degenerate cases: n < 2 ⇒ t = p = NaN; s_d = 0 ⇒ p = 1 when
 * d̄ = 0 (t = 0) and p = 0 otherwise (t = ±∞: a constant non-zero shift).
 */
export interface PairedTTestResult {
  readonly n: number;
  readonly meanDiff: number;
  readonly t: number;
  readonly df: number;
  readonly pValue: number;
}

/** Paired t-test of the differences `d` (see `PairedTTestResult`). */
export function pairedTTest(d: readonly number[]): PairedTTestResult {
  const n = d.length;
  const m = mean(d);
  if (n < 2) return { n, meanDiff: m, t: NaN, df: Math.max(0, n - 1), pValue: NaN };
  const sd = sampleStd(d);
  if (sd === 0) return { n, meanDiff: m, t: m === 0 ? 0 : m > 0 ? Infinity : -Infinity, df: n - 1, pValue: m === 0 ? 1 : 0 };
  const t = m / (sd / Math.sqrt(n));
  return { n, meanDiff: m, t, df: n - 1, pValue: studentTTwoSidedP(t, n - 1) };
}
