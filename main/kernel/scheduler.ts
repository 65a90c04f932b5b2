import { HeapQueue } from './heap-queue.js';

/** Something that happens at a simulated time. `fire` may schedule more work (including itself). */
export interface Task {
  fire(nowNs: number, scheduler: Scheduler): void;
}

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
 * The simulated clock and its event loop: tasks fire in (time, scheduling order), never in the
 * past, single-threaded, so a run is deterministic. Time is integer nanoseconds since the
 * session start (exact in a float64 for ~104 days).
 *
 * Invariants: `now` never decreases; a task scheduled for a time before `now` fires at `now`
 * (after everything already due then); `run(until)` fires every task due at or before `until`.
 *
 * The queue is a calendar queue (a timing wheel of ~1 ms buckets over the next
 * ~8.6 s, each bucket an unsorted list of pooled typed-array nodes, a bitmap of non-empty
 * buckets, and a 4-ary `HeapQueue` for entries outside the window), fused into the scheduler:
 * each node holds its task, so there is no task table, free list or second lookup, and `run`
 * finds the next entry once per task (no separate peek and pop). The pop order is exactly a
 * heap's — the earlier of the wheel's and the heap's earliest by (time, sequence) — so no event
 * log changed when it replaced the heap. Why: the agent-based market fires ~800 tasks per simulated second and
 * the queue was the largest single cost of its loop (#9).
 */
export class Scheduler {
  private nt = new Float64Array(1024);
  private ns = new Float64Array(1024);
  /** Next node in the bucket list, or the free list; −3 marks a node parked in the far heap. */
  private next = new Int32Array(1024);
  private task: Array<Task | null> = new Array<Task | null>(1024).fill(null);
  private freeHead = -1;
  private highWater = 0;
  private readonly head = new Int32Array(NB).fill(-1);
  private readonly bits = new Int32Array(WORDS);
  /** Absolute bucket index at or below every wheel entry's bucket. */
  private cur = 0;
  private wheelCount = 0;
  /** Node of the wheel's earliest entry, NONE (wheel empty) or UNKNOWN (search on demand). */
  private wmin = NONE;
  /** Entries outside the wheel's window, by (time, sequence), payload = their node. */
  private readonly far = new HeapQueue();
  private n = 0;
  private seq = 0;
  now = 0;
  fired = 0;

  /** Schedules `task` at `timeNs` (clamped to now). */
  at(timeNs: number, task: Task): void {
    const t = timeNs < this.now ? this.now : timeNs;
    const seq = this.seq++;
    this.n++;
    let k = this.freeHead;
    if (k >= 0) this.freeHead = this.next[k]!;
    else {
      if (this.highWater === this.nt.length) this.grow();
      k = this.highWater++;
    }
    this.task[k] = task;
    const b = Math.floor(t * INV_BUCKET_NS);
    const cur = this.cur;
    if (!(b >= cur && b < cur + NB)) {
      this.next[k] = -3;
      this.far.push(t, seq, k);
      return;
    }
    this.nt[k] = t;
    this.ns[k] = seq;
    const slot = b & MASK;
    this.next[k] = this.head[slot]!;
    this.head[slot] = k;
    this.bits[slot >> 5]! |= 1 << (slot & 31);
    this.wheelCount++;
    const m = this.wmin;
    // A later push at an equal time has a larger sequence: only a strictly earlier time is the new minimum.
    if (m === NONE || (m >= 0 && t < this.nt[m]!)) this.wmin = k;
  }

  /** Schedules `task` `delayNs` after now. */
  after(delayNs: number, task: Task): void {
    this.at(this.now + delayNs, task);
  }

  /** Time of the next task (Infinity when none). */
  nextTime(): number {
    if (this.n === 0) return Infinity;
    if (this.wmin === UNKNOWN) this.findWheelMin();
    const ft = this.far.peekTime();
    const m = this.wmin;
    if (m < 0) return ft;
    const wt = this.nt[m]!;
    return wt <= ft ? wt : ft;
  }

  /** Fires tasks due at or before `untilNs`, at most `maxTasks`; returns how many fired. */
  run(untilNs: number, maxTasks = Number.POSITIVE_INFINITY): number {
    let fired = 0;
    const far = this.far;
    while (fired < maxTasks && this.n > 0) {
      if (this.wmin === UNKNOWN) this.findWheelMin();
      const m = this.wmin;
      const ft = far.peekTime();
      let k: number;
      let t: number;
      if (m >= 0 && !(ft < this.nt[m]! || (ft === this.nt[m]! && far.peekSeq() < this.ns[m]!))) {
        t = this.nt[m]!;
        if (t > untilNs) break;
        this.unlink(m, t);
        this.wheelCount--;
        this.wmin = this.wheelCount === 0 ? NONE : UNKNOWN;
        k = m;
      } else {
        if (ft > untilNs) break;
        t = ft;
        k = far.pop();
        // Every wheel entry comes after this one, so its bucket is still a floor for them.
        const b = Math.floor(t * INV_BUCKET_NS);
        if (b > this.cur) this.cur = b;
      }
      this.n--;
      const task = this.task[k]!;
      this.task[k] = null;
      this.next[k] = this.freeHead;
      this.freeHead = k;
      this.now = t;
      task.fire(t, this);
      fired++;
    }
    this.fired += fired;
    if (untilNs !== Number.POSITIVE_INFINITY && untilNs > this.now && this.nextTime() > untilNs) this.now = untilNs;
    return fired;
  }

  get pending(): number {
    return this.n;
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

  /** Takes wheel node `k` (time `t`) out of its bucket's list (the caller frees it). */
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
  }

  private grow(): void {
    const cap = this.nt.length * 2;
    const t = new Float64Array(cap);
    const s = new Float64Array(cap);
    const nx = new Int32Array(cap);
    t.set(this.nt);
    s.set(this.ns);
    nx.set(this.next);
    this.nt = t;
    this.ns = s;
    this.next = nx;
    for (let i = this.task.length; i < cap; i++) this.task.push(null);
  }
}
