import type { BookView } from '../market/book/book-types.js';
import { EventKind, type MarketEvent } from '../market/events/market-event.js';
import { DataFormatError } from '../market/readers/reader.js';
import { SeriesColumns, type DaySeries } from './returns.js';

/** Column of `close` in a bars file (1-based), for errors. */
const CLOSE_COLUMN = 5;

/**
 * Close-to-close log returns of OHLCV bars on a clock of `sampleSec` (a multiple of the bar
 * interval aggregates bars: the last close in each bucket, volumes summed). Invariants: a return
 * joins two consecutive non-empty buckets (a gap of missing bars makes one longer return, as the
 * price really moved over it); a close ≤ 0 is a `DataFormatError` naming file, line and field.
 */
export class BarSampler {
  private readonly cols = new SeriesColumns();
  private readonly intervalNs: number;
  private readonly stepNs: number;
  private readonly priceScale: number;
  private readonly sizeScale: number;
  private bucketEnd = NaN;
  private bucketClose = NaN;
  private bucketVolume = 0;
  private prevClose = NaN;

  constructor(
    readonly file: string,
    intervalSec: number,
    readonly sampleSec: number,
    priceDecimals: number,
    sizeDecimals: number,
  ) {
    this.intervalNs = intervalSec * 1e9;
    this.stepNs = Math.round(sampleSec * 1e9);
    if (!(this.stepNs > 0)) throw new RangeError(`sample interval must be positive, got ${sampleSec} s`);
    this.priceScale = 10 ** priceDecimals;
    this.sizeScale = 10 ** sizeDecimals;
  }

  onEvent(ev: MarketEvent, _book: BookView): void {
    if (ev.kind !== EventKind.Bar) return;
    const close = ev.closeUnits / this.priceScale;
    if (!(close > 0)) {
      throw new DataFormatError(this.file, ev.line, CLOSE_COLUMN, 'close', 'a positive close (a log return needs positive prices)', String(close));
    }
    const end = Math.ceil((ev.tsNs + this.intervalNs) / this.stepNs) * this.stepNs;
    if (end !== this.bucketEnd) {
      this.flush();
      this.bucketEnd = end;
      this.bucketVolume = 0;
    }
    this.bucketClose = close;
    this.bucketVolume += ev.size / this.sizeScale;
  }

  finish(label: string, symbol: string): DaySeries {
    this.flush();
    return this.cols.finish(label, 'bars', symbol, this.sampleSec);
  }

  private flush(): void {
    if (Number.isNaN(this.bucketEnd)) return;
    if (this.prevClose > 0) {
      this.cols.push(this.bucketEnd / 1e9, Math.log(this.bucketClose / this.prevClose), NaN, NaN, this.bucketVolume, NaN);
    }
    this.prevClose = this.bucketClose;
    this.bucketEnd = NaN;
  }
}
