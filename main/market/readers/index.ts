/**
 * Streaming market-data readers: one pull-based `MarketDataReader` per vendor format, all parsing
 * straight from bytes into one reused `MarketEvent`. Start with `openReader(files)`.
 */
export * from './reader.js';
export { openReader, type OpenReaderOptions, type OpenedReader } from './open-reader.js';
export { detectFormat, readFirstLine, type DetectedFormat } from './detect-format.js';
export type { ReaderOptions } from './reader-options.js';
export { LobsterMessageReader, type LobsterReaderOptions } from './lobster-message-reader.js';
export {
  openLobsterOrderbook, LOBSTER_EMPTY_ASK, LOBSTER_EMPTY_BID,
  type LobsterOrderbookReader, type LobsterOrderbookOptions,
} from './lobster-orderbook-reader.js';
export { parseLobsterFileName, lobsterOrderbookPathFor, type LobsterFileName } from './lobster-file-name.js';
export { DatabentoMboReader } from './databento-mbo-reader.js';
export { BinanceDepthJsonlReader } from './binance-depth-jsonl-reader.js';
export { BinanceDepthCsvReader } from './binance-depth-csv-reader.js';
export { TardisL2Reader } from './tardis-l2-reader.js';
export { TardisSnapshotReader } from './tardis-snapshot-reader.js';
export { TardisTradesReader, TardisQuotesReader } from './tardis-trade-quote-reader.js';
export { tardisVariantOf, type TardisVariant } from './tardis-common.js';
export { BarsReader, type BarsReaderOptions } from './bars-reader.js';
