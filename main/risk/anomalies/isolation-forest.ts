import { Rng } from '../../kernel/rng.js';

/** A node of an isolation tree: a split (feature, threshold) or a leaf holding `size` rows. */
interface Node {
  readonly feature: number;
  readonly threshold: number;
  readonly left: Node | null;
  readonly right: Node | null;
  readonly size: number;
}

/** Options of the isolation forest. Invariants: trees ≥ 1, sampleSize ≥ 2. */
export interface IsolationForestOptions {
  trees?: number;
  sampleSize?: number;
  seed?: number;
}

/** Average path length of an unsuccessful BST search among n points, c(n) (Liu, Ting & Zhou 2008). */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + 0.5772156649015329) - (2 * (n - 1)) / n;
}

/**
 * Isolation forest (Liu, Ting & Zhou 2008): `trees` trees (default 100), each grown on a seeded
 * subsample of `sampleSize` rows (default 256) to depth ⌈log2 sampleSize⌉ by random splits. The
 * score 2^(−E[h(x)] / c(sampleSize)) is near 1 for points isolated quickly (anomalies), at or
 * below 0.5 for ordinary ones. Deterministic: same rows and seed, same forest.
 */
export class IsolationForest {
  private readonly roots: Node[] = [];
  private readonly c: number;

  constructor(rows: readonly (readonly number[])[], opts: IsolationForestOptions = {}) {
    const trees = opts.trees ?? 100;
    const psi = Math.min(opts.sampleSize ?? 256, rows.length);
    if (!(trees >= 1)) throw new RangeError(`trees must be ≥ 1, got ${trees}`);
    if (!(psi >= 2)) throw new RangeError(`an isolation forest needs at least 2 rows, got ${rows.length}`);
    const rng = new Rng(opts.seed ?? 1);
    const limit = Math.ceil(Math.log2(psi));
    const idx = rows.map((_, i) => i);
    for (let t = 0; t < trees; t++) {
      // Partial Fisher-Yates: the first psi indices are a uniform sample without replacement.
      for (let i = 0; i < psi; i++) {
        const j = i + rng.int(idx.length - i);
        [idx[i], idx[j]] = [idx[j]!, idx[i]!];
      }
      this.roots.push(grow(idx.slice(0, psi).map((i) => rows[i]!), 0, limit, rng));
    }
    this.c = averagePathLength(psi);
  }

  score(x: readonly number[]): number {
    let h = 0;
    for (const root of this.roots) h += pathLength(root, x, 0);
    return 2 ** (-(h / this.roots.length) / this.c);
  }
}

function grow(rows: (readonly number[])[], depth: number, limit: number, rng: Rng): Node {
  const leaf = { feature: -1, threshold: 0, left: null, right: null, size: rows.length };
  if (depth >= limit || rows.length <= 1) return leaf;
  const dim = rows[0]!.length;
  // Pick among the features that still vary here; a node where none does is a leaf.
  const varying: number[] = [];
  for (let j = 0; j < dim; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of rows) {
      if (r[j]! < lo) lo = r[j]!;
      if (r[j]! > hi) hi = r[j]!;
    }
    if (hi > lo) varying.push(j);
  }
  if (varying.length === 0) return leaf;
  const f = varying[rng.int(varying.length)]!;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    if (r[f]! < lo) lo = r[f]!;
    if (r[f]! > hi) hi = r[f]!;
  }
  const thr = lo + rng.float() * (hi - lo);
  const l = rows.filter((r) => r[f]! < thr);
  const rr = rows.filter((r) => r[f]! >= thr);
  return { feature: f, threshold: thr, left: grow(l, depth + 1, limit, rng), right: grow(rr, depth + 1, limit, rng), size: rows.length };
}

function pathLength(node: Node, x: readonly number[], depth: number): number {
  if (!node.left || !node.right) return depth + averagePathLength(node.size);
  return pathLength(x[node.feature]! < node.threshold ? node.left : node.right, x, depth + 1);
}
