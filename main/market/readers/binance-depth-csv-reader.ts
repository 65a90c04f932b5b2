import { EventFlag, EventKind, newMarketEvent, type MarketEvent } from '../events/market-event.js';
import { ByteScanner } from './byte-scanner.js';
import { buildInstrument, type ReaderOptions } from './reader-options.js';
import { DataFormatError, type MarketDataReader, type ReaderInfo } from './reader.js';

/** Header of the Binance depth diff / snapshot CSV. */
export const BINANCE_DEPTH_CSV_COLUMNS = [
  'symbol', 'timestamp', 'first_update_id', 'last_update_id', 'side', 'update_type', 'price', 'qty', 'pu',
] as const;

const LEVEL = EventKind.Level;
const SNAP_START = EventFlag.SnapshotStart;
const SNAP = EventFlag.Snapshot;
const BATCH_END = EventFlag.BatchEnd;
const MS_PER_DAY = 86_400_000;

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
 */
export class BinanceDepthCsvReader implements MarketDataReader {
  readonly info: ReaderInfo;
  private readonly sc: ByteScanner;
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

  constructor(path: string, opts: ReaderOptions = {}) {
    const sc: ByteScanner = new ByteScanner(path, opts.chunkBytes);
    this.sc = sc;
    if (!sc.nextLine()) sc.fail(1, 'header', 'a header line', 'empty file');
    const header = sc.lineText();
    if (header !== BINANCE_DEPTH_CSV_COLUMNS.join(',')) {
      sc.fail(1, 'header', BINANCE_DEPTH_CSV_COLUMNS.join(','), header);
    }
    sc.columns = BINANCE_DEPTH_CSV_COLUMNS;
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
    if (!sc.nextLine()) return false;
    sc.skip(0);
    const ms = sc.uint(1);
    sc.skip(2);
    const key = sc.uint(3);
    const sideCh = sc.char(4, "a side 'b' or 'a'");
    const side = sideCh === 98 ? 1 : sideCh === 97 ? -1 : sc.failField(4, "a side 'b' or 'a'");
    sc.field(5);
    const snap = sc.fieldEquals('snap');
    if (!snap && !sc.fieldEquals('set')) sc.failField(5, "an update type 'snap' or 'set'");
    const px = sc.decimal(6, this.pd);
    const qty = sc.decimal(7, this.sd);
    sc.int(8);
    sc.endLine();
    this.sTs = (ms - this.baseMs) * 1e6;
    this.sSide = side;
    this.sPx = px;
    this.sQty = qty;
    this.sKey = key;
    this.sSnap = snap;
    this.sLine = sc.line;
    return true;
  }

  progress(): { bytesRead: number; totalBytes: number } {
    return { bytesRead: this.sc.bytesRead(), totalBytes: this.sc.totalBytes };
  }

  close(): void {
    this.sc.close();
  }
}
