import type { Side } from '../../domain/side.js';
import { QrRng } from './qr-rng.js';
import { validateQrParams, type QrParams } from './qr-params.js';

/** A trade print: the aggressor's side (+1 buyer-initiated), price in units, size in size units. */
export type QrTradeListener = (tsNs: number, priceUnits: number, size: number, aggressor: Side) => void;
/** One of our orders filled: handle from `rest`/`take`, price units, size, whether it took liquidity. */
export type QrFillListener = (handle: number, priceUnits: number, size: number, aggressor: boolean) => void;

/** Levels a side remembers behind its touch (ours, or touches a new inside price covered). */
const HIDDEN_CAP = 64;
/** Our resting orders at once. */
const OWN_CAP = 32;
/** Scalars of a snapshot: bid, ask, bid others, ask others, now, next, hidden lengths (2), trades, volume, season-boundary flag. */
const SCALARS = 11;

/**
 * A warmed-up market state copied out of (and back into) a `QrMarket`: typed arrays only, so a
 * reset is a handful of `set` calls. Invariant: taken with none of our orders resting (ours are
 * not part of the market's state to restore).
 */
export interface QrSnapshot {
  readonly scalars: Float64Array;
  readonly hidPrice: Int32Array;
  readonly hidSize: Float64Array;
  readonly rng: Uint32Array;
}

/**
 * The queue-reactive market (Huang, Lehalle & Rosenbaum 2015, model I, with a spread): only the
 * best bid and ask queues evolve. At queue state n = ceil(displayed size / AES) (capped at K)
 * each side receives limit orders (rate λL(n), joining the back of the queue), cancels of other
 * traders' size (λC(n), only while others rest there) and market orders (λM(n)); while the
 * spread is s ≥ 2 ticks a new inside price arrives on each side at λI(s). Event times are
 * exact (Gillespie): the intensities are piecewise constant in the state, and any change of
 * state by our orders redraws the next event (memoryless, so still exact).
 *
 * When a touch queue empties, the next level becomes the touch: a remembered one (a touch an
 * inside price covered, or a level holding our order) or, beyond those, one drawn from the
 * fitted distributions (gap in ticks, size) — the model's regeneration rule, so depth behind the
 * touch is never simulated.
 *
 * Our orders and its fill rule: a resting order joins the back of its level (`ahead` = other
 * traders' size in front). A cancel removes other traders' size in proportion from in front of
 * and behind us (ahead × (q − c) / q, rounded). A market order at our level takes the size ahead
 * first, then ours, then the rest. Our marketable orders take the opposite touch level by level
 * (revealing levels as they empty) up to their limit; they never trade with our own orders.
 * Our size counts in the displayed queue, so it changes the intensities (the market reacts), and
 * our market orders move the touch (price impact, permanent: model I has no mean reversion).
 *
 * Invariants: bid < ask at all times; sizes are integers ≥ 0; same params + seed + our
 * orders at the same times ⇒ the same events, bit for bit.
 */
export class QrMarket {
  readonly p: QrParams;
  readonly tickUnits: number;
  readonly rng = new QrRng();
  /** Touch price in ticks, and other traders' size there: index 0 = bid, 1 = ask. */
  readonly best = new Int32Array(2);
  readonly others = new Float64Array(2);
  private readonly hidPrice = new Int32Array(2 * HIDDEN_CAP);
  private readonly hidSize = new Float64Array(2 * HIDDEN_CAP);
  private readonly hidLen = new Int32Array(2);
  private readonly ownSide = new Int8Array(OWN_CAP);
  private readonly ownPrice = new Int32Array(OWN_CAP);
  private readonly ownLeaves = new Float64Array(OWN_CAP);
  private readonly ownAhead = new Float64Array(OWN_CAP);
  private ownCount = 0;
  private readonly rate = new Float64Array(8);
  nowNs = 0;
  nextNs = Infinity;
  /** The next "event" is only a seasonality bin boundary (rates change there; nothing happens to the book). */
  private boundary = false;
  /** Bumped whenever the next event was redrawn (callers waiting for `nextNs` must re-read it). */
  gen = 0;
  trades = 0;
  volume = 0;
  events = 0;
  private readonly tradeListeners: QrTradeListener[] = [];
  onOwnFill: QrFillListener | null = null;

