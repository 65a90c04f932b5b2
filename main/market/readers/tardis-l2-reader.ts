import { EventFlag, EventKind, type MarketEvent } from '../events/market-event.js';
import type { ByteScanner } from './byte-scanner.js';
import type { ReaderOptions } from './reader-options.js';
import { DataFormatError } from './reader.js';
import { openTardisCsv, TardisReader } from './tardis-common.js';

const LEVEL = EventKind.Level;
const SNAP_START = EventFlag.SnapshotStart;
const SNAP = EventFlag.Snapshot;
const BATCH_END = EventFlag.BatchEnd;

/**
 * Streams a Tardis `incremental_book_L2` CSV (`exchange,symbol,timestamp,local_timestamp,
 * is_snapshot,side,price,amount`; side `bid`/`ask`; amount 0 removes the level) as Level events.
 *
 * Snapshots: rows with is_snapshot=true carry `Snapshot`; the first of a run of such rows that
 * follows non-snapshot rows (or starts the file) also carries `SnapshotStart` (Tardis' rule: the
 * book must be reset there). Batches: a row carries `BatchEnd` when the next row has another
 * timestamp, starts a new snapshot, or does not exist (decided by reading one row ahead).
 *
 * Invariants: `tsNs` = (timestamp - UTC midnight of the first row) x 1000. A malformed row is
 * thrown by the `next()` call that would have returned it, after all good rows before it.
 * Impossible values are errors: times as `TardisClock` says, a price of 0 or below, a negative
 * amount. `is_snapshot` and `side` are read in any case (`True`, as pandas writes it).
 */
export class TardisL2Reader extends TardisReader {
  private staged = false;
  private sUs = 0;
  private sSide: 1 | -1 = 1;
  private sPx = 0;
  private sAmt = 0;
  private sSnap = false;
  private sLine = 0;
  private deferred: DataFormatError | null = null;
  private prevSnap = false;

  constructor(path: string, opts: ReaderOptions = {}) {
    super(openTardisCsv(path, opts, (v) => v === 'incremental_book_L2', 'L2'));
    this.staged = this.stage();
  }

  next(): MarketEvent | null {
    if (!this.staged) {
      const err = this.deferred;
      if (err) { this.deferred = null; throw err; }
      return null;
    }
    const ev = this.ev;
    const us = this.sUs;
    const snap = this.sSnap;
    ev.kind = LEVEL;
    ev.tsNs = (us - this.baseUs) * 1000;
    ev.side = this.sSide;
    ev.priceUnits = this.sPx;
    ev.size = this.sAmt;
    ev.orderId = 0;
    ev.line = this.sLine;
    let flags = snap ? SNAP : 0;
    if (snap && !this.prevSnap) flags |= SNAP_START;
    this.prevSnap = snap;
    try {
      this.staged = this.stage();
    } catch (e) {
      if (!(e instanceof DataFormatError)) throw e;
      this.staged = false;
      this.deferred = e;
    }
    if (!this.staged || this.sUs !== us || (this.sSnap && !snap)) flags |= BATCH_END;
    ev.flags = flags;
    return ev;
  }

  /** Parses the next row into the staged fields; false at end of input. */
  private stage(): boolean {
    const us = this.nextRowTime();
    if (us < 0) return false;
    const sc: ByteScanner = this.sc;
    sc.field(4);
    const snap = sc.fieldEquals('true') || sc.fieldEqualsFolded('true');
    if (!snap && !sc.fieldEqualsFolded('false')) sc.failField(4, "'true' or 'false'");
    sc.field(5);
    const side = sc.fieldEqualsFolded('bid') ? 1 : sc.fieldEqualsFolded('ask') ? -1 : sc.failField(5, "a side 'bid' or 'ask'");
    const px = sc.decimal(6, this.pd);
    if (px <= 0) sc.failField(6, 'a positive price');
    const amt = sc.decimal(7, this.sd);
    if (amt < 0) sc.failField(7, 'a non-negative amount (0 removes the level)');
    sc.endLine();
    this.sUs = us;
    this.sSide = side;
    this.sPx = px;
    this.sAmt = amt;
    this.sSnap = snap;
    this.sLine = sc.line;
    return true;
  }
}
