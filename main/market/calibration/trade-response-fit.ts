import type { TradeResponseConfig } from '../abm/market-config.js';
import { BURST_BINS, RESPONSE_LAG_EDGES_SEC, RESPONSE_MAX_DISTANCE, responseIndex, type TradeResponseCounter } from './trade-response.js';

const ND = 2 * RESPONSE_MAX_DISTANCE + 1;
const NB = RESPONSE_LAG_EDGES_SEC.length - 1;

/**
 * The book's response to market orders, measured (`TradeResponseCounter`). `ratio[kind][rel][bin]`
 * = the rate of submissions (kind 0) / cancels (kind 1) on the aggressor's side (rel 0) / the
 * consumed side (rel 1) in that lag bin after a market order ÷ the day's mean rate of one side;
 * `byClass` the same for orders that kept / widened the spread; `distanceRatio[kind][rel][class]`
 * over lags ≤ 10 ms for distance classes inside / at the touch / 1-2 behind / ≥ 3 behind.
 * Invariant: a ratio is NaN where the day has no event of that kind (never a made-up number).
 */
export interface TradeResponseTable {
  readonly marketOrders: number;
  readonly widenedShare: number;
  readonly lagEdgesSec: readonly number[];
  readonly ratio: readonly (readonly (readonly number[])[])[];
  readonly byClass: readonly (readonly (readonly (readonly number[])[])[])[];
  readonly distanceRatio: readonly (readonly (readonly number[])[])[];
  /** Mean rates of one side, per second: submissions, cancels. */
  readonly meanRatePerSec: readonly number[];
}

/** Distance classes of `distanceRatio`: [lo, hi] in ticks from the own touch (negative = inside). */
export const DISTANCE_CLASSES: readonly (readonly [number, number])[] = [[-RESPONSE_MAX_DISTANCE, -1], [0, 0], [1, 2], [3, RESPONSE_MAX_DISTANCE]];

const at = responseIndex;

/** One side's mean rate per second of `kind` at distance index d (both sides pooled ÷ 2). */
function sideRate(c: TradeResponseCounter, kind: number, d: number): number {
  const T = c.durationSec;
  return T > 0 ? (c.totals[(kind * 2) * ND + d]! + c.totals[(kind * 2 + 1) * ND + d]!) / 2 / T : NaN;
}

/** The table of `TradeResponseTable` from the counts (rates at each lag since the last market order ÷ the day's mean). */
export function responseTable(c: TradeResponseCounter): TradeResponseTable {
  const n = c.orders[0] + c.orders[1];
  const rate = [0, 1].map((k) => Array.from({ length: ND }, (_, d) => sideRate(c, k, d)).reduce((a, b) => a + b, 0));
  const cell = (classes: number[], kind: number, rel: number, dLo: number, dHi: number, b0: number, b1: number): number => {
    let cnt = 0, expect = 0;
    for (const cl of classes) {
      for (let d = dLo; d <= dHi; d++) for (let b = b0; b <= b1; b++) {
        cnt += c.after[cl]![at(kind, rel, d, b)]!;
        expect += c.exposureSec[cl]![b]! * sideRate(c, kind, d);
      }
    }
    return expect > 0 ? round(cnt / expect) : NaN;
  };
  const byBin = (classes: number[]) => [0, 1].map((k) => [0, 1].map((rel) => Array.from({ length: NB }, (_, b) => cell(classes, k, rel, 0, ND - 1, b, b))));
  return {
    marketOrders: n,
    widenedShare: n > 0 ? round(c.orders[1] / n) : NaN,
    lagEdgesSec: [...RESPONSE_LAG_EDGES_SEC],
    ratio: byBin([0, 1]),
    byClass: [byBin([0]), byBin([1])],
    distanceRatio: [0, 1].map((k) => [0, 1].map((rel) => DISTANCE_CLASSES.map(([lo, hi]) => cell([0, 1], k, rel, lo + RESPONSE_MAX_DISTANCE, hi + RESPONSE_MAX_DISTANCE, 0, 1)))),
    meanRatePerSec: rate.map(round),
  };
}

