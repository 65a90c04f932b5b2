import type { MarketEvent } from '../events/market-event.js';
import type { ByteScanner } from './byte-scanner.js';
import type { MarketDataReader, ReaderAdjustments, ReaderInfo } from './reader.js';

/**
 * The part of a `MarketDataReader` that every reader over one `ByteScanner` answers the same way:
 * progress is the scanner's bytes, the adjustments are the scanner's counters (the same object,
 * updated while reading), close closes the scanner. A subclass sets `sc` and `info` in its
 * constructor and parses in `next()`. Invariant: `sc` is the scanner `next()` reads, for the
 * reader's whole life.
 */
export abstract class ScannerReader implements MarketDataReader {
  abstract readonly info: ReaderInfo;
  protected abstract readonly sc: ByteScanner;

  abstract next(): MarketEvent | null;

  progress(): { bytesRead: number; totalBytes: number } {
    return { bytesRead: this.sc.bytesRead(), totalBytes: this.sc.totalBytes };
  }

  adjustments(): ReaderAdjustments {
    return this.sc.adjust;
  }

  close(): void {
    this.sc.close();
  }
}
