import { describe, expect, it } from 'vitest';
import { BLOCK_WORDS, SimdLanes, mixJs } from './simd-lanes.js';
import { P1, P2, simdLanesModuleBytes } from './simd-lanes-wasm.js';
import { Xxh32Lanes } from './xxh32-lanes.js';

/** The class comment's definition, written out independently: sixteen lanes, then the digest input. */
function reference(words: number[]): Uint8Array {
  const lanes = Array.from({ length: 16 }, (_, k) => Math.imul(k + 1, P1) ^ P2);
  const full = words.length - (words.length % 16);
  for (let i = 0; i < full; i++) {
    const k = i % 16;
    const x = (lanes[k]! + Math.imul(words[i]!, P2)) | 0;
    lanes[k] = Math.imul((x << 13) | (x >>> 19), P1);
  }
  const x = new Xxh32Lanes();
  x.word(full / 16);
  for (const l of lanes) x.word(l);
  for (let i = full; i < words.length; i++) x.word(words[i]!);
  return x.digest128();
}

const wordsOf = (n: number, salt = 0) => Array.from({ length: n }, (_, i) => Math.imul(i + 1 + salt, 0x2545f491) ^ (i << 7));

describe('SimdLanes', () => {
  it('is valid WebAssembly with SIMD on this engine (else the JavaScript mix runs: same result, slower), started after 32 blocks', () => {
    expect(WebAssembly.validate(simdLanesModuleBytes())).toBe(true);
    const l = new SimdLanes();
    for (let i = 0; i < 33 * BLOCK_WORDS; i++) l.word(i);
    expect(l.buf.buffer).toBeInstanceOf(ArrayBuffer);
    const wasmNow = () => (l as unknown as { mixWasm: unknown }).mixWasm !== null;
    expect(wasmNow()).toBe(false);
    l.word(1);
    expect(wasmNow()).toBe(true);
  });

  it('gives the documented digest for every length, across many blocks (the module and mixJs agree)', () => {
    // Past 32 blocks a log mixes in WebAssembly: 40 blocks cover the switch and the module.
    for (const n of [0, 1, 15, 16, 17, 63, 64, BLOCK_WORDS - 1, BLOCK_WORDS, BLOCK_WORDS + 1, 5 * BLOCK_WORDS + 37, 40 * BLOCK_WORDS + 37]) {
      const words = wordsOf(n);
      const a = new SimdLanes();
      for (const w of words) a.word(w);
      expect(Buffer.from(a.digest128()).toString('hex'), `n = ${n}`).toBe(Buffer.from(reference(words)).toString('hex'));
      // The JavaScript mix where an engine has no WebAssembly SIMD: the same digest.
      const js = new SimdLanes();
      (js as unknown as { wasmPossible: boolean }).wasmPossible = false;
      for (const w of words) js.word(w);
      expect(js.digest128(), `n = ${n}, JavaScript`).toEqual(a.digest128());
    }
  });

  it('writers that fill the block directly (reserve, buf, f64, pos) give the same digest as word()', () => {
    const words = wordsOf(40 * BLOCK_WORDS + 10, 3);
    const a = new SimdLanes();
    for (const w of words) a.word(w);
    const b = new SimdLanes();
    for (let i = 0; i < words.length; i += 2) {
      b.reserve(2);
      const f = new Float64Array(new Int32Array([words[i]!, words[i + 1] ?? 0]).buffer)[0]!;
      if (i + 1 < words.length) {
        b.f64[b.pos >> 1] = f;
        b.pos += 2;
      } else b.buf[b.pos++] = words[i]!;
    }
    expect(b.digest128()).toEqual(a.digest128());
  });

  it('changes when any one word changes (each of the 16 lanes, in a mixed stripe or the tail) or two words swap', () => {
    const words = wordsOf(BLOCK_WORDS + 40, 9);
    const digest = (ws: number[]) => {
      const l = new SimdLanes();
      for (const w of ws) l.word(w);
      return Buffer.from(l.digest128()).toString('hex');
    };
    const base = digest(words);
    const seen = new Set([base]);
    const positions = [...Array.from({ length: 16 }, (_, k) => 100 + k), BLOCK_WORDS + 35];
    for (const i of positions) {
      for (const bit of [0, 31]) {
        const c = [...words];
        c[i]! ^= 1 << bit;
        seen.add(digest(c));
      }
    }
    const swapped = [...words];
    [swapped[200], swapped[201]] = [swapped[201]!, swapped[200]!];
    seen.add(digest(swapped));
    expect(seen.size).toBe(1 + 2 * positions.length + 1);
  });

  it('mixJs is one xxHash32 round per lane', () => {
    const lanes = new Int32Array(16).fill(7);
    const buf = new Int32Array(16).map((_, k) => k);
    mixJs(lanes, buf, 16);
    const x = (7 + Math.imul(5, P2)) | 0;
    expect(lanes[5]).toBe(Math.imul((x << 13) | (x >>> 19), P1));
  });
});
