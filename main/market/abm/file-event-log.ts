import { closeSync, openSync, writeSync } from 'node:fs';
import { EventLog } from '../../kernel/event-log.js';

/**
 * An `EventLog` that also streams its lines to a file (one line per event, `\n`-terminated, no
 * header: the text form). `hash()` is the fingerprint of the typed fields, not the file's SHA-256
 * (#9: numbers are not turned into text for the fingerprint). Buffered: call `close()` once at the end.
 */
export class FileEventLog extends EventLog {
  private readonly fd: number;
  private buf = '';

  constructor(readonly path: string) {
    super(false);
    this.fd = openSync(path, 'w');
  }

  override record(kind: string, ...fields: Array<string | number>): void {
    super.record(kind, ...fields);
    let line = kind;
    for (const f of fields) line += ',' + f;
    this.buf += line + '\n';
    if (this.buf.length > 1 << 20) this.flush();
  }

  override recordNums(kind: string, n: number, f0 = 0, f1 = 0, f2 = 0, f3 = 0, f4 = 0, f5 = 0): void {
    this.record(kind, ...[f0, f1, f2, f3, f4, f5].slice(0, n));
  }

  /** Writes what is buffered and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf);
    this.buf = '';
  }
}
