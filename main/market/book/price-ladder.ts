/**
 * Level storage for ONE side of a book, shared by the L3 order book and the L2 level book.
 *
 * Key space: the ladder stores `key = side × price` (bids: key = price, asks: key = −price), so
 * on both sides a HIGHER key is a BETTER price and one monomorphic class serves both sides.
 *
 * Layout: every per-level column (`size`, `count`, and `head`/`tail` when the ladder carries
 * FIFO queues) has `cap + ovCap` entries and is addressed by a level HANDLE:
 *  - handles [0, cap) form the dense WINDOW: handle i ⇔ key `origin + i × tick`;
 *  - handles [cap, cap + ovCap) are OVERFLOW slots for far-away levels (key in `ovKey`).
 *
 * Invariants (checked by `auditLadder`):
 *  - `tick` ≥ 1 once two distinct keys were seen (0 = unknown: at most one distinct key, at
 *    handle 0 = `origin`); every window key is `origin + i × tick`.
 *  - Every overflow key is < `origin` (worse than every window level), overflow slots are
 *    listed in `ovSorted[0, ovLen)` by key descending, and the window is empty only if the
 *    overflow is empty (the best level is always in the window).
 *  - A level is active (non-empty) ⇔ its window bit is set / its overflow slot is listed.
 *    Inactive levels have size 0, count 0, head = tail = −1.
 *  - `best` is the highest active window handle (−1 if none); `levels` counts active levels.
 *  - `bits` has one bit per window handle, `summary` one bit per non-zero `bits` word.
 *
 * Growth: a key outside the window (or not aligned to `tick`) triggers `rebuild`, which
 * re-grids to tick = gcd(tick, |Δkey|), re-bases/grows the window (doubling, at most
 * `maxCap` levels) and moves levels that do not fit to the overflow. It is O(levels + orders)
 * and rare; handles change, so the ladder re-points resting orders through `links`.
 */

import { restoreFields, snapshotFields, type FieldSnapshot } from './book-snapshot.js';

/** Per-order columns of the L3 pool the ladder rewrites after a rebuild (level handle, FIFO next). */
export interface QueueLinks {
  lvl: Int32Array;
  next: Int32Array;
}

const MIN_CAP = 64;
const LADDER_FIELDS = [
  'tick', 'origin', 'cap', 'ovCap', 'size', 'count', 'head', 'tail', 'bits', 'summary', 'best', 'levels', 'windowLevels',
  'ovKey', 'ovSorted', 'ovLen', 'ovFree', 'ovFreeLen', 'rebuilds',
] as const;
/** The origin stays ≥ −2^52 so that key − origin is exact for every valid key (|key| ≤ 2^50). */
const ORIGIN_LIMIT = 2 ** 52;

/** One side's level storage; layout and invariants in the module comment above. */
export class PriceLadder {
  /** Key units per window level; 0 = unknown (fewer than two distinct keys seen). */
  tick: number;
  /** Key of window handle 0. */
  origin = 0;
  /** Window levels (power of two, ≤ maxCap). */
  cap = 0;
  /** Overflow slots. */
  ovCap = 0;
  size = new Float64Array(0);
  count = new Int32Array(0);
  head = new Int32Array(0);
  tail = new Int32Array(0);
  bits = new Uint32Array(0);
  summary = new Uint32Array(0);
  best = -1;
  levels = 0;
  windowLevels = 0;
  ovKey = new Float64Array(0);
  ovSorted = new Int32Array(0);
  ovLen = 0;
  ovFree = new Int32Array(0);
  ovFreeLen = 0;
  /** Number of rebuilds so far (diagnostics / benchmarks). */
  rebuilds = 0;

