import type { Side } from '../../domain/side.js';
import { BookResult, isValidPrice } from './book-result.js';
import {
  bestPrice, crossed, depthBoth, imbalanceOf, levelSnapshots, micropriceOf, midOf, sizeAtKey,
} from './book-queries.js';
import type { BookView, DepthBuffers, LevelSnapshot } from './book-types.js';
import type { FieldSnapshot } from './book-snapshot.js';
import { PriceLadder } from './price-ladder.js';

/** Construction options of `LevelBook` (all optional). Invariant: `maxWindowLevels` is a power of two ≥ 64. */
export interface LevelBookOptions {
  /** Known tick in price units; 0 = infer as the gcd of price gaps. */
  tickUnits?: number;
  /** Most dense window levels per side (power of two ≥ 64); farther levels live in a sorted overflow. */
  maxWindowLevels?: number;
  /** Initial window levels per side (grows by doubling). */
  initialLevels?: number;
}

/** A frozen copy of a `LevelBook` (see `LevelBook.snapshot`). */
export interface LevelBookSnapshot {
  readonly bids: FieldSnapshot;
  readonly asks: FieldSnapshot;
}

/**
 * L2 book of aggregated price levels (no orders), on the same `PriceLadder` storage as the
 * L3 `OrderBook`.
 *
 * Invariants: every stored level has an integer size > 0 (setting 0 removes it, so empty
 * levels never exist); a side holds at most one level per price; the book may be crossed
 * (feeds can be momentarily), see `isCrossed`. Level order counts are unknown in L2 and
 * reported as 0 by `levels`. A non-Ok result leaves the book unchanged.
 */
export class LevelBook implements BookView {
  /** @internal Bid ladder (key = price). */
  readonly bids: PriceLadder;
  /** @internal Ask ladder (key = −price). */
  readonly asks: PriceLadder;

  constructor(opts: LevelBookOptions = {}) {
    const tick = opts.tickUnits ?? 0;
    const maxCap = opts.maxWindowLevels ?? 1 << 18;
    const initial = opts.initialLevels ?? 1024;
    this.bids = new PriceLadder(null, tick, maxCap, initial);
    this.asks = new PriceLadder(null, tick, maxCap, initial);
  }

  /** Sets the aggregate size at a level (replaces it); size 0 removes the level (no-op if absent). */
  setLevel(side: Side, priceUnits: number, size: number): BookResult {
    if (!(size >= 0 && size <= Number.MAX_SAFE_INTEGER && Math.floor(size) === size)) return BookResult.InvalidSize;
    if (!isValidPrice(priceUnits)) return BookResult.InvalidPrice;
    let l: PriceLadder;
    if (side === 1) l = this.bids;
    else if (side === -1) l = this.asks;
    else return BookResult.InvalidSide;
    const key = side === 1 ? priceUnits : 0 - priceUnits;
    if (size === 0) {
      const h = l.find(key);
      if (h >= 0 && l.isActive(h)) l.release(h);
      return BookResult.Ok;
    }
    const h = l.acquire(key);
    l.size[h] = size;
    return BookResult.Ok;
  }

  /** A checkpoint of both ladders (frozen; `restore` brings this exact book back, any number of times). */
  snapshot(): LevelBookSnapshot {
    return { bids: this.bids.snapshot(), asks: this.asks.snapshot() };
  }

  /** Back to the state of `s`. */
  restore(s: LevelBookSnapshot): void {
    this.bids.restore(s.bids);
    this.asks.restore(s.asks);
  }

  /** Removes every level of one side. */
  clearSide(side: Side): void {
    (side === 1 ? this.bids : this.asks).clear();
  }

  /** Removes every level (keeps capacity and the learned tick). */
  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  bestBid(): number { return bestPrice(this.bids, 1); }
  bestAsk(): number { return bestPrice(this.asks, -1); }
  sizeAt(side: Side, priceUnits: number): number {
    return side === 1 ? sizeAtKey(this.bids, priceUnits) : sizeAtKey(this.asks, 0 - priceUnits);
  }
  depth(n: number, out: DepthBuffers): [number, number] { return depthBoth(this.bids, this.asks, n, out); }
  mid(): number { return midOf(this.bids, this.asks); }
  microprice(): number { return micropriceOf(this.bids, this.asks); }
  imbalance(levels = 1): number { return imbalanceOf(this.bids, this.asks, levels); }
  levelCount(side: Side): number { return side === 1 ? this.bids.levels : this.asks.levels; }
  /** True when both sides are non-empty and best bid ≥ best ask. */
  isCrossed(): boolean { return crossed(this.bids, this.asks); }
  /** Up to `n` levels of a side, best first (orderCount is 0: unknown in L2; allocates). */
  levels(side: Side, n: number): LevelSnapshot[] {
    return levelSnapshots(side === 1 ? this.bids : this.asks, side, n);
  }
}
