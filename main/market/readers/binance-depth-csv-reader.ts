import { EventFlag, EventKind, newMarketEvent, type MarketEvent } from '../events/market-event.js';
import { ByteScanner } from './byte-scanner.js';
import { normalizeHeader } from './csv-header.js';
import { buildInstrument, type ReaderOptions } from './reader-options.js';
import {
  DataFormatError, MAX_CLOCK_SKEW_NS, type ReaderInfo,
} from './reader.js';
import { ScannerReader } from './scanner-reader.js';

/** Header of the Binance depth diff / snapshot CSV. */
export const BINANCE_DEPTH_CSV_COLUMNS = [
  'symbol', 'timestamp', 'first_update_id', 'last_update_id', 'side', 'update_type', 'price', 'qty', 'pu',
] as const;

const LEVEL = EventKind.Level;
const SNAP_START = EventFlag.SnapshotStart;
const SNAP = EventFlag.Snapshot;
const BATCH_END = EventFlag.BatchEnd;
const MS_PER_DAY = 86_400_000;
const SKEW_MS = MAX_CLOCK_SKEW_NS / 1e6;

/**
 * Streams a Binance depth CSV (`symbol,timestamp,first_update_id,last_update_id,side,
 * update_type,price,qty,pu`; side `b`/`a`, update_type `snap`/`set`, timestamp in epoch ms) as
 * Level events (size 0 removes the level).
 *
 * Batches: the rows sharing one `last_update_id` form one update; the last row of each carries
 * `BatchEnd` (decided by reading one row ahead). `snap` rows carry `Snapshot`, and the first row
 * of a `snap` group also `SnapshotStart`.
 *
 * Invariants: `tsNs` = (timestamp - UTC midnight of the first row) in ns (`clock: 'utc'`).
 * Defaults priceDecimals 2, sizeDecimals 3 (BTCUSDT; tick 0.1 assumed only for BTCUSDT).
 * Because of the look-ahead, a malformed row is reported (thrown) by the `next()` call that would
 * have returned it, after every good row before it was returned.
 *
 * Binance's diff stream overlaps the snapshot taken while it runs: a `set` row whose
 * last_update_id is below the latest snapshot's is already contained in it and is skipped
 * (counted in `staleUpdates`), as Binance's own book-keeping rule says. Rejected as impossible:
 * a `set` row whose last_update_id is below the previous `set` row's (after that overlap);
 * a timestamp more than `MAX_CLOCK_SKEW_NS` before the latest one (less is counted in
 * `reorderedTimestamps`); a price of 0 or below; a negative qty; a header without rows.
 * Side and update type are read in any case.
 */
export class BinanceDepthCsvReader extends ScannerReader {
  readonly info: ReaderInfo;
  protected readonly sc: ByteScanner;
  private readonly ev: MarketEvent = newMarketEvent();
  private readonly pd: number;
  private readonly sd: number;
  private baseMs = NaN;
  // The staged (look-ahead) row.
  private staged = false;
  private sTs = 0;
  private sSide: 1 | -1 = 1;
  private sPx = 0;
  private sQty = 0;
  private sKey = 0;
  private sSnap = false;
  private sLine = 0;
  private deferred: DataFormatError | null = null;
  // The row returned last.
  private prevKey = NaN;
  private prevSnap = false;
  /** last_update_id of the latest snapshot, and of the latest `set` row (-1: none yet). */
  private snapKey = -1;
  private setKey = -1;
  private maxMs = -Infinity;