  constructor(
    readonly links: QueueLinks | null,
    tickUnits = 0,
    readonly maxCap = 1 << 18,
    initialCap = 1024,
  ) {
    if (!(maxCap >= MIN_CAP) || (maxCap & (maxCap - 1)) !== 0) throw new RangeError('maxCap must be a power of two ≥ 64');
    this.tick = tickUnits > 0 ? tickUnits : 0;
    let c = MIN_CAP;
    while (c < initialCap && c < maxCap) c *= 2;
    this.allocate(c, 8);
  }

  /** Window handle of `key` if it lies in the window and on the grid, else −1. */
  indexOf(key: number): number {
    const i = (key - this.origin) / this.tick;
    return i >= 0 && i < this.cap && (i | 0) === i ? i : -1;
  }

  /** Handle of the level at `key` (possibly inactive when in the window) or −1 if it has none. */
  find(key: number): number {
    const i = this.indexOf(key);
    if (i >= 0) return i;
    if (this.tick === 0 && key === this.origin) return 0;
    return key < this.origin ? this.ovFind(key) : -1;
  }

  /** Key of an active or window handle. */
  keyOf(h: number): number {
    return h < this.cap ? this.origin + h * this.tick : this.ovKey[h - this.cap]!;
  }

  /** True when handle `h` is an active level. */
  isActive(h: number): boolean {
    if (h >= this.cap) return true;
    return ((this.bits[h >> 5]! >>> (h & 31)) & 1) === 1;
  }

  /**
   * Handle of the level at `key`, activating it (empty) if needed. `key` must be a valid
   * integer key (callers validate prices first). May rebuild: handles held by the caller
   * other than the returned one are invalid afterwards.
   */
  acquire(key: number): number {
    const i = this.indexOf(key);
    if (i < 0) return this.place(key);
    this.activate(i);
    return i;
  }

  private activate(i: number): void {
    const w = i >> 5;
    const word = this.bits[w]!;
    const b = 1 << (i & 31);
    if ((word & b) === 0) {
      if (word === 0) this.summary[w >> 5]! |= 1 << (w & 31);
      this.bits[w] = word | b;
      this.levels++;
      this.windowLevels++;
      if (i > this.best) this.best = i;
    }
  }

  /**
   * Deactivates the (now empty) level `h`: zeroes it and updates best/levels. If the window
   * empties while the overflow still holds levels, rebuilds so that the best is in the window.
   */
  release(h: number): void {
    this.size[h] = 0;
    this.count[h] = 0;
    this.levels--;
    if (h < this.cap) {
      const w = h >> 5;
      const word = this.bits[w]! & ~(1 << (h & 31));
      this.bits[w] = word;
      if (word === 0) this.summary[w >> 5]! &= ~(1 << (w & 31));
      this.windowLevels--;
      if (h === this.best) this.best = this.prevSet(h);
      if (this.windowLevels === 0 && this.ovLen > 0) this.rebuild(NaN);
    } else {
      this.ovRemove(h - this.cap);
    }
  }

  /** The next worse active level after active level `h`, or −1. */
  nextWorse(h: number): number {
    if (h < this.cap) {
      const i = this.prevSet(h);
      if (i >= 0) return i;
      return this.ovLen > 0 ? this.cap + this.ovSorted[0]! : -1;
    }
    const pos = this.ovPos(this.ovKey[h - this.cap]!);
    return pos + 1 < this.ovLen ? this.cap + this.ovSorted[pos + 1]! : -1;
  }

  /** Highest set window bit strictly below `i`, or −1 (two-level bitset scan with Math.clz32). */
  prevSet(i: number): number {
    if (i <= 0) return -1;
    const j = i - 1;
    let w = j >> 5;
    let m = this.bits[w]! & (0xffffffff >>> (31 - (j & 31)));
    if (m !== 0) return (w << 5) + 31 - Math.clz32(m);
    if (w === 0) return -1;
    const wj = w - 1;
    let s = wj >> 5;
    let sm = this.summary[s]! & (0xffffffff >>> (31 - (wj & 31)));
    while (sm === 0) {
      if (s === 0) return -1;
      sm = this.summary[--s]!;
    }
    w = (s << 5) + 31 - Math.clz32(sm);
    m = this.bits[w]!;
    return (w << 5) + 31 - Math.clz32(m);
  }

