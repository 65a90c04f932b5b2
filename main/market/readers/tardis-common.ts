import type { InstrumentSpec } from '../../domain/instrument.js';
import { newMarketEvent, type MarketEvent } from '../events/market-event.js';
import { ByteScanner } from './byte-scanner.js';
import { splitHeader } from './csv-header.js';
import { buildInstrument, type ReaderOptions } from './reader-options.js';
import { MAX_CLOCK_SKEW_NS, type BookKind, type ReaderInfo } from './reader.js';
import { ScannerReader } from './scanner-reader.js';

/** Tardis CSV data types this package reads. */
export type TardisVariant = 'incremental_book_L2' | `book_snapshot_${number}` | 'trades' | 'quotes';

/** The four columns every Tardis CSV starts with. */
export const TARDIS_PREFIX = ['exchange', 'symbol', 'timestamp', 'local_timestamp'] as const;

/** Tardis default decimals: 8 covers crypto ticks and lot steps while keeping values < 9e7 exact. */
export const TARDIS_DEFAULT_DECIMALS = 8;

const US_PER_DAY = 86_400_000_000;

/**
 * Which Tardis data type a header describes (by its columns after the common prefix), or null.
 * `book_snapshot_N` takes N from the number of `asks[i].price` columns.
 */
export function tardisVariantOf(header: readonly string[]): TardisVariant | null {
  if (!TARDIS_PREFIX.every((c, i) => header[i] === c)) return null;
  const rest = header.slice(4).join(',');
  if (rest === 'is_snapshot,side,price,amount') return 'incremental_book_L2';
  if (rest === 'id,side,price,amount') return 'trades';
  if (rest === 'ask_amount,ask_price,bid_price,bid_amount') return 'quotes';
  const asks = header.filter((c) => /^asks\[\d+\]\.price$/.test(c)).length;
  if (asks > 0 && header.length === 4 + 4 * asks) return `book_snapshot_${asks}`;
  return null;
}

/** What every Tardis reader sets up: the scanner past the header, the info and the time base. */
export interface TardisSetup {
  readonly sc: ByteScanner;
  readonly header: readonly string[];
  readonly info: ReaderInfo;
  readonly instrument: InstrumentSpec;
  /** UTC midnight of the first row in epoch microseconds; `tsNs = (timestamp - baseUs) * 1000`. */
  readonly baseUs: number;
}

/**
 * Opens a Tardis CSV, checks that its header is `variant`, and peeks at the first row (then
 * rewinds) for exchange, symbol and the base midnight. Invariants: timestamps are the `timestamp`
 * column (exchange time, epoch microseconds), so `clock` is 'utc'; decimals default to
 * `TARDIS_DEFAULT_DECIMALS` and never change within a file.
 */
export function openTardisCsv(path: string, opts: ReaderOptions, expect: (v: TardisVariant) => boolean, bookKind: BookKind): TardisSetup {
  const sc: ByteScanner = new ByteScanner(path, opts.chunkBytes);
  if (!sc.nextLine()) sc.fail(1, 'header', 'a Tardis CSV header', 'empty file');
  const header = splitHeader(sc.lineText());
  const variant = tardisVariantOf(header);
  if (variant === null || !expect(variant)) {
    sc.close();
    sc.fail(1, 'header', 'a Tardis CSV header of the expected data type', header.join(','));
  }
  sc.columns = header;
  sc.requireRow('at least one row after the header');
  let exchange = '';
  let symbol = '';
  let baseUs = 0;
  sc.mark();
  if (sc.nextLine()) {
    sc.field(0);
    exchange = sc.fieldText();
    sc.field(1);
    symbol = sc.fieldText();
    baseUs = Math.floor(sc.uint(2) / US_PER_DAY) * US_PER_DAY;
  }
  sc.unread();
  const instrument = buildInstrument(opts, {
    symbol, venue: exchange, priceDecimals: TARDIS_DEFAULT_DECIMALS, sizeDecimals: TARDIS_DEFAULT_DECIMALS, tickDecimals: null,
  });
  const depth = variant.startsWith('book_snapshot_') ? Number(variant.slice('book_snapshot_'.length)) : 0;
  const info: ReaderInfo = {
    format: 'tardis', variant, files: [path], instrument, bookKind, depthLevels: depth,
    baseEpochNs: BigInt(baseUs) * 1000n, clock: 'utc',
  };
  return { sc, header, info, instrument, baseUs };
}

const SKEW_US = MAX_CLOCK_SKEW_NS / 1000;

/**
 * The time rule of every Tardis reader. Tardis writes rows in arrival order, so
 * `local_timestamp` (the arrival time) never goes back: a row where it does is a
 * `DataFormatError`. `timestamp` is the exchange's own clock, which may step back a little
 * (several matching engines, clocks): up to `MAX_CLOCK_SKEW_NS` behind the latest one it is
 * accepted and counted in `reorderedTimestamps`; further back it is a `DataFormatError`.
 */
export class TardisClock {
  private maxTs = -Infinity;
  private lastLocal = -Infinity;

  /** Reads columns 3-4 (`timestamp`, `local_timestamp`) at the scanner's position; returns `timestamp` in us. */
  read(sc: ByteScanner): number {
    const us = sc.uint(2);
    const local = sc.uint(3);
    if (local < this.lastLocal) {
      sc.failField(3, `a local_timestamp at or after the previous row's ${this.lastLocal} (Tardis rows are in arrival order)`);
    }
    if (us < this.maxTs) {
      if (us < this.maxTs - SKEW_US) {
        sc.failValue(2, `a timestamp at most ${SKEW_US} us before the latest one, ${this.maxTs} (timestamps must not go backwards)`, String(us));
      }
      sc.adjust.reorderedTimestamps++;
    } else {
      this.maxTs = us;
    }
    this.lastLocal = local;
    return us;
  }
}

/**
 * What every Tardis reader holds, taken from its `openTardisCsv` set-up: the scanner, the info,
 * the time base, the instrument's price and size decimals (`pd`, `sd`), the one reused event and
 * the file's `TardisClock`. Invariants: as `TardisSetup`'s; `ev` is the only event `next()` hands out.
 */
export abstract class TardisReader extends ScannerReader {
  readonly info: ReaderInfo;
  protected readonly sc: ByteScanner;
  protected readonly ev: MarketEvent = newMarketEvent();
  protected readonly baseUs: number;
  protected readonly pd: number;
  protected readonly sd: number;
  protected readonly clock = new TardisClock();

  constructor(t: TardisSetup) {
    super();
    this.sc = t.sc;
    this.info = t.info;
    this.baseUs = t.baseUs;
    this.pd = t.instrument.priceDecimals;
    this.sd = t.instrument.sizeDecimals;
  }

  /**
   * Moves to the next row and reads its prefix (exchange and symbol skipped, the two times checked
   * by `clock`); returns the row's `timestamp` in us, or -1 at end of input (timestamps are unsigned).
   */
  protected nextRowTime(): number {
    const sc: ByteScanner = this.sc;
    if (!sc.nextLine()) return -1;
    sc.skip(0);
    sc.skip(1);
    return this.clock.read(sc);
  }
}