  constructor(params: QrParams, seed: number) {
    this.p = validateQrParams(params);
    this.tickUnits = params.instrument.tickSizeUnits;
    const midTicks = params.initialMidUnits / this.tickUnits;
    const s = params.initialSpreadTicks;
    this.best[0] = Math.floor(midTicks - s / 2);
    this.best[1] = this.best[0] + s;
    this.rng.reseed(seed);
    this.others[0] = this.draw(params.refillSizes);
    this.others[1] = this.draw(params.refillSizes);
    this.redraw(0);
  }

  onTrade(listener: QrTradeListener): void {
    this.tradeListeners.push(listener);
  }

  /** Drops every trade listener and the own-fill callback (before the market is reused by a new session). */
  clearListeners(): void {
    this.tradeListeners.length = 0;
    this.onOwnFill = null;
  }

  /** Displayed size on `side` (1 bid, −1 ask) at `priceUnits`: other traders' and ours. */
  sizeAt(side: Side, priceUnits: number): number {
    const si = side === 1 ? 0 : 1;
    const pt = priceUnits / this.tickUnits;
    let q = 0;
    if (pt === this.best[si]) q = this.others[si]!;
    else for (let j = 0; j < this.hidLen[si]!; j++) if (this.hidPrice[si * HIDDEN_CAP + j] === pt) q = this.hidSize[si * HIDDEN_CAP + j]!;
    return q + this.ownAt(si, pt);
  }

  bestUnits(si: number): number {
    return this.best[si]! * this.tickUnits;
  }

  spreadTicks(): number {
    return this.best[1]! - this.best[0]!;
  }

  /** Displayed size at the touch of side index si. */
  touchSize(si: number): number {
    return this.others[si]! + this.ownAt(si, this.best[si]!);
  }

  /** Applies the event due at `nextNs` and draws the next one. */
  fire(): void {
    const t = this.nextNs;
    this.nowNs = t;
    if (this.boundary) {
      this.redraw(t);
      return;
    }
    const r = this.rate;
    let u = this.rng.float() * r[7]!;
    let k = 0;
    while (k < 6 && u >= r[k]!) u -= r[k++]!;
    const si = k < 6 ? k & 1 : u < r[6]! ? 0 : 1;
    const kind = k >> 1; // 0 limit, 1 cancel, 2 market, 3 inside
    if (kind === 0) this.others[si]! += this.draw(this.p.limitSizes);
    else if (kind === 1) this.cancelOthers(si, Math.min(this.draw(this.p.cancelSizes), this.others[si]!));
    else if (kind === 2) this.marketOrder(si, Math.min(this.draw(this.p.marketSizes), this.touchSize(si)));
    else this.insidePrice(si);
    this.events++;
    this.redraw(t);
  }

  /** Redraws the next event from `nowNs` with the current state's intensities. */
  redraw(nowNs: number): void {
    this.nowNs = nowNs;
    const p = this.p;
    const r = this.rate;
    const spread = this.spreadTicks();
    const ins = spread >= 2 ? p.insideRate[Math.min(spread, p.insideRate.length - 1)]! : 0;
    for (let si = 0; si < 2; si++) {
      const n = Math.min(p.buckets, Math.max(1, Math.ceil(this.touchSize(si) / p.aesUnits)));
      r[si] = p.limitRate[n]!;
      r[2 + si] = this.others[si]! > 0 ? p.cancelRate[n]! : 0;
      r[4 + si] = p.marketRate[n]!;
      r[6 + si] = ins;
    }
    // r[6] holds the bid's inside rate, r[7] the total (the ask's inside rate equals the bid's).
    const total = r[0]! + r[1]! + r[2]! + r[3]! + r[4]! + r[5]! + 2 * ins;
    r[7] = total;
    // Seasonality: rates are constant within a bin, so the draw is exact; a draw past the bin's
    // end is replaced by a redraw at the boundary (memoryless: still exact).
    let mult = 1, binEnd = Infinity;
    const season = p.seasonality;
    if (season !== undefined) {
      const binNs = p.seasonBinSec! * 1e9;
      const k = Math.max(0, Math.floor(nowNs / binNs));
      if (k < season.length - 1) binEnd = (k + 1) * binNs;
      mult = season[Math.min(k, season.length - 1)]!;
    }
    const next = total > 0 ? nowNs + Math.max(1, Math.round(this.rng.exponential(total * mult) * 1e9)) : Infinity;
    this.boundary = next > binEnd;
    this.nextNs = this.boundary ? binEnd : next;
    this.gen++;
  }

