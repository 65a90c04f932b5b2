/**
 * Classification metrics of a direction signal, and the naive baseline they are judged against.
 * Classes are −1 down, 0 flat, +1 up; probability rows are (down, flat, up) as in `CLASSES`.
 */

/** Average ranks (1-based; ties share the mean of their ranks). */
export function ranks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]! || a - b);
  const r = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]!] === x[idx[i]!]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]!] = avg;
    i = j + 1;
  }
  return r;
}

/** Spearman rank correlation (Pearson on average ranks); NaN when either side is constant or n < 2. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`spearman: lengths ${n} and ${b.length} differ`);
  if (n < 2) return NaN;
  const ra = ranks(a);
  const rb = ranks(b);
  const m = (n + 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = ra[i]! - m;
    const db = rb[i]! - m;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Share of rows where `pred` equals `y`. */
export function accuracy(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === pred[i]) ok++;
  return y.length > 0 ? ok / y.length : NaN;
}

/**
 * Macro-F1 over the classes that occur in `y` or `pred` (a class neither present nor predicted is
 * left out rather than counted as 0 or 1); F1 of a class with no true positive is 0.
 */
export function macroF1(y: ArrayLike<number>, pred: ArrayLike<number>): number {
  let sum = 0;
  let classes = 0;
  for (const c of [-1, 0, 1]) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < y.length; i++) {
      const isY = y[i] === c;
      const isP = pred[i] === c;
      if (isY && isP) tp++;
      else if (isP) fp++;
      else if (isY) fn++;
    }
    if (tp + fp + fn === 0) continue;
    classes++;
    sum += (2 * tp) / (2 * tp + fp + fn);
  }
  return classes > 0 ? sum / classes : NaN;
}

/** AUC of `score` for the positives `isPos` (Mann-Whitney with average ranks); NaN without both kinds. */
export function binaryAuc(isPos: ArrayLike<boolean>, score: ArrayLike<number>): number {
  const r = ranks(score);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < r.length; i++) {
    if (isPos[i]) {
      pos++;
      rankSum += r[i]!;
    }
  }
  const neg = r.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** One-vs-rest AUC per class (P(class) as the score), averaged over the classes with positives and negatives. */
export function aucOvr(y: ArrayLike<number>, proba: Float32Array): number {
  let sum = 0;
  let k = 0;
  for (let c = 0; c < 3; c++) {
    const isPos = Array.from({ length: y.length }, (_, i) => y[i] === c - 1);
    const score = Array.from({ length: y.length }, (_, i) => proba[i * 3 + c]!);
    const a = binaryAuc(isPos, score);
    if (a === a) {
      sum += a;
      k++;
    }
  }
  return k > 0 ? sum / k : NaN;
}

/** The class of each probability row with the highest probability (the first on a tie: down, flat, up). */
export function argmaxClass(proba: Float32Array): Int8Array {
  const n = proba.length / 3;
  const out = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < 3; c++) if (proba[i * 3 + c]! > proba[i * 3 + best]!) best = c;
    out[i] = best - 1;
  }
  return out;
}

/** The most frequent class of `y` (the first of down, flat, up on a tie): the naive baseline's constant prediction. */
export function majorityClass(y: ArrayLike<number>): -1 | 0 | 1 {
  const counts = [0, 0, 0];
  for (let i = 0; i < y.length; i++) counts[y[i]! + 1]!++;
  const best = counts.indexOf(Math.max(...counts));
  return (best - 1) as -1 | 0 | 1;
}

/**
 * What `signals evaluate` prints. `ic` is the Spearman correlation of P(up) − P(down) with the realised
 * mid return; `naive` scores the constant prediction of the TRAINING set's majority class on the same rows.
 * NaN (printed as null) where a metric is undefined, e.g. AUC when only one class occurs.
 */
export interface SignalMetrics {
  accuracy: number;
  macroF1: number;
  auc: number;
  ic: number;
  n: number;
  naive: { accuracy: number; macroF1: number };
}

/**
 * All metrics of probability rows `proba` (n × 3) against labels `y` and returns `midRet`; `naive` is
 * the baseline's prediction: one class (the training majority) or one per row (pooled folds, each
 * with its own training majority).
 */
export function signalMetrics(y: ArrayLike<number>, midRet: ArrayLike<number>, proba: Float32Array, naive: -1 | 0 | 1 | ArrayLike<number>): SignalMetrics {
  const n = y.length;
  if (proba.length !== n * 3) throw new RangeError(`proba: length ${proba.length}, expected ${n} rows × 3`);
  const pred = argmaxClass(proba);
  const score = new Float64Array(n);
  for (let i = 0; i < n; i++) score[i] = proba[i * 3 + 2]! - proba[i * 3]!;
  const naivePred = typeof naive === 'number' ? new Int8Array(n).fill(naive) : naive;
  if (naivePred.length !== n) throw new RangeError(`naive: ${naivePred.length} predictions for ${n} rows`);
  return {
    accuracy: accuracy(y, pred),
    macroF1: macroF1(y, pred),
    auc: aucOvr(y, proba),
    ic: spearman(score, midRet),
    n,
    naive: { accuracy: accuracy(y, naivePred), macroF1: macroF1(y, naivePred) },
  };
}
