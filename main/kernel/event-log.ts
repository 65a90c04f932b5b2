import { createHash } from 'node:crypto';
import { Xxh32Lanes } from './xxh32-lanes.js';

/** Escape words: a number that is not a 32-bit integer, or is one of these, is written as a float64. */
const ESC_FLOAT = -0x80000000;
const ESC_STRING = -0x7fffffff;
/** Index of a float64's low 32-bit word in an Int32Array view (0 on little-endian machines). */
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/**
 * The canonical record of a simulation. Its fingerprint (`hash()`, 64 hex digits) is the run's
 * identity: same seed, data, scenario and config ⇒ same hash, bit for bit; any differing event,
 * field, field type or order ⇒ a different hash (up to 128-bit collisions).
 *
 * Encoding (the definition of the fingerprint): each record is written as 32-bit words — a
 * header `(number of fields << 16) | kind` for a one-character kind (char code ≠ 0), or
 * `number of fields << 16` followed by the kind as a string item; then each field: a number that is a 32-bit
 * integer other than the two escape values is one word; any other number is `ESC_FLOAT` and its
 * IEEE-754 float64 (low word, high word; −0 counts as 0, as in the text form; one NaN); a string is
 * `ESC_STRING`, its length, and its UTF-16 code units two per word. The words go through
 * four lanes of xxHash32 (`xxh32-lanes.ts`, `digest128`); `hash()` is the SHA-256 (hex) of that 16-byte digest
 * and the event count, so the fingerprint keeps the width of the other hashes in the app.
 * Numbers are hashed without turning them into text, which keeps the log under 10% of the
 * simulator's time (`npm run bench -- --only sim`, `eventLog`).
 *
 * The text form (`keepLines`: tests, `--out`) is unchanged: one line per event, fields joined by
 * commas, numbers in JavaScript's shortest round-trip form. The fingerprint is of the typed
 * fields, not of that text.
 */
export class EventLog {
  private readonly mm = new Xxh32Lanes();
  private readonly lines: string[] | null;
  private readonly f64 = new Float64Array(1);
  private readonly f64Words = new Int32Array(this.f64.buffer);
  count = 0;

  constructor(keepLines = false) {
    this.lines = keepLines ? [] : null;
  }

  /** Appends one event: kind then its fields. */
  record(kind: string, ...fields: Array<string | number>): void {
    const mm = this.mm;
    const n = fields.length;
    mm.reserve(1);
    const b = mm.buf;
    const room = b.length - 3; // a field needs at most 3 words (a string reserves its own)
    let p = mm.pos;
    if (kind.length === 1 && kind.charCodeAt(0) !== 0 && n < 0x8000) b[p++] = (n << 16) | kind.charCodeAt(0);
    else {
      b[p++] = n << 16;
      mm.pos = p;
      this.putString(kind);
      p = mm.pos;
    }
    for (let i = 0; i < n; i++) {
      if (p > room) {
        mm.pos = p;
        mm.reserve(3);
        p = mm.pos;
      }
      const f = fields[i]!;
      if (typeof f === 'number') {
        if ((f | 0) === f && f !== ESC_FLOAT && f !== ESC_STRING) b[p++] = f;
        else {
          b[p++] = ESC_FLOAT;
          this.f64[0] = f === f ? f : NaN; // one NaN bit pattern, whatever produced it
          b[p++] = this.f64Words[LO]!;
          b[p++] = this.f64Words[1 - LO]!;
        }
      } else {
        mm.pos = p;
        this.putString(f);
        p = mm.pos;
      }
    }
    mm.pos = p;
    if (this.lines !== null) {
      let line = kind;
      for (const f of fields) line += ',' + f;
      this.lines.push(line);
    }
    this.count++;
  }

  /**
   * The same record as `record(kind, f0, …)` with its first `n` (≤ 6) fields, all numbers: the
   * same words, the same fingerprint, the same line — without the rest-parameter array and the
   * per-field type dispatch (the exchange's hot path: ~20 ns instead of ~200 ns an event).
   */
  recordNums(kind: string, n: number, f0 = 0, f1 = 0, f2 = 0, f3 = 0, f4 = 0, f5 = 0): void {
    if (this.lines !== null || kind.length !== 1 || kind.charCodeAt(0) === 0 || !(n >= 0 && n <= 6)) {
      this.record(kind, ...[f0, f1, f2, f3, f4, f5].slice(0, n));
      return;
    }
    const mm = this.mm;
    mm.reserve(19);
    const b = mm.buf;
    let p = mm.pos;
    b[p++] = (n << 16) | kind.charCodeAt(0);
    if (n > 0) p = this.num(b, p, f0);
    if (n > 1) p = this.num(b, p, f1);
    if (n > 2) p = this.num(b, p, f2);
    if (n > 3) p = this.num(b, p, f3);
    if (n > 4) p = this.num(b, p, f4);
    if (n > 5) p = this.num(b, p, f5);
    mm.pos = p;
    this.count++;
  }

  /** Writes number `f` at `b[p]` as `record` encodes it; returns the next position. */
  private num(b: Int32Array, p: number, f: number): number {
    if ((f | 0) === f && f !== ESC_FLOAT && f !== ESC_STRING) {
      b[p] = f;
      return p + 1;
    }
    b[p] = ESC_FLOAT;
    this.f64[0] = f === f ? f : NaN;
    b[p + 1] = this.f64Words[LO]!;
    b[p + 2] = this.f64Words[1 - LO]!;
    return p + 3;
  }

  /** The fingerprint of every event so far (64 hex digits); the log stays open. */
  hash(): string {
    return createHash('sha256').update(this.mm.digest128()).update(`\n${this.count}\n`).digest('hex');
  }

  /** The lines, when kept. */
  text(): string[] {
    if (!this.lines) throw new Error('EventLog: lines were not kept (pass keepLines)');
    return this.lines;
  }

  /** A string item, word by word (strings are rare in hot logs: kinds are one character). */
  private putString(s: string): void {
    const mm = this.mm;
    const n = s.length;
    mm.word(ESC_STRING);
    mm.word(n);
    for (let i = 0; i < n; i += 2) mm.word(s.charCodeAt(i) | (i + 1 < n ? s.charCodeAt(i + 1) << 16 : 0));
  }
}
