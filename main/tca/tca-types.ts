import type { Side } from '../domain/side.js';

/**
 * One execution of the parent order (a child fill), in decimal numbers (TCA is statistics; the
 * engine's integer price/size units are converted with `fillsFromOrderEvents`).
 *
 * Invariants: `qty > 0` and finite; `price > 0` and finite; `ts` finite, on the same clock and
 * in the same unit as the mid paths (e.g. ns since the session base); `fee` (quote currency,
 * positive = paid, negative = rebate) defaults to 0; `passive` = true when the fill provided
 * liquidity (our resting order was hit), false when it took liquidity, undefined when unknown
 * (unknown fills are left out of spread capture).
 */
export interface TcaFill {
  readonly ts: number;
  readonly qty: number;
  readonly price: number;
  readonly fee?: number;
  readonly passive?: boolean;
}

/**
 * One observation of the mid price. A mid path is a step function: the mid at time t is the
 * `mid` of the last point with `ts <= t` ("as of"), undefined before the first point.
 * Invariants: points sorted by non-decreasing `ts`; every `mid > 0` and finite.
 */
export interface MidPoint {
  readonly ts: number;
  readonly mid: number;
}

/**
 * Everything TCA of one parent order can use. Only `side`, `arrivalPrice`, `parentQty` and
 * `fills` are required; every optional input switches on the metrics that need it (a metric
 * whose inputs are missing is `null`, never a guess).
 *
 * Invariants: `side` is +1 (buy) or −1 (sell); `parentQty > 0`; the fills' quantities sum to at
 * most `parentQty` (1e-9 relative tolerance); `arrivalPrice` is the mid at decision time (a value
 * ≤ 0 or non-finite makes every bps metric normalised by it `null`); `marketVwap > 0`;
 * `marketVolume > 0` (total traded volume over the order's interval, OUR fills included);
 * mid paths are sorted by `ts`.
 */
export interface ParentOrderTcaInput {
  readonly side: Side;
  /** Mid at decision time: the benchmark of implementation shortfall. */
  readonly arrivalPrice: number;
  readonly parentQty: number;
  readonly fills: readonly TcaFill[];
  /** End of the order (default: the last fill's ts; unknown without fills). */
  readonly endTs?: number;
  /** Mid at the end of the order for the opportunity cost (default: mid path as of `endTs`). */
  readonly endPrice?: number;
  /** Market VWAP over the order's interval. */
  readonly marketVwap?: number;
  /** Market volume over the order's interval, ours included. */
  readonly marketVolume?: number;
  /** Mid path WITH our orders (delay, timing, spread capture, reversion). */
  readonly midPath?: readonly MidPoint[];
  /** Mid path of the same seeded scenario WITHOUT our orders (market impact). */
  readonly unaffectedMidPath?: readonly MidPoint[];
  /** Horizons after `endTs`, in ts units, at which reversion is measured (e.g. [60e9, 300e9] ns). */
  readonly reversionHorizons?: readonly number[];
}

/**
 * Perold (1988) decomposition of implementation shortfall, each part in bps of the PAPER
 * notional `parentQty × arrivalPrice`, positive = cost to us, for buys and sells alike. With
 * s = side, P_d = arrival price (decision mid), P_0 = mid as of the first fill (P_d without a mid
 * path), m_i = mid as of fill i (P_0 without a mid path), p_i / q_i = fill price / qty,
 * q = Σq_i, Q = parentQty, P_end = end price, D = Q·P_d / 10⁴:
 *   delayBps       = s·q·(P_0 − P_d) / D             (drift between decision and first fill)
 *   timingBps      = s·Σ q_i(m_i − P_0) / D           (mid drift while we traded)
 *   tradingBps     = s·Σ q_i(p_i − m_i) / D           (spread + instantaneous impact paid)
 *   opportunityBps = s·(Q − q)(P_end − P_d) / D       (unfilled part at the end price; 0 when q = Q)
 *   feesBps        = Σ fee_i / D
 *   totalBps       = delay + timing + trading + opportunity + fees.
 * Invariant: delay + timing + trading = isBps × q/Q (the filled part). `opportunityBps` and
 * `totalBps` are null when Q > q and no end price is known; everything is null when P_d ≤ 0.
 */
export interface ShortfallDecomposition {
  readonly delayBps: number;
  readonly timingBps: number;
  readonly tradingBps: number;
  readonly opportunityBps: number | null;
  readonly feesBps: number;
  readonly totalBps: number | null;
}

/**
 * Post-trade reversion at one horizon h after the end: s·(m(end) − m(end + h)) / P_d × 10⁴,
 * positive = the price came back after we stopped (temporary impact), negative = it kept going.
 * `bps` is null when either mid is unknown.
 */
export interface ReversionPoint {
  readonly horizon: number;
  readonly bps: number | null;
}

/**
 * TCA of one parent order. All bps are signed so that POSITIVE IS A COST to us, except
 * `spreadCaptureBps` and reversion where positive is in our favour (named so). Definitions
 * (s = side, P_d = arrival price, q = filled qty, Q = parentQty):
 *   avgPrice          = Σ q_i p_i / q                              (null without fills)
 *   fillRate          = q / Q                                     (in [0, 1])
 *   notional          = Σ q_i p_i
 *   isBps             = s·(avgPrice − P_d)/P_d × 10⁴              (filled part only)
 *   marketImpactBps   = s·(m_with(end) − m_without(end))/P_d × 10⁴ (same seeded path, with vs
 *                       without our orders; positive = our orders pushed the price against us)
 *   vwapSlippageBps   = s·(avgPrice − marketVwap)/marketVwap × 10⁴
 *   participation     = q / marketVolume
 *   spreadCaptureBps  = Σ_passive q_i·s·(m_i − p_i)/m_i / Σ_passive q_i × 10⁴ (qty-weighted over
 *                       passive fills; positive = we earned, i.e. bought below / sold above mid)
 * Every metric whose inputs are missing is null.
 */
export interface ParentOrderTca {
  readonly side: Side;
  readonly arrivalPrice: number;
  readonly parentQty: number;
  readonly fillCount: number;
  readonly filledQty: number;
  readonly unfilledQty: number;
  readonly fillRate: number;
  readonly notional: number;
  readonly avgPrice: number | null;
  readonly fees: number;
  readonly firstFillTs: number | null;
  readonly lastFillTs: number | null;
  readonly endPrice: number | null;
  readonly isBps: number | null;
  readonly shortfall: ShortfallDecomposition | null;
  readonly marketImpactBps: number | null;
  readonly vwapSlippageBps: number | null;
  readonly participation: number | null;
  readonly spreadCaptureBps: number | null;
  readonly reversion: readonly ReversionPoint[];
}
