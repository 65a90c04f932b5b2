import { restoreFields, snapshotFields, type FieldSnapshot } from './book-snapshot.js';
import type { QueueLinks } from './price-ladder.js';

/** Flag bit: the record is anonymous liquidity (synthetic negative id, not in the id index). */
export const ANON = 1;

/**
 * Pooled L3 order records as columns of typed arrays, indexed by slot.
 *
 * Invariants: a slot is live ⇔ `side[slot]` is ±1; a live slot has `rem` > 0 (integer),
 * `lvl` = handle of its level in the side's `PriceLadder`, and `prev`/`next` link it into that
 * level's FIFO (−1 = none). Free slots form a singly linked list through `next` starting at
 * `freeHead`. The pool grows by doubling; columns are replaced on growth, so never cache them
 * across a call that may allocate.
 */
export class OrderPool implements QueueLinks {
  cap = 0;
  ext = new Float64Array(0);
  rem = new Float64Array(0);
  lvl = new Int32Array(0);
  prev = new Int32Array(0);
  next = new Int32Array(0);
  side = new Int8Array(0);
  flags = new Uint8Array(0);
  freeHead = -1;
  used = 0;

  constructor(initialCap = 1024) {
    this.grow(Math.max(16, initialCap));
  }

  /** Takes a free slot (growing if needed). The caller initialises every column. */
  alloc(): number {
    if (this.freeHead < 0) this.grow(this.cap * 2);
    const s = this.freeHead;
    this.freeHead = this.next[s]!;
    this.used++;
    return s;
  }

  /** Returns a slot to the free list. */
  free(s: number): void {
    this.side[s] = 0;
    this.next[s] = this.freeHead;
    this.freeHead = s;
    this.used--;
  }

  /** Frees every slot (keeps capacity). */
  clear(): void {
    this.side.fill(0);
    this.used = 0;
    this.linkFree(0);
  }

  /** A copy of every column and counter (see `FieldSnapshot`). */
  snapshot(): FieldSnapshot {
    return snapshotFields(this, POOL_FIELDS);
  }

  /** Back to the state `snapshot` copied (columns overwritten in place when the capacity matches). */
  restore(s: FieldSnapshot): void {
    restoreFields(this, s);
  }

  private grow(cap: number): void {
    const old = this.cap;
    this.ext = copy(new Float64Array(cap), this.ext);
    this.rem = copy(new Float64Array(cap), this.rem);
    this.lvl = copy(new Int32Array(cap), this.lvl);
    this.prev = copy(new Int32Array(cap), this.prev);
    this.next = copy(new Int32Array(cap), this.next);
    this.side = copy(new Int8Array(cap), this.side);
    this.flags = copy(new Uint8Array(cap), this.flags);
    this.cap = cap;
    this.linkFree(old);
  }

  /** Links slots [from, cap) into the free list ahead of the current free list (when from > 0). */
  private linkFree(from: number): void {
    let head = from === 0 ? -1 : this.freeHead;
    for (let s = this.cap - 1; s >= from; s--) {
      this.next[s] = head;
      head = s;
    }
    this.freeHead = head;
  }
}

const POOL_FIELDS = ['cap', 'ext', 'rem', 'lvl', 'prev', 'next', 'side', 'flags', 'freeHead', 'used'] as const;

function copy<T extends Float64Array | Int32Array | Int8Array | Uint8Array>(dst: T, src: T): T {
  dst.set(src);
  return dst;
}
