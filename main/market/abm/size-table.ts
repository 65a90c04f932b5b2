import { IMMUTABLE_STATE } from '../../kernel/object-snapshot.js';
import type { Rng } from '../../kernel/rng.js';
import type { SizeDist } from './market-config.js';
import { AliasTable } from './alias-table.js';

/** Largest table built; a distribution that needs more sizes is drawn the direct way. */
const MAX_ENTRIES = 1 << 16;
/** Upper-tail mass below which the sizes beyond a table's end may be lumped into its last entry. */
const TAIL_LUMP = 1e-17;

/** Gauss-Legendre, 5 points on [−1, 1]: exact for polynomials of degree 9. */
const GL_X = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
const GL_W = [0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891, 0.2369268850561891];
const INV_SQRT_2PI = 0.3989422804014327;

/** ∫ₐᵇ φ(z) dz (a ≤ b, finite), in pieces at most 1/8 wide: error far below 1e-17 per piece. */
function normalMass(a: number, b: number): number {
  if (!(b > a)) return 0;
  const pieces = Math.ceil((b - a) * 8);
  const h = (b - a) / pieces;
  let total = 0;
  for (let p = 0; p < pieces; p++) {
    const mid = a + (p + 0.5) * h;
    let s = 0;
    for (let j = 0; j < 5; j++) {
      const z = mid + GL_X[j]! * h * 0.5;
      s += GL_W[j]! * Math.exp(-0.5 * z * z);
    }
    total += s * h * 0.5 * INV_SQRT_2PI;
  }
  return total;
}

/** The standard normal's lower tail Φ(x) for x ≤ 0 (below −40 it is under 1e-349: 0). */
function lowerTail(x: number): number {
  return x < -40 ? 0 : normalMass(-40, x);
}

/** Sizes in the head table: it stays in the L1 cache (the whole table of a 20,000-size law does not). */
const HEAD = 1024;

/**
 * The exact law of `round(exp(logMean + logSigma·Z))` clamped to [1, max] (Z standard normal)
 * — the size rule of every population — as alias tables over the integer sizes: one uniform
 * per draw instead of a normal (log, square root), an exponential and a rounding. Two levels:
 * sizes 1..1,024 and one "tail" outcome in a small head table, the sizes above it in a tail
 * table drawn (with a second uniform) only when the head draws the tail — the same mixture,
 * exactly, with the hot table cache-resident.
 *
 * Invariants: `draw(rng)` returns size k with probability P(k − ½ ≤ e^(μ+σZ) < k + ½) (k = 1
 * takes everything below 1.5, k = max everything from max − ½), up to float rounding of the
 * cell masses (each integrated to ~1e-17); when max exceeds 2^16 sizes, the sizes beyond are
 * lumped into the last one only if their mass is below 1e-17, otherwise `exact` is false and
 * the caller draws the direct way. Immutable (shared by every session with the same
 * distribution; a snapshot skips it).
 */
export class SizeTable {
  static readonly [IMMUTABLE_STATE] = 'deep';
  /** False when the distribution needs more than 2^16 sizes (draw directly). */
  readonly exact: boolean;
  private readonly head: AliasTable | null = null;
  /** Sizes above HEAD (null when the law has none, or no mass there). */
  private readonly tail: AliasTable | null = null;
  private readonly headSizes: number;

  constructor(readonly dist: SizeDist) {
    const w = cellWeights(dist);
    this.exact = w !== null;
    this.headSizes = 0;
    if (w === null) return;
    if (w.length <= HEAD) {
      this.head = new AliasTable(w);
      this.headSizes = w.length;
      return;
    }
    const headW = new Float64Array(HEAD + 1);
    headW.set(w.subarray(0, HEAD));
    let tailMass = 0;
    for (let k = HEAD; k < w.length; k++) tailMass += w[k]!;
    headW[HEAD] = tailMass;
    this.head = new AliasTable(headW);
    this.headSizes = HEAD;
    if (tailMass > 0) this.tail = new AliasTable(w.subarray(HEAD));
  }

  /** A size (the table is exact: `exact`). */
  draw(rng: Rng): number {
    const i = this.head!.sample(rng.float());
    return i < this.headSizes ? i + 1 : this.headSizes + 1 + this.tail!.sample(rng.float());
  }
}

/** The masses of sizes 1..n (n = max, or the 2^16 cap with a negligible tail lumped); null when the tail is not negligible. */
function cellWeights(d: SizeDist): Float64Array | null {
  const max = Math.max(1, Math.floor(d.max));
  const { logMean: m, logSigma: s } = d;
  if (!(s > 0)) {
    // Degenerate: one size.
    const k = Math.min(max, Math.max(1, Math.round(Math.exp(m))));
    const w = new Float64Array(k);
    w[k - 1] = 1;
    return w;
  }
  const z = (k: number) => (Math.log(k + 0.5) - m) / s; // upper boundary of size k's cell
  let n = max;
  if (max > MAX_ENTRIES) {
    if (lowerTail(-z(MAX_ENTRIES)) >= TAIL_LUMP) return null;
    n = MAX_ENTRIES;
  }
  const w = new Float64Array(n);
  if (n === 1) {
    w[0] = 1;
    return w;
  }
  // Size 1: everything below its upper boundary; the last size: everything above its lower one.
  const b1 = z(1);
  w[0] = b1 <= 0 ? lowerTail(b1) : 1 - lowerTail(-b1);
  let prev = b1;
  for (let k = 2; k < n; k++) {
    const b = z(k);
    w[k - 1] = normalMass(prev, b);
    prev = b;
  }
  w[n - 1] = prev >= 0 ? lowerTail(-prev) : 1 - lowerTail(prev);
  return w;
}

const cache = new Map<string, SizeTable>();

/** The shared table of `d` (built once per process per distinct (logMean, logSigma, max)). */
export function sizeTable(d: SizeDist): SizeTable {
  const key = `${d.logMean}|${d.logSigma}|${d.max}`;
  let t = cache.get(key);
  if (t === undefined) {
    t = new SizeTable({ logMean: d.logMean, logSigma: d.logSigma, max: d.max });
    cache.set(key, t);
  }
  return t;
}
