import type { Side } from '../../domain/side.js';
import type { BookView } from '../../market/book/book-types.js';

/**
 * How hard a child order leans on the book (buy side described; a sell mirrors it):
 * - `passive`: a day limit at OUR touch (best bid; one tick below the best ask when the bid side
 *   is empty);
 * - `inside`: a day limit pegged to the mid on our side: the tick at or below the mid, never at
 *   or through the best ask (spread of 1 tick ⇒ the best bid; 2 ticks ⇒ bid + 1 tick);
 * - `cross`: an IOC limit at the best ask + `crossLimitBps` of it (rounded out to a tick): it
 *   takes every level up to that protection price, the rest is cancelled by the venue.
 */
export type Aggression = 'passive' | 'inside' | 'cross';

/** The three primitives in increasing aggressiveness (continuous actions map onto them by thirds). */
export const AGGRESSIONS: readonly Aggression[] = ['passive', 'inside', 'cross'];

/**
 * The action grid and how an action becomes a child order. Invariants: `fractions` non-empty,
 * each in [0, 1]; `aggressions` non-empty, distinct; `sliceMultiple` > 0; `crossLimitBps` ≥ 0.
 *
 * Child size for fraction f with R = quantity left (unfilled) and S = decisions left (incl. this
 * one): `remainder` basis ⇒ min(R, ⌈f × R⌉); `slice` basis ⇒ min(R, ⌈f × sliceMultiple × R / S⌉)
 * (with the default multiple 2, f = 0.5 is the TWAP pace). f = 0 ⇒ no child (whatever the
 * aggression). `keepQueue`: a passive/inside action at the SAME price as our working day order,
 * with a size ≤ its leaves, keeps that order (shrinking it by a replace, which keeps priority)
 * instead of cancel + new.
 */
export interface ActionConfig {
  readonly fractions: readonly number[];
  readonly aggressions: readonly Aggression[];
  readonly sizeBasis: 'remainder' | 'slice';
  readonly sliceMultiple: number;
  readonly crossLimitBps: number;
  readonly keepQueue: boolean;
}

/** Defaults: fractions {0, ¼, ½, 1} of the remainder × {passive, inside, cross} = 12 actions; 50 bp cross protection; keep queue. */
export const DEFAULT_ACTIONS: ActionConfig = {
  fractions: [0, 0.25, 0.5, 1],
  aggressions: AGGRESSIONS,
  sizeBasis: 'remainder',
  sliceMultiple: 2,
  crossLimitBps: 50,
  keepQueue: true,
};

/** An action in primitive terms. Invariant: fraction ∈ [0, 1]. */
export interface DecodedAction {
  readonly fraction: number;
  readonly aggression: Aggression;
}

/** Number of discrete actions: fractions × aggressions. */
export function actionCount(cfg: ActionConfig): number {
  return cfg.fractions.length * cfg.aggressions.length;
}

/** Flat discrete index = fractionIndex × aggressions.length + aggressionIndex. */
export function encodeDiscrete(fractionIndex: number, aggressionIndex: number, cfg: ActionConfig): number {
  const a = cfg.aggressions.length;
  if (!isIndex(fractionIndex, cfg.fractions.length) || !isIndex(aggressionIndex, a)) {
    throw new RangeError(`action: indices (${fractionIndex}, ${aggressionIndex}) outside ${cfg.fractions.length} × ${a}`);
  }
  return fractionIndex * a + aggressionIndex;
}

/** Inverse of `encodeDiscrete`; throws a RangeError for an index outside [0, actionCount). */
export function decodeDiscrete(index: number, cfg: ActionConfig): DecodedAction {
  const a = cfg.aggressions.length;
  if (!isIndex(index, actionCount(cfg))) throw new RangeError(`action: discrete index ${index} outside [0, ${actionCount(cfg)})`);
  return { fraction: cfg.fractions[Math.floor(index / a)]!, aggression: cfg.aggressions[index % a]! };
}

/**
 * Continuous action [fraction, aggressiveness], each clipped to [0, 1]: fraction is used as is
 * (not snapped to the grid); aggressiveness picks `aggressions[min(A − 1, ⌊a × A⌋)]` (the default
 * three: [0, 1/3) passive, [1/3, 2/3) inside, [2/3, 1] cross). NaN throws a RangeError.
 */
export function decodeContinuous(action: ArrayLike<number>, cfg: ActionConfig): DecodedAction {
  if (action.length !== 2) throw new RangeError(`action: continuous action needs 2 numbers, got ${action.length}`);
  const f = action[0]!;
  const g = action[1]!;
  if (Number.isNaN(f) || Number.isNaN(g)) throw new RangeError('action: continuous action contains NaN');
  const a = cfg.aggressions.length;
  const k = Math.min(a - 1, Math.floor(clip01(g) * a));
  return { fraction: clip01(f), aggression: cfg.aggressions[k]! };
}

/** Child size in size units (0 = no child); see `ActionConfig` for the rule. */
export function childSize(action: DecodedAction, remaining: number, decisionsLeft: number, cfg: ActionConfig): number {
  if (remaining <= 0 || action.fraction <= 0) return 0;
  const base = cfg.sizeBasis === 'remainder' ? remaining : (cfg.sliceMultiple * remaining) / Math.max(1, decisionsLeft);
  // The tolerance keeps 0.1 × 30 = 3.0000000000000004 at 3.
  return Math.min(remaining, Math.max(1, Math.ceil(action.fraction * base - 1e-9)));
}

/** A priced child order: what the environment sends for one action. */
export interface ChildQuote {
  readonly type: 'limit';
  readonly tif: 'day' | 'ioc';
  readonly priceUnits: number;
}

/**
 * The child's price from the observed book (see `Aggression`); null when the book has no side to
 * price from (passive/inside need one of the two sides, cross needs the opposite side).
 */
export function childQuote(side: Side, aggression: Aggression, book: BookView, tickUnits: number, crossLimitBps: number): ChildQuote | null {
  const bid = book.bestBid();
  const ask = book.bestAsk();
  const near = side === 1 ? bid : ask;
  const far = side === 1 ? ask : bid;
  if (aggression === 'cross') {
    if (!Number.isFinite(far)) return null;
    const protect = Math.ceil((far * crossLimitBps) / 10_000 / tickUnits - 1e-9) * tickUnits;
    const p = far + side * protect;
    return p > 0 ? { type: 'limit', tif: 'ioc', priceUnits: p } : null;
  }
  let p: number;
  if (Number.isFinite(near)) p = near;
  else if (Number.isFinite(far)) p = far - side * tickUnits;
  else return null;
  if (aggression === 'inside' && Number.isFinite(bid) && Number.isFinite(ask)) {
    const mid = (bid + ask) / 2;
    const peg = side === 1 ? Math.floor(mid / tickUnits) * tickUnits : Math.ceil(mid / tickUnits) * tickUnits;
    const notThrough = side === 1 ? Math.min(peg, ask - tickUnits) : Math.max(peg, bid + tickUnits);
    p = side === 1 ? Math.max(p, notThrough) : Math.min(p, notThrough);
  }
  return p > 0 ? { type: 'limit', tif: 'day', priceUnits: p } : null;
}

function clip01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function isIndex(i: number, n: number): boolean {
  return Number.isInteger(i) && i >= 0 && i < n;
}
