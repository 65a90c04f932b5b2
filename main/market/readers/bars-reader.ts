import { basename } from 'node:path';
import { EventKind, newMarketEvent, type MarketEvent } from '../events/market-event.js';
import { ByteScanner } from './byte-scanner.js';
import { normalizeHeader } from './csv-header.js';
import { dayToEpochNs, NANOS_PER_DAY, newDateTimeParts, type DateTimeParts } from './decimal-parse.js';
import { buildInstrument, type ReaderOptions } from './reader-options.js';
import type { ReaderInfo } from './reader.js';
import { ScannerReader } from './scanner-reader.js';

/** Options of the bar reader. */
export interface BarsReaderOptions extends ReaderOptions {
  /**
   * What the timestamp column labels. Default 'close': both sample files label a bar by its END
   * (the CME file's sessions end with a 22:00:00 bar and restart with 23:01:00, i.e. the bar
   * 23:00-23:01). `MarketEvent` wants the bar's OPEN time, so close labels are shifted back by
   * `barIntervalSec`.
   */
  barTimestamp?: 'open' | 'close';
  /** Bar length in seconds (default 60). */
  barIntervalSec?: number;
}

const BAR = EventKind.Bar;
const NS_DAY = NANOS_PER_DAY;
const COLUMNS_A = ['timestamp', 'open', 'high', 'low', 'close', 'volume'] as const;
const COLUMNS_B = ['timestamp_utc', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Streams a 1-minute (or `barIntervalSec`) OHLCV CSV, plain or `.csv.gz` (gunzipped whole), with
 * header `timestamp,open,high,low,close,volume` or `timestamp_utc,...`, timestamps
 * `YYYY-MM-DD HH:MM:SS[.fraction]` in UTC, as Bar events: priceUnits = open, highUnits,
 * lowUnits, closeUnits, size = volume.
 *
 * Invariants: `tsNs` = bar OPEN time in ns since the UTC midnight of the first bar's open
 * (`clock: 'utc'`). Prices are exact at priceDecimals (default 6; more non-zero decimals is a
 * `DataFormatError`). Volume is rounded half away from zero to sizeDecimals (default 4): vendor
 * bar volumes are floats with binary noise (`218102.59507500002` in the BTC file) that no exact
 * integer scale can hold.
 *
 * Rejected as impossible (`DataFormatError` naming the column): a timestamp not after the previous
 * bar's (bars are strictly increasing); high below open or low; low above open; close outside
 * [low, high]; a negative volume; a header without rows. Negative prices are allowed (spreads and
 * some futures trade below zero). Accepted: header names in any case or quoted, `+00:00`-style UTC
 * offsets (pandas' tz-aware times), epoch-digit timestamps, `1e-05` numbers.
 */
export class BarsReader extends ScannerReader {
  readonly info: ReaderInfo;
  protected readonly sc: ByteScanner;
  private readonly ev: MarketEvent = newMarketEvent();
  private readonly t: DateTimeParts = newDateTimeParts();
  private readonly baseDay: number;
  private readonly shiftNs: number;
  private readonly pd: number;
  private readonly sd: number;
  /** Time of the previous bar (ns since `baseDay`); bars strictly increase. */
  private lastNs = -Infinity;

  constructor(path: string, opts: BarsReaderOptions = {}) {
    super();
    const sc: ByteScanner = new ByteScanner(path, opts.chunkBytes);
    this.sc = sc;
    if (!sc.nextLine()) sc.fail(1, 'header', 'a header line', 'empty file');
    const raw = sc.lineText();
    const header = normalizeHeader(raw).toLowerCase();
    const cols = header === COLUMNS_A.join(',') ? COLUMNS_A : header === COLUMNS_B.join(',') ? COLUMNS_B : null;
    if (cols === null) {
      sc.close();
      sc.fail(1, 'header', `${COLUMNS_A.join(',')} (or timestamp_utc,...)`, raw);
    }
    sc.columns = cols;
    sc.requireRow('at least one bar after the header');
    const interval = opts.barIntervalSec ?? 60;
    if (!(interval > 0) || !Number.isInteger(interval)) throw new RangeError(`barIntervalSec must be a positive integer, got ${interval}`);
    this.shiftNs = (opts.barTimestamp ?? 'close') === 'close' ? interval * 1e9 : 0;
    let day = 0;
    sc.mark();
    if (sc.nextLine()) {
      sc.dateTime(0, this.t);
      day = this.t.nsOfDay < this.shiftNs ? this.t.day - 1 : this.t.day; // the open may be the day before
    }
    sc.unread();
    this.baseDay = day;
    // `6EH4.XCME_1min_...` -> 6EH4 on XCME; `btc-perp-20211231-20220201_1m` -> btc-perp.
    const stem = basename(path).split('_')[0] ?? '';
    const dot = stem.indexOf('.');
    const symbol = (dot > 0 ? stem.slice(0, dot) : stem).replace(/-\d{8}(-\d{8})?$/, '');
    const venue = dot > 0 ? stem.slice(dot + 1) : '';
    const instrument = buildInstrument(opts, { symbol, venue, priceDecimals: 6, sizeDecimals: 4, tickDecimals: null });
    this.pd = instrument.priceDecimals;
    this.sd = instrument.sizeDecimals;
    this.info = {
      format: 'bars', variant: `ohlcv-${interval}s`, files: [path], instrument, bookKind: 'bars',
      depthLevels: 0, baseEpochNs: dayToEpochNs(day), clock: 'utc',
    };
  }

  next(): MarketEvent | null {
    const sc: ByteScanner = this.sc;
    if (!sc.nextLine()) return null;
    const t = this.t;
    sc.dateTime(0, t);
    const ns = (t.day - this.baseDay) * NS_DAY + t.nsOfDay - this.shiftNs;
    if (!(ns > this.lastNs)) sc.failField(0, "a time after the previous bar's (bars must be in increasing time order)");
    const pd = this.pd;
    const open = sc.decimal(1, pd);
    const high = sc.decimal(2, pd);
    if (high < open) sc.failField(2, 'a high at or above the open');
    const low = sc.decimal(3, pd);
    if (low > high) sc.failField(3, 'a low at or below the high');
    if (low > open) sc.failField(3, 'a low at or below the open');
    const close = sc.decimal(4, pd);
    if (close > high || close < low) sc.failField(4, 'a close between the low and the high');
    const volume = sc.decimal(5, this.sd, true);
    if (volume < 0) sc.failField(5, 'a non-negative volume');
    sc.endLine();
    this.lastNs = ns;
    const ev = this.ev;
    ev.kind = BAR;
    ev.tsNs = ns;
    ev.priceUnits = open;
    ev.highUnits = high;
    ev.lowUnits = low;
    ev.closeUnits = close;
    ev.size = volume;
    ev.side = 0;
    ev.orderId = 0;
    ev.flags = 0;
    ev.line = sc.line;
    return ev;
  }
}
