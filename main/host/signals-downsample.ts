/**
 * Largest-triangle-three-buckets: picks `max` indices of the series (x, y) that keep its visual
 * shape (peaks survive, unlike every-k-th sampling). Invariants: the result is ascending, starts at
 * 0 and ends at n − 1 when n > max; when n ≤ max it is every index. Deterministic.
 */
export function lttbIndices(x: ArrayLike<number>, y: ArrayLike<number>, max: number): number[] {
  const n = x.length;
  if (n <= max || max < 3) return Array.from({ length: n <= max ? n : Math.min(n, Math.max(max, 0)) }, (_, i) => i);
  const out: number[] = [0];
  const every = (n - 2) / (max - 2);
  let a = 0;
  for (let b = 0; b < max - 2; b++) {
    // The next bucket's average is the third corner of the triangle.
    const nextStart = Math.floor((b + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((b + 2) * every) + 1, n);
    let ax = 0;
    let ay = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      ax += x[j]!;
      ay += y[j]!;
    }
    const cnt = Math.max(nextEnd - nextStart, 1);
    ax /= cnt;
    ay /= cnt;
    const start = Math.floor(b * every) + 1;
    const end = Math.floor((b + 1) * every) + 1;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((x[a]! - ax) * (y[j]! - y[a]!) - (x[a]! - x[j]!) * (ay - y[a]!));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.push(best);
    a = best;
  }
  out.push(n - 1);
  return out;
}
