import type { BookView } from '../book/book-types.js';
import { EventKind, type MarketEvent } from '../events/market-event.js';
import type { LifeMixture, PlacementLifeConfig } from '../abm/market-config.js';
import { ImprovementBySpreadCounts, type BucketOptions, type ImprovementBySpreadFit, type MarketFractionBySpreadFit } from './placement-life-by-spread.js';

/**
 * Limit-order lives by placement, fitted from a day's L3 messages (`NoiseConfig.placementLife`):
 * per class, the share of fleeting orders and the two rates of a two-exponential mixture, with
 * the orders still resting at the session end right-censored. `orders` = placements of the class,
 * `removed` = those seen leaving the book (delete, or cancels / executions that empty it);
 * `survival` = the empirical share still resting after 10 ms / 100 ms / 1 s / 10 s (censoring only
 * happens at the session end, so the orders censored before 10 s — the last seconds' — are left
 * out of it).
 */
export interface PlacementLifeFit extends PlacementLifeConfig {
  readonly inside: ClassFit;
  readonly touch: ClassFit;
  /**
   * Share of inside placements improving their own best by 1..K ticks (`NoiseConfig.insideImprovementWeights`;
   * K = `MAX_IMPROVEMENT_TICKS`, larger improvements counted at K); absent without a tick.
   */
  readonly improvementWeights?: readonly number[];
  /**
   * The same by the spread the placement found (`NoiseConfig.insideImprovementBySpread`), with the
   * share of placements that went inside in each bucket; absent without a tick or with too few inside placements.
   */
  readonly improvementBySpread?: ImprovementBySpreadFit;
  /**
   * The share of market orders among the acts (market orders + limit placements) by the spread they
   * found (`NoiseConfig.marketFractionBySpread`); a market order = the executions of one timestamp
   * and resting side. Absent without a tick or with too few market orders.
   */
  readonly marketFractionBySpread?: MarketFractionBySpreadFit;
}

/** Longest improvement of `PlacementLifeFit.improvementWeights`, ticks. */
export const MAX_IMPROVEMENT_TICKS = 30;

/** One class's fitted mixture (`LifeMixture`) with what it was fitted on. */
export interface ClassFit extends LifeMixture {
  readonly orders: number;
  readonly removed: number;
  /** Share still resting after 0.01 / 0.1 / 1 / 10 s (orders placed ≥ 10 s before the end). */
  readonly survival: readonly number[];
}

/** Horizons of `ClassFit.survival`, seconds. */
export const SURVIVAL_HORIZONS_SEC = [0.01, 0.1, 1, 10] as const;

/**
 * Collects lives by placement class. Call `onEvent` after each event is applied to the book (the
 * replay's `onEvent`); the touch before the event is remembered from the previous call, so an Add
 * is classed against the book it arrived into: inside when it improves its own side's best (that
 * best must exist), touch otherwise. Executions (`Execute`, `Fill`) and partial cancels reduce the
 * order's remaining size; it is removed when that reaches 0 or on `Delete`. Modify keeps its life.
 * Orders the collector never saw added (resting before the first message) are ignored.
 */
export class PlacementLifeCollector {
  private prevBid = NaN;
  private prevAsk = NaN;
  private readonly open = new Map<number, { t: number; inside: boolean; left: number }>();
  /** Per class (0 inside, 1 touch): life (s) and whether it ended by a removal (1) or is censored (0). */
  private readonly lives: [number[], number[]] = [[], []];
  private readonly ended: [number[], number[]] = [[], []];
  private readonly improvements = new Float64Array(MAX_IMPROVEMENT_TICKS);
  private readonly bySpread = new ImprovementBySpreadCounts(MAX_IMPROVEMENT_TICKS);
  private lastExecNs = NaN;
  private lastNs = NaN;
  private lastExecSide = 0;

  /**
   * `tick` (price units) > 0: also count how far inside placements improve their own best, pooled
   * and by the spread they found (buckets chosen by `buckets`, see `ImprovementBySpreadCounts.fit`).
   */
  constructor(
    private readonly tick = 0,
    private readonly buckets: BucketOptions = {},
  ) {}