/**
 * The burst of a `TradeResponseFlow` fitted from the counts: per market order, the excess of
 * submissions / cancels in each lag bin ≤ 1 s since the last market order (count − the slow
 * level's rate × the time spent at that lag) over the level of the slow bin (1-10 s: what the
 * activity and the intraday profile already give), summed over distances and sides, floored at 0
 * per bin → the mean burst size and the lag weights; the share on the aggressor's side; for
 * submissions, the excess by distance from the own touch per side (floored at 0). Sizes are not
 * fitted here (`size`: the day's limit-order law, given by the caller). Null with fewer than
 * `minOrders` market orders or no burst (no positive excess of submissions).
 */
export function fitTradeResponse(c: TradeResponseCounter, size: TradeResponseConfig['size'], minOrders = 200): TradeResponseConfig | null {
  const n = c.orders[0] + c.orders[1];
  if (n < minOrders || !(c.durationSec > 0)) return null;
  const cnt = (kind: number, rel: number, d: number, b: number) => c.after[0][at(kind, rel, d, b)]! + c.after[1][at(kind, rel, d, b)]!;
  const expo = (b: number) => c.exposureSec[0][b]! + c.exposureSec[1][b]!;
  // Per market order: the events at that lag beyond what the slow level's rate gives over the time spent there.
  const excess = (kind: number, rel: number, d: number, b: number, slow: number) => (cnt(kind, rel, d, b) - expo(b) * sideRate(c, kind, d) * slow) / n;
  const slowLevel = (kind: number, rel: number) => {
    let k = 0, e = 0;
    for (let d = 0; d < ND; d++) {
      k += cnt(kind, rel, d, NB - 1);
      e += expo(NB - 1) * sideRate(c, kind, d);
    }
    return e > 0 ? k / e : 1;
  };
  const burst = [0, 1].map((kind) => {
    const slow = [slowLevel(kind, 0), slowLevel(kind, 1)];
    const perBin = Array.from({ length: BURST_BINS }, (_, b) => [0, 1].map((rel) => {
      let x = 0;
      for (let d = 0; d < ND; d++) x += excess(kind, rel, d, b, slow[rel]!);
      return Math.max(0, x);
    }));
    const lag = perBin.map(([a, o]) => a! + o!);
    const total = lag.reduce((a, b) => a + b, 0);
    const agg = perBin.reduce((a, [x]) => a + x!, 0);
    const dist = [0, 1].map((rel) => Array.from({ length: ND }, (_, d) => {
      let x = 0;
      for (let b = 0; b < BURST_BINS; b++) x += excess(kind, rel, d, b, slow[rel]!);
      return Math.max(0, x);
    }));
    return { total, lag, aggShare: total > 0 ? agg / total : 0.5, dist };
  });
  const [sub, can] = burst as [typeof burst[0], typeof burst[0]];
  if (!(sub.total > 0)) return null;
  const norm = (xs: number[]) => {
    const s = xs.reduce((a, b) => a + b, 0);
    return xs.map((x) => round(s > 0 ? x / s : 1 / xs.length));
  };
  return {
    submissionsPerTrade: round(sub.total),
    cancelsPerTrade: round(can.total),
    lagEdgesSec: RESPONSE_LAG_EDGES_SEC.slice(0, BURST_BINS + 1),
    submissionLagWeights: norm(sub.lag),
    cancelLagWeights: norm(can.total > 0 ? can.lag : sub.lag),
    aggressorShare: { submissions: round(sub.aggShare), cancels: round(can.aggShare) },
    maxDistanceTicks: RESPONSE_MAX_DISTANCE,
    distanceWeights: { aggressor: norm(sub.dist[0]!), consumed: norm(sub.dist[1]!) },
    size,
  };
}

function round(x: number): number {
  return Number(x.toPrecision(6));
}
