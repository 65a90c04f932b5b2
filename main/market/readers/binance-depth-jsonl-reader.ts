import { basename } from 'node:path';
import { newMarketEvent, type MarketEvent } from '../events/market-event.js';
import { ByteScanner } from './byte-scanner.js';
import {
  bytesText, describeDecimalError, parseDecimal, parseSecondsIntPart, parseSecondsNs,
} from './decimal-parse.js';
import { buildInstrument, type ReaderOptions } from './reader-options.js';
import { lastParseRounded, parseDecimalLenient } from './lenient-parse.js';
import { DataFormatError, MAX_CLOCK_SKEW_NS, type ReaderInfo } from './reader.js';
import { ScannerReader } from './scanner-reader.js';
import { SnapshotLevels } from './snapshot-levels.js';

// Local copies of imported functions (imports can compile to getter calls on the hot path).
const decimalAt = parseDecimal;
const SECONDS_PER_DAY = 86_400;

/** Whitespace JSON allows between tokens. */
function isWs(c: number | undefined): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

/**
 * Streams Binance top-N depth snapshots stored one JSON object a line (`.jsonl`, or `.jsonl.gz`
 * gunzipped whole into memory): `{"ts": 1673302660.926, "bids": [[px, qty], ...], "asks": [...]}`.
 *
 * Each line becomes a full snapshot of Level events (see `SnapshotLevels`: bids best first, then
 * asks; flags Snapshot on all, SnapshotStart on the first, BatchEnd on the last). The line is
 * parsed by a small hand-written byte scanner for this shape (keys `ts`, `bids`, `asks` in any
 * order, JSON whitespace allowed; the value of any other key, such as Binance's `lastUpdateId`, is
 * skipped), not `JSON.parse`, and completely before its first event is emitted.
 *
 * Invariants: `tsNs` = `ts` (epoch seconds, up to 9 decimals, exact) minus the UTC midnight of the
 * first line (`baseEpochNs`, `clock: 'utc'`). Defaults priceDecimals 2, sizeDecimals 3
 * (BTCUSDT; tick 0.1 is only assumed for BTCUSDT); a number with more decimals is a
 * `DataFormatError` whose column is the 1-based byte offset in the line.
 *
 * Rejected as impossible: a `ts` more than `MAX_CLOCK_SKEW_NS` before the latest one (less is
 * counted in `reorderedTimestamps`), a price of 0 or below, a negative qty, an empty file.
 * Accepted: numbers as JSON strings (`["17181.6", "23.371"]`, as Binance's API sends them) and in
 * exponent form (`1e-05`, as Python's json writes small floats).
 */
export class BinanceDepthJsonlReader extends ScannerReader {
  readonly info: ReaderInfo;
  protected readonly sc: ByteScanner;
  private readonly ev: MarketEvent = newMarketEvent();
  private readonly snap = new SnapshotLevels();
  private readonly pd: number;
  private readonly sd: number;
  /** UTC midnight (epoch seconds) of the first line; -1 until it is read. */
  private baseSec = -1;
  /** Levels per side of the first line (the depth when the file name does not say). */
  private firstDepth = 0;
  /** Latest `ts` so far (ns since the base midnight). */
  private maxTs = -Infinity;

  constructor(path: string, opts: ReaderOptions = {}) {
    super();
    this.sc = new ByteScanner(path, opts.chunkBytes);
    const name = basename(path);
    const symbol = name.split(/[_.]/)[0] || 'UNKNOWN';
    const instrument = buildInstrument(opts, {
      symbol, venue: 'binance', priceDecimals: 2, sizeDecimals: 3, tickDecimals: symbol === 'BTCUSDT' ? 1 : null,
    });
    this.pd = instrument.priceDecimals;
    this.sd = instrument.sizeDecimals;
    // Parse the first line now: it fixes the base midnight and the depth; next() emits it first.
    const any = this.readLine();
    if (!any) throw new DataFormatError(this.sc.file, this.sc.line + 1, 1, 'line', 'at least one snapshot line', 'empty file');
    const nameDepth = /depth(\d+)/.exec(name);
    const depth = nameDepth ? Number(nameDepth[1]) : any ? this.firstDepth : 0;
    this.info = {
      format: 'binance-depth', variant: `depth${depth}-jsonl`, files: [path], instrument, bookKind: 'L2',
      depthLevels: depth, baseEpochNs: BigInt(Math.max(this.baseSec, 0)) * 1_000_000_000n, clock: 'utc',
    };
  }

