import { describe, expect, it } from 'vitest';
import { Xxh32Lanes } from './xxh32-lanes.js';

/** `bytes` (length a multiple of 4) fed as little-endian words. */
function fed(bytes: Uint8Array): Xxh32Lanes {
  const h = new Xxh32Lanes();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < bytes.length; i += 4) h.word(view.getInt32(i, true));
  return h;
}
const hex = (d: Uint8Array) => Buffer.from(d).toString('hex');

describe('Xxh32Lanes', () => {
  // Vectors from the reference implementation (Python xxhash: xxh32_intdigest(s, seed=0)).
  it.each([
    ['', 46947589],
    ['abcd', 2741253893],
    ['abcdefghijklmnop', 2637007714],
    ['abcdefghijklmnopqrst', 2439086416],
    ['The quick brown fox jumps over the lazy dog!', 2904220560],
  ])('xxh32() is the reference XXH32 of %j', (s, want) => {
    expect(fed(new TextEncoder().encode(s)).xxh32()).toBe(want);
  });

  it('xxh32() is the reference on bytes 0..47 and 0..51 (whole and partial stripes)', () => {
    expect(fed(Uint8Array.from({ length: 48 }, (_, i) => i)).xxh32()).toBe(2947281926);
    expect(fed(Uint8Array.from({ length: 52 }, (_, i) => i)).xxh32()).toBe(4251270516);
  });

  it('digest128() is the same across the internal buffer boundary, leaves the stream open, and sees every word and the length', () => {
    const words = Array.from({ length: 10_003 }, (_, i) => Math.imul(i, 0x9e3779b1));
    const feed = (ws: number[]) => {
      const h = new Xxh32Lanes();
      for (const w of ws) h.word(w);
      return h;
    };
    const a = feed(words.slice(0, 5000));
    const mid = hex(a.digest128());
    const midXxh = a.xxh32();
    for (const w of words.slice(5000)) a.word(w);
    const full = hex(feed(words).digest128());
    expect(hex(a.digest128())).toBe(full);
    expect(hex(feed(words.slice(0, 5000)).digest128())).toBe(mid);
    expect(feed(words.slice(0, 5000)).xxh32()).toBe(midXxh);
    const seen = new Set([full]);
    for (const at of [0, 1, 2, 3, 4095, 4096, 9_999, 10_002]) {
      const changed = [...words];
      changed[at]! ^= 1 << (at % 32);
      seen.add(hex(feed(changed).digest128()));
    }
    seen.add(hex(feed([...words, 0]).digest128())); // a trailing zero word is not padding
    seen.add(hex(feed(words.slice(0, 10_002)).digest128()));
    expect(seen.size).toBe(11);
  });
});
