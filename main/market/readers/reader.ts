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
 * A pull-based, streaming reader. `next()` returns the SAME record each time, overwritten,
 * or `null` at end of input. It throws `DataFormatError` on malformed input and never returns
 * a half-parsed row. Memory use is constant per event (plain files stream in chunks).
 */
export interface MarketDataReader {
  readonly info: ReaderInfo;
  next(): MarketEvent | null;
  /** Bytes consumed so far and total bytes (for progress bars). */
  progress(): { bytesRead: number; totalBytes: number };
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