  /**
   * Our marketable order: takes the opposite touch level by level while its price is within
   * `limitUnits` (Infinity / 0 for a market buy / sell). Returns the size left. Fills are
   * reported through `onOwnFill(handle, …, true)` and printed to the tape.
   */
  take(handle: number, side: Side, limitUnits: number, size: number): number {
    const oi = side === 1 ? 1 : 0;
    let rem = size;
    for (let guard = 0; rem > 0 && guard < 10_000; guard++) {
      const px = this.best[oi]!;
      const pu = px * this.tickUnits;
      if (side === 1 ? pu > limitUnits : pu < limitUnits) break;
      const avail = this.others[oi]!;
      if (avail <= 0) {
        if (this.ownAt(oi, px) > 0) break; // only our own size left there: no self-trade
        this.deplete(oi);
        continue;
      }
      const f = Math.min(rem, avail);
      this.others[oi] = avail - f;
      rem -= f;
      this.onOwnFill?.(handle, pu, f, true);
      this.print(pu, f, side);
      if (this.others[oi]! === 0 && this.ownAt(oi, px) === 0) this.deplete(oi);
    }
    return rem;
  }

  /**
   * Rests our order (after `take`, so it does not cross): joins the back of its level; a price
   * better than the touch becomes the touch (the old touch is remembered behind it); a price
   * behind the touch rests at that level (size unknown there unless remembered: 0 assumed).
   */
  rest(handle: number, side: Side, priceUnits: number, size: number): void {
    if (handle < 0 || handle >= OWN_CAP) throw new RangeError(`QrMarket.rest: handle ${handle} must be in [0, ${OWN_CAP})`);
    const si = side === 1 ? 0 : 1;
    const dir = side === 1 ? 1 : -1;
    const pt = Math.round(priceUnits / this.tickUnits);
    let ahead: number;
    if (pt === this.best[si]) ahead = this.others[si]!;
    else if ((pt - this.best[si]!) * dir > 0) {
      this.pushHidden(si, this.best[si]!, this.others[si]!);
      this.best[si] = pt;
      this.others[si] = 0;
      ahead = 0;
    } else ahead = this.hiddenAt(si, pt, true);
    this.ownSide[handle] = side;
    this.ownPrice[handle] = pt;
    this.ownLeaves[handle] = size;
    this.ownAhead[handle] = ahead;
    if (handle >= this.ownCount) this.ownCount = handle + 1;
  }

  /** Removes our resting order; returns its leaves (0 if none). The touch moves if it was all that rested there. */
  cancelOwn(handle: number): number {
    const leaves = this.ownLeaves[handle] ?? 0;
    if (leaves <= 0) return 0;
    this.ownLeaves[handle] = 0;
    const si = this.ownSide[handle] === 1 ? 0 : 1;
    if (this.ownPrice[handle] === this.best[si] && this.touchSize(si) === 0) this.deplete(si);
    return leaves;
  }

  /** Up to `n` levels of side si from the touch outwards (touch, then remembered levels): prices in units and displayed sizes. */
  levels(si: number, n: number, price: Float64Array, size: Float64Array): number {
    if (n <= 0) return 0;
    price[0] = this.best[si]! * this.tickUnits;
    size[0] = this.touchSize(si);
    let k = 1;
    const base = si * HIDDEN_CAP;
    for (let j = this.hidLen[si]! - 1; j >= 0 && k < n; j--) {
      const pt = this.hidPrice[base + j]!;
      const q = this.hidSize[base + j]! + this.ownAt(si, pt);
      if (q <= 0) continue;
      price[k] = pt * this.tickUnits;
      size[k++] = q;
    }
    return k;
  }

  /** Other traders' size ahead of our resting order (NaN if it does not rest). */
  aheadOf(handle: number): number {
    return (this.ownLeaves[handle] ?? 0) > 0 ? this.ownAhead[handle]! : NaN;
  }