  /** Empties the ladder, keeping its capacity and tick. */
  clear(): void {
    this.size.fill(0);
    this.count.fill(0);
    this.head.fill(-1);
    this.tail.fill(-1);
    this.bits.fill(0);
    this.summary.fill(0);
    this.best = -1;
    this.levels = 0;
    this.windowLevels = 0;
    this.ovLen = 0;
    this.ovFreeLen = this.ovCap;
    for (let s = 0; s < this.ovCap; s++) this.ovFree[s] = this.ovCap - 1 - s;
  }

  /** A copy of the layout, columns and counters (not `links`: the owner snapshots its pool). */
  snapshot(): FieldSnapshot {
    return snapshotFields(this, LADDER_FIELDS);
  }

  /** Back to the state `snapshot` copied (columns overwritten in place when the layout matches). */
  restore(s: FieldSnapshot): void {
    restoreFields(this, s);
  }

  // ---- slow paths -------------------------------------------------------------------------

  /** Places a key that is not in the window: re-base, re-grid, grow or overflow. */
  private place(key: number): number {
    if (this.levels === 0) {
      // Empty side (overflow empty too): re-base cheaply around the key.
      let i = 0;
      if (this.tick === 0) this.origin = key;
      else this.origin = key - (i = Math.min(this.cap >> 1, Math.floor((key + ORIGIN_LIMIT) / this.tick))) * this.tick;
      this.activate(i);
      return i;
    }
    if (this.tick === 0 && key === this.origin) return 0;
    if (key < this.origin && this.tick > 0) {
      const h = this.ovFind(key);
      if (h >= 0) return h;
      const top = this.origin + this.best * this.tick;
      const aligned = (this.origin - key) % this.tick === 0;
      if (!aligned || (top - key) / this.tick >= this.maxCap >> 1) return this.ovInsert(key);
    }
    this.rebuild(key);
    const i = this.indexOf(key);
    return i >= 0 ? this.acquire(key) : this.ovInsert(key);
  }

