import type { InstrumentSpec } from '../../domain/instrument.js';
import type { MarketEvent } from '../events/market-event.js';

/** Every format the readers understand. */
export const DATA_FORMATS = ['lobster', 'databento-mbo', 'binance-depth', 'tardis', 'bars'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Whether events rebuild a market-by-order book (L3), aggregated levels (L2), quotes, trades or bars. */
export type BookKind = 'L3' | 'L2' | 'quotes' | 'trades' | 'bars';

/**
 * What a reader knows about its input before the first event. Invariants: `baseEpochNs` is the
 * UTC epoch nanoseconds of the midnight that event `tsNs` values count from (exchange-local
 * midnight for LOBSTER, whose times are local; `clock` says which).
 */
export interface ReaderInfo {
  readonly format: DataFormat;
  /** Sub-format, e.g. 'incremental_book_L2', 'book_snapshot_25', 'depth-diff-csv', 'depth10-jsonl'. */
  readonly variant: string;
  readonly files: readonly string[];
  readonly instrument: InstrumentSpec;
  readonly bookKind: BookKind;
  /** Number of levels per side a snapshot-style source carries (LOBSTER level N, Tardis book_snapshot_N); 0 = unbounded. */
  readonly depthLevels: number;
  readonly baseEpochNs: bigint;
  readonly clock: 'utc' | 'exchange-local';
}

/**
 * What a reader accepted that the format's strict spelling does not allow, counted per field (see
 * the readers' README for each rule). Invariant: every counter only grows; a value that was
 * changed to be read (rounded) is always counted, one that was merely spelled differently (quotes,
 * `1e-05`, `+5`, a UTC offset) is not.
 */
export interface ReaderAdjustments {
  /** Timestamps written with more than 9 fraction digits (float noise), rounded to the nanosecond. */
  roundedTimestamps: number;
  /** Prices or sizes printed with binary floating-point noise beyond the decimals, rounded to the nearest unit. */
  roundedNumbers: number;
  /** Exchange timestamps that stepped back (at most `MAX_CLOCK_SKEW_NS`) while the arrival order moved forward. */
  reorderedTimestamps: number;
  /** Binance diff rows already contained in the snapshot before them (update id below the snapshot's), skipped. */
  staleUpdates: number;
}

/** A fresh set of zero counters. */
export function newReaderAdjustments(): ReaderAdjustments {
  return { roundedTimestamps: 0, roundedNumbers: 0, reorderedTimestamps: 0, staleUpdates: 0 };
}

/**
 * How far an exchange timestamp may fall behind the latest one already read (1 s) when the file's
 * order is the arrival order (Tardis `local_timestamp`): exchanges stamp messages from several
 * engines and clocks. Further back, or the arrival time itself going back, is a `DataFormatError`.
 */
export const MAX_CLOCK_SKEW_NS = 1e9;

/**
 * A pull-based, streaming reader. `next()` returns the SAME record each time, overwritten,
 * or `null` at end of input. It throws `DataFormatError` on malformed input and never returns
 * a half-parsed row. Memory use is constant per event (plain files stream in chunks).
 */
export interface MarketDataReader {
  readonly info: ReaderInfo;
  next(): MarketEvent | null;
  /** Bytes consumed so far and total bytes (for progress bars). */
  progress(): { bytesRead: number; totalBytes: number };
  /** What was accepted beyond the strict format so far (the same object, updated while reading). */
  adjustments(): ReaderAdjustments;
  close(): void;
}

/**
 * A malformed input. The message names file, line, column, what was expected and what was
 * found, e.g. `AMZN_message_1.csv:17: column 4 (Size): expected a positive integer, found "-5"`.
 */
export class DataFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly field: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${file}:${line}: column ${column} (${field}): expected ${expected}, found ${JSON.stringify(found)}`);
    this.name = 'DataFormatError';
  }
}
