import { restoreFields, snapshotFields, type FieldSnapshot } from './book-snapshot.js';

/**
 * External order id (an integer in [0, 2^53 − 1]) → pool slot, as an open-addressing hash
 * table on typed arrays (linear probing, backward-shift deletion, no tombstones). Replaces a
 * `Map<number, number>` on the hot path: no allocation per op, no boxing of ids ≥ 2^31.
 *
 * Invariants: `vals[i]` = −1 marks an empty bucket; every stored id sits in the probe run
 * starting at its hash bucket with no empty bucket in between; size ≤ capacity / 2.
 */
export class IdIndex {
  keys: Float64Array;
  vals: Int32Array;
  mask: number;
  size = 0;

  constructor(initialCap = 2048) {
    let c = 16;
    while (c < initialCap) c *= 2;
    this.keys = new Float64Array(c);
    this.vals = new Int32Array(c).fill(-1);
    this.mask = c - 1;
  }

  /** Slot of `id`, or −1. */
  get(id: number): number {
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    for (let i = bucket(id) & mask; ; i = (i + 1) & mask) {
      const v = vals[i]!;
      if (v < 0 || keys[i] === id) return v;
    }
  }

  has(id: number): boolean {
    return this.get(id) >= 0;
  }

  /** Inserts `id` (which must be absent) → `slot`. */
  set(id: number, slot: number): void {
    if ((this.size + 1) * 2 > this.vals.length) this.grow();
    const mask = this.mask;
    let i = bucket(id) & mask;
    while (this.vals[i]! >= 0) i = (i + 1) & mask;
    this.keys[i] = id;
    this.vals[i] = slot;
    this.size++;
  }

  /** Removes `id` if present. */
  delete(id: number): void {
    const keys = this.keys;
    const vals = this.vals;
    const mask = this.mask;
    let i = bucket(id) & mask;
    for (;;) {
      const v = vals[i]!;
      if (v < 0) return;
      if (keys[i] === id) break;
      i = (i + 1) & mask;
    }
    // Backward-shift the rest of the probe run into the hole.
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      if (vals[j]! < 0) break;
      const k = bucket(keys[j]!) & mask;
      // Move j into the hole at i unless its home bucket k lies cyclically in (i, j].
      if (i <= j ? k <= i || k > j : k <= i && k > j) {
        keys[i] = keys[j]!;
        vals[i] = vals[j]!;
        i = j;
      }
    }
    vals[i] = -1;
    this.size--;
  }

  clear(): void {
    this.vals.fill(-1);
    this.size = 0;
  }

  /** Calls `f(id, slot)` for every entry (tests, debugging). */
  forEach(f: (id: number, slot: number) => void): void {
    for (let i = 0; i < this.vals.length; i++) if (this.vals[i]! >= 0) f(this.keys[i]!, this.vals[i]!);
  }

  /** A copy of the table (see `FieldSnapshot`). */
  snapshot(): FieldSnapshot {
    return snapshotFields(this, ['keys', 'vals', 'mask', 'size']);
  }

  /** Back to the state `snapshot` copied. */
  restore(s: FieldSnapshot): void {
    restoreFields(this, s);
  }

  private grow(): void {
    const ok = this.keys;
    const ov = this.vals;
    const c = ov.length * 2;
    this.keys = new Float64Array(c);
    this.vals = new Int32Array(c).fill(-1);
    this.mask = c - 1;
    this.size = 0;
    for (let i = 0; i < ov.length; i++) if (ov[i]! >= 0) this.set(ok[i]!, ov[i]!);
  }
}

/** 32-bit mix of an integer id < 2^53 (low and high words). */
function bucket(id: number): number {
  const lo = id >>> 0;
  const hi = (id / 4294967296) | 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
}
