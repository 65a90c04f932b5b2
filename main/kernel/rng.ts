/**
 * Seeded pseudo-random numbers for simulations: xoshiro128** (32-bit state words, so every
 * operation is exact in JavaScript integers and identical on every machine). The only source of
 * randomness in `main/` outside host adapters: same seed ⇒ same sequence, bit for bit.
 *
 * Invariants: `float()` is in [0, 1) with 53 random bits (two draws);
 * `fork(label)` gives an independent stream that depends only on this generator's seed and the
 * label (not on how many numbers were drawn), so adding an agent never shifts another's stream.
 */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private spareNormal = NaN;
  /** FNV-1a state of the string seed (NaN for a numeric seed): `reseed` continues it instead of rehashing. */
  private labelHash = NaN;
  /**
   * `int`'s rejection limit for the last n (a function of n alone, not state: `getState` leaves
   * it out, and a restored generator recomputes nothing wrong).
   */
  private intN = 0;
  private intLimit = 0;

  /** The seed (or label) the state was derived from; `reseed` appends to it. */
  seed: number | string;

  constructor(seed: number | string) {
    this.seed = seed;
    this.setFromSeed(seed);
  }

  private setFromSeed(seed: number | string): void {
    if (typeof seed === 'number') {
      this.labelHash = NaN;
      this.setFromHash(splitmixSeed(seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0));
    } else {
      this.labelHash = fnv1a(0x811c9dc5, seed);
      this.setFromHash(this.labelHash | 0);
    }
  }

  private setFromHash(h0: number): void {
    // State words are kept as SIGNED int32 (`| 0`, the same bits as the unsigned ones): V8 then
    // stores the fields as small integers, not as boxed doubles read and written on every draw.
    let h = h0;
    h = (h + 0x9e3779b9) | 0;
    this.a = mix(h) | 0;
    h = (h + 0x9e3779b9) | 0;
    this.b = mix(h) | 0;
    h = (h + 0x9e3779b9) | 0;
    this.c = mix(h) | 0;
    h = (h + 0x9e3779b9) | 0;
    this.d = mix(h) | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
    this.spareNormal = NaN;
  }

  /** The generator's whole state (four state words and the cached normal), e.g. for a snapshot. */
  getState(): RngState {
    return { a: this.a, b: this.b, c: this.c, d: this.d, spareNormal: this.spareNormal, seed: this.seed, labelHash: this.labelHash };
  }

  /** Puts back a state from `getState` (same generator or another): the same numbers follow. */
  setState(s: RngState): void {
    this.a = s.a | 0;
    this.b = s.b | 0;
    this.c = s.c | 0;
    this.d = s.d | 0;
    this.spareNormal = s.spareNormal;
    this.seed = s.seed;
    this.labelHash = s.labelHash;
  }

  /**
   * Restarts the stream from a new seed `"<seed>#<salt>"` (exactly `new Rng("<seed>#<salt>")`'s
   * state): a different stream per salt, reproducible, independent of how many numbers were
   * drawn; later `fork`s follow the new seed. Cheap: the label's hash continues from the cached one.
   */
  reseed(salt: number | string): void {
    const suffix = `#${String(salt)}`;
    const base = Number.isNaN(this.labelHash) ? fnv1a(0x811c9dc5, String(this.seed)) : this.labelHash;
    this.seed = `${String(this.seed)}${suffix}`;
    this.labelHash = fnv1a(base, suffix);
    this.setFromHash(this.labelHash | 0);
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n) without modulo bias (n ≤ 2^32). */
  int(n: number): number {
    if (n <= 0) throw new RangeError(`Rng.int: n must be positive, got ${n}`);
    if (n <= 0x7fffffff && (n | 0) === n) {
      // The same numbers as the general path below, without its two float remainders (each a
      // C call to fmod: ~3 % of the agent-based market's time, one per noise act). For integers
      // x ≤ 2^32 and 1 ≤ n < 2^31, floor(x / n) in doubles is exact: x/n is either an integer or
      // at least 1/n from one, and its rounding error is below 2^-19/n.
      if (n !== this.intN) {
        this.intN = n;
        this.intLimit = 4294967296 - (4294967296 - Math.floor(4294967296 / n) * n);
      }
      const limit = this.intLimit;
      let x = this.nextU32();
      while (x >= limit) x = this.nextU32();
      return x - Math.floor(x / n) * n;
    }
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextU32();
    while (x >= limit) x = this.nextU32();
    return x % n;
  }

  /** Standard normal (polar Box-Muller; the second value is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const s = this.spareNormal;
      this.spareNormal = NaN;
      return s;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.float() - 1;
      v = 2 * this.float() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate: number): number {
    return -Math.log(1 - this.float()) / rate;
  }

  /** exp(N(mu, sigma²)). */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Poisson count with mean `lambda` (Knuth for small means, normal approximation above 64). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 64) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** An independent generator derived from this one's seed and `label` only. */
  fork(label: string | number): Rng {
    return new Rng(`${String(this.seed)}/${String(label)}`);
  }
}

/** A generator's complete state (`Rng.getState`). */
export interface RngState {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly spareNormal: number;
  readonly seed: number | string;
  readonly labelHash: number;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function splitmixSeed(lo: number, hi: number): number {
  return (Math.imul(lo ^ 0x5bd1e995, 0x27d4eb2d) ^ Math.imul(hi + 0x165667b1, 0x85ebca6b)) | 0;
}

/** FNV-1a over UTF-16 code units, continued from state `h` (0x811c9dc5 to start); unsigned 32-bit. */
function fnv1a(h0: number, s: string): number {
  let h = h0 | 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The seed expander's output mix (murmur3 finaliser). */
function mix(h: number): number {
  let z = h;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
