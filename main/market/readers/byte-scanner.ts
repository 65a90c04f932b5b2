import {
  lastParseRounded, parseDateTimeLenient, parseDecimalLenient, parseIntLenient, parseSecondsLenient,
} from './lenient-parse.js';
import { LineScanner } from './line-scanner.js';
import { DataFormatError, newReaderAdjustments, type ReaderAdjustments } from './reader.js';
import {
  bytesText, describeDecimalError, parseDateTime, parseDecimal, parseSecondsNs, type DateTimeParts,
} from './decimal-parse.js';

// Module-level aliases of the imported parsers: under tsx/esbuild's module transform every use
// of an imported binding is a getter call, which is measurable per field.
const parseDateTimeAt = parseDateTime;
const parseDecimalAt = parseDecimal;
const parseSecondsAt = parseSecondsNs;

export { CHUNK_BYTES } from './line-scanner.js';

const COMMA = 44;
const QUOTE = 34;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Streams a text file line by line (see `LineScanner`) and parses CSV fields of the current line
 * straight from the bytes. Invariants:
 * - Field methods consume the field at `pos` up to the next comma (or line end) and advance
 *   `pos` past it. After the last field `pos === lineEnd + 1`, which is how a missing column
 *   ("truncated line") and `endLine()`'s extra-column check are detected without a column count.
 * - A field that starts with `"` is a quoted CSV field: it runs to the closing quote (commas
 *   inside are data, `""` is a quote) and is framed without its quotes.
 * - Numbers are parsed strictly first (digits only, no allocation); only when that fails is the
 *   field re-read by `lenient-parse.ts` (`+5`, `1e-05`, `5.0`, float noise, > 9 fraction digits
 *   of a second, UTC offsets). What had to be rounded is counted in `adjust`.
 * - Every failure throws `DataFormatError` naming file, line, 1-based column, field name,
 *   expectation and the offending text; nothing is allocated on the success path.
 */
export class ByteScanner extends LineScanner {
  /** Column names for error messages; index = 0-based column. Set by the reader. */
  columns: readonly string[] = [];
  /** What the lenient fallbacks accepted (see `ReaderAdjustments`). */
  readonly adjust: ReaderAdjustments = newReaderAdjustments();
  /** Byte range of the field consumed last (for `failField`). */
  fieldStart = 0;
  fieldEnd = 0;

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
