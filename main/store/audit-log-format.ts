import { crc32 } from 'node:zlib';

/**
 * The framing of one durable record: `<crc32 of the JSON, 8 hex digits> <JSON>\n`. The checksum
 * makes a torn or overwritten record detectable (a crash mid-append leaves a line without its
 * newline or with a checksum that does not match); one record per line keeps the file readable
 * with `less` and greppable by an operator.
 */
export function encodeRecord(value: unknown): Buffer {
  const json = JSON.stringify(value);
  const body = Buffer.from(json, 'utf8');
  const head = Buffer.from(`${crc32(body).toString(16).padStart(8, '0')} `, 'latin1');
  return Buffer.concat([head, body, NEWLINE]);
}

const NEWLINE = Buffer.from('\n', 'latin1');

/** Where a scan stopped on a record it could not read. Invariant: `byte` is the record's first byte; `line` counts from 1. */
export interface BadRecord {
  readonly line: number;
  readonly byte: number;
  readonly problem: string;
  /** How many well-formed records follow the bad one (0 ⇒ it is a torn tail). */
  readonly validAfter: number;
}

/** What a scan of a record file found. Invariant: `goodBytes` is the length of the prefix holding `values`. */
export interface ScanResult {
  readonly values: unknown[];
  readonly goodBytes: number;
  readonly bad: BadRecord | null;
}

/**
 * Reads every record of `buf` in order up to the first one that is incomplete or fails its
 * checksum or JSON; records after a bad one are counted (not returned) so the caller can tell a
 * torn tail (nothing valid after it: safe to truncate) from damage in the middle (must not be
 * truncated: that would silently drop the records after it).
 */
export function scanRecords(buf: Buffer): ScanResult {
  const values: unknown[] = [];
  let pos = 0;
  let line = 1;
  while (pos < buf.length) {
    const r = readOne(buf, pos);
    if (typeof r === 'string') {
      let validAfter = 0;
      let p = buf.indexOf(0x0a, pos);
      while (p !== -1 && p + 1 < buf.length) {
        const n = readOne(buf, p + 1);
        if (typeof n !== 'string') validAfter++;
        p = buf.indexOf(0x0a, p + 1);
      }
      return { values, goodBytes: pos, bad: { line, byte: pos, problem: r, validAfter } };
    }
    values.push(r.value);
    pos = r.next;
    line++;
  }
  return { values, goodBytes: pos, bad: null };
}

function readOne(buf: Buffer, pos: number): { value: unknown; next: number } | string {
  const nl = buf.indexOf(0x0a, pos);
  if (nl === -1) return `incomplete record (${buf.length - pos} bytes without a newline)`;
  if (nl - pos < 10 || buf[pos + 8] !== 0x20) return 'not a record (expected "<crc32> <json>")';
  const want = buf.toString('latin1', pos, pos + 8);
  const body = buf.subarray(pos + 9, nl);
  const got = crc32(body).toString(16).padStart(8, '0');
  if (got !== want) return `checksum mismatch (stored ${want}, computed ${got})`;
  try {
    return { value: JSON.parse(body.toString('utf8')) as unknown, next: nl + 1 };
  } catch (e) {
    return `bad JSON: ${(e as Error).message}`;
  }
}