  next(): MarketEvent | null {
    if (!this.snap.pending() && !this.readLine()) return null;
    this.snap.emit(this.ev);
    return this.ev;
  }

  /** Parses the next line into `snap`; false at end of input. */
  private readLine(): boolean {
    const sc: ByteScanner = this.sc;
    if (!sc.nextLine()) return false;
    const buf = sc.buf;
    const end = sc.lineEnd;
    let p = sc.lineStart;
    while (p < end && isWs(buf[p])) p++;
    if (buf[p] !== 123 /* { */ || p >= end) this.fail(p, 'line', "'{'");
    p++;
    let tsNs = NaN;
    let sides = 0; // bit 1: bids seen, bit 2: asks seen
    this.snap.beginFill(sc.line);
    for (;;) {
      while (p < end && isWs(buf[p])) p++;
      if (p >= end || buf[p] !== 34 /* " */) this.fail(p, 'key', 'a key "ts", "bids" or "asks"');
      const k0 = p + 1;
      let k1 = k0;
      while (k1 < end && buf[k1] !== 34) k1++;
      p = k1 + 1;
      while (p < end && isWs(buf[p])) p++;
      if (p >= end || buf[p] !== 58 /* : */) this.fail(p, 'key', "':' after the key");
      p++;
      while (p < end && isWs(buf[p])) p++;
      const len = k1 - k0;
      if (len === 2 && buf[k0] === 116 && buf[k0 + 1] === 115) { // ts
        const t1 = tokenEnd(buf, p, end);
        const q = buf[p] === 34 && t1 - p >= 2 && buf[t1 - 1] === 34 ? 1 : 0; // "1673302660.926"
        if (this.baseSec < 0) {
          const sec = parseSecondsIntPart(buf, p + q, t1 - q);
          if (sec === sec) this.baseSec = Math.floor(sec / SECONDS_PER_DAY) * SECONDS_PER_DAY;
        }
        tsNs = parseSecondsNs(buf, p + q, t1 - q, this.baseSec);
        if (tsNs !== tsNs) this.fail(p, 'ts', 'epoch seconds with at most 9 decimal places', t1);
        if (tsNs < this.maxTs - MAX_CLOCK_SKEW_NS) this.fail(p, 'ts', `a ts at most 1 s before the latest one (timestamps must not go backwards)`, t1);
        if (tsNs < this.maxTs) this.sc.adjust.reorderedTimestamps++;
        else this.maxTs = tsNs;
        p = t1;
      } else if (len === 4 && buf[k0] === 98 && buf[k0 + 1] === 105 && buf[k0 + 2] === 100 && buf[k0 + 3] === 115) { // bids
        p = this.levels(buf, p, end, 1);
        sides |= 1;
      } else if (len === 4 && buf[k0] === 97 && buf[k0 + 1] === 115 && buf[k0 + 2] === 107 && buf[k0 + 3] === 115) { // asks
        p = this.levels(buf, p, end, -1);
        sides |= 2;
      } else {
        // Another key (a capture tool's "lastUpdateId", "E", "symbol"...): its value is skipped.
        const v = skipJsonValue(buf, p, end);
        if (v < 0) this.fail(p, bytesText(buf, k0, k1, 40), 'a JSON value');
        p = v;
      }
      while (p < end && isWs(buf[p])) p++;
      if (buf[p] === 44 /* , */ && p < end) { p++; continue; }
      if (buf[p] === 125 /* } */ && p < end) { p++; break; }
      this.fail(p, 'line', "',' or '}'");
    }
    while (p < end && isWs(buf[p])) p++;
    if (p < end) this.fail(p, 'line', 'end of line after the object');
    if (tsNs !== tsNs || sides !== 3) this.fail(end, 'line', 'keys "ts", "bids" and "asks"');
    this.snap.commit(tsNs);
    if (this.firstDepth === 0) this.firstDepth = this.snap.depth();
    return true;
  }

