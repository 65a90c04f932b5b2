import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import { normalizeHeader, splitHeader } from './csv-header.js';
import { parseLobsterFileName } from './lobster-file-name.js';
import { DataFormatError, type DataFormat } from './reader.js';
import { tardisVariantOf } from './tardis-common.js';

/** A detected format and sub-format (the `ReaderInfo.variant` the reader will report, roughly). */
export interface DetectedFormat {
  readonly format: DataFormat;
  /**
   * 'message_N' / 'orderbook_N' (LOBSTER), 'mbo-csv', 'depth-diff-csv', 'depthN-jsonl',
   * a Tardis data type ('incremental_book_L2', 'book_snapshot_N', 'trades', 'quotes'), 'ohlcv'.
   */
  readonly variant: string;
}

/**
 * The first line of a file without its line break ('' for an empty file), reading at most
 * `maxBytes`. `.gz` files are inflated only as far as those compressed bytes go (sync flush), so
 * detection never gunzips a whole file. A corrupt gzip start is a `DataFormatError` (field `(gzip)`).
 */
export function readFirstLine(path: string, maxBytes = 64 * 1024): string {
  const fd = openSync(path, 'r');
  let raw: Buffer;
  try {
    const buf = Buffer.alloc(maxBytes);
    const n = readSync(fd, buf, 0, maxBytes, 0);
    raw = buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
  if (path.endsWith('.gz')) {
    try {
      raw = gunzipSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (e) {
      throw new DataFormatError(basename(path), 0, 0, '(gzip)', 'a complete gzip stream', String((e as Error).message));
    }
  }
  let text = raw.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nl = text.indexOf('\n');
  const line = nl < 0 ? text : text.slice(0, nl);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * Detects the format of one file from its name and first line (read from disk when `firstLine`
 * is not given). Returns null when nothing matches. Rules, first match wins: LOBSTER file-name
 * convention; Databento MBO header; Binance depth CSV header; a JSON object line with `bids`
 * (Binance depth JSONL); a Tardis header (data type from its columns); an OHLCV bar header.
 */
export function detectFormat(path: string, firstLine?: string): DetectedFormat | null {
  const lob = parseLobsterFileName(path);
  if (lob) return { format: 'lobster', variant: `${lob.kind}_${lob.levels}` };
  const raw = firstLine ?? readFirstLine(path);
  const json = raw.trimStart().startsWith('{');
  const line = json ? raw : normalizeHeader(raw);
  if (line.startsWith('ts_recv,ts_event,rtype,publisher_id,instrument_id,action,')) return { format: 'databento-mbo', variant: 'mbo-csv' };
  if (line === 'symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu') {
    return { format: 'binance-depth', variant: 'depth-diff-csv' };
  }
  if (json && line.includes('"bids"')) {
    const depth = /depth(\d+)/.exec(basename(path))?.[1] ?? '';
    return { format: 'binance-depth', variant: `depth${depth}-jsonl` };
  }
  const header = splitHeader(line);
  const tardis = tardisVariantOf(header);
  if (tardis) return { format: 'tardis', variant: tardis };
  if (/^timestamp(_utc)?,open,high,low,close,volume$/i.test(line)) return { format: 'bars', variant: 'ohlcv' };
  return null;
}
