/**
 * Realised variance per window: the sum of squared returns over consecutive, non-overlapping
 * blocks of `window` returns (a trailing partial block is dropped). Invariant: out[k] ≥ 0 and
 * covers r[k·window, (k+1)·window).
 */
export function realisedVariance(r: ArrayLike<number>, window: number): Float64Array {
  if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window must be a positive integer, got ${window}`);
  const n = Math.floor(r.length / window);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = k * window; i < (k + 1) * window; i++) s += r[i]! * r[i]!;
    out[k] = s;
  }
  return out;
}

/** Realised volatility per window: √ of `realisedVariance`. */
export function realisedVolatility(r: ArrayLike<number>, window: number): Float64Array {
  return realisedVariance(r, window).map(Math.sqrt);
}

/** Sample variance of the returns about zero (the return-scale mean is negligible intraday). */
export function meanSquare(r: ArrayLike<number>, from = 0, to = r.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += r[i]! * r[i]!;
  return to > from ? s / (to - from) : NaN;
}
