import { EventKind, newMarketEvent, type MarketEvent } from '../events/market-event.js';
import { ByteScanner } from './byte-scanner.js';
import { POW10 } from './decimal-parse.js';
import { dateMidnightEpochNs, parseLobsterFileName } from './lobster-file-name.js';
import type { ReaderOptions } from './reader-options.js';
import type { ReaderInfo } from './reader.js';
import { ScannerReader } from './scanner-reader.js';

/** Options of the LOBSTER message reader. Decimals are fixed by the format (4 / 0). */
export interface LobsterReaderOptions extends ReaderOptions {
  /** Trading date `YYYY-MM-DD` when the file name does not carry it. */
  date?: string;
  /** Book levels N when the file name does not carry it. */
  levels?: number;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// Module-level copies of imports: under tsx/esbuild's module transform every access to an
// imported binding is a getter call, which showed up as ~20% of the LOBSTER hot path.
const K_STATUS = EventKind.Status;
const K_TRADE = EventKind.Trade;
const K_CROSS = EventKind.Cross;
const P10 = POW10;

const COLUMNS = ['Time', 'Type', 'OrderID', 'Size', 'Price', 'Direction'] as const;

/** LOBSTER type (index) -> EventKind; index 0 unused. */
const KIND_OF_TYPE: readonly EventKind[] = [
  EventKind.None, EventKind.Add, EventKind.Cancel, EventKind.Delete, EventKind.Execute,
  EventKind.Trade, EventKind.Cross, EventKind.Status,
];

/**
 * Streams a LOBSTER message file (`TICKER_YYYY-MM-DD_start_end_message_N.csv`, no header).
 *
 * Mapping: 1 Add, 2 Cancel (size = cancelled amount), 3 Delete, 4 Execute (side = the resting
 * order's Direction), 5 Trade (hidden execution; side = aggressor = -Direction, because executing
 * a sell limit order is a buyer-initiated trade), 6 Cross (side 0: an auction has no aggressor),
 * 7 Status (status = the Price field: -1 halt, 0 quoting resumes, 1 trading resumes; price and
 * size 0, side 0). `orderId` is LOBSTER's (0 for hidden executions).
 *
 * Rejected as impossible (`DataFormatError` naming line and column): a Time before the previous
 * row's; for types 1-6 a size or price of 0 or below; a negative OrderID (except -1 on a cross,
 * type 6); a status (type 7) price other than -1, 0, 1; an empty file. Accepted from real files:
 * Time with more than 9 fraction digits (float noise, `35821.088778456004`) is rounded to the
 * nanosecond and counted in `adjustments().roundedTimestamps`; hidden executions (type 5) of
 * orders never seen in the file (they rest hidden, so they never were); a header line
 * `Time,Type,OrderID,Size,Price,Direction` (any case), as a re-saved file may carry.
 *
 * Invariants: prices are the file's integers (dollars x 10^4, so priceDecimals 4, tick 100 =
 * $0.01), sizes are shares (sizeDecimals 0). `tsNs` = the Time column parsed digit by digit into
 * exact integer nanoseconds after the exchange-local midnight of the file's date (`baseEpochNs`,
 * `clock: 'exchange-local'`). `next()` returns the same record, overwritten, and allocates
 * nothing; malformed rows throw `DataFormatError` before any field of the record is written.
 */
export class LobsterMessageReader extends ScannerReader {
  readonly info: ReaderInfo;
  protected readonly sc: ByteScanner;
  private readonly ev: MarketEvent = newMarketEvent();
  /** Time of the previous row (ns); times never go backwards. */
  private lastTs = 0;

  constructor(path: string, opts: LobsterReaderOptions = {}) {
    super();
    if ((opts.priceDecimals ?? 4) !== 4 || (opts.sizeDecimals ?? 0) !== 0) {
      throw new RangeError('LOBSTER prices are dollars x 10^4 and sizes are shares: priceDecimals must be 4 and sizeDecimals 0');
    }
    const name = parseLobsterFileName(path);
    const date = opts.date ?? name?.date;
    const levels = opts.levels ?? name?.levels;
    const symbol = opts.symbol ?? name?.symbol;
    if (date === undefined || levels === undefined || symbol === undefined) {
      throw new RangeError(`${path}: not a LOBSTER file name (TICKER_YYYY-MM-DD_start_end_message_N.csv); pass symbol, date and levels`);
    }
    this.info = {
      format: 'lobster',
      variant: `message_${levels}`,
      files: [path],
      instrument: { symbol, venue: opts.venue ?? 'NASDAQ', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: opts.tickSizeUnits ?? 100 },
      bookKind: 'L3',
      depthLevels: levels,
      baseEpochNs: dateMidnightEpochNs(date),
      clock: 'exchange-local',
    };
    this.sc = new ByteScanner(path, opts.chunkBytes);
    this.sc.columns = COLUMNS;
    this.sc.skipHeader(COLUMNS);
    this.sc.requireRow('at least one message row');
  }

  next(): MarketEvent | null {
    const sc: ByteScanner = this.sc;
    const start = sc.completeLineStart();
    if (start >= 0 && this.parseFast(sc.buf, start)) return this.ev;
    if (!sc.nextLine()) return null;
    this.parseChecked();
    return this.ev;
  }

