import type { Side } from '../../domain/side.js';
import type { DepthBuffers, LevelSnapshot } from './book-types.js';
import type { PriceLadder } from './price-ladder.js';

/**
 * `BookView` query implementations over a pair of `PriceLadder`s (bid ladder keyed by price,
 * ask ladder keyed by −price), shared by `OrderBook` and `LevelBook`. Allocation-free except
 * where a result object is the point (`levelSnapshots`, the `depth` tuple).
 */

/** Price of key `key` on `side` (never −0). */
export function keyToPrice(side: Side, key: number): number {
  return side === 1 ? key + 0 : 0 - key;
}

/** Best price on a side, NaN when empty. */
export function bestPrice(l: PriceLadder, side: Side): number {
  return l.best < 0 ? NaN : keyToPrice(side, l.origin + l.best * l.tick);
}

/** Size at the touch, 0 when empty. */
export function bestSize(l: PriceLadder): number {
  return l.best < 0 ? 0 : l.size[l.best]!;
}

/** Aggregate size at a price (0 if no level or the price is invalid). */
export function sizeAtKey(l: PriceLadder, key: number): number {
  const h = l.find(key);
  return h < 0 ? 0 : l.size[h]!;
}

/** Writes up to min(n, buffer length) levels of one side; clears the rest of the buffers. */
export function depthSide(l: PriceLadder, side: Side, n: number, price: Float64Array, size: Float64Array): number {
  const lim = Math.min(n, price.length, size.length);
  let j = 0;
  for (let h = l.best; h >= 0 && j < lim; h = l.nextWorse(h), j++) {
    price[j] = keyToPrice(side, l.keyOf(h));
    size[j] = l.size[h]!;
  }
  for (let k = j; k < price.length; k++) price[k] = NaN;
  for (let k = j; k < size.length; k++) size[k] = 0;
  return j;
}

/** `BookView.depth` over both ladders: returns [bid levels written, ask levels written]. */
export function depthBoth(bids: PriceLadder, asks: PriceLadder, n: number, out: DepthBuffers): [number, number] {
  return [depthSide(bids, 1, n, out.bidPrice, out.bidSize), depthSide(asks, -1, n, out.askPrice, out.askSize)];
}

/** (best bid + best ask) / 2; NaN when a side is empty. */
export function midOf(bids: PriceLadder, asks: PriceLadder): number {
  return (bestPrice(bids, 1) + bestPrice(asks, -1)) / 2;
}

/** Touch-size-weighted microprice; NaN when a side is empty. */
export function micropriceOf(bids: PriceLadder, asks: PriceLadder): number {
  const b = bestPrice(bids, 1);
  const a = bestPrice(asks, -1);
  const bs = bestSize(bids);
  const as = bestSize(asks);
  return (b * as + a * bs) / (bs + as);
}

/** (bidSize − askSize) / (bidSize + askSize) over the top `levels` levels of each side; 0 when empty. */
export function imbalanceOf(bids: PriceLadder, asks: PriceLadder, levels: number): number {
  const b = topSize(bids, levels);
  const a = topSize(asks, levels);
  const t = b + a;
  return t > 0 ? (b - a) / t : 0;
}

function topSize(l: PriceLadder, levels: number): number {
  let s = 0;
  let j = 0;
  for (let h = l.best; h >= 0 && j < levels; h = l.nextWorse(h), j++) s += l.size[h]!;
  return s;
}

/** True when both sides are non-empty and best bid ≥ best ask. */
export function crossed(bids: PriceLadder, asks: PriceLadder): boolean {
  return bids.best >= 0 && asks.best >= 0 && bestPrice(bids, 1) >= bestPrice(asks, -1);
}

/** Up to `n` levels of a side as plain objects (for UIs and tests; allocates). */
export function levelSnapshots(l: PriceLadder, side: Side, n: number): LevelSnapshot[] {
  const out: LevelSnapshot[] = [];
  for (let h = l.best; h >= 0 && out.length < n; h = l.nextWorse(h)) {
    out.push({ priceUnits: keyToPrice(side, l.keyOf(h)), size: l.size[h]!, orderCount: l.count[h]! });
  }
  return out;
}
