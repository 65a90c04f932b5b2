import { Rng } from '../../kernel/rng.js';

/** A k-means fit. Invariants: centroids.length = k; labels[i] is the nearest centroid of row i. */
export interface KMeansResult {
  readonly centroids: number[][];
  readonly labels: number[];
  /** Sum of squared distances of rows to their centroid. */
  readonly inertia: number;
  readonly iterations: number;
}

export function sqDist(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
  return s;
}

export function nearest(row: readonly number[], centroids: readonly (readonly number[])[]): number {
  let best = 0;
  let bd = Infinity;
  centroids.forEach((c, i) => {
    const d = sqDist(row, c);
    if (d < bd) {
      bd = d;
      best = i;
    }
  });
  return best;
}

/**
 * k-means (Lloyd) from k-means++ seeds (Arthur & Vassilvitskii 2007), best of `restarts` seeded
 * runs by inertia. Deterministic: the same rows, k and seed give the same result bit for bit
 * (ties go to the lower index). An emptied cluster is re-seeded at the row farthest from its
 * centroid.
 */
export function kmeans(rows: readonly (readonly number[])[], k: number, seed: number, restarts = 4, maxIter = 100): KMeansResult {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (rows.length < k) throw new RangeError(`k-means needs at least k = ${k} rows, got ${rows.length}`);
  const rng = new Rng(seed);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const res = lloyd(rows, seedPlusPlus(rows, k, rng.fork(r)), maxIter);
    if (!best || res.inertia < best.inertia) best = res;
  }
  return best!;
}

function seedPlusPlus(rows: readonly (readonly number[])[], k: number, rng: Rng): number[][] {
  const c: number[][] = [rows[rng.int(rows.length)]!.slice()];
  const d2 = rows.map((x) => sqDist(x, c[0]!));
  while (c.length < k) {
    const total = d2.reduce((s, v) => s + v, 0);
    let pick: number;
    if (total > 0) {
      let u = rng.float() * total;
      for (pick = 0; pick < rows.length - 1; pick++) {
        u -= d2[pick]!;
        if (u < 0) break;
      }
    } else {
      pick = rng.int(rows.length);
    }
    c.push(rows[pick]!.slice());
    rows.forEach((x, i) => (d2[i] = Math.min(d2[i]!, sqDist(x, c[c.length - 1]!))));
  }
  return c;
}

function lloyd(rows: readonly (readonly number[])[], centroids: number[][], maxIter: number): KMeansResult {
  const k = centroids.length;
  const dim = rows[0]!.length;
  const labels = new Array<number>(rows.length).fill(-1);
  let it = 0;
  for (; it < maxIter; it++) {
    let changed = false;
    rows.forEach((x, i) => {
      const l = nearest(x, centroids);
      if (l !== labels[i]) {
        labels[i] = l;
        changed = true;
      }
    });
    if (!changed && it > 0) break;
    const sum = Array.from({ length: k }, () => new Array<number>(dim).fill(0));
    const cnt = new Array<number>(k).fill(0);
    rows.forEach((x, i) => {
      cnt[labels[i]!]!++;
      for (let j = 0; j < dim; j++) sum[labels[i]!]![j]! += x[j]!;
    });
    for (let c = 0; c < k; c++) {
      if (cnt[c]! > 0) {
        centroids[c] = sum[c]!.map((s) => s / cnt[c]!);
      } else {
        let far = 0;
        let fd = -1;
        rows.forEach((x, i) => {
          const d = sqDist(x, centroids[labels[i]!]!);
          if (d > fd) {
            fd = d;
            far = i;
          }
        });
        centroids[c] = rows[far]!.slice();
      }
    }
  }
  let inertia = 0;
  rows.forEach((x, i) => (inertia += sqDist(x, centroids[labels[i]!]!)));
  return { centroids, labels, inertia, iterations: it };
}
