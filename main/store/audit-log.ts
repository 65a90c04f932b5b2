import { closeSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { encodeRecord, scanRecords, type BadRecord } from './audit-log-format.js';

/** What an audit record is about. */
export type AuditKind = 'request' | 'order-event' | 'risk-decision' | 'session' | 'note';

/**
 * One audit record as stored. Invariants: `seq` runs 1, 2, 3 … without gaps in file order;
 * `data` is plain JSON (no engine types: the store imports nothing of the engine).
 */
export interface AuditEntry {
  readonly seq: number;
  /** Wall-clock ms when it was written (the host's clock; injectable). */
  readonly tsMs: number;
  readonly kind: AuditKind;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A torn last record found and cut off at open. Invariant: only records after `keptRecords` (none valid) were removed. */
export interface TailRepair {
  readonly file: string;
  readonly line: number;
  readonly byte: number;
  readonly droppedBytes: number;
  readonly problem: string;
  readonly keptRecords: number;
}

/** An audit log that cannot be opened or written; the message starts with `audit log <file>:`. */
export class AuditLogError extends Error {
  constructor(readonly file: string, detail: string, options?: { cause?: unknown }) {
    super(`audit log ${file}: ${detail}`, options);
    this.name = 'AuditLogError';
  }
}

export interface AuditLogOptions {
  /** fdatasync after every append (default true). false: durable against a process crash, not a power cut. */
  readonly fsync?: boolean;
  readonly nowMs?: () => number;
}

/**
 * An append-only, write-ahead audit log in one file (framing: `audit-log-format.ts`).
 * `append` returns only after the record is written and (by default) fdatasync'd, so a caller
 * that appends BEFORE it acts on or shows something never acts on what the log could lose.
 * Ordering guarantee: records are read back in exactly the order `append` was called.
 * At open a torn last record (a crash mid-append) is cut off and reported in `repair`; damage
 * anywhere else (a bad record with valid records after it, or a sequence gap) is an
 * `AuditLogError` and the file is left untouched: nothing stored is ever dropped silently.
 * One writer per file (the caller's job: one engine per data folder).
 */
export class AuditLog {
  private fd: number;
  private next: number;
  private readonly fsync: boolean;
  private readonly nowMs: () => number;

  private constructor(readonly path: string, fd: number, readonly recovered: readonly AuditEntry[], readonly repair: TailRepair | null, opts: AuditLogOptions) {
    this.fd = fd;
    this.next = recovered.length + 1;
    this.fsync = opts.fsync ?? true;
    this.nowMs = opts.nowMs ?? (() => Date.now());
  }

  /** Opens (creating) the log, reads every record back and repairs a torn tail. */
  static open(path: string, opts: AuditLogOptions = {}): AuditLog {
    mkdirSync(dirname(path), { recursive: true });
    let fd: number;
    try {
      fd = openSync(path, 'a+');
    } catch (e) {
      throw new AuditLogError(path, `cannot open: ${(e as Error).message}`, { cause: e });
    }
    try {
      const { entries, bad, goodBytes, size } = readEntries(path);
      let repair: TailRepair | null = null;
      if (bad !== null) {
        ftruncateSync(fd, goodBytes);
        fdatasyncSync(fd);
        repair = { file: path, line: bad.line, byte: bad.byte, droppedBytes: size - goodBytes, problem: bad.problem, keptRecords: entries.length };
      }
      return new AuditLog(path, fd, entries, repair, opts);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Number of the next record. */
  get nextSeq(): number {
    return this.next;
  }

  /** Writes one record durably and returns it. Throws `AuditLogError` when the write fails (the caller must not act). */
  append(kind: AuditKind, data: Readonly<Record<string, unknown>>): AuditEntry {
    if (this.fd < 0) throw new AuditLogError(this.path, 'closed');
    const e: AuditEntry = { seq: this.next, tsMs: this.nowMs(), kind, data };
    const buf = encodeRecord(e);
    try {
      let off = 0;
      while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
      if (this.fsync) fdatasyncSync(this.fd);
    } catch (err) {
      throw new AuditLogError(this.path, `append of record ${e.seq} failed: ${(err as Error).message}`, { cause: err });
    }
    this.next++;
    return e;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/**
 * Reads a log without changing it (another process may be writing it): the records up to a
 * torn tail, which is reported in `tail` and ignored. Damage before the tail is an error.
 */
export function readAuditLog(path: string): { entries: AuditEntry[]; tail: BadRecord | null } {
  const r = readEntries(path);
  return { entries: r.entries, tail: r.bad };
}

function readEntries(path: string): { entries: AuditEntry[]; bad: BadRecord | null; goodBytes: number; size: number } {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], bad: null, goodBytes: 0, size: 0 };
    throw new AuditLogError(path, `cannot read: ${(e as Error).message}`, { cause: e });
  }
  const scan = scanRecords(buf);
  if (scan.bad !== null && scan.bad.validAfter > 0) {
    throw new AuditLogError(path, `line ${scan.bad.line} (byte ${scan.bad.byte}): ${scan.bad.problem}, and ${scan.bad.validAfter} valid record(s) follow it — damage in the middle of the log, not a torn tail; the file is left as it is`);
  }
  const entries: AuditEntry[] = [];
  for (const [i, v] of scan.values.entries()) {
    const e = v as Partial<AuditEntry> | null;
    if (e === null || typeof e !== 'object' || e.seq !== i + 1 || typeof e.kind !== 'string' || typeof e.data !== 'object' || e.data === null || typeof e.tsMs !== 'number') {
      throw new AuditLogError(path, `line ${i + 1}: expected record seq ${i + 1} with kind, tsMs and data, got ${JSON.stringify(v).slice(0, 120)}`);
    }
    entries.push(e as AuditEntry);
  }
  return { entries, bad: scan.bad, goodBytes: scan.goodBytes, size: buf.length };
}
