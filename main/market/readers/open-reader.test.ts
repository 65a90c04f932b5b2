import { describe, expect, it } from 'vitest';
import { BarsReader } from './bars-reader.js';
import { BinanceDepthCsvReader } from './binance-depth-csv-reader.js';
import { BinanceDepthJsonlReader } from './binance-depth-jsonl-reader.js';
import { DatabentoMboReader } from './databento-mbo-reader.js';
import { detectFormat, readFirstLine } from './detect-format.js';
import { LobsterMessageReader } from './lobster-message-reader.js';
import { openLobsterOrderbook } from './lobster-orderbook-reader.js';
import { openReader } from './open-reader.js';
import { TardisL2Reader } from './tardis-l2-reader.js';
import { TardisSnapshotReader } from './tardis-snapshot-reader.js';
import { TardisQuotesReader, TardisTradesReader } from './tardis-trade-quote-reader.js';
import { dataPath, tempFile } from './test-support.js';

const AMZN_MSG = dataPath('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');
const AMZN_BOOK = dataPath('lobster/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv');

const FILES: Array<[string, string, string, new (...a: never[]) => unknown]> = [
  ['lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv', 'lobster', 'message_50', LobsterMessageReader],
  ['databento/ARL_XNAS_mbo_2025-07-17_head1500.csv', 'databento-mbo', 'mbo-csv', DatabentoMboReader],
  ['binance/BTCUSDT_depth10_20230109.jsonl.gz', 'binance-depth', 'depth10-jsonl', BinanceDepthJsonlReader],
  ['binance/btcusdt-depth-snap.csv', 'binance-depth', 'depth-diff-csv', BinanceDepthCsvReader],
  ['binance/btcusdt-depth-update.csv', 'binance-depth', 'depth-diff-csv', BinanceDepthCsvReader],
  ['tardis/deribit_incremental_book_L2_BTC-PERPETUAL.csv', 'tardis', 'incremental_book_L2', TardisL2Reader],
  ['tardis/binance-futures_book_snapshot_5_BTCUSDT.csv', 'tardis', 'book_snapshot_5', TardisSnapshotReader],
  ['tardis/binance-futures_book_snapshot_25_BTCUSDT.csv', 'tardis', 'book_snapshot_25', TardisSnapshotReader],
  ['tardis/bitmex_trades_XBTUSD.csv', 'tardis', 'trades', TardisTradesReader],
  ['tardis/huobi-dm-swap_quotes_BTC-USD.csv', 'tardis', 'quotes', TardisQuotesReader],
  ['bars/btc-perp-20211231-20220201_1m.csv', 'bars', 'ohlcv', BarsReader],
  ['bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz', 'bars', 'ohlcv', BarsReader],
];

describe('detectFormat and openReader', () => {
  for (const [rel, format, variant, cls] of FILES) {
    it(`detects and opens ${rel}`, () => {
      const path = dataPath(rel);
      expect(detectFormat(path)).toEqual({ format, variant });
      const opened = openReader([path]);
      expect(opened.format).toBe(format);
      expect(opened.reader).toBeInstanceOf(cls);
      expect(opened.reader.info.format).toBe(format);
      expect(opened.reader.next()).not.toBeNull();
      opened.reader.close();
    });
  }

  it('reads the first line of a gzip file without inflating all of it', () => {
    expect(readFirstLine(dataPath('bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz'))).toBe('timestamp_utc,open,high,low,close,volume');
  });

  it('pairs a LOBSTER message file with its orderbook file, given or found beside it', () => {
    for (const files of [[AMZN_BOOK, AMZN_MSG], [AMZN_MSG]]) {
      const o = openReader(files);
      expect(o.format).toBe('lobster');
      expect(o.reader.info.files).toEqual([AMZN_MSG]);
      expect(o.lobsterOrderbookPath).toBe(AMZN_BOOK);
      expect(o.levels).toBe(1);
      // The replay reconciles row k of the book with message k.
      const book = openLobsterOrderbook(o.lobsterOrderbookPath!);
      expect(o.reader.next()!.line).toBe(1);
      expect(book.next()).not.toBeNull();
      expect(book.line).toBe(1);
      book.close();
      o.reader.close();
    }
    const lone = tempFile('ZZZ_2012-06-21_0_1_message_3.csv', '1,1,1,1,1,1\n');
    const o = openReader([lone]);
    expect(o.lobsterOrderbookPath).toBeUndefined();
    expect(o.levels).toBe(3);
    o.reader.close();
  });

  it('honours a forced format and the decimals options', () => {
    const p = tempFile('weird-name.txt', 'timestamp,open,high,low,close,volume\n2024-01-01 00:01:00,1.5,1.6,1.4,1.55,10\n');
    const o = openReader([p], { format: 'bars', priceDecimals: 2, sizeDecimals: 0, barTimestamp: 'open' });
    expect(o.reader.info.instrument).toMatchObject({ priceDecimals: 2, sizeDecimals: 0 });
    expect(o.reader.next()).toMatchObject({ priceUnits: 150, closeUnits: 155, size: 10, tsNs: 60e9 });
    o.reader.close();
  });

  it('refuses unknown formats, mixed formats and several files of a single-file format', () => {
    const unknown = tempFile('mystery.csv', 'a,b,c\n1,2,3\n');
    expect(() => openReader([unknown])).toThrow(/unknown market-data format/);
    expect(() => openReader([])).toThrow(/no files/);
    expect(() => openReader([AMZN_MSG, dataPath('bars/btc-perp-20211231-20220201_1m.csv')])).toThrow(/different formats/);
    const snap = dataPath('binance/btcusdt-depth-snap.csv');
    expect(() => openReader([snap, dataPath('binance/btcusdt-depth-update.csv')])).toThrow(/one file at a time/);
    expect(() => openReader([AMZN_MSG, dataPath('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv')])).toThrow(/one message file/);
  });
});
