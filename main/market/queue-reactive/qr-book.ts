import type { Side } from '../../domain/side.js';
import type { BookView, DepthBuffers } from '../book/book-types.js';
import type { QrMarket } from './qr-market.js';

/** Scratch for `imbalance(levels)` (one per process: single-threaded, no allocation per call). */
const SCRATCH_P = new Float64Array(64);
const SCRATCH_Q = new Float64Array(64);

/**
 * The queue-reactive market as a `BookView`: the touch on each side plus the levels it remembers
 * behind the touch (depth beyond them is not modelled, so `depth(n)` may return fewer than n
 * levels). Our resting orders are included in the sizes, as at any venue. Invariant: a live view
 * (no copy), bid < ask.
 */
export class QrBook implements BookView {
  constructor(private readonly m: QrMarket) {}

  bestBid(): number {
    return this.m.bestUnits(0);
  }

  bestAsk(): number {
    return this.m.bestUnits(1);
  }

  sizeAt(side: Side, priceUnits: number): number {
    return this.m.sizeAt(side, priceUnits);
  }

  depth(n: number, out: DepthBuffers): [number, number] {
    const k = Math.min(n, out.bidPrice.length, out.askPrice.length);
    const b = this.m.levels(0, k, out.bidPrice, out.bidSize);
    const a = this.m.levels(1, k, out.askPrice, out.askSize);
    for (let i = b; i < k; i++) { out.bidPrice[i] = NaN; out.bidSize[i] = 0; }
    for (let i = a; i < k; i++) { out.askPrice[i] = NaN; out.askSize[i] = 0; }
    return [b, a];
  }

  mid(): number {
    return (this.m.bestUnits(0) + this.m.bestUnits(1)) / 2;
  }

  microprice(): number {
    const qb = this.m.touchSize(0), qa = this.m.touchSize(1);
    const b = this.m.bestUnits(0), a = this.m.bestUnits(1);
    return qb + qa > 0 ? (b * qa + a * qb) / (qb + qa) : (a + b) / 2;
  }

  imbalance(levels = 1): number {
    const n = Math.max(1, Math.min(levels, SCRATCH_P.length));
    let sb = 0, sa = 0;
    const kb = this.m.levels(0, n, SCRATCH_P, SCRATCH_Q);
    for (let i = 0; i < kb; i++) sb += SCRATCH_Q[i]!;
    const ka = this.m.levels(1, n, SCRATCH_P, SCRATCH_Q);
    for (let i = 0; i < ka; i++) sa += SCRATCH_Q[i]!;
    return sb + sa > 0 ? (sb - sa) / (sb + sa) : 0;
  }

  levelCount(side: Side): number {
    return this.m.levels(side === 1 ? 0 : 1, SCRATCH_P.length, SCRATCH_P, SCRATCH_Q);
  }
}