  /**
   * The hot path: frames AND parses one line in a single pass with locals only (a `\n` is known
   * to follow, so the digit loops need no bounds checks). Returns false on ANY irregularity
   * without touching the record or the scanner; `next()` then frames the line normally and
   * `parseChecked` re-parses it field by field to throw the precise error (or to accept what the
   * fast path does not handle: a blank line, a last line without newline, a line split by a chunk).
   */
  private parseFast(buf: Uint8Array, p: number): boolean {
    const start = p;
    let c: number;
    // Time: seconds '.' up to 9 fraction digits -> exact ns.
    let sec = 0;
    while ((c = buf[p]! - 48) >= 0 && c <= 9) { sec = sec * 10 + c; p++; }
    if (p === start) return false;
    let frac = 0;
    let k = 0;
    if (buf[p] === 46) {
      p++;
      while ((c = buf[p]! - 48) >= 0 && c <= 9) {
        if (k === 9) return false;
        frac = frac * 10 + c;
        k++;
        p++;
      }
    }
    if (buf[p] !== 44) return false;
    const ts = sec * 1e9 + frac * P10[9 - k]!;
    // Type: one digit 1-7.
    const type = buf[p + 1]! - 48;
    if (type < 1 || type > 7 || buf[p + 2] !== 44) return false;
    p += 3;
    // OrderID
    let id = 0;
    let q = p;
    while ((c = buf[p]! - 48) >= 0 && c <= 9) { id = id * 10 + c; p++; }
    if (p === q || buf[p] !== 44) return false;
    // Size
    let size = 0;
    q = ++p;
    while ((c = buf[p]! - 48) >= 0 && c <= 9) { size = size * 10 + c; p++; }
    if (p === q || buf[p] !== 44) return false;
    // Price (signed)
    const neg = buf[++p] === 45;
    if (neg) p++;
    let price = 0;
    q = p;
    while ((c = buf[p]! - 48) >= 0 && c <= 9) { price = price * 10 + c; p++; }
    if (p === q || buf[p] !== 44) return false;
    if (ts > MAX_SAFE || id > MAX_SAFE || size > MAX_SAFE || price > MAX_SAFE) return false;
    // Impossible values go to the checked path, which names them.
    if (ts < this.lastTs || (type === 7 ? price > 1 : neg || price === 0 || size === 0)) return false;
    // Direction: "1" or "-1", then "\n" or "\r\n".
    let dir: 1 | -1 = 1;
    if (buf[++p] === 45) { dir = -1; p++; }
    if (buf[p] !== 49) return false;
    const end = ++p;
    if (buf[p] === 13) p++;
    if (buf[p] !== 10) return false;
    this.sc.acceptLine(start, end, p);
    this.store(ts, type, id, size, neg ? 0 - price : price, dir);
    return true;
  }

  /** Slow path: strict field-by-field parse that throws a `DataFormatError` naming the culprit. */
  private parseChecked(): void {
    const sc: ByteScanner = this.sc;
    sc.pos = sc.lineStart;
    const ts = sc.secondsNs(0);
    if (ts < this.lastTs) {
      sc.failField(0, `a time at or after the previous row's ${secondsText(this.lastTs)} (times must not go backwards)`);
    }
    const type = sc.uint(1);
    if (type < 1 || type > 7) sc.failField(1, 'an event type 1-7');
    const orderId = sc.int(2);
    if (orderId < 0 && !(type === 6 && orderId === -1)) sc.failField(2, 'a non-negative order id (-1 only for a cross, type 6)');
    const size = sc.uint(3);
    if (type !== 7 && size === 0) sc.failField(3, `a positive size for event type ${type}`);
    const price = sc.int(4);
    if (type === 7 ? price < -1 || price > 1 : price <= 0) {
      sc.failField(4, type === 7 ? 'a status -1 (halt), 0 (quoting) or 1 (trading) for event type 7' : `a positive price for event type ${type}`);
    }
    const dir = sc.int(5);
    if (dir !== 1 && dir !== -1) sc.failField(5, '1 (buy) or -1 (sell)');
    sc.endLine();
    this.store(ts, type, orderId, size, price, dir);
  }

  private store(ts: number, type: number, orderId: number, size: number, price: number, dir: 1 | -1): void {
    const ev = this.ev;
    const kind = KIND_OF_TYPE[type]!;
    this.lastTs = ts;
    ev.kind = kind;
    ev.tsNs = ts;
    ev.orderId = orderId;
    ev.flags = 0;
    ev.line = this.sc.line;
    if (kind === K_STATUS) {
      ev.status = price;
      ev.side = 0;
      ev.priceUnits = 0;
      ev.size = 0;
    } else {
      ev.priceUnits = price;
      ev.size = size;
      ev.side = kind === K_TRADE ? (dir === 1 ? -1 : 1) : kind === K_CROSS ? 0 : dir;
    }
  }
}

/** Nanoseconds after midnight as LOBSTER writes them (`34200.017459617`), for error messages. */
function secondsText(ns: number): string {
  return `${Math.floor(ns / 1e9)}.${String(ns % 1e9).padStart(9, '0')}`;
}
