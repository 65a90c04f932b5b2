/**
 * The simulation's event queue: a binary min-heap ordered by (time, sequence), in typed arrays,
 * holding integer payloads (an agent index, an order slot, a message id — the caller decides).
 * Ties in time pop in insertion order, so a run is deterministic whatever the heap shape.
 *
 * Invariants: `pop()` returns payloads in non-decreasing time; among equal times, in push order;
 * `time` is the time of the payload last popped.
 */
export class EventQueue {
  private t = new Float64Array(1024);
  private s = new Float64Array(1024);
  private p = new Int32Array(1024);
  private n = 0;
  private seq = 0;
  /** Time of the last popped entry. */
  time = 0;

  get size(): number {
    return this.n;
  }

  push(timeNs: number, payload: number): void {
    if (this.n === this.t.length) this.grow();
    let i = this.n++;
    const seq = this.seq++;
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.t[parent] < timeNs || (this.t[parent] === timeNs && this.s[parent] < seq)) break;
      this.t[i] = this.t[parent];
      this.s[i] = this.s[parent];
      this.p[i] = this.p[parent];
      i = parent;
    }
    this.t[i] = timeNs;
    this.s[i] = seq;
    this.p[i] = payload;
  }

  /** Time of the next entry (Infinity when empty). */
  peekTime(): number {
    return this.n > 0 ? this.t[0] : Infinity;
  }

  /** Removes and returns the earliest payload; sets `time`. Throws when empty. */
  pop(): number {
    if (this.n === 0) throw new Error('EventQueue.pop: the queue is empty');
    const payload = this.p[0];
    this.time = this.t[0];
    const last = --this.n;
    if (last > 0) {
      const lt = this.t[last];
      const ls = this.s[last];
      const lp = this.p[last];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        let c = l;
        if (r < last && (this.t[r] < this.t[l] || (this.t[r] === this.t[l] && this.s[r] < this.s[l]))) c = r;
        if (lt < this.t[c] || (lt === this.t[c] && ls < this.s[c])) break;
        this.t[i] = this.t[c];
        this.s[i] = this.s[c];
        this.p[i] = this.p[c];
        i = c;
      }
      this.t[i] = lt;
      this.s[i] = ls;
      this.p[i] = lp;
    }
    return payload;
  }

  clear(): void {
    this.n = 0;
    this.seq = 0;
    this.time = 0;
  }

  private grow(): void {
    const cap = this.t.length * 2;
    const t = new Float64Array(cap);
    const s = new Float64Array(cap);
    const p = new Int32Array(cap);
    t.set(this.t);
    s.set(this.s);
    p.set(this.p);
    this.t = t;
    this.s = s;
    this.p = p;
  }
}
