/*
 * The memory the pre-trade gate keeps between orders: per symbol (position, cash, latest
 * reference price, recently accepted orders for the duplicate check) and the accepted-order
 * timestamps for the rate limit. Everything is in the caller's integer units (size units, price
 * units, time units), so comparisons are exact.
 */

/** One recently accepted order, for the duplicate check. */
interface Recent {
  side: number;
  qty: number;
  ts: number;
}

/**
 * A symbol's trading state. Invariants: `position` = Σ signed filled qty; `cash` = −Σ side × qty ×
 * price over fills (price units × size units); `fees` ≥ 0 in the same scale when fees are paid;
 * `ref` is the latest finite reference price seen (NaN before any).
 */
export class SymbolState {
  position = 0;
  cash = 0;
  fees = 0;
  ref = NaN;
  /** Recently accepted orders by price (market orders under −1). Pruned as they leave the window. */
  private readonly recent = new Map<number, Recent[]>();
  private recentCount = 0;

  constructor(readonly symbol: string, readonly restricted: boolean) {}

  /** The timestamp of the latest accepted order equal in side, qty and price, or NaN. */
  lastSame(side: number, qty: number, price: number): number {
    const list = this.recent.get(price !== price ? -1 : price);
    if (list === undefined) return NaN;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (r.side === side && r.qty === qty) return r.ts;
    }
    return NaN;
  }

  /** Remembers an accepted order for `window` time units (drops entries older than that as it goes). */
  remember(side: number, qty: number, price: number, ts: number, window: number): void {
    const key = price !== price ? -1 : price;
    let list = this.recent.get(key);
    if (list === undefined) {
      list = [];
      this.recent.set(key, list);
    }
    let found = false;
    for (let i = list.length - 1; i >= 0; i--) {
      const r = list[i]!;
      if (r.side === side && r.qty === qty) {
        r.ts = ts;
        found = true;
      } else if (ts - r.ts >= window) {
        list.splice(i, 1);
        this.recentCount--;
      }
    }
    if (!found) {
      list.push({ side, qty, ts });
      this.recentCount++;
    }
    // Keep memory bounded by what the window can still match: sweep every price now and then.
    if (this.recentCount > 4096 && this.recentCount > 2 * this.recent.size) this.sweep(ts, window);
  }

  /** P&L of the fills in price units × size units, marked at `ref` (at the last fill price when there is none). */
  pnlUnits(): number {
    if (this.position === 0) return this.cash - this.fees;
    return this.cash + this.position * this.ref - this.fees;
  }

  private sweep(ts: number, window: number): void {
    for (const [key, list] of this.recent) {
      const kept = list.filter((r) => ts - r.ts < window);
      this.recentCount -= list.length - kept.length;
      if (kept.length === 0) this.recent.delete(key);
      else this.recent.set(key, kept);
    }
  }
}

/**
 * Timestamps of the last `limit` accepted orders, oldest first in a ring. With non-decreasing
 * timestamps, the orders accepted in (t − 1 s, t] number at least `limit` exactly when the
 * `limit`-th most recent one is later than t − 1 s. Invariant: `count ≤ limit`.
 */
export class RateWindow {
  private readonly ring: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly limit: number, private readonly second: number) {
    this.ring = new Float64Array(Math.max(1, limit));
  }

  /** True when the orders accepted in (ts − 1 s, ts] number at least the limit. */
  full(ts: number): boolean {
    if (this.limit === 0) return true;
    if (this.count < this.limit) return false;
    return ts - this.ring[this.head]! < this.second;
  }

  /** Orders accepted in (ts − 1 s, ts], for messages (counts back through the ring). */
  inLastSecond(ts: number): number {
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      const at = this.ring[(this.head + this.count - 1 - i) % this.ring.length]!;
      if (ts - at < this.second) n++;
      else break;
    }
    return n;
  }

  add(ts: number): void {
    if (this.limit === 0) return;
    if (this.count < this.limit) {
      this.ring[(this.head + this.count) % this.ring.length] = ts;
      this.count++;
    } else {
      this.ring[this.head] = ts;
      this.head = (this.head + 1) % this.ring.length;
    }
  }
}
