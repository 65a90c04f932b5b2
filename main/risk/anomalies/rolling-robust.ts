/** 1 / Φ⁻¹(3/4): makes the MAD a consistent estimate of a Gaussian standard deviation. */
export const MAD_SCALE = 1.482602218505602;
/** √(π/2): the same for the mean absolute deviation (the fallback when the MAD is 0). */
const MEAN_ABS_SCALE = 1.2533141373155001;

/**
 * The median and a robust scale of the last `window` values (a sorted copy kept by binary-search
 * insert and remove: O(window) per value, no allocation after the window fills). Invariant: the
 * statistics describe exactly the values pushed and not yet evicted, in any order.
 */
export class RollingMedianMad {
  private readonly ring: Float64Array;
  private readonly sorted: number[] = [];
  private head = 0;
  private count = 0;

  constructor(readonly window: number) {
    if (!(Number.isInteger(window) && window >= 3)) throw new RangeError(`baseline window must be an integer ≥ 3, got ${window}`);
    this.ring = new Float64Array(window);
  }

  get size(): number {
    return this.count;
  }

  push(x: number): void {
    if (this.count === this.window) {
      const old = this.ring[this.head]!;
      this.sorted.splice(lowerBound(this.sorted, old), 1);
    } else {
      this.count++;
    }
    this.ring[this.head] = x;
    this.head = (this.head + 1) % this.window;
    this.sorted.splice(lowerBound(this.sorted, x), 0, x);
  }

  median(): number {
    const s = this.sorted;
    const n = s.length;
    if (n === 0) return NaN;
    return n % 2 ? s[n >> 1]! : (s[(n >> 1) - 1]! + s[n >> 1]!) / 2;
  }

  /**
   * A robust standard deviation: 1.4826 × MAD; where more than half the values equal the median
   * (a spread pinned at one tick, seconds without trades) the MAD is 0, and the mean absolute
   * deviation × √(π/2) stands in; 0 only when every value is the same.
   */
  scale(): number {
    const s = this.sorted;
    const n = s.length;
    if (n === 0) return NaN;
    const m = this.median();
    // The deviations |x − m| in increasing order are a merge of the two halves walking outwards.
    let lo = lowerBound(s, m) - 1;
    let hi = lo + 1;
    const target = n >> 1;
    let mad = 0;
    let prev = 0;
    for (let k = 0; k <= target; k++) {
      const dl = lo >= 0 ? m - s[lo]! : Infinity;
      const dh = hi < n ? s[hi]! - m : Infinity;
      prev = mad;
      if (dl <= dh) {
        mad = dl;
        lo--;
      } else {
        mad = dh;
        hi++;
      }
    }
    const madValue = n % 2 ? mad : (mad + prev) / 2;
    if (madValue > 0) return MAD_SCALE * madValue;
    let abs = 0;
    for (const v of s) abs += Math.abs(v - m);
    return (MEAN_ABS_SCALE * abs) / n;
  }
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
