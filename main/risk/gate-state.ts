/*
 * The memory the pre-trade gate keeps between orders: per symbol (position, cash, latest
 * reference price, recently accepted orders for the duplicate check) and the accepted-order
 * timestamps for the rate limit. Everything is in the caller's integer units (size units, price
 * units, time units), so comparisons are exact.
 */

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
  /** Recently accepted orders, for the duplicate check. */
  readonly recent = new RecentOrders();

  constructor(readonly symbol: string, readonly restricted: boolean) {}

  /** P&L of the fills in price units × size units, marked at `ref` (at the last fill price when there is none). */
  pnlUnits(): number {
    if (this.position === 0) return this.cash - this.fees;
    return this.cash + this.position * this.ref - this.fees;
  }
}

/**
 * When each recently accepted order (price, side × qty) was accepted: an open-addressing hash table
 * in typed arrays, so remembering and looking up allocate nothing. Market orders use price −1.
 * A new order takes over a slot on its probe chain whose order has left the duplicate window;
 * when half the slots are nevertheless used the table is rebuilt with only the entries still
 * inside the window (at twice the size if those fill more than a quarter), so memory follows what
 * the window can still match. Invariant: at most one slot per (price, side × qty), holding the
 * latest time it was accepted.
 */
export class RecentOrders {
  // The table is allocated on the first `remember`: a gate without a duplicate window never
  // remembers, and a gate is built per episode in the learning env, where eight typed arrays per
  // symbol (allocation, zeroing and the GC's sweep of their buffers) were a third of its CPU (#9).
  private cap = 0;
  private prices = NO_F64;
  private keys = NO_F64;
  private times = NO_F64;
  private used = NO_U8;
  private count = 0;
  private scratchPrices = NO_F64;
  private scratchKeys = NO_F64;
  private scratchTimes = NO_F64;

  /** The time of the latest accepted order with this price and side × qty, or NaN (one that has left the window may be forgotten). */
  last(price: number, signedQty: number): number {
    if (this.count === 0) return NaN;
    const mask = this.cap - 1;
    for (let i = hash(price, signedQty) & mask; this.used[i] === 1; i = (i + 1) & mask) {
      if (this.prices[i] === price && this.keys[i] === signedQty) return this.times[i]!;
    }
    return NaN;
  }

  /** Records an acceptance at `ts`; `window` (time units) decides what a rebuild keeps. */
  remember(price: number, signedQty: number, ts: number, window: number): void {
    if (this.cap === 0) {
      this.cap = 1024;
      this.prices = new Float64Array(this.cap);
      this.keys = new Float64Array(this.cap);
      this.times = new Float64Array(this.cap);
      this.used = new Uint8Array(this.cap);
    }
    const mask = this.cap - 1;
    let i = hash(price, signedQty) & mask;
    let expired = -1;
    for (; this.used[i] === 1; i = (i + 1) & mask) {
      if (this.prices[i] === price && this.keys[i] === signedQty) {
        this.times[i] = ts;
        return;
      }
      if (expired < 0 && ts - this.times[i]! >= window) expired = i;
    }
    // A new key: reuse a slot on its probe chain whose order has left the window (the key is not
    // further along the chain: we scanned to its end), else take the free slot at the end.
    const slot = expired >= 0 ? expired : i;
    this.prices[slot] = price;
    this.keys[slot] = signedQty;
    this.times[slot] = ts;
    if (expired >= 0) return;
    this.used[slot] = 1;
    if (++this.count * 2 >= this.cap) this.rebuild(ts, window);
  }

  private rebuild(ts: number, window: number): void {
    // Live entries go to scratch arrays first; the table is then cleared and refilled in place
    // (allocating typed arrays on every rebuild cost more than everything else put together).
    const n = this.cap;
    if (this.scratchPrices.length < n) {
      this.scratchPrices = new Float64Array(n);
      this.scratchKeys = new Float64Array(n);
      this.scratchTimes = new Float64Array(n);
    }
    const sp = this.scratchPrices;
    const sk = this.scratchKeys;
    const st = this.scratchTimes;
    let live = 0;
    for (let i = 0; i < n; i++) {
      if (this.used[i] === 1 && ts - this.times[i]! < window) {
        sp[live] = this.prices[i]!;
        sk[live] = this.keys[i]!;
        st[live] = this.times[i]!;
        live++;
      }
    }
    if (live * 4 > n) {
      this.cap = n * 2;
      this.prices = new Float64Array(this.cap);
      this.keys = new Float64Array(this.cap);
      this.times = new Float64Array(this.cap);
      this.used = new Uint8Array(this.cap);
    } else {
      this.used.fill(0);
    }
    const mask = this.cap - 1;
    for (let j = 0; j < live; j++) {
      let i = hash(sp[j]!, sk[j]!) & mask;
      while (this.used[i] === 1) i = (i + 1) & mask;
      this.used[i] = 1;
      this.prices[i] = sp[j]!;
      this.keys[i] = sk[j]!;
      this.times[i] = st[j]!;
    }
    this.count = live;
  }
}

/** Shared empty arrays (never written: a table or scratch of length 0 is replaced before use). */
const NO_F64 = new Float64Array(0);
const NO_U8 = new Uint8Array(0);

/**
 * A 32-bit mix of two integers. Only their low 32 bits are mixed (numbers beyond 2^32 units share
 * buckets with their residues, which costs a longer probe, never a wrong answer: keys compare exactly).
 */
function hash(a: number, b: number): number {
  let h = Math.imul(a | 0, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
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
