import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { normalizeHeader } from './csv-header.js';
import { bytesText } from './decimal-parse.js';
import { DataFormatError } from './reader.js';

/** Default read size: big enough that syscalls vanish from profiles, small enough to stay in L2/L3. */
export const CHUNK_BYTES = 1 << 20;

const NL = 10;
const CR = 13;

/**
 * Streams a text file line by line (the framing half of `ByteScanner`). Invariants:
 * - Plain files are read in `chunkBytes` chunks with `readSync` into one buffer; a line that
 *   straddles a chunk boundary is moved to the front before the next read, and the buffer only
 *   grows when a single line is longer than it (or a pending `mark()` must be kept). `.gz` files
 *   are gunzipped WHOLE into memory (zlib has no cheap synchronous streaming API; fine for the
 *   sample/day files we load, but a multi-GB .gz file needs that much RAM).
 * - `nextLine()` frames the next non-blank line as `[lineStart, lineEnd)` without its `\n` or
 *   `\r\n`; `line` is its 1-based number. A missing final newline is fine. A UTF-8 BOM is skipped,
 *   and so are lines holding only spaces and tabs (they count in `line`).
 */
export class LineScanner {
  /** File name used in error messages (the base name). */
  readonly file: string;
  readonly path: string;
  /** Total bytes of the (decompressed) input. */
  readonly totalBytes: number;
  /** The bytes. A Buffer (not a plain Uint8Array) because `Buffer#indexOf` is memchr: 5x faster line framing. */
  buf: Buffer;
  lineStart = 0;
  lineEnd = 0;
  /** 1-based number of the current line (0 before the first). */
  line = 0;
  /** Cursor of the field methods inside the current line. */
  pos = 0;
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
}

/** True when `[s, e)` holds only spaces and tabs. */
function isBlank(buf: Uint8Array, s: number, e: number): boolean {
  for (let p = s; p < e; p++) if (buf[p] !== 32 && buf[p] !== 9) return false;
  return true;
}
