/**
 * The four-lane accumulator of xxHash32 (Yann Collet; seed 0) over little-endian 32-bit words,
 * with two ways to finish: `xxh32()` is exactly the reference XXH32 of the byte string those
 * words make (tests check it against the reference implementation), and `digest128()` keeps all
 * four lanes — a 128-bit fingerprint. Not cryptographic: it fingerprints simulations, where the
 * input is ours and only accidental differences must be caught.
 *
 * Why this and not SHA-256: a simulated exchange event costs about 350 ns; SHA-256 of its text
 * line cost about 600 ns more. The four lanes are independent (no carried dependency between
 * them, unlike MurmurHash3_x86_128), so a word costs about 2 ns in plain JavaScript.
 *
 * Since #9 the event log mixes in `simd-lanes.ts` (sixteen lanes, WebAssembly SIMD) and uses this
 * class for its final 128-bit digest. Writers may fill `buf` directly: `reserve(k)`,
 * write up to k words from `pos`, advance `pos`.
 */
export class Xxh32Lanes {
  /** Words not yet mixed: `buf[0..pos)`. */
  readonly buf = new Int32Array(BUF_WORDS);
  pos = 0;
  private v1 = (P1 + P2) | 0;
  private v2 = P2;
  private v3 = 0;
  private v4 = -P1 | 0;
  /** Whole 16-byte stripes mixed so far. */
  private stripes = 0;

  /** Appends one 32-bit word (any number; only its low 32 bits count). */
  word(w: number): void {
    if (this.pos === BUF_WORDS) this.mix(BUF_WORDS);
    this.buf[this.pos++] = w;
  }

  /** Makes room for `k` (≤ 4,092) more words in `buf` after `pos`, mixing whole stripes if needed. */
  reserve(k: number): void {
    if (this.pos + k > BUF_WORDS) this.mix(this.pos & ~3);
  }

  /** Bytes appended so far, modulo 2^32 (as the reference adds its length). */
  private lengthBytes(): number {
    return (this.stripes * 16 + this.pos * 4) | 0;
  }

  /** The reference XXH32 (seed 0) of every word so far, as an unsigned integer. Does not close the stream. */
  xxh32(): number {
    const full = this.pos & ~3;
    const [v1, v2, v3, v4] = this.lanesAfter(full);
    const b = this.buf;
    let h = this.stripes + full / 4 > 0 ? (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0 : P5;
    h = (h + this.lengthBytes()) | 0;
    for (let i = full; i < this.pos; i++) h = Math.imul(rotl((h + Math.imul(b[i]!, P3)) | 0, 17), P4);
    h ^= h >>> 15;
    h = Math.imul(h, P2);
    h ^= h >>> 13;
    h = Math.imul(h, P3);
    h ^= h >>> 16;
    return h >>> 0;
  }

  /**
   * The 128-bit fingerprint of every word so far (16 bytes). The last partial stripe is padded
   * with zero words and mixed like a full one; then each lane takes the byte length, and the
   * lanes are cross-mixed and avalanched as MurmurHash3_x86_128 finishes. Does not close the stream.
   */
  digest128(): Uint8Array {
    const full = this.pos & ~3;
    let [h1, h2, h3, h4] = this.lanesAfter(full);
    const b = this.buf;
    const rest = this.pos - full;
    if (rest > 0) {
      h1 = round(h1, b[full]!);
      h2 = round(h2, rest > 1 ? b[full + 1]! : 0);
      h3 = round(h3, rest > 2 ? b[full + 2]! : 0);
      h4 = round(h4, 0);
    }
    const len = this.lengthBytes();
    h1 ^= len; h2 ^= len; h3 ^= len; h4 ^= len;
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
    h1 = fmix32(h1); h2 = fmix32(h2); h3 = fmix32(h3); h4 = fmix32(h4);
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0; h3 = (h3 + h1) | 0; h4 = (h4 + h1) | 0;
    const out = new Uint8Array(16);
    const view = new DataView(out.buffer);
    view.setInt32(0, h1, true); view.setInt32(4, h2, true); view.setInt32(8, h3, true); view.setInt32(12, h4, true);
    return out;
  }

  /** The lanes after mixing the first `n` buffered words (a multiple of 4), without changing the state. */
  private lanesAfter(n: number): [number, number, number, number] {
    const saved = [this.v1, this.v2, this.v3, this.v4, this.stripes] as const;
    this.mixStripes(n);
    const lanes: [number, number, number, number] = [this.v1, this.v2, this.v3, this.v4];
    [this.v1, this.v2, this.v3, this.v4, this.stripes] = saved;
    return lanes;
  }

  /** Mixes the first `n` buffered words (a multiple of 4) and drops them from the buffer. */
  private mix(n: number): void {
    this.mixStripes(n);
    this.buf.copyWithin(0, n, this.pos);
    this.pos -= n;
  }

  private mixStripes(n: number): void {
    const b = this.buf;
    let v1 = this.v1, v2 = this.v2, v3 = this.v3, v4 = this.v4;
    for (let i = 0; i < n; i += 4) {
      v1 = Math.imul(rotl((v1 + Math.imul(b[i]!, P2)) | 0, 13), P1);
      v2 = Math.imul(rotl((v2 + Math.imul(b[i + 1]!, P2)) | 0, 13), P1);
      v3 = Math.imul(rotl((v3 + Math.imul(b[i + 2]!, P2)) | 0, 13), P1);
      v4 = Math.imul(rotl((v4 + Math.imul(b[i + 3]!, P2)) | 0, 13), P1);
    }
    this.v1 = v1; this.v2 = v2; this.v3 = v3; this.v4 = v4;
    this.stripes += n / 4;
  }
}

/** Words buffered before they are mixed. */
export const BLOCK_WORDS = 4096;
const BUF_WORDS = BLOCK_WORDS;
const P1 = 0x9e3779b1 | 0;
const P2 = 0x85ebca77 | 0;
const P3 = 0xc2b2ae3d | 0;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function round(acc: number, w: number): number {
  return Math.imul(rotl((acc + Math.imul(w, P2)) | 0, 13), P1);
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b | 0);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35 | 0);
  return h ^ (h >>> 16);
}
