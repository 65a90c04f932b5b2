/**
 * Inverts a small dense square matrix (rows) by Gauss-Jordan with partial pivoting. Returns null
 * when it is singular to working precision (a pivot under 1e-300 or non-finite).
 */
export function invert(a: readonly (readonly number[])[]): number[][] | null {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    const piv = m[p]![c]!;
    if (!(Math.abs(piv) > 1e-300) || !Number.isFinite(piv)) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const row = m[c]!;
    for (let j = 0; j < 2 * n; j++) row[j]! /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * row[j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/**
 * Ordinary least squares of y on the columns of X (rows = observations), by the normal
 * equations. Returns the coefficients and their classical standard errors; null when X'X is
 * singular (collinear regressors or too few rows).
 */
export function ols(x: readonly (readonly number[])[], y: readonly number[]): { beta: number[]; se: number[]; r2: number } | null {
  const n = x.length;
  const k = x[0]?.length ?? 0;
  if (n <= k || k === 0) return null;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const row = x[i]!;
    for (let a = 0; a < k; a++) {
      xty[a]! += row[a]! * y[i]!;
      for (let b = 0; b < k; b++) xtx[a]![b]! += row[a]! * row[b]!;
    }
  }
  const inv = invert(xtx);
  if (!inv) return null;
  const beta = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j]!, 0));
  let sse = 0;
  let ybar = 0;
  for (const v of y) ybar += v / n;
  let sst = 0;
  for (let i = 0; i < n; i++) {
    const e = y[i]! - x[i]!.reduce((s, v, j) => s + v * beta[j]!, 0);
    sse += e * e;
    sst += (y[i]! - ybar) ** 2;
  }
  const s2 = sse / (n - k);
  return { beta, se: inv.map((row, i) => Math.sqrt(s2 * row[i]!)), r2: sst > 0 ? 1 - sse / sst : 0 };
}