  onEvent(ev: MarketEvent, book: BookView): void {
    switch (ev.kind) {
      case EventKind.Add: {
        const own = ev.side === 1 ? this.prevBid : this.prevAsk;
        const inside = own === own && (ev.side === 1 ? ev.priceUnits > own : ev.priceUnits < own);
        this.open.set(ev.orderId, { t: ev.tsNs, inside, left: ev.size });
        if (this.tick > 0) {
          const k = inside ? Math.round(Math.abs(ev.priceUnits - own) / this.tick) : 0;
          if (k >= 1) this.improvements[Math.min(k, MAX_IMPROVEMENT_TICKS) - 1]!++;
          // The spread it found (both bests present, not crossed): the conditional table and the inside share.
          const spread = (this.prevAsk - this.prevBid) / this.tick;
          if (spread >= 1) this.bySpread.add(spread, k);
        }
        break;
      }
      case EventKind.Execute:
        // One market order per timestamp and resting side (it may execute several resting orders).
        if (this.tick > 0 && (ev.tsNs !== this.lastExecNs || ev.side !== this.lastExecSide)) {
          const spread = (this.prevAsk - this.prevBid) / this.tick;
          if (spread >= 1) this.bySpread.market(spread);
        }
        this.lastExecNs = ev.tsNs;
        this.lastExecSide = ev.side;
        this.reduce(ev);
        break;
      case EventKind.Cancel:
      case EventKind.Fill:
        this.reduce(ev);
        break;
      case EventKind.Delete:
        this.close(ev.orderId, ev.tsNs, 1);
        break;
      default:
        break;
    }
    // Time at the spread the book had since the last event (the acts-per-second by spread).
    if (this.tick > 0 && this.lastNs === this.lastNs) {
      const spread = (this.prevAsk - this.prevBid) / this.tick;
      if (spread >= 1) this.bySpread.time(spread, (ev.tsNs - this.lastNs) / 1e9);
    }
    this.lastNs = ev.tsNs;
    this.prevBid = book.bestBid();
    this.prevAsk = book.bestAsk();
  }

  /** An execution or partial cancel: the order's remaining size falls; at 0 its life ends. */
  private reduce(ev: MarketEvent): void {
    const o = this.open.get(ev.orderId);
    if (o) {
      o.left -= ev.size;
      if (o.left <= 0) this.close(ev.orderId, ev.tsNs, 1);
    }
  }

  private close(id: number, t: number, ended: number): void {
    const o = this.open.get(id);
    if (!o) return;
    this.open.delete(id);
    const c = o.inside ? 0 : 1;
    this.lives[c].push(Math.max(0, (t - o.t) / 1e9));
    this.ended[c].push(ended);
  }

  /**
   * Censors the orders still resting at `endNs` and fits both classes, every life censored at
   * `horizonSec` (`LIFE_FIT_HORIZON_SEC`); null when a class has fewer than 50 removals.
   */
  finish(endNs: number, horizonSec = LIFE_FIT_HORIZON_SEC): PlacementLifeFit | null {
    for (const id of [...this.open.keys()]) this.close(id, endNs, 0);
    const inside = fitClass(this.lives[0], this.ended[0], horizonSec);
    const touch = fitClass(this.lives[1], this.ended[1], horizonSec);
    const n = this.improvements.reduce((a, b) => a + b, 0);
    const improvementWeights = n > 0 ? Array.from(this.improvements, (c) => round(c / n)) : null;
    const improvementBySpread = this.tick > 0 ? this.bySpread.fit(this.buckets) : null;
    const marketFractionBySpread = this.tick > 0 ? this.bySpread.fitMarketFraction(this.buckets) : null;
    return inside && touch
      ? {
        inside, touch,
        ...(improvementWeights ? { improvementWeights } : {}),
        ...(improvementBySpread ? { improvementBySpread } : {}),
        ...(marketFractionBySpread ? { marketFractionBySpread } : {}),
      }
      : null;
  }
}

