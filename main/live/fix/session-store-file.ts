import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { encodeRecord, scanRecords } from '../../store/audit-log-format.js';
import type { FixField } from './fix-codec.js';
import type { SentMessage } from './message-store.js';
import type { SeqState } from './seq-store.js';
import type { SessionStore } from './session-store.js';

/** One journal record. */
type Rec =
  | { t: 'seq'; o: number; i: number }
  | { t: 'out'; n: number; m: string; h: FixField[]; b: FixField[]; st: string }
  | { t: 'clear' }
  | { t: 'exec'; id: string };

/** Options of a file session store. */
export interface FileSessionStoreOptions {
  /** fdatasync after every record (default true). false survives a process crash, not a power cut. */
  readonly fsync?: boolean;
}

/**
 * A `SessionStore` as one append-only journal file per session (the audit log's framing:
 * crc32 per record): every sequence-number change, sent application message and booked ExecID is
 * one record appended (and fdatasync'd by default) before the call returns. At open the journal
 * is replayed; a torn last record (a crash mid-append) is cut off and reported in `repair`,
 * damage in the middle is an error naming the file and line (never a silent reset: that would
 * resend or skip orders). The journal is then compacted (written to a temporary file, fsync'd,
 * renamed) so it holds one record per live fact. One process per file.
 */
export class FileSessionStore implements SessionStore {
  private fd = -1;
  private s: SeqState = { nextOut: 1, nextIn: 1 };
  private readonly sent = new Map<number, SentMessage>();
  private readonly execIds = new Set<string>();
  private readonly fsync: boolean;
  /** The torn tail cut off at open, if any. */
  readonly repair: { line: number; byte: number; problem: string } | null = null;

  constructor(readonly path: string, opts: FileSessionStoreOptions = {}) {
    this.fsync = opts.fsync ?? true;
    mkdirSync(dirname(path), { recursive: true });
    let buf: Buffer | null = null;
    try {
      buf = readFileSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`session store ${path}: cannot read: ${(e as Error).message}`, { cause: e });
    }
    if (buf !== null) {
      const scan = scanRecords(buf);
      if (scan.bad !== null) {
        if (scan.bad.validAfter > 0) throw new Error(`session store ${path}: line ${scan.bad.line}: ${scan.bad.problem}, and ${scan.bad.validAfter} valid record(s) follow it; the file is left as it is`);
        this.repair = { line: scan.bad.line, byte: scan.bad.byte, problem: scan.bad.problem };
      }
      scan.values.forEach((v, i) => this.apply(v as Rec, i + 1));
    }
    this.compact();
  }

  load(): SeqState {
    return { ...this.s };
  }
  save(s: SeqState): void {
    if (s.nextOut === this.s.nextOut && s.nextIn === this.s.nextIn) return;
    this.s = { nextOut: s.nextOut, nextIn: s.nextIn };
    this.write({ t: 'seq', o: s.nextOut, i: s.nextIn });
  }
  put(seqNum: number, msg: SentMessage): void {
    this.sent.set(seqNum, msg);
    this.write({ t: 'out', n: seqNum, m: msg.msgType, h: [...msg.header], b: [...msg.body], st: msg.sendingTime });
  }
  get(seqNum: number): SentMessage | undefined {
    return this.sent.get(seqNum);
  }
  clear(): void {
    if (this.sent.size === 0) return;
    this.sent.clear();
    this.write({ t: 'clear' });
  }
  hasExecId(execId: string): boolean {
    return this.execIds.has(execId);
  }
  addExecId(execId: string): boolean {
    if (this.execIds.has(execId)) return false;
    this.execIds.add(execId);
    this.write({ t: 'exec', id: execId });
    return true;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private apply(r: Rec, line: number): void {
    const bad = (what: string) => new Error(`session store ${this.path}: line ${line}: ${what}, got ${JSON.stringify(r).slice(0, 120)}`);
    switch (r?.t) {
      case 'seq':
        if (!Number.isSafeInteger(r.o) || r.o < 1 || !Number.isSafeInteger(r.i) || r.i < 1) throw bad('seq: expected integers ≥ 1');
        this.s = { nextOut: r.o, nextIn: r.i };
        return;
      case 'out':
        if (!Number.isSafeInteger(r.n) || typeof r.m !== 'string' || !Array.isArray(r.b) || !Array.isArray(r.h) || typeof r.st !== 'string') throw bad('out: expected n, m, h, b, st');
        this.sent.set(r.n, { msgType: r.m, header: r.h, body: r.b, sendingTime: r.st });
        return;
      case 'clear':
        this.sent.clear();
        return;
      case 'exec':
        if (typeof r.id !== 'string') throw bad('exec: expected id');
        this.execIds.add(r.id);
        return;
      default:
        throw bad('unknown record type');
    }
  }

  /**
   * Rewrites the journal as a snapshot (temporary file, fsync, rename, fsync of the folder), then
   * opens it for appends; this is also what removes a torn tail.
   */
  private compact(): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      const recs: Rec[] = [{ t: 'seq', o: this.s.nextOut, i: this.s.nextIn }];
      for (const [n, m] of [...this.sent].sort((a, b) => a[0] - b[0])) recs.push({ t: 'out', n, m: m.msgType, h: [...m.header], b: [...m.body], st: m.sendingTime });
      for (const id of this.execIds) recs.push({ t: 'exec', id });
      const buf = Buffer.concat(recs.map((r) => encodeRecord(r)));
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
    const dfd = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
    this.fd = openSync(this.path, 'a');
  }

  private write(r: Rec): void {
    if (this.fd < 0) throw new Error(`session store ${this.path}: closed`);
    const buf = encodeRecord(r);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    if (this.fsync) fdatasyncSync(this.fd);
  }
}