  /** True when none of our orders rests. */
  noOwnOrders(): boolean {
    for (let h = 0; h < this.ownCount; h++) if (this.ownLeaves[h]! > 0) return false;
    return true;
  }

  /** Copies the market's state into `into` (or a new snapshot). Throws while our orders rest. */
  snapshot(into?: QrSnapshot): QrSnapshot {
    if (!this.noOwnOrders()) throw new Error('QrMarket.snapshot: our orders rest in the book; snapshots hold the market alone');
    const s = into ?? { scalars: new Float64Array(SCALARS), hidPrice: new Int32Array(2 * HIDDEN_CAP), hidSize: new Float64Array(2 * HIDDEN_CAP), rng: new Uint32Array(4) };
    const a = s.scalars;
    a[0] = this.best[0]!; a[1] = this.best[1]!; a[2] = this.others[0]!; a[3] = this.others[1]!;
    a[4] = this.nowNs; a[5] = this.nextNs; a[6] = this.hidLen[0]!; a[7] = this.hidLen[1]!; a[8] = this.trades; a[9] = this.volume; a[10] = this.boundary ? 1 : 0;
    s.hidPrice.set(this.hidPrice);
    s.hidSize.set(this.hidSize);
    this.rng.save(s.rng);
    return s;
  }

  /** Puts the market back to `s` exactly (our orders are forgotten); `reseed` then starts a different future from it. */
  restore(s: QrSnapshot, reseed?: number): void {
    const a = s.scalars;
    this.best[0] = a[0]!; this.best[1] = a[1]!; this.others[0] = a[2]!; this.others[1] = a[3]!;
    this.nowNs = a[4]!; this.nextNs = a[5]!; this.hidLen[0] = a[6]!; this.hidLen[1] = a[7]!; this.trades = a[8]!; this.volume = a[9]!; this.boundary = a[10] === 1;
    this.hidPrice.set(s.hidPrice);
    this.hidSize.set(s.hidSize);
    this.rng.load(s.rng);
    this.ownLeaves.fill(0);
    this.ownCount = 0;
    this.events = 0;
    this.gen++;
    if (reseed !== undefined) {
      this.rng.reseed(reseed);
      this.redraw(this.nowNs);
    }
  }

  private ownAt(si: number, pt: number): number {
    let q = 0;
    const side = si === 0 ? 1 : -1;
    for (let h = 0; h < this.ownCount; h++) if (this.ownLeaves[h]! > 0 && this.ownSide[h] === side && this.ownPrice[h] === pt) q += this.ownLeaves[h]!;
    return q;
  }

  private draw(sample: readonly number[]): number {
    return sample[Math.floor(this.rng.float() * sample.length)]!;
  }

  private cancelOthers(si: number, c: number): void {
    const q = this.others[si]!;
    if (c <= 0 || q <= 0) return;
    const side = si === 0 ? 1 : -1;
    const pt = this.best[si]!;
    for (let h = 0; h < this.ownCount; h++) {
      if (this.ownLeaves[h]! > 0 && this.ownSide[h] === side && this.ownPrice[h] === pt) this.ownAhead[h] = Math.round((this.ownAhead[h]! * (q - c)) / q);
    }
    this.others[si] = q - c;
    if (this.touchSize(si) === 0) this.deplete(si);
  }

