import { basename } from 'node:path';

/**
 * What a LOBSTER file name says: `TICKER_YYYY-MM-DD_start_end_{message|orderbook}_N.csv`, where
 * start/end are milliseconds after midnight and N is the number of book levels.
 */
export interface LobsterFileName {
  readonly symbol: string;
  /** `YYYY-MM-DD` trading date (exchange-local). */
  readonly date: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly kind: 'message' | 'orderbook';
  readonly levels: number;
}

const LOBSTER_NAME = /^(.+?)_(\d{4}-\d{2}-\d{2})_(\d+)_(\d+)_(message|orderbook)_(\d+)\.csv$/;

/** Parses a LOBSTER file name (directories ignored); null when it does not follow the convention. */
export function parseLobsterFileName(path: string): LobsterFileName | null {
  const m = LOBSTER_NAME.exec(basename(path));
  if (!m) return null;
  const levels = Number(m[6]);
  if (levels < 1) return null;
  return {
    symbol: m[1]!, date: m[2]!, startMs: Number(m[3]), endMs: Number(m[4]),
    kind: m[5] as 'message' | 'orderbook', levels,
  };
}

/** The orderbook file that belongs to a message file (same directory, same stem), by name only. */
export function lobsterOrderbookPathFor(messagePath: string): string {
  return messagePath.replace(/_message_(\d+)\.csv$/, '_orderbook_$1.csv');
}

/**
 * UTC-scale epoch nanoseconds of `YYYY-MM-DD` 00:00. For LOBSTER this is the exchange-LOCAL
 * midnight written on the UTC scale (a naive local time): LOBSTER times are local seconds after
 * midnight and carry no zone, so `baseEpochNs + tsNs` is local wall-clock time, which is why
 * LOBSTER readers report `clock: 'exchange-local'`.
 */
export function dateMidnightEpochNs(date: string): bigint {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`expected a date YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return BigInt(ms) * 1_000_000n;
}
