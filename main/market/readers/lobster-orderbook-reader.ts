import { ByteScanner } from './byte-scanner.js';
import { parseLobsterFileName } from './lobster-file-name.js';

/** LOBSTER's price for an empty ask level. */
export const LOBSTER_EMPTY_ASK = 9_999_999_999;
/** LOBSTER's price for an empty bid level. */
export const LOBSTER_EMPTY_BID = -9_999_999_999;

/**
 * Row-at-a-time reader of a LOBSTER orderbook file (`..._orderbook_N.csv`), used to reconcile a
 * replayed book against LOBSTER's own. Row k is the book just after message k.
 *
 * Invariants: `next()` returns the SAME `Float64Array(4 * levels)`, overwritten, laid out as the
 * file: `[askPrice1, askSize1, bidPrice1, bidSize1, askPrice2, ...]`, prices in units of $10^-4
 * and sizes in shares; or null at the end. Empty levels keep LOBSTER's dummy prices
 * (`LOBSTER_EMPTY_ASK` / `LOBSTER_EMPTY_BID`, size 0) unless `emptyAsNaN` was set, in which case
 * their price is NaN (the `DepthBuffers` convention). Every row must have exactly 4N columns;
 * prices are positive or the dummies, sizes non-negative integers (a `DataFormatError` otherwise,
 * naming the column, e.g. `BidSize1` for a row cut short).
 */
export interface LobsterOrderbookReader {
  readonly file: string;
  /** N, the number of levels per side. */
  readonly levels: number;
  /** 1-based line of the row last returned (= the message line it belongs to). */
  readonly line: number;
  next(): Float64Array | null;
  progress(): { bytesRead: number; totalBytes: number };
  close(): void;
}

/** Options of `openLobsterOrderbook`. */
export interface LobsterOrderbookOptions {
  /** N when the file name does not carry it. */
  levels?: number;
  /** Report empty levels with price NaN instead of LOBSTER's +-9999999999. */
  emptyAsNaN?: boolean;
  chunkBytes?: number;
}

class OrderbookFileReader implements LobsterOrderbookReader {
  readonly file: string;
  readonly levels: number;
  private readonly sc: ByteScanner;
  private readonly row: Float64Array;
  /** Rows are parsed here and copied to `row` only when complete, so a bad row leaves `row` intact. */
  private readonly scratch: Float64Array;
  private readonly emptyAsNaN: boolean;

  constructor(path: string, levels: number, opts: LobsterOrderbookOptions) {
    this.levels = levels;
    this.row = new Float64Array(4 * levels);
    this.scratch = new Float64Array(4 * levels);
    this.emptyAsNaN = opts.emptyAsNaN ?? false;
    this.sc = new ByteScanner(path, opts.chunkBytes);
    this.file = this.sc.file;
    const names: string[] = [];
    for (let i = 1; i <= levels; i++) names.push(`AskPrice${i}`, `AskSize${i}`, `BidPrice${i}`, `BidSize${i}`);
    this.sc.columns = names;
    this.sc.skipHeader(names); // a re-saved file may carry `AskPrice1,AskSize1,...`
  }

  get line(): number {
    return this.sc.line;
  }

  next(): Float64Array | null {
    const sc: ByteScanner = this.sc;
    if (!sc.nextLine()) return null;
    const tmp = this.scratch;
    const n = tmp.length;
    for (let i = 0; i < n; i++) {
      if ((i & 1) === 1) {
        tmp[i] = sc.uint(i);
        continue;
      }
      const px = sc.int(i);
      if (px <= 0 && px !== LOBSTER_EMPTY_BID) sc.failField(i, `a positive price or ${LOBSTER_EMPTY_BID} (an empty bid level)`);
      tmp[i] = px;
    }
    sc.endLine(); // exactly 4N columns
    if (this.emptyAsNaN) {
      for (let i = 0; i < n; i += 2) {
        const px = tmp[i]!;
        if (px === LOBSTER_EMPTY_ASK || px === LOBSTER_EMPTY_BID) tmp[i] = NaN;
      }
    }
    this.row.set(tmp);
    return this.row;
  }

  progress(): { bytesRead: number; totalBytes: number } {
    return { bytesRead: this.sc.bytesRead(), totalBytes: this.sc.totalBytes };
  }

  close(): void {
    this.sc.close();
  }
}

/**
 * Opens a LOBSTER orderbook file. N comes from the file name (`_orderbook_N.csv`) or
 * `opts.levels`; a row whose column count is not 4N is a `DataFormatError`.
 */
export function openLobsterOrderbook(path: string, opts: LobsterOrderbookOptions = {}): LobsterOrderbookReader {
  const levels = opts.levels ?? parseLobsterFileName(path)?.levels;
  if (levels === undefined || !Number.isInteger(levels) || levels < 1) {
    throw new RangeError(`${path}: cannot tell the number of levels; name it ..._orderbook_N.csv or pass levels`);
  }
  return new OrderbookFileReader(path, levels, opts);
}
