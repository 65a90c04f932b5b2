import type { InsideImprovementBySpread, MarketFractionBySpread } from '../abm/market-config.js';

/** Widest spread the conditional counts resolve, ticks (wider spreads are counted here). */
export const MAX_SPREAD_TICKS = 200;

/**
 * Inside placements' improvements by the spread they found, fitted from a day's L3 messages
 * (`NoiseConfig.insideImprovementBySpread`). `spreadEdgesTicks` / `weights`: the engine's buckets and
 * one improvement table (1..K ticks) per bucket; `insidePlacements[i]` = inside placements in bucket
 * i, `placements[i]` = all limit placements that found a spread in it (both bests present), so
 * `insideShare[i]` = insidePlacements / placements (how often an order goes inside at that spread).
 */
export interface ImprovementBySpreadFit extends InsideImprovementBySpread {
  readonly insidePlacements: readonly number[];
  readonly placements: readonly number[];
  readonly insideShare: readonly number[];
}

/** How the buckets are chosen: `buckets` quantiles of the spread inside placements find, each with ≥ `minPlacements`. */
export interface BucketOptions {
  readonly buckets?: number;
  readonly minPlacements?: number;
}

/** Default buckets: deciles of the spread inside placements found (ASSUMED: resolves the narrow spreads, where the improvement matters most, with ~10 % of the inside placements each). */
export const IMPROVEMENT_SPREAD_BUCKETS = 10;
/** A bucket with fewer inside placements is merged into its neighbour (a table of ~200 draws is still noisy in its tail). */
export const MIN_BUCKET_PLACEMENTS = 200;

/**
 * Counts of limit placements by the spread they found (ticks, clipped at `MAX_SPREAD_TICKS`) and of
 * inside placements' improvements (1..`maxImprovementTicks`, larger counted at the last). Pure
 * accumulation; `fit` chooses the buckets from the counts.
 */
export class ImprovementBySpreadCounts {
  private readonly adds = new Float64Array(MAX_SPREAD_TICKS + 1);
  private readonly inside: Float64Array;
  private readonly markets = new Float64Array(MAX_SPREAD_TICKS + 1);
  private readonly seconds = new Float64Array(MAX_SPREAD_TICKS + 1);

  constructor(private readonly maxImprovementTicks: number) {
    this.inside = new Float64Array((MAX_SPREAD_TICKS + 1) * maxImprovementTicks);
  }

  /** One placement that found a spread of `spreadTicks` (≥ 1); `improvementTicks` ≥ 1 when it went inside, else 0. */
  add(spreadTicks: number, improvementTicks: number): void {
    const s = Math.min(MAX_SPREAD_TICKS, Math.max(0, Math.round(spreadTicks)));
    this.adds[s]!++;
    if (improvementTicks >= 1) this.inside[s * this.maxImprovementTicks + Math.min(improvementTicks, this.maxImprovementTicks) - 1]!++;
  }

  /** `sec` seconds spent at a spread of `spreadTicks` (≥ 1). */
  time(spreadTicks: number, sec: number): void {
    this.seconds[Math.min(MAX_SPREAD_TICKS, Math.max(0, Math.round(spreadTicks)))]! += sec;
  }

  /** One market order that found a spread of `spreadTicks` (≥ 1). */
  market(spreadTicks: number): void {
    this.markets[Math.min(MAX_SPREAD_TICKS, Math.max(0, Math.round(spreadTicks)))]!++;
  }

  /**
   * The share of acts (market orders + limit placements) that were market orders, by the spread
   * they found: buckets at the quantiles of the spread market orders found (as `fit`, with
   * ≥ `minPlacements` market orders a bucket). Null with fewer market orders than that in all.
   */
  fitMarketFraction(opts: BucketOptions = {}): MarketFractionBySpreadFit | null {
    const min = opts.minPlacements ?? MIN_BUCKET_PLACEMENTS;
    const perSpread = Array.from(this.markets);
    if (perSpread.reduce((a, b) => a + b, 0) < min) return null;
    const edges = quantileEdges(perSpread, opts.buckets ?? IMPROVEMENT_SPREAD_BUCKETS, min);
    const bounds = [0, ...edges, MAX_SPREAD_TICKS + 1];
    const marketOrders: number[] = [], placements: number[] = [], marketFraction: number[] = [], seconds: number[] = [];
    for (let b = 0; b + 1 < bounds.length; b++) {
      let m = 0, l = 0, t = 0;
      for (let s = bounds[b]!; s < bounds[b + 1]!; s++) {
        m += this.markets[s]!;
        l += this.adds[s]!;
        t += this.seconds[s]!;
      }
      marketOrders.push(m);
      placements.push(l);
      seconds.push(t);
      marketFraction.push(round(m / (m + l)));
    }
    // Acts per second in each bucket ÷ over the whole time with both bests (1 where no time was seen).
    const T = seconds.reduce((a, b) => a + b, 0);
    const meanRate = T > 0 ? (marketOrders.reduce((a, b) => a + b, 0) + placements.reduce((a, b) => a + b, 0)) / T : 0;
    const rateMultiplier = seconds.map((t, b) => (t > 0 && meanRate > 0 ? round(Math.max(1e-3, (marketOrders[b]! + placements[b]!) / t / meanRate)) : 1));
    return { spreadEdgesTicks: edges, marketFraction, rateMultiplier, marketOrders, placements, seconds };
  }

