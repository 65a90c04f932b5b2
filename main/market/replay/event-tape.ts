import { EventKind, type MarketEvent } from '../events/market-event.js';

/** Flag bit for events that did not come from the input but from the reference book (LOBSTER orderbook syncs). */
export const FROM_REFERENCE = 128;
/** Flag bit on a reference correction that replaces the whole level (see `resetLevel`) instead of adjusting it. */
export const RESET_LEVEL = 64;

/**
 * A loaded day of events in columnar typed arrays, so playback and seeking never re-parse the
 * file. Holds the input events in order plus the corrections taken from a reference book
 * (flagged `FROM_REFERENCE`), each stored right after the input event that caused it.
 *
 * Invariants: `inputStart[k]` is the tape position of input event k, strictly increasing;
 * positions `inputStart[k] .. inputStart[k+1]-1` are event k and its corrections. Columns
 * other than the core ones (quote / bar fields) are allocated only when such events arrive.
 */
export class EventTape {
  length = 0;
  inputCount = 0;
  kind = new Uint8Array(0);
  flags = new Uint8Array(0);
  side = new Int8Array(0);
  ts = new Float64Array(0);
  orderId = new Float64Array(0);
  price = new Float64Array(0);
  size = new Float64Array(0);
  /** price2, size2, high, low, close: only for Quote and Bar events. */
  extra: Float64Array | null = null;
  inputStart = new Uint32Array(0);

  constructor(initialCapacity = 1024) {
    this.resize(Math.max(16, initialCapacity));
    this.inputStart = new Uint32Array(Math.max(16, initialCapacity));
  }

  /** Appends an input event (or, with `fromReference`, a correction belonging to the last input event). */
  push(ev: MarketEvent, fromReference = false): void {
    if (this.length === this.kind.length) this.resize(this.kind.length * 2);
    const i = this.length++;
    if (!fromReference) {
      if (this.inputCount === this.inputStart.length) {
        const next = new Uint32Array(this.inputStart.length * 2);
        next.set(this.inputStart);
        this.inputStart = next;
      }
      this.inputStart[this.inputCount++] = i;
    }
    this.kind[i] = ev.kind;
    this.flags[i] = (ev.flags & 0xff) | (fromReference ? FROM_REFERENCE : 0);
    this.side[i] = ev.side;
    this.ts[i] = ev.tsNs;
    this.orderId[i] = ev.orderId;
    this.price[i] = ev.priceUnits;
    this.size[i] = ev.size;
    if (ev.kind === EventKind.Quote || ev.kind === EventKind.Bar) {
      if (this.extra === null) this.extra = new Float64Array(this.kind.length * 5);
      const e = 5 * i;
      this.extra[e] = ev.price2Units;
      this.extra[e + 1] = ev.size2;
      this.extra[e + 2] = ev.highUnits;
      this.extra[e + 3] = ev.lowUnits;
      this.extra[e + 4] = ev.closeUnits;
    }
  }

  /** Copies tape position `i` into `ev` (a reused record). */
  read(i: number, ev: MarketEvent): MarketEvent {
    ev.kind = this.kind[i] as MarketEvent['kind'];
    ev.flags = this.flags[i];
    ev.side = this.side[i] as -1 | 0 | 1;
    ev.tsNs = this.ts[i];
    ev.orderId = this.orderId[i];
    ev.priceUnits = this.price[i];
    ev.size = this.size[i];
    if (this.extra !== null) {
      const e = 5 * i;
      ev.price2Units = this.extra[e];
      ev.size2 = this.extra[e + 1];
      ev.highUnits = this.extra[e + 2];
      ev.lowUnits = this.extra[e + 3];
      ev.closeUnits = this.extra[e + 4];
    }
    return ev;
  }

  /** Tape position just past input event k (where input event k+1 starts). */
  endOfInput(k: number): number {
    return k + 1 < this.inputCount ? this.inputStart[k + 1] : this.length;
  }

  /** Timestamp of input event k. */
  inputTs(k: number): number {
    return this.ts[this.inputStart[k]];
  }

  /** Bytes held by the columns (for diagnostics). */
  byteSize(): number {
    return this.kind.length * (1 + 1 + 1 + 8 * 4) + (this.extra?.byteLength ?? 0) + this.inputStart.byteLength;
  }

  private resize(cap: number): void {
    const grow = <T extends Uint8Array | Int8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(a.subarray(0, this.length) as never);
      return next;
    };
    this.kind = grow(this.kind, (n) => new Uint8Array(n));
    this.flags = grow(this.flags, (n) => new Uint8Array(n));
    this.side = grow(this.side, (n) => new Int8Array(n));
    this.ts = grow(this.ts, (n) => new Float64Array(n));
    this.orderId = grow(this.orderId, (n) => new Float64Array(n));
    this.price = grow(this.price, (n) => new Float64Array(n));
    this.size = grow(this.size, (n) => new Float64Array(n));
    if (this.extra !== null) {
      const next = new Float64Array(cap * 5);
      next.set(this.extra.subarray(0, this.length * 5));
      this.extra = next;
    }
  }
}
