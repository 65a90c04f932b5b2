/**
 * The simulation's event queue: a 4-ary min-heap ordered by (time, sequence), in typed arrays,
 * holding integer payloads (an agent index, an order slot, a message id — the caller decides).
 * Ties in time pop in insertion order, so a run is deterministic whatever the heap shape.
 *
 * Invariants: `pop()` returns payloads in non-decreasing time; among equal times, in push order;
 * `time` is the time of the payload last popped. (time, sequence) is a total order, so the pop
 * order — and every event log — does not depend on the heap's arity; 4-ary: half the levels of a
 * binary heap, about 4 % less CPU for the calm agent-based market.
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

  /** Adds `payload` at `timeNs` (after every entry already at that time). */
  push(timeNs: number, payload: number): void {
    if (this.n === this.t.length) this.grow();
    const t = this.t;
    const s = this.s;
    const p = this.p;
    let i = this.n++;
    const seq = this.seq++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = t[parent]!;
      if (pt < timeNs || (pt === timeNs && s[parent]! < seq)) break;
      t[i] = pt;
      s[i] = s[parent]!;
      p[i] = p[parent]!;
      i = parent;
    }
    t[i] = timeNs;
    s[i] = seq;
    p[i] = payload;
  }

  /** Time of the next entry (Infinity when empty). */
  peekTime(): number {
    return this.n > 0 ? this.t[0]! : Infinity;
  }

  /** Removes and returns the earliest payload; sets `time`. Throws when empty. */
  pop(): number {
    if (this.n === 0) throw new Error('EventQueue.pop: the queue is empty');
    const t = this.t;
    const s = this.s;
    const p = this.p;
    const payload = p[0]!;
    this.time = t[0]!;
    const last = --this.n;
    if (last > 0) {
      const lt = t[last]!;
      const ls = s[last]!;
      const lp = p[last]!;
      let i = 0;
      for (;;) {
        const c0 = 4 * i + 1;
        if (c0 >= last) break;
        // The earliest of up to four children.
        let c = c0;
        let ct = t[c0]!;
        let cs = s[c0]!;
        const end = c0 + 4 < last ? c0 + 4 : last;
        for (let k = c0 + 1; k < end; k++) {
          const kt = t[k]!;
          if (kt < ct || (kt === ct && s[k]! < cs)) {
            c = k;
            ct = kt;
            cs = s[k]!;
          }
        }
        if (lt < ct || (lt === ct && ls < cs)) break;
        t[i] = ct;
        s[i] = cs;
        p[i] = p[c]!;
        i = c;
      }
      t[i] = lt;
      s[i] = ls;
      p[i] = lp;
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