  /**
   * Buckets at the quantiles 1/B … (B − 1)/B of the spread inside placements found (edge = quantile
   * + 1 tick, so the quantile's spread is in the lower bucket), duplicates dropped, and any bucket
   * with fewer than `minPlacements` inside placements merged into its neighbour; one table per
   * bucket. Null when there are fewer than `minPlacements` inside placements in all.
   */
  fit(opts: BucketOptions = {}): ImprovementBySpreadFit | null {
    const B = opts.buckets ?? IMPROVEMENT_SPREAD_BUCKETS;
    const min = opts.minPlacements ?? MIN_BUCKET_PLACEMENTS;
    const K = this.maxImprovementTicks;
    const perSpread = Array.from({ length: MAX_SPREAD_TICKS + 1 }, (_, s) => {
      let n = 0;
      for (let k = 0; k < K; k++) n += this.inside[s * K + k]!;
      return n;
    });
    const total = perSpread.reduce((a, b) => a + b, 0);
    if (total < min) return null;
    const edges = quantileEdges(perSpread, B, min);
    const bounds = [0, ...edges, MAX_SPREAD_TICKS + 1];
    const weights: number[][] = [], insidePlacements: number[] = [], placements: number[] = [], insideShare: number[] = [];
    for (let b = 0; b + 1 < bounds.length; b++) {
      const row = new Array<number>(K).fill(0);
      let n = 0, all = 0;
      for (let s = bounds[b]!; s < bounds[b + 1]!; s++) {
        all += this.adds[s]!;
        for (let k = 0; k < K; k++) {
          row[k]! += this.inside[s * K + k]!;
          n += this.inside[s * K + k]!;
        }
      }
      weights.push(row.map((c) => round(c / n)));
      insidePlacements.push(n);
      placements.push(all);
      insideShare.push(all > 0 ? round(n / all) : 0);
    }
    return { spreadEdgesTicks: edges, weights, insidePlacements, placements, insideShare };
  }
}

/**
 * Market-order shares by spread fitted from a day (`NoiseConfig.marketFractionBySpread`), with the
 * market orders and limit placements each bucket was fitted on.
 */
export interface MarketFractionBySpreadFit extends MarketFractionBySpread {
  readonly rateMultiplier: readonly number[];
  readonly marketOrders: readonly number[];
  readonly placements: readonly number[];
  /** Seconds the book spent with a spread in each bucket (both bests present). */
  readonly seconds: readonly number[];
}

/**
 * Edges at the quantiles 1/B … (B − 1)/B of counts by spread (edge = quantile + 1 tick), duplicates
 * dropped, an edge kept only when the bucket it closes and everything above it both hold ≥ `min`.
 */
function quantileEdges(perSpread: readonly number[], B: number, min: number): number[] {
  const total = perSpread.reduce((a, b) => a + b, 0);
  const candidates: number[] = [];
  for (let j = 1; j < B; j++) {
    let cum = 0, s = 0;
    for (; s <= MAX_SPREAD_TICKS; s++) {
      cum += perSpread[s]!;
      if (cum >= (j / B) * total) break;
    }
    const e = Math.max(2, s + 1);
    if (e <= MAX_SPREAD_TICKS && candidates[candidates.length - 1] !== e) candidates.push(e);
  }
  const inRange = (lo: number, hi: number) => perSpread.slice(lo, hi).reduce((a, b) => a + b, 0);
  const edges: number[] = [];
  for (const e of candidates) {
    const lo = edges.length > 0 ? edges[edges.length - 1]! : 0;
    if (inRange(lo, e) >= min && inRange(e, MAX_SPREAD_TICKS + 1) >= min) edges.push(e);
  }
  return edges;
}

function round(x: number): number {
  return Number(x.toPrecision(6));
}

/**
 * The fit as the engine's field (`NoiseConfig.insideImprovementBySpread`): the buckets and tables,
 * and with `withShare` the inside share per bucket (the counts are not scenario fields).
 */
export function improvementBySpreadOf(f: ImprovementBySpreadFit, withShare: boolean): { spreadEdgesTicks: number[]; weights: number[][]; insideShare?: number[] } {
  return {
    spreadEdgesTicks: [...f.spreadEdgesTicks],
    weights: f.weights.map((row) => [...row]),
    ...(withShare ? { insideShare: [...f.insideShare] } : {}),
  };
}

/**
 * The fit as the engine's field (`NoiseConfig.marketFractionBySpread`; the rate multipliers with
 * `withRate`); with a market-order cascade
 * of branching n each share f becomes f(1 − n)/(1 − f·n), the base share `applyMarketCascade` gives
 * the pooled fraction (children bring the rest; an approximation: the act rate is scaled by the
 * pooled fraction, not by each bucket's).
 */
export function marketFractionBySpreadOf(f: MarketFractionBySpread, cascadeBranching: number, withRate = false): { spreadEdgesTicks: number[]; marketFraction: number[]; rateMultiplier?: number[] } {
  const n = cascadeBranching;
  return {
    spreadEdgesTicks: [...f.spreadEdgesTicks],
    marketFraction: f.marketFraction.map((x) => (n > 0 ? round((x * (1 - n)) / (1 - x * n)) : x)),
    ...(withRate && f.rateMultiplier ? { rateMultiplier: [...f.rateMultiplier] } : {}),
  };
}