  /** A market order of size m hitting side si's touch (m ≤ displayed size there). */
  private marketOrder(si: number, m: number): void {
    if (m <= 0) return;
    const side = si === 0 ? 1 : -1;
    const pt = this.best[si]!;
    const pu = pt * this.tickUnits;
    let rem = m;
    let taken = 0;
    // Our orders at the touch in queue order (fewest others ahead first).
    for (;;) {
      let h = -1;
      for (let j = 0; j < this.ownCount; j++) {
        if (this.ownLeaves[j]! > 0 && this.ownSide[j] === side && this.ownPrice[j] === pt && this.ownAhead[j]! >= taken && (h < 0 || this.ownAhead[j]! < this.ownAhead[h]!)) h = j;
      }
      if (h < 0 || rem <= 0) break;
      const before = Math.min(rem, this.ownAhead[h]! - taken);
      taken += before;
      rem -= before;
      if (rem <= 0) break;
      const f = Math.min(rem, this.ownLeaves[h]!);
      this.ownLeaves[h]! -= f;
      rem -= f;
      this.ownAhead[h] = taken - 1; // consumed: excluded from the search above
      this.onOwnFill?.(h, pu, f, false);
    }
    taken += Math.min(rem, this.others[si]! - taken);
    for (let j = 0; j < this.ownCount; j++) {
      if (this.ownLeaves[j]! > 0 && this.ownSide[j] === side && this.ownPrice[j] === pt) this.ownAhead[j] = Math.max(0, this.ownAhead[j]! - taken);
    }
    this.others[si] = this.others[si]! - taken;
    this.print(pu, m, side === 1 ? -1 : 1);
    if (this.touchSize(si) === 0) this.deplete(si);
  }

  private insidePrice(si: number): void {
    const spread = this.spreadTicks();
    if (spread < 2) return;
    const dir = si === 0 ? 1 : -1;
    const i = Math.min(this.draw(this.p.insideTicks), spread - 1);
    // The covered touch is remembered only when our order rests there; otherwise the level behind
    // the new touch is regenerated when needed (the model's renewal rule, which the gap and refill
    // samples were fitted for: remembering every covered level freezes stale queues next to the touch).
    if (this.ownAt(si, this.best[si]!) > 0) this.pushHidden(si, this.best[si]!, this.others[si]!);
    this.best[si] = this.best[si]! + dir * i;
    this.others[si] = this.draw(this.p.insideSizes ?? this.p.refillSizes);
  }

  /** The touch of side si is empty: the next remembered level with size, or a drawn one, becomes the touch. */
  private deplete(si: number): void {
    const dir = si === 0 ? 1 : -1;
    const base = si * HIDDEN_CAP;
    while (this.hidLen[si]! > 0) {
      const j = --this.hidLen[si]!;
      const pt = this.hidPrice[base + j]!;
      const q = this.hidSize[base + j]!;
      if (q > 0 || this.ownAt(si, pt) > 0) {
        this.best[si] = pt;
        this.others[si] = q;
        return;
      }
    }
    this.best[si] = this.best[si]! - dir * this.draw(this.p.gapTicks);
    this.others[si] = this.draw(this.p.refillSizes);
  }

  /** Remembers a level behind the touch (top of the stack = nearest). Drops the deepest when full. */
  private pushHidden(si: number, pt: number, q: number): void {
    const base = si * HIDDEN_CAP;
    if (this.hidLen[si]! === HIDDEN_CAP) {
      this.hidPrice.copyWithin(base, base + 1, base + HIDDEN_CAP);
      this.hidSize.copyWithin(base, base + 1, base + HIDDEN_CAP);
      this.hidLen[si]!--;
    }
    const j = this.hidLen[si]!++;
    this.hidPrice[base + j] = pt;
    this.hidSize[base + j] = q;
  }

  /** Other traders' size at a remembered level behind the touch; with `create`, remembers an unknown one (size 0) in price order. */
  private hiddenAt(si: number, pt: number, create: boolean): number {
    const base = si * HIDDEN_CAP;
    const dir = si === 0 ? 1 : -1;
    const n = this.hidLen[si]!;
    for (let j = 0; j < n; j++) if (this.hidPrice[base + j] === pt) return this.hidSize[base + j]!;
    if (!create || n === HIDDEN_CAP) return 0;
    // Stack order: index n−1 is nearest the touch; find where pt belongs (deeper = smaller index).
    let j = n;
    while (j > 0 && (this.hidPrice[base + j - 1]! - pt) * dir < 0) j--;
    this.hidPrice.copyWithin(base + j + 1, base + j, base + n);
    this.hidSize.copyWithin(base + j + 1, base + j, base + n);
    this.hidPrice[base + j] = pt;
    this.hidSize[base + j] = 0;
    this.hidLen[si]!++;
    return 0;
  }

  private print(priceUnits: number, size: number, aggressor: Side): void {
    this.trades++;
    this.volume += size;
    for (const l of this.tradeListeners) l(this.nowNs, priceUnits, size, aggressor);
  }
}
