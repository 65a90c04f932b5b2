import type { BookView } from '../book/book-types.js';
import { EventKind, type MarketEvent } from '../events/market-event.js';

/** One event at a touch: kind 0 none (time only), 1 limit, 2 cancel, 3 market; q = size before; dt = time in that state before it; t = its time. */
export interface TouchEvent {
  kind: number;
  q: number;
  dt: number;
  t: number;
}

/**
 * Turns touch states at timestamp boundaries into touch events and samples (the queue-reactive
 * fit's input; see `fitQueueReactive`). Fed either by a replay (`onEvent(ev, book)`) or by any
 * market that reports its touch and trades (`onTouch`, e.g. a simulated session). Invariants:
 * events sharing a timestamp are one group, compared start vs end touch; only groups whose time
 * lies in [windowLo, windowHi] (ns, the feed's clock) are counted, the first of them setting
 * `firstTs` / `firstMid`, so a window fits that part of the day only while the book before it
 * is still rebuilt from every event.
 */
export class TouchFlow {
  readonly touch: TouchEvent[] = [];
  readonly limitSizes: number[] = [];
  readonly cancelSizes: number[] = [];
  readonly marketSizes: number[] = [];
  readonly refillSizes: number[] = [];
  readonly insideSizes: number[] = [];
  readonly gaps: number[] = [];
  readonly insides: number[] = [];
  /** Intervals between timestamp groups: end time, length, spread (ticks) during it. */
  readonly ivT: number[] = [];
  readonly ivDt: number[] = [];
  readonly ivSpread: number[] = [];
  /** Inside events: time and the spread they arrived into. */
  readonly insideT: number[] = [];
  readonly insideSpread: number[] = [];
  touchEvents = 0;
  sizeSum = 0;
  firstMid = NaN;
  firstSpreadTicks = 0;
  firstTs = NaN;
  lastTs = NaN;
  // Touch at the start of the current timestamp group, and after the latest event.
  private g = new Float64Array(4); // bid, bidSize, ask, askSize
  private cur = new Float64Array([NaN, 0, NaN, 0]);
  private groupTs = NaN;
  private hitBid = false;
  private hitAsk = false;

  constructor(private readonly tick: number, private readonly windowLo = -Infinity, private readonly windowHi = Infinity) {
    this.g.fill(NaN);
  }

  /** A replayed event and the book after it. */
  onEvent(ev: MarketEvent, book: BookView): void {
    // LOBSTER / L3 executions carry the resting side; trade prints the aggressor's.
    const hit = ev.kind === EventKind.Execute ? ev.side : ev.kind === EventKind.Trade ? -ev.side : 0;
    const b = book.bestBid(), a = book.bestAsk();
    this.onTouch(ev.tsNs, b, Number.isFinite(b) ? book.sizeAt(1, b) : 0, a, Number.isFinite(a) ? book.sizeAt(-1, a) : 0, hit);
  }

  /**
   * The touch after an event at `tsNs` (NaN price = empty side) and the resting side a trade in
   * it hit (1 bid, −1 ask, 0 none). Times must not go back.
   */
  onTouch(tsNs: number, bid: number, bidSize: number, ask: number, askSize: number, hit: number): void {
    if (tsNs !== this.groupTs) {
      this.flush();
      this.g.set(this.cur);
      this.groupTs = tsNs;
      this.hitBid = false;
      this.hitAsk = false;
    }
    if (hit === 1) this.hitBid = true;
    else if (hit === -1) this.hitAsk = true;
    this.cur[0] = bid;
    this.cur[1] = bidSize;
    this.cur[2] = ask;
    this.cur[3] = askSize;
  }

  /** Closes the current timestamp group: compares its start and end touch. */
  flush(): void {
    const g = this.g, c = this.cur, t = this.groupTs;
    if (!Number.isFinite(t)) return;
    if (t < this.windowLo || t > this.windowHi) return;
    const twoSided = (x: Float64Array) => Number.isFinite(x[0]!) && Number.isFinite(x[2]!) && x[0]! < x[2]!;
    if (!twoSided(g) || !twoSided(c)) return;
    if (Number.isNaN(this.firstTs)) {
      this.firstTs = t;
      this.lastTs = t;
      this.firstMid = (c[0]! + c[2]!) / 2;
      this.firstSpreadTicks = Math.round((c[2]! - c[0]!) / this.tick);
      return;
    }
    const dt = t - this.lastTs;
    this.lastTs = t;
    const spread = Math.round((g[2]! - g[0]!) / this.tick);
    this.ivT.push(t);
    this.ivDt.push(dt);
    this.ivSpread.push(spread);
    this.side(1, g[0]!, g[1]!, c[0]!, c[1]!, dt, this.hitBid, spread, t);
    this.side(-1, g[2]!, g[3]!, c[2]!, c[3]!, 0, this.hitAsk, spread, t);
    // The ask side's time: the same interval in its own state.
    this.touch.push({ kind: 0, q: g[3]!, dt, t });
  }

  private side(dir: number, p0: number, q0: number, p1: number, q1: number, dt: number, hit: boolean, spread: number, t: number): void {
    let kind = 0;
    if (p1 === p0) {
      const dq = q1 - q0;
      if (dq > 0) {
        kind = 1;
        this.limitSizes.push(dq);
      } else if (dq < 0) {
        kind = hit ? 3 : 2;
        (hit ? this.marketSizes : this.cancelSizes).push(-dq);
      }
      if (kind !== 0) this.sizeSum += Math.abs(dq);
    } else if ((p1 - p0) * dir > 0) {
      this.insideT.push(t);
      this.insideSpread.push(spread);
      this.insides.push(Math.max(1, Math.round(Math.abs(p1 - p0) / this.tick)));
      this.insideSizes.push(q1);
    } else {
      kind = hit ? 3 : 2;
      (hit ? this.marketSizes : this.cancelSizes).push(q0);
      this.sizeSum += q0;
      this.gaps.push(Math.max(1, Math.round(Math.abs(p1 - p0) / this.tick)));
      this.refillSizes.push(q1);
    }
    if (kind !== 0) this.touchEvents++;
    // Time is booked once per side: the bid's here (dt), the ask's by `flush` (kind 0 row).
    if (dt > 0 || kind !== 0) this.touch.push({ kind, q: q0, dt, t });
  }
}
