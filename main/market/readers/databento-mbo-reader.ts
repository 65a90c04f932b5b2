import { basename } from 'node:path';
import { EventFlag, EventKind, newMarketEvent, type MarketEvent } from '../events/market-event.js';
import { ByteScanner } from './byte-scanner.js';
import { splitHeader } from './csv-header.js';
import { dayToEpochNs, NANOS_PER_DAY, newDateTimeParts, type DateTimeParts } from './decimal-parse.js';
import { buildInstrument, type ReaderOptions } from './reader-options.js';
import type { ReaderInfo } from './reader.js';
import { ScannerReader } from './scanner-reader.js';

/** The columns of a Databento MBO CSV, in order; `symbol` (present with map_symbols) is optional. */
export const DATABENTO_MBO_COLUMNS = [
  'ts_recv', 'ts_event', 'rtype', 'publisher_id', 'instrument_id', 'action', 'side', 'price', 'size',
  'channel_id', 'order_id', 'flags', 'ts_in_delta', 'sequence', 'symbol',
] as const;

/** Databento's "no price" in raw (`pretty_px` off) files: INT64_MAX. */
const UNDEF_PRICE = '9223372036854775807';

// Databento record flags (DBN `flags` field).
const F_LAST = 128;
const F_SNAPSHOT = 32;

// Local copies of imported constants (imports can compile to getter calls on the hot path).
const K = { ...EventKind };
const FLAG_BATCH_END = EventFlag.BatchEnd;
const FLAG_SNAPSHOT = EventFlag.Snapshot;
const NS_DAY = NANOS_PER_DAY;

/**
 * Streams a Databento MBO CSV (header row required; columns as `DATABENTO_MBO_COLUMNS`).
 *
 * Mapping of `action`: A Add, C Cancel (Databento's C reduces the order by `size`; when that
 * empties it, it is still reported as Cancel with that size and the replay decides), M Modify
 * (price / size = the new values), R Clear, T Trade (side = aggressor: B +1, A -1, N 0),
 * F Fill, N None. For the other actions `side` is B +1, A -1, N 0 as well.
 *
 * Invariants: `tsNs` = `ts_event` in ns since the UTC midnight of the first row's `ts_event`
 * (`baseEpochNs`, `clock: 'utc'`), exact. Prices are exact integers at `priceDecimals` (default
 * 4; a price with non-zero digits beyond that is a `DataFormatError`); an empty price (R, some
 * N) gives `priceUnits = NaN`. `orderId` is exact (ids above 2^53 - 1 are rejected).
 * Databento's F_LAST flag becomes `EventFlag.BatchEnd` and F_SNAPSHOT `EventFlag.Snapshot`.
 * rtype, publisher_id, instrument_id, channel_id, ts_in_delta and sequence are skipped (a file is
 * assumed to hold one instrument).
 *
 * Rejected as impossible (`DataFormatError`): `ts_recv` before the previous row's (Databento
 * orders records by ts_recv); a negative price; an empty price except for R and N; an add or
 * modify of size 0; a header without rows. Accepted: `ts_event` out of order (the exchange's send time; Databento
 * documents it as not monotone); timestamps as epoch nanoseconds (`pretty_ts` off); action and
 * side letters in either case; prices as raw 1e-9 integers (`pretty_px` off: decided by the first
 * record, whose price then has no decimal point; INT64_MAX means no price).
 */
export class DatabentoMboReader extends ScannerReader {
  readonly info: ReaderInfo;
  protected readonly sc: ByteScanner;
  private readonly ev: MarketEvent = newMarketEvent();
  private readonly ts: DateTimeParts = newDateTimeParts();
  private readonly recv: DateTimeParts = newDateTimeParts();
  /** ts_recv of the previous row, ns since `baseDay`'s midnight (-Infinity before the first). */
  private lastRecvNs = -Infinity;
  private readonly baseDay: number;
  private readonly hasSymbol: boolean;
  private readonly priceDecimals: number;
  /** Prices are Databento's raw fixed-point integers (1e-9 units, `pretty_px` off), not decimals. */
  private readonly rawPrices: boolean;

