import { EventFlag, EventKind, type MarketEvent } from '../events/market-event.js';

const LEVEL = EventKind.Level;
const CLEAR = EventKind.Clear;
const SNAP_START = EventFlag.SnapshotStart;
const SNAP = EventFlag.Snapshot;
const BATCH_END = EventFlag.BatchEnd;

/**
 * One parsed full-depth snapshot (a Binance depth line, a Tardis book_snapshot row), held in
 * reusable typed arrays and handed out as Level events one at a time.
 *
 * Invariants: a snapshot is first filled completely (`beginFill`, `push*`, `commit`), so a malformed row
 * never yields any event; `emit` then produces bids (best first) followed by asks, every event
 * flagged `Snapshot`, the first also `SnapshotStart` and the last also `BatchEnd`. A snapshot
 * with no level at all is emitted as one `Clear` event carrying all three flags, so that an
 * empty book still reaches the replay. Arrays grow (rarely) but are never reallocated per row.
 */
export class SnapshotLevels {
  private bidPx: Float64Array = new Float64Array(32);
  private bidSz: Float64Array = new Float64Array(32);
  private askPx: Float64Array = new Float64Array(32);
  private askSz: Float64Array = new Float64Array(32);
  private nBid = 0;
  private nAsk = 0;
  /** Next event index to emit; >= `total()` when nothing is pending (initially: nothing). */
  private cursor = Number.MAX_SAFE_INTEGER;
  private tsNs = 0;
  private line = 0;

  /**
   * Starts filling a new snapshot from source line `line`, discarding what was left. Nothing is
   * pending until `commit`, so a row that fails half-way can never be emitted.
   */
  beginFill(line: number): void {
    this.nBid = 0;
    this.nAsk = 0;
    this.cursor = Number.MAX_SAFE_INTEGER;
    this.line = line;
  }

  /** Completes the fill: the snapshot (time `tsNs`) becomes pending. */
  commit(tsNs: number): void {
    this.tsNs = tsNs;
    this.cursor = 0;
  }

  /** Levels on the deeper side. */
  depth(): number {
    return Math.max(this.nBid, this.nAsk);
  }

  /** Appends the next bid level (best first). */
  pushBid(priceUnits: number, size: number): void {
    if (this.nBid === this.bidPx.length) { this.bidPx = grow(this.bidPx); this.bidSz = grow(this.bidSz); }
    this.bidPx[this.nBid] = priceUnits;
    this.bidSz[this.nBid++] = size;
  }

  /** Appends the next ask level (best first). */
  pushAsk(priceUnits: number, size: number): void {
    if (this.nAsk === this.askPx.length) { this.askPx = grow(this.askPx); this.askSz = grow(this.askSz); }
    this.askPx[this.nAsk] = priceUnits;
    this.askSz[this.nAsk++] = size;
  }

  /** Events this snapshot yields (at least 1: the Clear of an empty snapshot). */
  total(): number {
    return Math.max(1, this.nBid + this.nAsk);
  }

  /** True while `emit` has events left. */
  pending(): boolean {
    return this.cursor < this.total();
  }

  /** Writes the next event of the snapshot into `ev`. Precondition: `pending()`. */
  emit(ev: MarketEvent): void {
    const i = this.cursor++;
    const total = this.total();
    let flags = SNAP;
    if (i === 0) flags |= SNAP_START;
    if (i === total - 1) flags |= BATCH_END;
    ev.tsNs = this.tsNs;
    ev.line = this.line;
    ev.flags = flags;
    ev.orderId = 0;
    if (this.nBid + this.nAsk === 0) {
      ev.kind = CLEAR;
      ev.side = 0;
      return;
    }
    ev.kind = LEVEL;
    if (i < this.nBid) {
      ev.side = 1;
      ev.priceUnits = this.bidPx[i]!;
      ev.size = this.bidSz[i]!;
    } else {
      const j = i - this.nBid;
      ev.side = -1;
      ev.priceUnits = this.askPx[j]!;
      ev.size = this.askSz[j]!;
    }
  }
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
