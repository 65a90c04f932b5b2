/**
 * A 4-ary min-heap of (time, sequence, payload) in typed arrays, the sequence given by the
 * caller: the far-future part of the `Scheduler`'s queue (entries outside its timing wheel).
 *
 * Invariants: `pop()` returns payloads in increasing (time, sequence) — a total order when the
 * caller's sequences are distinct, so the pop order does not depend on the heap's arity;
 * `time`/`seq` are those of the entry last popped.
 */
export class HeapQueue {
  private t = new Float64Array(256);
  private s = new Float64Array(256);
  private p = new Int32Array(256);
  private n = 0;
  /** Time and sequence of the last popped entry. */
  time = 0;
  seq = 0;

  get size(): number {
    return this.n;
  }

  /** Adds `payload` at (`timeNs`, `seq`). */
  push(timeNs: number, seq: number, payload: number): void {
    if (this.n === this.t.length) this.grow();
    const t = this.t;
    const s = this.s;
    const p = this.p;
    let i = this.n++;
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

  /** Time of the earliest entry (Infinity when empty). */
  peekTime(): number {
    return this.n > 0 ? this.t[0]! : Infinity;
  }

  /** Sequence of the earliest entry (Infinity when empty). */
  peekSeq(): number {
    return this.n > 0 ? this.s[0]! : Infinity;
  }

  /** Removes and returns the earliest payload; sets `time` and `seq`. The caller checks `size` first. */
  pop(): number {
    const t = this.t;
    const s = this.s;
    const p = this.p;
    const payload = p[0]!;
    this.time = t[0]!;
    this.seq = s[0]!;
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
    this.time = 0;
    this.seq = 0;
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
