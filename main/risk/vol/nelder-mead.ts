/** Result of `nelderMead`. Invariant: fx = f(x); converged is false when maxIter ran out first. */
export interface NelderMeadResult {
  readonly x: number[];
  readonly fx: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Minimises f by Nelder-Mead (standard coefficients 1, 2, ½, ½), from x0 with initial steps
 * `step`. Stops when the simplex's spread of values falls under `tol` (absolute plus relative) or
 * after `maxIter` iterations. A non-finite f counts as +∞, so an infeasible point is simply
 * rejected: this is what makes it robust on a likelihood with regions that do not evaluate.
 * Deterministic (no randomness).
 */
export function nelderMead(f: (x: number[]) => number, x0: readonly number[], step: readonly number[], tol = 1e-10, maxIter = 5000): NelderMeadResult {
  const n = x0.length;
  const val = (x: number[]): number => {
    const y = f(x);
    return Number.isFinite(y) ? y : Infinity;
  };
  const pts: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i]! += step[i]!;
    pts.push(p);
  }
  const fs = pts.map(val);
  let it = 0;
  for (; it < maxIter; it++) {
    const order = fs.map((_, i) => i).sort((a, b) => fs[a]! - fs[b]!);
    const sp = order.map((i) => pts[i]!);
    const sf = order.map((i) => fs[i]!);
    pts.splice(0, pts.length, ...sp);
    fs.splice(0, fs.length, ...sf);
    if (Math.abs(fs[n]! - fs[0]!) <= tol * (1 + Math.abs(fs[0]!))) return { x: pts[0]!, fx: fs[0]!, iterations: it, converged: true };
    const c = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) c[j]! += pts[i]![j]! / n;
    const at = (t: number): number[] => c.map((cj, j) => cj + t * (pts[n]![j]! - cj));
    const xr = at(-1);
    const fr = val(xr);
    if (fr < fs[0]!) {
      const xe = at(-2);
      const fe = val(xe);
      if (fe < fr) { pts[n] = xe; fs[n] = fe; } else { pts[n] = xr; fs[n] = fr; }
    } else if (fr < fs[n - 1]!) {
      pts[n] = xr; fs[n] = fr;
    } else {
      const xc = fr < fs[n]! ? at(-0.5) : at(0.5);
      const fc = val(xc);
      if (fc < Math.min(fr, fs[n]!)) {
        pts[n] = xc; fs[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          pts[i] = pts[i]!.map((v, j) => pts[0]![j]! + 0.5 * (v - pts[0]![j]!));
          fs[i] = val(pts[i]!);
        }
      }
    }
  }
  const best = fs.indexOf(Math.min(...fs));
  return { x: pts[best]!, fx: fs[best]!, iterations: it, converged: false };
}
