import { Sha256 } from '../sha256.js';

/**
 * `node:crypto` in the browser trainer bundle: only `createHash('sha256')` (the weights hash and
 * the queue-reactive market's data hash use it), with node's `update(…).digest('hex')` shape.
 * Anything else throws, naming it.
 */
export function createHash(algorithm: string): { update(data: Uint8Array | string): ReturnType<typeof createHash>; digest(encoding: 'hex'): string } {
  if (algorithm !== 'sha256') throw new Error(`compute trainer: createHash('${algorithm}') is not available in the browser (only sha256)`);
  const h = new Sha256();
  const api = {
    update(data: Uint8Array | string) {
      h.update(data);
      return api;
    },
    digest(encoding: 'hex') {
      if (encoding !== 'hex') throw new Error(`compute trainer: digest('${String(encoding)}') is not available in the browser (only hex)`);
      return h.digestHex();
    },
  };
  return api;
}

export function randomUUID(): string {
  throw new Error('compute trainer: crypto.randomUUID is not used in training (nothing random happens outside the seeded Rng)');
}