  /** Parses `[[px, qty], ...]` at `p` into the snapshot side; returns the position after `]`. */
  private levels(buf: Uint8Array, p: number, end: number, side: 1 | -1): number {
    const field = side === 1 ? 'bids' : 'asks';
    if (buf[p] !== 91 /* [ */ || p >= end) this.fail(p, field, "'['");
    p++;
    let i = 0;
    for (;;) {
      while (p < end && isWs(buf[p])) p++;
      if (buf[p] === 93 /* ] */ && p < end && i === 0) return p + 1;
      if (buf[p] !== 91 || p >= end) this.fail(p, `${field}[${i}]`, "'[' starting a [price, qty] pair");
      p++;
      while (p < end && isWs(buf[p])) p++;
      let t1 = tokenEnd(buf, p, end);
      let px = decimalAt(buf, p, t1, this.pd);
      if (!(px > 0)) {
        if (px !== px) px = this.lenientNumber(buf, p, t1, this.pd, `${field}[${i}][0]`);
        if (px <= 0) this.fail(p, `${field}[${i}][0]`, 'a positive price', t1);
      }
      p = t1;
      while (p < end && isWs(buf[p])) p++;
      if (buf[p] !== 44 || p >= end) this.fail(p, `${field}[${i}]`, "',' between price and qty");
      p++;
      while (p < end && isWs(buf[p])) p++;
      t1 = tokenEnd(buf, p, end);
      let qty = decimalAt(buf, p, t1, this.sd);
      if (!(qty >= 0)) {
        if (qty !== qty) qty = this.lenientNumber(buf, p, t1, this.sd, `${field}[${i}][1]`);
        if (qty < 0) this.fail(p, `${field}[${i}][1]`, 'a non-negative qty', t1);
      }
      p = t1;
      while (p < end && isWs(buf[p])) p++;
      if (buf[p] !== 93 || p >= end) this.fail(p, `${field}[${i}]`, "']' closing the pair");
      p++;
      if (side === 1) this.snap.pushBid(px, qty); else this.snap.pushAsk(px, qty);
      i++;
      while (p < end && isWs(buf[p])) p++;
      if (buf[p] === 44 && p < end) { p++; continue; }
      if (buf[p] === 93 && p < end) return p + 1;
      this.fail(p, field, "',' or ']'");
    }
  }

  /** Slow path: a number the strict parse refused (in a JSON string, exponent form...) at `[p, t1)`. */
  private lenientNumber(buf: Uint8Array, p: number, t1: number, decimals: number, field: string): number {
    const q = buf[p] === 34 && t1 - p >= 2 && buf[t1 - 1] === 34 ? 1 : 0;
    const w = parseDecimalLenient(buf, p + q, t1 - q, decimals);
    if (w !== w) this.fail(p, field, describeDecimalError(buf, p + q, t1 - q, decimals), t1);
    if (lastParseRounded()) this.sc.adjust.roundedNumbers++;
    return w;
  }

  /** Throws for byte `p` of the current line; `found` runs to `until` (default: 20 bytes). */
  private fail(p: number, field: string, expected: string, until?: number): never {
    const sc: ByteScanner = this.sc;
    const e = Math.min(sc.lineEnd, until ?? p + 20);
    const found = p >= sc.lineEnd ? 'end of line' : bytesText(sc.buf, p, Math.max(e, p + 1));
    sc.fail(p - sc.lineStart + 1, field, expected, found);
  }
}

/** End of a JSON number token: the first byte that is a delimiter, whitespace or the line end. */
function tokenEnd(buf: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = buf[p]!;
    if (c === 44 || c === 93 || c === 125 || c === 32 || c === 9) break;
    p++;
  }
  return p;
}

/**
 * End of the JSON value starting at `p` (a string with escapes, a number or literal, or a nested
 * array / object, strings inside respected), or -1 when it is not closed before `end`.
 */
function skipJsonValue(buf: Uint8Array, p: number, end: number): number {
  const start = p;
  let depth = 0;
  while (p < end) {
    const c = buf[p]!;
    if (c === 34 /* " */) {
      p++;
      while (p < end && buf[p] !== 34) p += buf[p] === 92 /* \\ */ ? 2 : 1;
      if (p >= end) return -1;
      p++;
    } else if (c === 91 || c === 123 /* [ { */) {
      depth++;
      p++;
    } else if (c === 93 || c === 125 /* ] } */) {
      if (depth === 0) return p > start ? p : -1;
      depth--;
      p++;
    } else if (depth === 0 && (c === 44 || isWs(c))) {
      return p > start ? p : -1;
    } else {
      p++;
    }
    if (depth === 0 && (c === 34 || c === 93 || c === 125)) return p;
  }
  return depth === 0 ? p : -1;
}
