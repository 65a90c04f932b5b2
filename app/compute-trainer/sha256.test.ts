import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256 } from './sha256.js';

describe('Sha256 (the compute page has no node:crypto)', () => {
  it('equals node:crypto for lengths around the block and padding boundaries, in one or many updates', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 40_000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      const want = createHash('sha256').update(bytes).digest('hex');
      expect(new Sha256().update(bytes).digestHex(), `${n} bytes`).toBe(want);
      const h = new Sha256();
      for (let i = 0; i < n; i += 17) h.update(bytes.subarray(i, i + 17));
      expect(h.digestHex(), `${n} bytes in pieces`).toBe(want);
    }
    expect(new Sha256().update('abc').digestHex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
