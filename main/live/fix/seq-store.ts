import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A session's sequence numbers. Invariant: both ≥ 1; `nextOut` is the MsgSeqNum of the next
 * message we send, `nextIn` the one we expect next.
 */
export interface SeqState {
  nextOut: number;
  nextIn: number;
}

/** Where a session keeps its sequence numbers across restarts. */
export interface SeqStore {
  load(): SeqState;
  save(s: SeqState): void;
}

/** Keeps sequence numbers in memory only (tests; sessions reset every logon). */
export class MemorySeqStore implements SeqStore {
  private s: SeqState = { nextOut: 1, nextIn: 1 };
  load(): SeqState {
    return { ...this.s };
  }
  save(s: SeqState): void {
    this.s = { ...s };
  }
}

/**
 * Sequence numbers in a small JSON file, one per session (`{"nextOut":n,"nextIn":m}`), written
 * to a temporary file and renamed over the old one so a crash mid-write never leaves it torn.
 * A missing file starts at 1/1; a corrupt one is an error naming the file and field (never
 * silently reset: that would resend or skip orders).
 */
export class FileSeqStore implements SeqStore {
  constructor(readonly path: string) {}

  load(): SeqState {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { nextOut: 1, nextIn: 1 };
      throw e;
    }
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      throw new Error(`${this.path}: not JSON`);
    }
    const o = v as Record<string, unknown>;
    for (const k of ['nextOut', 'nextIn'] as const) {
      const x = o?.[k];
      if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 1) throw new Error(`${this.path}: ${k}: expected an integer ≥ 1, got ${JSON.stringify(x)}`);
    }
    return { nextOut: o.nextOut as number, nextIn: o.nextIn as number };
  }

  save(s: SeqState): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ nextOut: s.nextOut, nextIn: s.nextIn }));
    renameSync(tmp, this.path);
  }
}
