import { createHash } from 'node:crypto';
import { BLOCK_WORDS, SimdLanes } from './simd-lanes.js';

/**
 * High word of a string item's marker pair: a NaN with the sign bit set and payload 1. A number
 * never produces it (every NaN is written as the one canonical NaN, 0x7ff80000_00000000).
 */
const STRING_HI = 0xfff80001 | 0;
/** Words of the largest fast record: the header pair and six doubles. */
const RECORD_WORDS = 14;
/**
 * The last block position (`lanes.pos`) where a writer may put a fast record directly (see
 * `EventLog.acceptsDirectWrites`): the header pair and six doubles fit in the block from there.
 */
export const DIRECT_LAST = BLOCK_WORDS - RECORD_WORDS;
/** This machine stores a float64's low word first (true on every platform Node supports). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The canonical record of a simulation. Its fingerprint (`hash()`, 64 hex digits) is the run's
 * identity: same seed, data, scenario and config ⇒ same hash, bit for bit; any differing event,
 * field, field type or order ⇒ a different hash (up to 128-bit collisions).
 *
 * Encoding (the definition of the fingerprint; every item is an even number of 32-bit words):
 * a record is a header pair — the kind's char code and the number of fields — for a
 * one-character kind (char code ≠ 0), or `0` and the number of fields followed by the kind as a
 * string item; then each field: a number is its IEEE-754 float64, low word then high word (every
 * NaN as one NaN; −0 as −0, so −0 and 0 are told apart although the text form prints both as
 * 0 — turning −0 into 0 cost the exchange's path 2-3 % of the simulation, #9); a string is the pair (its length,
 * `STRING_HI`), then its UTF-16 code units two per word, a zero word padding an odd count.
 * The words go through sixteen lanes of xxHash32's round (`simd-lanes.ts`, mixed with
 * WebAssembly SIMD a block at a time, `digest128`); `hash()` is the SHA-256 (hex) of that 16-byte
 * digest and the event count, so the fingerprint keeps the width of the other hashes in the app.
 * A change of any one field of any one event always changes it (each lane round is a bijection);
 * a reordering is caught up to 32- to 128-bit collisions (see `SimdLanes`).
 *
 * Why every number is a float64 (#9): the exchange's times (ns) and order ids do not fit in 32
 * bits, so a per-field "int32 or float64" choice took a branch and an escape word on almost every
 * event; one store of a double into the word block (a Float64Array over the same buffer) takes
 * neither, and the block is hashed once per 4,096 words. Numbers are never turned into text.
 *
 * The text form (`keepLines`: tests, `--out`) is unchanged: one line per event, fields joined by
 * commas, numbers in JavaScript's shortest round-trip form. The fingerprint is of the typed
 * fields, not of that text.
 */
export class EventLog {
  /**
   * The word block and its mixer. A writer that `acceptsDirectWrites()` allows may put a fast
   * record here itself — exactly the words `recordNums` writes, then `count++` (#9: the exchange
   * writes its events inline, so its per-event call and the boxing of its time and id
   * arguments are gone).
   */
  readonly mm = new SimdLanes();
  private readonly lines: string[] | null;
  /** The last block position where a fast record fits; −1 when lines are kept (every record takes `record`). */
  private readonly fastLast: number;
  count = 0;

  constructor(keepLines = false) {
    if (!LITTLE_ENDIAN) throw new Error('EventLog: the fingerprint is defined on little-endian machines');
    this.lines = keepLines ? [] : null;
    this.fastLast = keepLines ? -1 : BLOCK_WORDS - RECORD_WORDS;
  }

  /** Appends one event: kind then its fields. */
  record(kind: string, ...fields: Array<string | number>): void {
    const mm = this.mm;
    const n = fields.length;
    this.header(kind, n);
    for (let i = 0; i < n; i++) {
      const f = fields[i]!;
      if (typeof f === 'number') {
        mm.reserve(2);
        mm.f64[mm.pos >> 1] = f === f ? f : NaN;
        mm.pos += 2;
      } else this.putString(f);
    }
    if (this.lines !== null) {
      let line = kind;
      for (const f of fields) line += ',' + f;
      this.lines.push(line);
    }
    this.count++;
  }

