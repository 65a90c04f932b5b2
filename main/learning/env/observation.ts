import type { Side } from '../../domain/side.js';
import type { BookView } from '../../market/book/book-types.js';

/**
 * Observation layout: a Float32Array of `OBS_DIM` = 18 numbers, always in this order.
 * "Side-signed" features are multiplied by the order's side, so POSITIVE = the market leans
 * AGAINST us (buying: bids heavier, microprice above mid, buyers aggressing), and one policy
 * serves buys and sells. Scales are `ObservationScales` (defaults in brackets).
 *
 * | idx | name            | value                                                                    | range   |
 * | --- | --------------- | ------------------------------------------------------------------------ | ------- |
 * | 0   | timeLeft        | decisions left / decisions (1 at reset, 0 after the last decision)      | [0, 1]  |
 * | 1   | inventoryLeft   | (quantity − filled) / quantity (1 at reset)                              | [0, 1]  |
 * | 2   | spread          | (ask − bid) / tick / spreadTicks [10]; 0 when a side is empty            | [0, 5]  |
 * | 3   | imbalance1      | side × (bidSize − askSize)/(bidSize + askSize), top level                | [−1, 1] |
 * | 4   | imbalance5      | the same over the top 5 levels                                           | [−1, 1] |
 * | 5   | microprice      | side × (microprice − mid)/mid × 1e4 bps / micropriceBps [5]              | [−5, 5] |
 * | 6   | volatility      | realised σ of mid returns per decision interval over the last k          | [0, 5]  |
 * |     |                 | intervals (`realisedVolBps`), bps / volatilityBps [10]                   |         |
 * | 7   | volume          | log10(1 + market volume over the last interval / (quantity / decisions)) | [0, 5]  |
 * | 8   | signedFlow      | side × (buy-initiated − sell-initiated volume) / volume, last interval   | [−1, 1] |
 * | 9   | queuePosition   | size ahead of our resting order / its level's size; 1 when none rests    | [0, 1]  |
 * | 10–17 | signal0..7    | `signals` when given (e.g. a trained model: signals/agent-signal.ts), else 0 | [−1, 1] |
 *
 * Unbounded features are clipped to the ranges shown. NaN never appears (missing ⇒ 0, queue ⇒ 1).
 */
export const OBS = {
  timeLeft: 0,
  inventoryLeft: 1,
  spread: 2,
  imbalance1: 3,
  imbalance5: 4,
  microprice: 5,
  volatility: 6,
  volume: 7,
  signedFlow: 8,
  queuePosition: 9,
  signal0: 10,
} as const;

/** Reserved signal slots at the end of the observation (zeros until signal features land). */
export const SIGNAL_SLOTS = 8;
/** Length of one observation. */
export const OBS_DIM = OBS.signal0 + SIGNAL_SLOTS;

/** Feature names in layout order (index i names observation[i]). */
export const OBS_NAMES: readonly string[] = [
  'timeLeft', 'inventoryLeft', 'spread', 'imbalance1', 'imbalance5', 'microprice', 'volatility', 'volume', 'signedFlow', 'queuePosition',
  ...Array.from({ length: SIGNAL_SLOTS }, (_, i) => `signal${i}`),
];

/** Divisors of the unbounded features (see the layout). Invariant: all > 0. */
export interface ObservationScales {
  readonly spreadTicks: number;
  readonly micropriceBps: number;
  readonly volatilityBps: number;
}

/** Defaults: spread / 10 ticks, microprice deviation / 5 bp, volatility / 10 bp. */
export const DEFAULT_OBS_SCALES: ObservationScales = { spreadTicks: 10, micropriceBps: 5, volatilityBps: 10 };

/** The raw state one observation is built from (everything the book alone does not give). */
export interface ObservationState {
  readonly side: Side;
  readonly timeLeft: number;
  readonly inventoryLeft: number;
  readonly book: BookView;
  readonly tickUnits: number;
  readonly volatilityBps: number;
  /** Market volume over the last interval, divided by quantity / decisions. */
  readonly volumeRatio: number;
  readonly buyVolume: number;
  readonly sellVolume: number;
  readonly totalVolume: number;
  /** Fraction of our resting order's level ahead of it, or 1 when none rests. */
  readonly queuePosition: number;
  /** Optional signal features for the reserved slots (at most `SIGNAL_SLOTS`; missing slots are 0). */
  readonly signals?: ArrayLike<number> | undefined;
}

/** Writes one observation at `out[offset .. offset + OBS_DIM)` (signal slots from `s.signals`, clipped, else 0). */
export function writeObservation(out: Float32Array, offset: number, s: ObservationState, scales: ObservationScales): void {
  const b = s.book;
  const bid = b.bestBid();
  const ask = b.bestAsk();
  const two = Number.isFinite(bid) && Number.isFinite(ask);
  const mid = two ? (bid + ask) / 2 : NaN;
  const micro = two ? b.microprice() : NaN;
  out[offset + OBS.timeLeft] = clip(s.timeLeft, 0, 1);
  out[offset + OBS.inventoryLeft] = clip(s.inventoryLeft, 0, 1);
  out[offset + OBS.spread] = two ? clip((ask - bid) / s.tickUnits / scales.spreadTicks, 0, 5) : 0;
  out[offset + OBS.imbalance1] = clip(s.side * b.imbalance(1), -1, 1);
  out[offset + OBS.imbalance5] = clip(s.side * b.imbalance(5), -1, 1);
  out[offset + OBS.microprice] = Number.isFinite(micro) ? clip((s.side * (micro - mid) / mid) * 10_000 / scales.micropriceBps, -5, 5) : 0;
  out[offset + OBS.volatility] = clip(s.volatilityBps / scales.volatilityBps, 0, 5);
  out[offset + OBS.volume] = clip(Math.log10(1 + Math.max(0, s.volumeRatio)), 0, 5);
  out[offset + OBS.signedFlow] = s.totalVolume > 0 ? clip((s.side * (s.buyVolume - s.sellVolume)) / s.totalVolume, -1, 1) : 0;
  out[offset + OBS.queuePosition] = clip(s.queuePosition, 0, 1);
  const sig = s.signals;
  for (let i = 0; i < SIGNAL_SLOTS; i++) out[offset + OBS.signal0 + i] = sig !== undefined && i < sig.length ? clip(sig[i]!, -1, 1) : 0;
}

/**
 * Realised volatility in bps per decision interval: sqrt(mean r²) over the last `k` simple mid
 * returns r = m_j / m_{j−1} − 1 between consecutive decision-time mids (pairs with a NaN mid are
 * skipped); 0 with no valid return.
 */
export function realisedVolBps(mids: readonly number[], k: number): number {
  let n = 0;
  let ss = 0;
  for (let j = Math.max(1, mids.length - k); j < mids.length; j++) {
    const a = mids[j - 1]!;
    const c = mids[j]!;
    if (!(Number.isFinite(a) && Number.isFinite(c)) || a <= 0) continue;
    const r = c / a - 1;
    ss += r * r;
    n++;
  }
  return n > 0 ? Math.sqrt(ss / n) * 10_000 : 0;
}

function clip(x: number, lo: number, hi: number): number {
  if (!(x === x)) return 0;
  return (x < lo ? lo : x > hi ? hi : x) + 0; // + 0 turns −0 into 0
}