/**
 * Lives are fitted up to this horizon, s (longer ones censored at it). Why: an order-level file
 * cut at N levels (LOBSTER level 1) loses the removals of orders pushed beyond its levels, so
 * 23-46 % of the AMZN day's orders are never seen to go and an end-of-day censoring would read
 * them as immortal (persistent rates ~1e-5 /s); within seconds few orders are pushed away.
 */
export const LIFE_FIT_HORIZON_SEC = 10;

function fitClass(lives: number[], ended: number[], horizonSec: number): ClassFit | null {
  const removed = ended.reduce((a, b) => a + b, 0);
  if (removed < 50) return null;
  const m = fitLifeMixture(lives.map((t) => Math.min(t, horizonSec)), ended.map((d, i) => (lives[i]! > horizonSec ? 0 : d)));
  // Survival over orders whose fate at 10 s is known (removed, or censored after ≥ 10 s).
  const survival = SURVIVAL_HORIZONS_SEC.map((h) => {
    let n = 0, alive = 0;
    for (let i = 0; i < lives.length; i++) {
      if (ended[i] === 0 && lives[i]! < SURVIVAL_HORIZONS_SEC[3]) continue;
      n++;
      if (lives[i]! > h) alive++;
    }
    return n > 0 ? round(alive / n) : NaN;
  });
  return { ...m, orders: lives.length, removed, survival };
}

/**
 * Maximum-likelihood two-exponential mixture of right-censored lives (EM): lives[i] in seconds,
 * ended[i] 1 when the removal was seen, 0 when censored at lives[i]. Returns the fleeting
 * component (the faster rate) as fleeting*. Deterministic start: rates 1/(median life) × 10 and
 * ÷ 10, share 0.5; 500 iterations or a relative change < 1e-10.
 */
export function fitLifeMixture(lives: readonly number[], ended: readonly number[]): LifeMixture {
  const n = lives.length;
  if (n === 0) return { fleetingShare: 0, fleetingRatePerSec: 0, persistentRatePerSec: 0 };
  const sorted = [...lives].sort((x, y) => x - y);
  const med = Math.max(1e-6, sorted[n >> 1]!);
  let w = 0.5, a = 10 / med, b = 0.1 / med;
  const r = new Float64Array(n);
  for (let it = 0; it < 500; it++) {
    let sr = 0, srd = 0, srt = 0, sqd = 0, sqt = 0;
    for (let i = 0; i < n; i++) {
      const t = lives[i]!, d = ended[i]!;
      // Component likelihoods: density (removed) or survival (censored), in logs for long lives.
      const la = Math.log(w) - a * t + (d ? Math.log(a) : 0);
      const lb = Math.log(1 - w) - b * t + (d ? Math.log(b) : 0);
      const mx = Math.max(la, lb);
      const ri = Math.exp(la - mx) / (Math.exp(la - mx) + Math.exp(lb - mx));
      r[i] = ri;
      sr += ri;
      srd += ri * d;
      srt += ri * t;
      sqd += (1 - ri) * d;
      sqt += (1 - ri) * t;
    }
    const w2 = Math.min(1 - 1e-9, Math.max(1e-9, sr / n));
    const a2 = srt > 0 ? Math.max(1e-12, srd / srt) : a;
    const b2 = sqt > 0 ? Math.max(1e-12, sqd / sqt) : b;
    const change = Math.abs(w2 - w) + Math.abs(a2 - a) / a + Math.abs(b2 - b) / b;
    w = w2; a = a2; b = b2;
    if (change < 1e-10) break;
  }
  return a >= b
    ? { fleetingShare: round(w), fleetingRatePerSec: round(a), persistentRatePerSec: round(b) }
    : { fleetingShare: round(1 - w), fleetingRatePerSec: round(b), persistentRatePerSec: round(a) };
}

function round(x: number): number {
  return Number(x.toPrecision(6));
}
