import { HeapQueue } from './heap-queue.js';

/** Bucket width: 2^20 ns ≈ 1.05 ms (a power of two: the bucket of a time is an exact product). */
const INV_BUCKET_NS = 2 ** -20;
/** Buckets in the wheel: a window of 2^13 × 1.05 ms ≈ 8.6 s ahead of the current bucket. */
const NB = 1 << 13;
const MASK = NB - 1;
const WORDS = NB >> 5;
/** `wmin` when the wheel is empty / when its earliest entry must be searched for. */
const NONE = -1;
const UNKNOWN = -2;

/**
 * The simulation's event queue, ordered by (time, sequence), holding integer payloads (an agent
 * index, an order slot, a message id — the caller decides). Ties in time pop in insertion order,
 * so a run is deterministic whatever the structure.
 *
 * Structure (why): a calendar queue — a timing wheel of ~1 ms buckets over the next ~8.6 s, each
 * bucket an unsorted list in pooled typed-array nodes, with a bitmap of non-empty buckets — and
 * a 4-ary heap (`HeapQueue`) for everything outside the window (far future, or before the
 * wheel's current bucket). The agent-based market keeps ~1,000 pending events, almost all due
 * within seconds and a few per millisecond: a push is O(1) and a pop scans one short list
 * instead of sifting through ~5 heap levels. The pop order is exactly the heap's: the earlier
 * of the wheel's and the heap's earliest entries by (time, sequence), so no event log changes.
 *
 * Invariants: `pop()` returns payloads in non-decreasing time; among equal times, in push order;
 * `time` is the time of the payload last popped; every wheel entry's bucket lies in
 * [cur, cur + NB), so a bucket slot never mixes two laps of the wheel.
 */
export class EventQueue {
  private nt = new Float64Array(1024);
  private ns = new Float64Array(1024);
  private np = new Int32Array(1024);
  private next = new Int32Array(1024);
  private freeHead = -1;
  private highWater = 0;
  private readonly head = new Int32Array(NB).fill(-1);
  private readonly bits = new Int32Array(WORDS);
  /** Absolute bucket index at or below every wheel entry's bucket. */
  private cur = 0;
  private wheelCount = 0;
  /** Node of the wheel's earliest entry, NONE (wheel empty) or UNKNOWN (search on demand). */
  private wmin = NONE;
  private readonly far = new HeapQueue();
  private n = 0;
  private seq = 0;
  /** Time of the last popped entry. */
  time = 0;

  get size(): number {
    return this.n;
  }

  /** Adds `payload` at `timeNs` (after every entry already at that time). */
  push(timeNs: number, payload: number): void {
    const seq = this.seq++;
    this.n++;
    const b = Math.floor(timeNs * INV_BUCKET_NS);
    const cur = this.cur;
    if (!(b >= cur && b < cur + NB)) {
      this.far.push(timeNs, seq, payload);
      return;
    }
    let k = this.freeHead;
    if (k >= 0) this.freeHead = this.next[k]!;
    else {
      if (this.highWater === this.nt.length) this.grow();
      k = this.highWater++;
    }
    this.nt[k] = timeNs;
    this.ns[k] = seq;
    this.np[k] = payload;
    const slot = b & MASK;
    this.next[k] = this.head[slot]!;
    this.head[slot] = k;
    this.bits[slot >> 5]! |= 1 << (slot & 31);
    this.wheelCount++;
    const m = this.wmin;
    // A later push at an equal time has a larger sequence: only a strictly earlier time is the new minimum.
    if (m === NONE || (m >= 0 && timeNs < this.nt[m]!)) this.wmin = k;
  }

  /** Time of the next entry (Infinity when empty). */
  peekTime(): number {
    if (this.n === 0) return Infinity;
    if (this.wmin === UNKNOWN) this.findWheelMin();
    const ft = this.far.peekTime();
    const m = this.wmin;
    if (m < 0) return ft;
    const wt = this.nt[m]!;
    return wt <= ft ? wt : ft;
  }

  /** Removes and returns the earliest payload; sets `time`. Throws when empty. */
  pop(): number {
    if (this.n === 0) throw new Error('EventQueue.pop: the queue is empty');
    if (this.wmin === UNKNOWN) this.findWheelMin();
    const m = this.wmin;
    const far = this.far;
    if (m >= 0) {
      const wt = this.nt[m]!;
      const ft = far.peekTime();
      if (!(ft < wt || (ft === wt && far.peekSeq() < this.ns[m]!))) {
        this.unlink(m, wt);
        this.n--;
        this.time = wt;
        this.wheelCount--;
        this.wmin = this.wheelCount === 0 ? NONE : UNKNOWN;
        return this.np[m]!;
      }
    }
    this.n--;
    const p = far.pop();
    this.time = far.time;
    // Every wheel entry comes after this one, so its bucket is still a floor for them.
    const b = Math.floor(this.time * INV_BUCKET_NS);
    if (b > this.cur) this.cur = b;
    return p;
  }

  clear(): void {
    this.head.fill(-1);
    this.bits.fill(0);
    this.freeHead = -1;
    this.highWater = 0;
    this.cur = 0;
    this.wheelCount = 0;
    this.wmin = NONE;
    this.far.clear();
    this.n = 0;
    this.seq = 0;
    this.time = 0;
  }

  /** Finds the wheel's earliest entry (wheel not empty) and moves `cur` up to its bucket. */
  private findWheelMin(): void {
    const bits = this.bits;
    const start = this.cur & MASK;
    let w = start >> 5;
    let word = bits[w]! & (-1 << (start & 31));
    // At most WORDS + 1 words: the last is the start word again, for the slots before `start` (one lap later).
    while (word === 0) {
      w = (w + 1) & (WORDS - 1);
      word = bits[w]!;
    }
    const slot = (w << 5) | (31 - Math.clz32(word & -word));
    this.cur += (slot - start) & MASK;
    const nt = this.nt;
    const ns = this.ns;
    const next = this.next;
    let best = this.head[slot]!;
    let bt = nt[best]!;
    let bs = ns[best]!;
    for (let k = next[best]!; k >= 0; k = next[k]!) {
      const t = nt[k]!;
      if (t < bt || (t === bt && ns[k]! < bs)) {
        best = k;
        bt = t;
        bs = ns[k]!;
      }
    }
    this.wmin = best;
  }

  /** Takes node `k` (time `t`) out of its bucket's list and frees it. */
  private unlink(k: number, t: number): void {
    const slot = Math.floor(t * INV_BUCKET_NS) & MASK;
    const next = this.next;
    let i = this.head[slot]!;
    if (i === k) {
      this.head[slot] = next[k]!;
      if (next[k]! < 0) this.bits[slot >> 5]! &= ~(1 << (slot & 31));
    } else {
      while (next[i] !== k) i = next[i]!;
      next[i] = next[k]!;
    }
    next[k] = this.freeHead;
    this.freeHead = k;
  }

  private grow(): void {
    const cap = this.nt.length * 2;
    const t = new Float64Array(cap);
    const s = new Float64Array(cap);
    const p = new Int32Array(cap);
    const nx = new Int32Array(cap);
    t.set(this.nt);
    s.set(this.ns);
    p.set(this.np);
    nx.set(this.next);
    this.nt = t;
    this.ns = s;
    this.np = p;
    this.next = nx;
  }
}
