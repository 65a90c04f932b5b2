import type { MidPoint } from './tca-types.js';

/**
 * Checks a mid path's invariants (sorted by ts, finite ts, finite positive mids); throws a
 * RangeError naming the path and the first offending index.
 */
export function checkMidPath(path: readonly MidPoint[], name: string): void {
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!;
    if (!Number.isFinite(p.ts)) throw new RangeError(`${name}[${i}]: ts must be finite, got ${p.ts}`);
    if (!(Number.isFinite(p.mid) && p.mid > 0)) throw new RangeError(`${name}[${i}]: mid must be a finite number > 0, got ${p.mid}`);
    if (i > 0 && p.ts < path[i - 1]!.ts) throw new RangeError(`${name}[${i}]: ts ${p.ts} is before the previous point's ${path[i - 1]!.ts}`);
  }
}

/**
 * The mid as of `ts`: the `mid` of the LAST point with `point.ts <= ts` (binary search), or
 * `undefined` when `ts` is before the first point or the path is empty.
 */
export function midAsOf(path: readonly MidPoint[], ts: number): number | undefined {
  let lo = 0;
  let hi = path.length; // first index with point.ts > ts
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (path[m]!.ts <= ts) lo = m + 1;
    else hi = m;
  }
  return lo === 0 ? undefined : path[lo - 1]!.mid;
}