  private ovPos(key: number): number {
    let lo = 0;
    let hi = this.ovLen - 1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      const k = this.ovKey[this.ovSorted[m]!]!;
      if (k === key) return m;
      if (k > key) lo = m + 1;
      else hi = m - 1;
    }
    return -1 - lo;
  }

  private ovFind(key: number): number {
    const p = this.ovPos(key);
    return p >= 0 ? this.cap + this.ovSorted[p]! : -1;
  }

  private ovInsert(key: number): number {
    if (this.ovFreeLen === 0) {
      this.rebuild(key);
      return this.acquire(key);
    }
    const slot = this.ovFree[--this.ovFreeLen]!;
    this.ovKey[slot] = key;
    const at = -1 - this.ovPos(key);
    this.ovSorted.copyWithin(at + 1, at, this.ovLen);
    this.ovSorted[at] = slot;
    this.ovLen++;
    this.levels++;
    return this.cap + slot;
  }

  private ovRemove(slot: number): void {
    const at = this.ovPos(this.ovKey[slot]!);
    this.ovSorted.copyWithin(at, at + 1, this.ovLen);
    this.ovLen--;
    this.ovFree[this.ovFreeLen++] = slot;
  }

  private allocate(cap: number, ovCap: number): void {
    const n = cap + ovCap;
    this.cap = cap;
    this.ovCap = ovCap;
    this.size = new Float64Array(n);
    this.count = new Int32Array(n);
    this.head = new Int32Array(this.links ? n : 0).fill(-1);
    this.tail = new Int32Array(this.links ? n : 0).fill(-1);
    this.bits = new Uint32Array(cap >> 5);
    this.summary = new Uint32Array(Math.max(1, cap >> 10));
    this.ovKey = new Float64Array(ovCap);
    this.ovSorted = new Int32Array(ovCap);
    this.ovFree = new Int32Array(ovCap);
    this.best = -1;
    this.levels = 0;
    this.windowLevels = 0;
    this.ovLen = 0;
    this.ovFreeLen = ovCap;
    for (let s = 0; s < ovCap; s++) this.ovFree[s] = ovCap - 1 - s;
  }

  /**
   * Re-lays out every level (plus `extraKey` unless NaN, which is NOT activated): chooses the
   * tick, the window (top key always inside) and the overflow, then re-points orders.
   */
  rebuild(extraKey: number): void {
    this.rebuilds++;
    // Collect active levels, best first.
    const keys: number[] = [];
    const hs: number[] = [];
    const first = this.best >= 0 ? this.best : this.ovLen > 0 ? this.cap + this.ovSorted[0]! : -1;
    for (let h = first; h >= 0; h = this.nextWorse(h)) {
      keys.push(this.keyOf(h));
      hs.push(h);
    }
    const oSize = this.size, oCount = this.count, oHead = this.head, oTail = this.tail;
    const all = keys.slice();
    if (extraKey === extraKey && all.indexOf(extraKey) < 0) {
      all.push(extraKey);
      all.sort((a, b) => b - a);
    }
    const top = all[0]!;
    // Tick: gcd with every key within reach of the top (reach shrinks as the tick does).
    // The window spans at most maxCap/2 keys below the top so that half of it is headroom.
    const reach = (this.maxCap >> 1) - 1;
    let t = this.tick;
    for (let j = 1; j < all.length; j++) {
      const d = top - all[j]!;
      if (t === 0) t = d;
      else if (d > reach * t) break;
      else if (d % t !== 0) t = gcd(t, d);
    }
    let lo = top;
    let below = -Infinity; // highest key under the window's lowest level
    if (t > 0) {
      let j = 1;
      for (; j < all.length && top - all[j]! <= reach * t; j++) lo = all[j]!;
      if (j < all.length) below = all[j]!;
    }
    const span = t > 0 ? (top - lo) / t + 1 : 1;
    let cap = Math.max(this.cap, MIN_CAP);
    while (cap < span * 2 && cap < this.maxCap) cap *= 2;
    // Centre the span, but keep every key under `lo` strictly below the origin (overflow).
    let pad = Math.floor((cap - span) / 2);
    if (t > 0 && below > -Infinity) pad = Math.min(pad, Math.ceil((lo - below) / t) - 1);
    if (t > 0) pad = Math.min(pad, Math.floor((lo + ORIGIN_LIMIT) / t)); // keep the origin exact
    const origin = t > 0 ? lo - pad * t : top;
    let nOver = 0;
    for (const k of all) if (k < origin) nOver++;
    let ovCap = Math.max(this.ovCap, 8);
    while (ovCap < 2 * (nOver + 1)) ovCap *= 2;

    this.tick = t;
    this.origin = origin;
    this.allocate(cap, ovCap);
    const links = this.links;
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      const oh = hs[j]!;
      let h: number;
      if (k >= origin) {
        h = t > 0 ? (k - origin) / t : 0;
        this.activate(h);
      } else {
        const slot = this.ovFree[--this.ovFreeLen]!;
        this.ovKey[slot] = k;
        this.ovSorted[this.ovLen++] = slot; // keys arrive in descending order
        this.levels++;
        h = cap + slot;
      }
      this.size[h] = oSize[oh]!;
      this.count[h] = oCount[oh]!;
      if (links !== null) {
        this.head[h] = oHead[oh]!;
        this.tail[h] = oTail[oh]!;
        const lvl = links.lvl;
        const next = links.next;
        for (let o = oHead[oh]!; o >= 0; o = next[o]!) lvl[o] = h;
      }
    }
  }
}

/** Greatest common divisor of two non-negative integers (exact below 2^53). */
export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const r = a % b;
    a = b;
    b = r;
  }
  return a;
}
