import { createHash, type Hash } from 'node:crypto';

/**
 * The canonical record of a simulation: one line per event, fields joined by commas, numbers
 * printed by JavaScript's shortest round-trip form. Its SHA-256 (`hash()`) is the run's
 * fingerprint: same seed, data, scenario and config ⇒ same hash, bit for bit. Lines are kept in
 * memory only when `keepLines` is set (tests, --out); the hash is always computed.
 */
export class EventLog {
  private readonly sha: Hash = createHash('sha256');
  private readonly lines: string[] | null;
  count = 0;

  constructor(keepLines = false) {
    this.lines = keepLines ? [] : null;
  }

  /** Appends one event: kind then its fields. */
  record(kind: string, ...fields: Array<string | number>): void {
    let line = kind;
    for (const f of fields) line += ',' + f;
    this.sha.update(line + '\n');
    this.lines?.push(line);
    this.count++;
  }

  /** Hex SHA-256 of every line so far (may be called once; the log is closed afterwards). */
  hash(): string {
    return this.sha.digest('hex');
  }

  /** The lines, when kept. */
  text(): string[] {
    if (!this.lines) throw new Error('EventLog: lines were not kept (pass keepLines)');
    return this.lines;
  }
}