  /**
   * The same record as `record(kind, f0, …)` with its first `n` (≤ 6) fields, all numbers (a
   * missing one counts as 0): the same words, the same fingerprint, the same line — without the
   * rest-parameter array and the per-field type dispatch (the exchange's hot path).
   */
  recordNums(kind: string, n: number, f0?: number, f1?: number, f2?: number, f3?: number, f4?: number, f5?: number): void {
    // Why it looks like this (#9): the exchange's one call per event compiles with this body
    // inside, so its size and branches are paid on every event. All six doubles are stored
    // whatever `n` (a branch per field mispredicts when kinds alternate: words past the record's
    // end are overwritten by the next one and never hashed). Every rare case — a full block,
    // kept lines, a NaN or missing field (the sum is NaN), a kind other than one non-zero
    // character, `n` outside the integers 0..6 — is tested BEFORE anything is written and goes
    // to one out-of-line call, so nothing is rewritten after the fact.
    const mm = this.mm;
    const p = mm.pos;
    const code = kind.charCodeAt(0);
    const sum = f0! + f1! + f2! + f3! + f4! + f5!;
    if (p > this.fastLast || sum !== sum || kind.length !== 1 || code === 0 || n !== (n & 7) || n === 7) return this.recordNumsSlow(kind, n, f0, f1, f2, f3, f4, f5);
    const w = mm.buf;
    w[p] = code;
    w[p + 1] = n;
    const d = mm.f64;
    const q = (p >> 1) + 1;
    d[q] = f0!; // as given: −0 stays −0 (see the class comment)
    d[q + 1] = f1!;
    d[q + 2] = f2!;
    d[q + 3] = f3!;
    d[q + 4] = f4!;
    d[q + 5] = f5!;
    mm.pos = p + 2 + 2 * n;
    this.count++;
  }

  /**
   * True when a writer may fill `mm` directly instead of calling `recordNums` (same words, then
   * `count++`): lines are not kept and neither `record` nor `recordNums` is overridden (a
   * subclass that also writes elsewhere, e.g. a file, must be called). A direct writer tests
   * what `recordNums` tests before writing (`mm.pos ≤ DIRECT_LAST`, no NaN field, a one-character
   * non-zero kind, 0 ≤ n ≤ 6) and calls `recordNums` otherwise; it re-reads `mm.buf`/`mm.f64` at
   * every record (starting the WebAssembly module moves them).
   */
  acceptsDirectWrites(): boolean {
    return this.lines === null && this.record === EventLog.prototype.record && this.recordNums === EventLog.prototype.recordNums;
  }

  /** `recordNums` for what its fast path does not take (see there); a missing field counts as 0, as in `record(kind, f0, …)` with it written. */
  private recordNumsSlow(kind: string, n: number, f0 = 0, f1 = 0, f2 = 0, f3 = 0, f4 = 0, f5 = 0): void {
    if (this.mm.pos > this.fastLast && this.lines === null) {
      this.mm.reserve(RECORD_WORDS);
      if (this.mm.pos <= this.fastLast) return this.recordNums(kind, n, f0, f1, f2, f3, f4, f5);
    }
    this.record(kind, ...[f0, f1, f2, f3, f4, f5].slice(0, n));
  }

  /** The header pair of a record with `n` fields, and the kind as a string item unless it is one non-zero character. */
  private header(kind: string, n: number): void {
    const mm = this.mm;
    mm.reserve(2);
    const code = kind.length === 1 ? kind.charCodeAt(0) : 0;
    mm.buf[mm.pos] = code;
    mm.buf[mm.pos + 1] = n;
    mm.pos += 2;
    if (code === 0) this.putString(kind);
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

  /** A string item (see the class comment); strings are rare in hot logs: kinds are one character. */
  private putString(s: string): void {
    const mm = this.mm;
    const n = s.length;
    mm.word(n);
    mm.word(STRING_HI);
    for (let i = 0; i < n; i += 2) mm.word(s.charCodeAt(i) | (i + 1 < n ? s.charCodeAt(i + 1) << 16 : 0));
    if (((n + 1) >> 1) & 1) mm.word(0); // every item an even number of words: doubles stay aligned
  }
}
