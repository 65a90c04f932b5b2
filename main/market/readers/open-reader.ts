import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { BarsReader, type BarsReaderOptions } from './bars-reader.js';
import { BinanceDepthCsvReader } from './binance-depth-csv-reader.js';
import { BinanceDepthJsonlReader } from './binance-depth-jsonl-reader.js';
import { DatabentoMboReader } from './databento-mbo-reader.js';
import { splitHeader } from './csv-header.js';
import { detectFormat, readFirstLine, type DetectedFormat } from './detect-format.js';
import { lobsterOrderbookPathFor, parseLobsterFileName } from './lobster-file-name.js';
import { LobsterMessageReader, type LobsterReaderOptions } from './lobster-message-reader.js';
import { DataFormatError, type DataFormat, type MarketDataReader } from './reader.js';
import { TardisL2Reader } from './tardis-l2-reader.js';
import { TardisSnapshotReader } from './tardis-snapshot-reader.js';
import { TardisQuotesReader, TardisTradesReader } from './tardis-trade-quote-reader.js';
import { tardisVariantOf } from './tardis-common.js';

/** Options of `openReader`: the reader options of every format, plus an optional forced format. */
export interface OpenReaderOptions extends BarsReaderOptions, LobsterReaderOptions {
  /** Skip detection (the sub-format is still taken from the file's header / name). */
  format?: DataFormat;
}

/**
 * What `openReader` returns. For LOBSTER, `lobsterOrderbookPath` is the orderbook file that goes
 * with the message file (given in `files`, or the sibling `..._orderbook_N.csv` when it exists)
 * and `levels` is N; open it with `openLobsterOrderbook` for reconciliation.
 */
export interface OpenedReader {
  readonly reader: MarketDataReader;
  readonly format: DataFormat;
  readonly lobsterOrderbookPath?: string;
  readonly levels?: number;
}

/**
 * Opens the right streaming reader for `files`. Invariants: exactly one event-source file
 * (for LOBSTER: one message file, plus at most one orderbook file); the format is `opts.format`
 * or detected by `detectFormat`; throws an Error naming the file when it cannot tell, and a
 * `DataFormatError` when the header / first row is malformed. The caller must `close()` the reader.
 */
export function openReader(files: readonly string[], opts: OpenReaderOptions = {}): OpenedReader {
  if (files.length === 0) throw new Error('openReader: no files given');
  const detected = files.map((f): DetectedFormat | null => (opts.format ? { format: opts.format, variant: '' } : detectFormat(f)));
  detected.forEach((d, i) => {
    if (!d) throw new Error(`${files[i]}: unknown market-data format (pass opts.format to force one)`);
  });
  const format = detected[0]!.format;
  if (detected.some((d) => d!.format !== format)) {
    throw new Error(`openReader: files of different formats: ${files.join(', ')}`);
  }

  if (format === 'lobster') return openLobster(files, opts);
  if (files.length !== 1) {
    throw new Error(`openReader: ${format} reads one file at a time, got ${files.length}: ${files.join(', ')}`);
  }
  const path = files[0]!;
  return { reader: openSingle(format, path, opts), format };
}

function openLobster(files: readonly string[], opts: OpenReaderOptions): OpenedReader {
  const books = files.filter((f) => parseLobsterFileName(f)?.kind === 'orderbook');
  const messages = files.filter((f) => !books.includes(f));
  if (messages.length !== 1 || books.length > 1) {
    throw new Error(`openReader: LOBSTER needs one message file and at most one orderbook file, got ${files.join(', ')}`);
  }
  const message = messages[0]!;
  const reader = new LobsterMessageReader(message, opts);
  const sibling = lobsterOrderbookPathFor(message);
  const book = books[0] ?? (sibling !== message && existsSync(sibling) ? sibling : undefined);
  const levels = reader.info.depthLevels;
  const bookLevels = book ? parseLobsterFileName(book)?.levels : undefined;
  if (bookLevels !== undefined && bookLevels !== levels) {
    reader.close();
    throw new Error(`openReader: ${book} has ${bookLevels} levels but ${message} has ${levels}`);
  }
  return book ? { reader, format: 'lobster', lobsterOrderbookPath: book, levels } : { reader, format: 'lobster', levels };
}

function openSingle(format: DataFormat, path: string, opts: OpenReaderOptions): MarketDataReader {
  switch (format) {
    case 'databento-mbo':
      return new DatabentoMboReader(path, opts);
    case 'binance-depth':
      return readFirstLine(path).trimStart().startsWith('{') ? new BinanceDepthJsonlReader(path, opts) : new BinanceDepthCsvReader(path, opts);
    case 'bars':
      return new BarsReader(path, opts);
    case 'tardis': {
      const first = readFirstLine(path);
      const variant = tardisVariantOf(splitHeader(first));
      if (variant === 'incremental_book_L2') return new TardisL2Reader(path, opts);
      if (variant === 'trades') return new TardisTradesReader(path, opts);
      if (variant === 'quotes') return new TardisQuotesReader(path, opts);
      if (variant !== null) return new TardisSnapshotReader(path, opts);
      throw new DataFormatError(basename(path), 1, 1, 'header', 'a Tardis CSV header (incremental_book_L2, book_snapshot_N, trades, quotes)', first.length > 60 ? `${first.slice(0, 60)}...` : first);
    }
    case 'lobster':
      return new LobsterMessageReader(path, opts);
  }
}