  constructor(path: string, opts: ReaderOptions = {}) {
    super();
    const sc: ByteScanner = new ByteScanner(path, opts.chunkBytes);
    this.sc = sc;
    if (!sc.nextLine()) sc.fail(1, 'header', 'a Databento MBO CSV header', 'empty file');
    const header = splitHeader(sc.lineText());
    const n = header.length;
    const expected = DATABENTO_MBO_COLUMNS.slice(0, n === 14 ? 14 : 15);
    const bad = expected.findIndex((name, i) => header[i] !== name);
    if ((n !== 14 && n !== 15) || bad >= 0) {
      const at = bad >= 0 ? bad : Math.min(n, 14);
      sc.fail(at + 1, 'header', `the Databento MBO header ${DATABENTO_MBO_COLUMNS.join(',')}`, header[at] ?? 'end of line');
    }
    this.hasSymbol = n === 15;
    sc.columns = expected;
    sc.requireRow('at least one record after the header');

    // Peek at the first row for the symbol and the base day, then rewind.
    let symbol = basename(path).split(/[_.]/)[0] ?? '';
    let venue = /_(X[A-Z]{3})_/.exec(basename(path))?.[1] ?? 'databento';
    let baseDay = 0;
    let rawPrices = false;
    sc.mark();
    if (sc.nextLine()) {
      sc.skip(0);
      sc.dateTime(1, this.ts);
      baseDay = this.ts.day;
      for (let i = 2; i < 7; i++) sc.skip(i);
      sc.field(7);
      const dot = sc.buf.indexOf(46 /* . */, sc.fieldStart);
      rawPrices = sc.fieldEnd > sc.fieldStart && (dot < 0 || dot >= sc.fieldEnd);
      if (this.hasSymbol) {
        for (let i = 8; i < 14; i++) sc.skip(i);
        sc.field(14);
        symbol = sc.fieldText();
      }
    }
    sc.unread();
    this.rawPrices = rawPrices;
    if (opts.venue) venue = opts.venue;
    this.baseDay = baseDay;
    const instrument = buildInstrument(opts, { symbol, venue, priceDecimals: 4, sizeDecimals: 0, tickDecimals: 2 });
    this.priceDecimals = instrument.priceDecimals;
    this.info = {
      format: 'databento-mbo', variant: 'mbo-csv', files: [path], instrument, bookKind: 'L3',
      depthLevels: 0, baseEpochNs: dayToEpochNs(baseDay), clock: 'utc',
    };
  }

  next(): MarketEvent | null {
    const sc: ByteScanner = this.sc;
    if (!sc.nextLine()) return null;
    const ts = this.ts;
    const recv = this.recv;
    sc.dateTime(0, recv);
    const recvNs = (recv.day - this.baseDay) * NS_DAY + recv.nsOfDay;
    if (recvNs < this.lastRecvNs) sc.failField(0, 'a ts_recv at or after the previous record\'s (Databento orders records by ts_recv)');
    sc.dateTime(1, ts);
    sc.skip(2);
    sc.skip(3);
    sc.skip(4);
    const action = sc.char(5, 'an action A, C, M, R, T, F or N') & ~32; // upper case
    let kind: EventKind;
    switch (action) {
      case 65: kind = K.Add; break; // A
      case 67: kind = K.Cancel; break; // C
      case 77: kind = K.Modify; break; // M
      case 82: kind = K.Clear; break; // R
      case 84: kind = K.Trade; break; // T
      case 70: kind = K.Fill; break; // F
      case 78: kind = K.None; break; // N
      default: sc.failField(5, 'an action A, C, M, R, T, F or N');
    }
    const sideCh = sc.char(6, 'a side B, A or N') & ~32;
    const side = sideCh === 66 ? 1 : sideCh === 65 ? -1 : sideCh === 78 ? 0 : sc.failField(6, 'a side B, A or N');
    const price = this.rawPrices ? this.rawPrice(sc) : sc.decimalOrEmpty(7, this.priceDecimals);
    if (price < 0 || (price !== price && kind !== K.Clear && kind !== K.None)) sc.failField(7, 'a non-negative price (empty only for actions R and N)');
    const book = kind === K.Add || kind === K.Modify;
    const size = sc.uint(8);
    if (book && size === 0) sc.failField(8, 'a positive size for an add or modify');
    sc.skip(9);
    const orderId = sc.uint(10);
    const flags = sc.uint(11);
    sc.skip(12);
    sc.skip(13);
    if (this.hasSymbol) sc.skip(14);
    sc.endLine();
    this.lastRecvNs = recvNs;

    const ev = this.ev;
    ev.kind = kind;
    ev.tsNs = (ts.day - this.baseDay) * NS_DAY + ts.nsOfDay;
    ev.side = side;
    ev.priceUnits = price;
    ev.size = size;
    ev.orderId = orderId;
    ev.flags = ((flags & F_LAST) !== 0 ? FLAG_BATCH_END : 0) | ((flags & F_SNAPSHOT) !== 0 ? FLAG_SNAPSHOT : 0);
    ev.line = sc.line;
    return ev;
  }

  /** A raw price (integer nanounits; INT64_MAX = no price) scaled to `priceDecimals`, exactly. */
  private rawPrice(sc: ByteScanner): number {
    sc.field(7);
    if (sc.fieldStart === sc.fieldEnd || sc.fieldEquals(UNDEF_PRICE)) return NaN;
    sc.pos = sc.fieldStart;
    const v = sc.int(7);
    const div = 10 ** (9 - this.priceDecimals);
    if (v % div !== 0) sc.failField(7, `a raw price (1e-9 units) with at most ${this.priceDecimals} decimals (configure more decimals to read it)`);
    return v / div;
  }
}
