/**
 * The pieces of histogram-based gradient boosting: quantile binning of features and the growth of
 * one depth-limited regression tree on (gradient, hessian) pairs by histogram split search.
 */

/**
 * Per-feature bin edges. Invariant: `edges[j]` is sorted ascending and strictly increasing; a value v
 * falls in bin b = the first index with v ≤ edges[j][b], or `edges[j].length` (the last bin) when it
 * exceeds them all. So "bin ≤ b" ⇔ "v ≤ edges[j][b]", which lets a tree trained on bins predict on raw
 * values with the same decisions.
 */
export interface FeatureBins {
  edges: Float64Array[];
}

/** Quantile edges (at most `maxBins − 1` per feature) from the rows `rows` of X (row-major, d columns). */
export function quantileBins(X: Float32Array, d: number, rows: ArrayLike<number>, maxBins: number): FeatureBins {
  const n = rows.length;
  const col = new Float64Array(n);
  const edges: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    for (let r = 0; r < n; r++) col[r] = X[rows[r]! * d + j]!;
    col.sort();
    const e: number[] = [];
    for (let b = 1; b < maxBins; b++) {
      const v = col[Math.min(n - 1, Math.floor((b * n) / maxBins))]!;
      // An edge equal to the column maximum would leave the last bin empty; skip repeats too.
      if (v < col[n - 1]! && (e.length === 0 || v > e[e.length - 1]!)) e.push(v);
    }
    edges.push(Float64Array.from(e));
  }
  return { edges };
}

/** The bin of value v under sorted `edges` (binary search: first edge ≥ v). */
export function binOf(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Every row of X binned, row-major (n × d), one byte a value (so at most 256 bins). */
export function binMatrix(X: Float32Array, d: number, bins: FeatureBins): Uint8Array {
  const n = X.length / d;
  const out = new Uint8Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i * d + j] = binOf(bins.edges[j]!, X[i * d + j]!);
  return out;
}

/**
 * A regression tree as flat arrays, node 0 the root. Invariant: an internal node has `feature ≥ 0`,
 * goes to `left` when x[feature] ≤ threshold and to `right` otherwise; a leaf has `feature = −1` and
 * its output in `value` (already multiplied by the learning rate).
 */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/** Settings of one tree. */
export interface TreeParams {
  maxDepth: number;
  /** Fewest rows in a leaf. */
  minLeaf: number;
  /** L2 penalty on leaf values (λ in XGBoost's gain and leaf formulas). */
  lambda: number;
  /** Smallest split gain worth taking. */
  minGain: number;
  learningRate: number;
}

/**
 * Grows one tree on `rows` of the binned matrix, fitting Newton steps: leaf value = −G/(H + λ) · lr,
 * split gain = G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ). Depth-first; ties go to the lower feature and
 * bin, so the tree is a pure function of its inputs.
 */
export function growTree(
  binned: Uint8Array, d: number, edges: readonly Float64Array[], g: Float64Array, h: Float64Array,
  rows: Int32Array, p: TreeParams,
): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const histG = new Float64Array(256);
  const histH = new Float64Array(256);
  const histN = new Int32Array(256);
  const grow = (idx: Int32Array, depth: number): number => {
    let G = 0;
    let H = 0;
    for (let r = 0; r < idx.length; r++) {
      G += g[idx[r]!]!;
      H += h[idx[r]!]!;
    }
    const node = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    // No rows (a subsample can draw none) with λ = 0 would give 0/0: such a leaf adds nothing.
    tree.value.push(H + p.lambda > 0 ? (-G / (H + p.lambda)) * p.learningRate : 0);
    if (depth >= p.maxDepth || idx.length < 2 * p.minLeaf) return node;
    const parent = (G * G) / (H + p.lambda);
    let bestGain = p.minGain;
    let bestF = -1;
    let bestB = -1;
    for (let j = 0; j < d; j++) {
      const nb = edges[j]!.length + 1;
      if (nb < 2) continue;
      histG.fill(0, 0, nb);
      histH.fill(0, 0, nb);
      histN.fill(0, 0, nb);
      for (let r = 0; r < idx.length; r++) {
        const i = idx[r]!;
        const b = binned[i * d + j]!;
        histG[b]! += g[i]!;
        histH[b]! += h[i]!;
        histN[b]!++;
      }
      let gl = 0;
      let hl = 0;
      let nl = 0;
      for (let b = 0; b < nb - 1; b++) {
        gl += histG[b]!;
        hl += histH[b]!;
        nl += histN[b]!;
        const nr = idx.length - nl;
        if (nl < p.minLeaf) continue;
        if (nr < p.minLeaf) break;
        const gr = G - gl;
        const hr = H - hl;
        const gain = (gl * gl) / (hl + p.lambda) + (gr * gr) / (hr + p.lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestF = j;
          bestB = b;
        }
      }
    }
    if (bestF < 0) return node;
    let nl = 0;
    for (let r = 0; r < idx.length; r++) if (binned[idx[r]! * d + bestF]! <= bestB) nl++;
    const li = new Int32Array(nl);
    const ri = new Int32Array(idx.length - nl);
    let a = 0;
    let c = 0;
    for (let r = 0; r < idx.length; r++) {
      const i = idx[r]!;
      if (binned[i * d + bestF]! <= bestB) li[a++] = i;
      else ri[c++] = i;
    }
    tree.feature[node] = bestF;
    tree.threshold[node] = edges[bestF]![bestB]!;
    tree.left[node] = grow(li, depth + 1);
    tree.right[node] = grow(ri, depth + 1);
    return node;
  };
  grow(rows, 0);
  return tree;
}

/** The tree's output for row `i` of raw X (d columns). */
export function predictTree(t: Tree, X: Float32Array, i: number, d: number): number {
  let n = 0;
  while (t.feature[n]! >= 0) n = X[i * d + t.feature[n]!]! <= t.threshold[n]! ? t.left[n]! : t.right[n]!;
  return t.value[n]!;
}

/** Throws naming `where` when `t` is not a well-formed tree over d features. */
export function checkTree(t: Tree, d: number, where: string): void {
  const n = t.feature?.length;
  if (!(n >= 1)) throw new Error(`${where}: a tree needs at least one node`);
  for (const k of ['threshold', 'left', 'right', 'value'] as const) {
    if (!Array.isArray(t[k]) || t[k].length !== n || !t[k].every((x) => typeof x === 'number' && Number.isFinite(x))) {
      throw new Error(`${where}: ${k} must be ${n} finite numbers`);
    }
  }
  for (let i = 0; i < n; i++) {
    const f = t.feature[i]!;
    if (!(Number.isInteger(f) && f >= -1 && f < d)) throw new Error(`${where}: feature[${i}] = ${f} is not −1 or a column below ${d}`);
    // Children come after their parent (depth-first), which also rules out cycles.
    if (f >= 0 && !(t.left[i]! > i && t.left[i]! < n && t.right[i]! > i && t.right[i]! < n)) throw new Error(`${where}: node ${i} has children out of range`);
  }
}
