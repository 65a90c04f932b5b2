/**
 * Why the run store failed, naming its database file. `reason`: `corrupt` (the file exists but
 * is not a readable DuckDB database, or its tables are not the store's), `locked` (another
 * process holds the database), `io` (cannot create / read / write the file or an export),
 * `not-found` (no such run id), `write` (a save failed and was rolled back: nothing was written).
 * Invariant: `message` starts with "run store <file>:".
 */
export class StoreError extends Error {
  constructor(
    readonly file: string,
    readonly reason: 'corrupt' | 'locked' | 'io' | 'not-found' | 'write',
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`run store ${file}: ${detail}`, options);
    this.name = 'StoreError';
  }
}

/** Classifies a DuckDB error raised while opening `file`. */
export function openError(file: string, e: unknown): StoreError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Could not set lock|Conflicting lock/i.test(msg)) {
    return new StoreError(file, 'locked', `the database is locked by another process (close the other slipstream or DuckDB session): ${msg}`, { cause: e });
  }
  if (/not a valid DuckDB database|Corrupt|checksum|invalid.*(database|header)|Serialization Error/i.test(msg)) {
    return new StoreError(file, 'corrupt', `the file is corrupt or not a DuckDB database (move it away or pass another --db): ${msg}`, { cause: e });
  }
  return new StoreError(file, 'io', `cannot open the database: ${msg}`, { cause: e });
}