  constructor(path: string, opts: ReaderOptions = {}) {
    super();
    const sc: ByteScanner = new ByteScanner(path, opts.chunkBytes);
    this.sc = sc;
    if (!sc.nextLine()) sc.fail(1, 'header', 'a header line', 'empty file');
    const header = normalizeHeader(sc.lineText());
    if (header !== BINANCE_DEPTH_CSV_COLUMNS.join(',')) {
      sc.fail(1, 'header', BINANCE_DEPTH_CSV_COLUMNS.join(','), header);
    }
    sc.columns = BINANCE_DEPTH_CSV_COLUMNS;
    sc.requireRow('at least one row after the header');
    let symbol = opts.symbol ?? '';
    sc.mark();
    if (sc.nextLine()) {
      sc.field(0);
      symbol ||= sc.fieldText();
      this.baseMs = Math.floor(sc.uint(1) / MS_PER_DAY) * MS_PER_DAY;
    }
    sc.unread();
    const instrument = buildInstrument(opts, {
      symbol, venue: 'binance', priceDecimals: 2, sizeDecimals: 3, tickDecimals: symbol === 'BTCUSDT' ? 1 : null,
    });
    this.pd = instrument.priceDecimals;
    this.sd = instrument.sizeDecimals;
    this.info = {
      format: 'binance-depth', variant: 'depth-diff-csv', files: [path], instrument, bookKind: 'L2',
      depthLevels: 0, baseEpochNs: BigInt(Number.isNaN(this.baseMs) ? 0 : this.baseMs) * 1_000_000n, clock: 'utc',
    };
    this.staged = this.stage();
  }

  next(): MarketEvent | null {
    if (!this.staged) {
      const err = this.deferred;
      if (err) { this.deferred = null; throw err; }
      return null;
    }
    const ev = this.ev;
    const key = this.sKey;
    const snap = this.sSnap;
    ev.kind = LEVEL;
    ev.tsNs = this.sTs;
    ev.side = this.sSide;
    ev.priceUnits = this.sPx;
    ev.size = this.sQty;
    ev.orderId = 0;
    ev.line = this.sLine;
    let flags = snap ? SNAP : 0;
    if (snap && (key !== this.prevKey || !this.prevSnap)) flags |= SNAP_START;
    this.prevKey = key;
    this.prevSnap = snap;
    try {
      this.staged = this.stage();
    } catch (e) {
      if (!(e instanceof DataFormatError)) throw e;
      this.staged = false;
      this.deferred = e;
    }
    if (!this.staged || this.sKey !== key) flags |= BATCH_END;
    ev.flags = flags;
    return ev;
  }

  /** Parses the next row into the staged fields; false at end of input. */
  private stage(): boolean {
    const sc: ByteScanner = this.sc;
    let ms: number;
    let key: number;
    let side: 1 | -1;
    let snap: boolean;
    let px: number;
    let qty: number;
    for (;;) {
      if (!sc.nextLine()) return false;
      sc.skip(0);
      ms = sc.uint(1);
      if (ms < this.maxMs - SKEW_MS) {
        sc.failField(1, `a timestamp at most ${SKEW_MS} ms before the latest one, ${this.maxMs} (timestamps must not go backwards)`);
      }
      sc.skip(2);
      key = sc.uint(3);
      const sideCh = sc.char(4, "a side 'b' or 'a'") | 32;
      side = sideCh === 98 ? 1 : sideCh === 97 ? -1 : sc.failField(4, "a side 'b' or 'a'");
      sc.field(5);
      snap = sc.fieldEqualsFolded('snap');
      if (!snap && !sc.fieldEqualsFolded('set')) sc.failField(5, "an update type 'snap' or 'set'");
      px = sc.decimal(6, this.pd);
      if (px <= 0) sc.failField(6, 'a positive price');
      qty = sc.decimal(7, this.sd);
      if (qty < 0) sc.failField(7, 'a non-negative qty (0 removes the level)');
      sc.decimalOrEmpty(8, 0); // pu: empty in captures of spot streams, which have none
      sc.endLine();
      if (snap) {
        this.snapKey = key;
        this.setKey = -1;
        break;
      }
      if (key < this.snapKey) {
        sc.adjust.staleUpdates++; // already in the snapshot
        continue;
      }
      if (key < this.setKey) {
        sc.failValue(3, `a last_update_id at or after the previous update's ${this.setKey} (update ids must not go backwards)`, String(key));
      }
      this.setKey = key;
      break;
    }
    if (ms < this.maxMs) sc.adjust.reorderedTimestamps++;
    else this.maxMs = ms;
    this.sTs = (ms - this.baseMs) * 1e6;
    this.sSide = side;
    this.sPx = px;
    this.sQty = qty;
    this.sKey = key;
    this.sSnap = snap;
    this.sLine = sc.line;
    return true;
  }
}
