import type { Side } from '../../domain/side.js';

/**
 * One aggregated price level as returned by depth queries. Plain data; callers may keep it.
 */
export interface LevelSnapshot {
  readonly priceUnits: number;
  readonly size: number;
  readonly orderCount: number;
}

/**
 * Top-N depth written into caller-owned typed arrays (no allocation per query).
 * Index 0 is the best level; unused slots have price NaN and size 0.
 */
export interface DepthBuffers {
  bidPrice: Float64Array;
  bidSize: Float64Array;
  askPrice: Float64Array;
  askSize: Float64Array;
}

/**
 * Read-only queries every book answers (L3 order book and L2 level book alike).
 * Prices are in price units, sizes in size units. An empty side reports NaN for its best price.
 */
export interface BookView {
  bestBid(): number;
  bestAsk(): number;
  /** Aggregate size resting at a price on a side (0 if none). */
  sizeAt(side: Side, priceUnits: number): number;
  /** Fills `out` with up to `n` levels per side and returns the number of levels written per side as [bids, asks]. */
  depth(n: number, out: DepthBuffers): [number, number];
  /** (bestBid + bestAsk) / 2, NaN if a side is empty. */
  mid(): number;
  /** Size-weighted microprice: (bid × askSize + ask × bidSize) / (bidSize + askSize) at the touch. */
  microprice(): number;
  /** (bidSize − askSize) / (bidSize + askSize) over the top `levels` levels; 0 when both are empty. */
  imbalance(levels?: number): number;
  /** Number of non-empty levels on a side. */
  levelCount(side: Side): number;
}
