import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { normalizeHeader } from './csv-header.js';
import {
  lastParseRounded, parseDateTimeLenient, parseDecimalLenient, parseIntLenient, parseSecondsLenient,
} from './lenient-parse.js';
import { DataFormatError, newReaderAdjustments, type ReaderAdjustments } from './reader.js';
import {
  bytesText, describeDecimalError, parseDateTime, parseDecimal, parseSecondsNs, type DateTimeParts,
} from './decimal-parse.js';

// Module-level aliases of the imported parsers: under tsx/esbuild's module transform every use
// of an imported binding is a getter call, which is measurable per field.
const parseDateTimeAt = parseDateTime;
const parseDecimalAt = parseDecimal;
const parseSecondsAt = parseSecondsNs;

/** Default read size: big enough that syscalls vanish from profiles, small enough to stay in L2/L3. */
export const CHUNK_BYTES = 1 << 20;

const NL = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Streams a text file line by line and parses CSV fields of the current line straight from the
 * bytes. Invariants:
 * - Plain files are read in `chunkBytes` chunks with `readSync` into one buffer; a line that
 *   straddles a chunk boundary is moved to the front before the next read, and the buffer only
 *   grows when a single line is longer than it. `.gz` files are gunzipped WHOLE into memory
 *   (zlib has no cheap synchronous streaming API; fine for the sample/day files we load, but a
 *   multi-GB .gz file needs that much RAM).
 * - `nextLine()` frames the next non-blank line as `[lineStart, lineEnd)` without its `\n` or
 *   `\r\n`; `line` is its 1-based number. A missing final newline is fine. A UTF-8 BOM is skipped,
 *   and so are lines holding only spaces and tabs (they count in `line`).
 * - A field that starts with `"` is a quoted CSV field: it runs to the closing quote (commas
 *   inside are data, `""` is a quote) and is framed without its quotes.
 * - Numbers are parsed strictly first (digits only, no allocation); only when that fails is the
 *   field re-read by `lenient-parse.ts` (`+5`, `1e-05`, `5.0`, float noise, > 9 fraction digits
 *   of a second, UTC offsets). What had to be rounded is counted in `adjust`.
 * - Field methods consume the field at `pos` up to the next comma (or line end) and advance
 *   `pos` past it. After the last field `pos === lineEnd + 1`, which is how a missing column
 *   ("truncated line") and `endLine()`'s extra-column check are detected without a column count.
 * - Every failure throws `DataFormatError` naming file, line, 1-based column, field name,
 *   expectation and the offending text; nothing is allocated on the success path.
 */
export class ByteScanner {
  /** File name used in error messages (the base name). */
  readonly file: string;
  readonly path: string;
  /** Total bytes of the (decompressed) input. */
  readonly totalBytes: number;
  /** Column names for error messages; index = 0-based column. Set by the reader. */
  columns: readonly string[] = [];
  /** What the lenient fallbacks accepted (see `ReaderAdjustments`). */
  readonly adjust: ReaderAdjustments = newReaderAdjustments();
  /** The bytes. A Buffer (not a plain Uint8Array) because `Buffer#indexOf` is memchr: 5x faster line framing. */
  buf: Buffer;
  lineStart = 0;
  lineEnd = 0;
  /** 1-based number of the current line (0 before the first). */
  line = 0;
  /** Cursor of the field methods inside the current line. */
  pos = 0;
  /** Byte range of the field consumed last (for `failField`). */
  fieldStart = 0;
  fieldEnd = 0;
  private fill = 0;
  private nextStart = 0;
  /** Index of the last `\n` in `buf[0, fill)`, -1 if none: lines starting at or before it are complete. */
  private lastNl = -1;
  /** File offset of `buf[0]`. */
  private base = 0;
  private fd = -1;
  private eof = false;
  private markAbs = -1;
  private markLine = 0;

