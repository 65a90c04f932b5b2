import type { MarketEvent } from '../events/market-event.js';
import type { ByteScanner } from './byte-scanner.js';
import type { ReaderOptions } from './reader-options.js';
import { SnapshotLevels } from './snapshot-levels.js';
import { openTardisCsv, TardisReader } from './tardis-common.js';

/**
 * Streams a Tardis `book_snapshot_N` CSV (`exchange,symbol,timestamp,local_timestamp,` then
 * `asks[i].price, asks[i].amount, bids[i].price, bids[i].amount` for i < N, in any column order
 * the header states). Every row is a full N-level snapshot, emitted as Level events through
 * `SnapshotLevels` (bids best first, then asks; SnapshotStart on the first, BatchEnd on the
 * last, Snapshot on all). An empty price+amount pair means "no level" and is skipped; a pair with
 * only one of the two empty is a `DataFormatError`.
 *
 * Impossible values are errors: times as `TardisClock` says, a price of 0 or below, a negative
 * amount.
 *
 * Invariants: the whole row is parsed before its first event; `depthLevels` = N;
 * `tsNs` = (timestamp - UTC midnight of the first row) x 1000.
 */
export class TardisSnapshotReader extends TardisReader {
  private readonly snap = new SnapshotLevels();
  /** Per column >= 4: level index, and kind 0 ask price, 1 ask amount, 2 bid price, 3 bid amount. */
  private readonly colLevel: Int32Array;
  private readonly colKind: Int32Array;
  /** Row scratch, index = level * 4 + kind. */
  private readonly row: Float64Array;
  private readonly n: number;

  constructor(path: string, opts: ReaderOptions = {}) {
    const t = openTardisCsv(path, opts, (v) => v.startsWith('book_snapshot_'), 'L2');
    super(t);
    this.n = t.info.depthLevels;
    const cols = t.header.length;
    this.colLevel = new Int32Array(cols);
    this.colKind = new Int32Array(cols);
    const seen = new Set<number>();
    for (let c = 4; c < cols; c++) {
      const m = /^(asks|bids)\[(\d+)\]\.(price|amount)$/.exec(t.header[c]!);
      const level = m ? Number(m[2]) : -1;
      const kind = m ? (m[1] === 'asks' ? 0 : 2) + (m[3] === 'price' ? 0 : 1) : -1;
      if (!m || level >= this.n || seen.has(level * 4 + kind)) {
        t.sc.close();
        t.sc.fail(c + 1, t.header[c]!, `asks[i]/bids[i] .price/.amount columns for i < ${this.n}, each once`, t.header[c]!);
      }
      seen.add(level * 4 + kind);
      this.colLevel[c] = level;
      this.colKind[c] = kind;
    }
    this.row = new Float64Array(4 * this.n);
  }

  next(): MarketEvent | null {
    if (!this.snap.pending() && !this.readRow()) return null;
    this.snap.emit(this.ev);
    return this.ev;
  }

  private readRow(): boolean {
    const us = this.nextRowTime();
    if (us < 0) return false;
    const sc: ByteScanner = this.sc;
    const row = this.row;
    const cols = this.colKind.length;
    for (let c = 4; c < cols; c++) {
      const kind = this.colKind[c]!;
      const v = sc.decimalOrEmpty(c, (kind & 1) === 0 ? this.pd : this.sd);
      if ((kind & 1) === 0 ? v <= 0 : v < 0) sc.failField(c, (kind & 1) === 0 ? 'a positive price' : 'a non-negative amount');
      row[this.colLevel[c]! * 4 + kind] = v;
    }
    sc.endLine();
    const snap = this.snap;
    snap.beginFill(sc.line);
    for (let side = 0; side < 4; side += 2) {
      for (let i = 0; i < this.n; i++) {
        const px = row[i * 4 + side]!;
        const amt = row[i * 4 + side + 1]!;
        if (px !== px && amt !== amt) continue; // empty level
        if (px !== px || amt !== amt) {
          const c = this.columnOf(i, px !== px ? side : side + 1);
          sc.fail(c + 1, sc.columns[c]!, 'a value (price and amount are both present or both empty)', '');
        }
        if (side === 0) snap.pushAsk(px, amt); else snap.pushBid(px, amt);
      }
    }
    snap.commit((us - this.baseUs) * 1000);
    return true;
  }

  /** Column index of level `level`, kind `kind` (for error messages). */
  private columnOf(level: number, kind: number): number {
    for (let c = 4; c < this.colKind.length; c++) {
      if (this.colLevel[c] === level && this.colKind[c] === kind) return c;
    }
    return 0;
  }
}
