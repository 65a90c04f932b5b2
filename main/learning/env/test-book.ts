import type { Side } from '../../domain/side.js';
import type { BookView, DepthBuffers } from '../../market/book/book-types.js';

/** Tests only: a fixed book from [price, size] levels, best first. */
export class FixedBook implements BookView {
  constructor(private readonly bids: Array<[number, number]>, private readonly asks: Array<[number, number]>) {}
  bestBid(): number {
    return this.bids[0]?.[0] ?? NaN;
  }
  bestAsk(): number {
    return this.asks[0]?.[0] ?? NaN;
  }
  sizeAt(side: Side, priceUnits: number): number {
    return (side === 1 ? this.bids : this.asks).find(([p]) => p === priceUnits)?.[1] ?? 0;
  }
  depth(n: number, out: DepthBuffers): [number, number] {
    const nb = Math.min(n, this.bids.length);
    const na = Math.min(n, this.asks.length);
    for (let i = 0; i < nb; i++) [out.bidPrice[i], out.bidSize[i]] = this.bids[i]!;
    for (let i = 0; i < na; i++) [out.askPrice[i], out.askSize[i]] = this.asks[i]!;
    return [nb, na];
  }
  mid(): number {
    return (this.bestBid() + this.bestAsk()) / 2;
  }
  microprice(): number {
    const [b, bs] = this.bids[0]!;
    const [a, as] = this.asks[0]!;
    return (b * as + a * bs) / (bs + as);
  }
  imbalance(levels = 1): number {
    const sum = (l: Array<[number, number]>) => l.slice(0, levels).reduce((s, [, q]) => s + q, 0);
    const b = sum(this.bids);
    const a = sum(this.asks);
    return a + b > 0 ? (b - a) / (a + b) : 0;
  }
  levelCount(side: Side): number {
    return (side === 1 ? this.bids : this.asks).length;
  }
}