  constructor(path: string, chunkBytes = CHUNK_BYTES) {
    this.path = path;
    this.file = basename(path);
    if (path.endsWith('.gz')) {
      let data: Buffer;
      try {
        data = gunzipSync(readFileSync(path));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw e;
        throw new DataFormatError(this.file, 0, 0, '(gzip)', 'a complete gzip stream', String((e as Error).message));
      }
      this.buf = data;
      this.fill = data.byteLength;
      this.totalBytes = data.byteLength;
      this.eof = true;
      this.lastNl = this.buf.lastIndexOf(NL);
    } else {
      this.fd = openSync(path, 'r');
      this.totalBytes = fstatSync(this.fd).size;
      // Small files get a buffer of their own size (+1 so one read sees EOF), not a whole chunk.
      this.buf = Buffer.allocUnsafe(Math.max(64, Math.min(chunkBytes, this.totalBytes + 1)));
      this.refill();
    }
    const b = this.buf;
    if (this.fill >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.nextStart = 3;
  }

  /** Frames the next non-blank line; false at end of input. */
  nextLine(): boolean {
    for (;;) {
      const s = this.nextStart;
      let e: number;
      if (s <= this.lastNl) {
        e = this.buf.indexOf(NL, s); // found: a '\n' sits at lastNl >= s
        this.nextStart = e + 1;
      } else if (!this.eof) {
        this.refill();
        continue;
      } else if (s < this.fill) {
        e = this.fill; // last line without a trailing newline
        this.nextStart = e;
      } else {
        return false;
      }
      this.line++;
      if (e > s && this.buf[e - 1] === CR) e--;
      if (e === s) continue; // blank line (e.g. a trailing empty line): skipped, but counted
      if ((this.buf[s] === 32 || this.buf[s] === 9) && isBlank(this.buf, s, e)) continue;
      this.lineStart = s;
      this.pos = s;
      this.lineEnd = e;
      return true;
    }
  }

  /**
   * Start of the next line when it is complete in the buffer (a `\n` follows somewhere), else
   * -1. Lets a format's fast path fuse line framing with parsing: it may read bytes from there
   * up to and including that `\n` without bounds checks (the `\n` stops every digit loop), and
   * must call `acceptLine` if it consumed the line, or fall back to `nextLine()` if not.
   */
  completeLineStart(): number {
    return this.nextStart <= this.lastNl ? this.nextStart : -1;
  }

  /** Marks the line `[start, end)` whose `\n` is at `nl` as the current, fully consumed line. */
  acceptLine(start: number, end: number, nl: number): void {
    this.line++;
    this.lineStart = start;
    this.lineEnd = end;
    this.pos = end + 1;
    this.nextStart = nl + 1;
  }

  /** Remembers the position before the next line so that `unread()` can return to it. */
  mark(): void {
    this.markAbs = this.base + this.nextStart;
    this.markLine = this.line;
  }

  /** Returns to the last `mark()`. Valid while the marked bytes are still buffered (checked). */
  unread(): void {
    const rel = this.markAbs - this.base;
    if (this.markAbs < 0 || rel < 0) throw new Error(`${this.file}: unread() past the buffered data`);
    this.nextStart = rel;
    this.line = this.markLine;
    this.markAbs = -1;
  }

  private refill(): void {
    // Keep the bytes from a pending mark() on, so that unread() can always return to it.
    const from = this.markAbs >= 0 ? Math.max(0, Math.min(this.nextStart, this.markAbs - this.base)) : this.nextStart;
    const keep = this.fill - from;
    if (from > 0) {
      this.buf.copyWithin(0, from, this.fill);
      this.base += from;
    } else if (keep === this.buf.length) {
      const bigger = Buffer.allocUnsafe(this.buf.length * 2); // only for a line longer than the buffer
      this.buf.copy(bigger);
      this.buf = bigger;
    }
    this.fill = keep;
    this.nextStart -= from;
    const n = readSync(this.fd, this.buf, this.fill, this.buf.length - this.fill, null);
    if (n === 0) {
      this.eof = true;
      this.closeFd();
    }
    this.fill += n;
    this.lastNl = this.fill === 0 ? -1 : this.buf.lastIndexOf(NL, this.fill - 1);
  }

  /** Bytes consumed so far (through the end of the current line). */
  bytesRead(): number {
    return this.base + this.nextStart;
  }

  private closeFd(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }

  /** Releases the file; further `nextLine()` calls return false. `bytesRead()` keeps its value. */
  close(): void {
    this.closeFd();
    this.eof = true;
    this.fill = this.nextStart;
    this.lastNl = -1;
    this.buf = Buffer.alloc(0); // let a gunzipped file's memory go
  }

  /** The current line as text (headers and error messages only). */
  lineText(): string {
    return bytesText(this.buf, this.lineStart, this.lineEnd, 1 << 20);
  }

  // ---- field methods -------------------------------------------------------------------------

  /** Frames the next field as `[fieldStart, fieldEnd)` and moves `pos` past it; throws if the column is missing. */
  field(ci: number): void {
    const s = this.pos;
    const end = this.lineEnd;
    if (s > end) this.failMissing(ci);
    const buf = this.buf;
    if (buf[s] === QUOTE && s < end) {
      this.quotedField(ci, s);
      return;
    }
    let p = s;
    while (p < end && buf[p] !== COMMA) p++;
    this.fieldStart = s;
    this.fieldEnd = p;
    this.pos = p + 1;
  }

  /** Frames a field in double quotes starting at `s` (the quotes are not part of the field). */
  private quotedField(ci: number, s: number): void {
    const end = this.lineEnd;
    const buf = this.buf;
    let p = s + 1;
    for (;;) {
      while (p < end && buf[p] !== QUOTE) p++;
      if (p + 1 < end && buf[p + 1] === QUOTE) { p += 2; continue; } // "" = a quote inside
      break;
    }
    if (p >= end || (p + 1 < end && buf[p + 1] !== COMMA)) {
      let e = p + 1;
      while (e < end && buf[e] !== COMMA) e++;
      this.fieldStart = s;
      this.fieldEnd = Math.min(e, end);
      this.failField(ci, p >= end ? 'a closing double quote' : 'a comma after the closing double quote');
    }
    this.fieldStart = s + 1;
    this.fieldEnd = p;
    this.pos = p + 2;
  }

  /** Skips a column (it must exist). */
  skip(ci: number): void {
    this.field(ci);
  }

  /** Unsigned integer column, <= Number.MAX_SAFE_INTEGER. Single pass: digits, then ',' or line end. */
  uint(ci: number): number {
    const s = this.pos;
    if (s > this.lineEnd) this.failMissing(ci);
    return this.digits(ci, s, s, false, false);
  }

  /** Signed integer column (optional leading '-'). */
  int(ci: number): number {
    const s = this.pos;
    if (s > this.lineEnd) this.failMissing(ci);
    if (this.buf[s] === 45 /* - */ && s < this.lineEnd) return this.digits(ci, s, s + 1, true, true);
    return this.digits(ci, s, s, true, false);
  }

  /** Digits from `from` to the field end; `s` is where the field (sign included) starts. */
  private digits(ci: number, s: number, from: number, signed: boolean, neg: boolean): number {
    const end = this.lineEnd;
    const buf = this.buf;
    let p = from;
    let v = 0;
    while (p < end) {
      const d = buf[p]! - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
      p++;
    }
    if (p === from || (p < end && buf[p] !== COMMA) || v > MAX_SAFE) return this.intFallback(ci, s, signed, v > MAX_SAFE);
    this.fieldStart = s;
    this.fieldEnd = p;
    this.pos = p + 1;
    return neg && v !== 0 ? -v : v;
  }

  /** Slow path of `uint` / `int`: the lenient spellings, or the error. */
  private intFallback(ci: number, s: number, signed: boolean, tooBig: boolean): number {
    this.pos = s;
    this.field(ci);
    const v = tooBig ? NaN : parseIntLenient(this.buf, this.fieldStart, this.fieldEnd, signed);
    if (v !== v) {
      this.failField(ci, tooBig ? `an integer of magnitude <= ${MAX_SAFE}` : signed ? 'an integer' : 'a non-negative integer');
    }
    if (lastParseRounded()) this.adjust.roundedNumbers++;
    return v;
  }

  /** Decimal column scaled to integer units at `decimals` places (see `parseDecimal`). */
  decimal(ci: number, decimals: number, round = false): number {
    this.field(ci);
    const v = parseDecimalAt(this.buf, this.fieldStart, this.fieldEnd, decimals, round);
    return v === v ? v : this.decimalFallback(ci, decimals, round);
  }

  /** Slow path of `decimal` / `decimalOrEmpty` for the field just framed. */
  private decimalFallback(ci: number, decimals: number, round = false): number {
    const v = parseDecimalLenient(this.buf, this.fieldStart, this.fieldEnd, decimals, round);
    if (v !== v) this.failField(ci, describeDecimalError(this.buf, this.fieldStart, this.fieldEnd, decimals));
    if (lastParseRounded()) this.adjust.roundedNumbers++;
    return v;
  }

  /** Like `decimal` but an empty field yields NaN ("no value"). */
  decimalOrEmpty(ci: number, decimals: number): number {
    this.field(ci);
    if (this.fieldStart === this.fieldEnd) return NaN;
    const v = parseDecimalAt(this.buf, this.fieldStart, this.fieldEnd, decimals);
    return v === v ? v : this.decimalFallback(ci, decimals);
  }

  /** Seconds with up to 9 decimals to exact integer nanoseconds (see `parseSecondsNs`). */
  secondsNs(ci: number): number {
    this.field(ci);
    const v = parseSecondsAt(this.buf, this.fieldStart, this.fieldEnd);
    if (v === v) return v;
    const r = parseSecondsLenient(this.buf, this.fieldStart, this.fieldEnd);
    if (r !== r) this.failField(ci, 'non-negative seconds (digits, optionally a point and a fraction)');
    if (lastParseRounded()) this.adjust.roundedTimestamps++;
    return r;
  }

  /** ISO-8601-like timestamp (see `parseDateTime`) into `out`. */
  dateTime(ci: number, out: DateTimeParts): void {
    this.field(ci);
    if (!parseDateTimeAt(this.buf, this.fieldStart, this.fieldEnd, out) && !parseDateTimeLenient(this.buf, this.fieldStart, this.fieldEnd, out)) {
      this.failField(ci, 'a timestamp YYYY-MM-DD[T| ]HH:MM:SS[.fraction up to 9 digits][Z|+HH:MM] or epoch digits');
    }
  }

  /** A one-byte field: returns its byte value (e.g. 65 for "A"); throws otherwise. */
  char(ci: number, expected: string): number {
    this.field(ci);
    if (this.fieldEnd - this.fieldStart !== 1) this.failField(ci, expected);
    return this.buf[this.fieldStart]!;
  }

  /** True when the field just framed equals the lower-case ASCII `text`, in any case (`True`, `BID`). */
  fieldEqualsFolded(text: string): boolean {
    const n = text.length;
    if (this.fieldEnd - this.fieldStart !== n) return false;
    for (let i = 0; i < n; i++) if ((this.buf[this.fieldStart + i]! | 32) !== text.charCodeAt(i)) return false;
    return true;
  }

  /**
   * Asserts that at least one data line follows (the header, if any, already read), then rewinds:
   * a file with no data rows is a `DataFormatError` at the line after the last one read.
   */
  requireRow(what: string): void {
    this.mark();
    const any = this.nextLine();
    const line = this.line;
    this.unread();
    if (!any) throw new DataFormatError(this.file, line + 1, 1, this.columns[0] ?? 'line', what, 'end of file');
  }

  /**
   * Skips the next line when it is a header naming `columns` (any case, quotes and spaces
   * allowed): headerless formats re-saved by a tool (pandas writes one by default). Returns
   * whether a header was skipped; otherwise nothing is consumed.
   */
  skipHeader(columns: readonly string[]): boolean {
    this.mark();
    if (this.nextLine() && normalizeHeader(this.lineText()).toLowerCase() === columns.join(',').toLowerCase()) {
      this.markAbs = -1;
      return true;
    }
    this.unread();
    return false;
  }

  /** True when the field just framed equals the ASCII `text`. */
  fieldEquals(text: string): boolean {
    const n = text.length;
    if (this.fieldEnd - this.fieldStart !== n) return false;
    for (let i = 0; i < n; i++) if (this.buf[this.fieldStart + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  /** Text of the field just framed (not for the hot path). */
  fieldText(): string {
    return bytesText(this.buf, this.fieldStart, this.fieldEnd, 1 << 16);
  }

  /** Asserts the line has no columns after the last one consumed. */
  endLine(): void {
    if (this.pos <= this.lineEnd) {
      const ci = this.columns.length;
      throw new DataFormatError(this.file, this.line, ci + 1, '(end of line)', `${ci} columns`,
        bytesText(this.buf, this.pos - 1, this.lineEnd));
    }
  }

  /** Throws for the field consumed last (column `ci`, 0-based). */
  failField(ci: number, expected: string): never {
    throw new DataFormatError(this.file, this.line, ci + 1, this.columnName(ci), expected,
      bytesText(this.buf, this.fieldStart, this.fieldEnd));
  }

  /** Throws for column `ci` (0-based) of the current line with an explicit `found` text (a field read earlier). */
  failValue(ci: number, expected: string, found: string): never {
    throw new DataFormatError(this.file, this.line, ci + 1, this.columnName(ci), expected, found);
  }

  /** Throws for the current line as a whole (e.g. a JSON line), `column` 1-based. */
  fail(column: number, field: string, expected: string, found: string): never {
    throw new DataFormatError(this.file, this.line, column, field, expected, found);
  }

  private failMissing(ci: number): never {
    throw new DataFormatError(this.file, this.line, ci + 1, this.columnName(ci),
      `${this.columns.length || ci + 1} columns (line is truncated)`, 'end of line');
  }

  private columnName(ci: number): string {
    return this.columns[ci] ?? `column ${ci + 1}`;
  }
}

/** True when `[s, e)` holds only spaces and tabs. */
function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let p = s; p < e; p++) if (buf[p] !== 32 && buf[p] !== 9) return false;
  return true;
}
