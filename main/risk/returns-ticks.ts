import type { BookView, DepthBuffers } from '../market/book/book-types.js';
import { EventKind, type MarketEvent } from '../market/events/market-event.js';
import { SeriesColumns, type DaySeries } from './returns.js';

/**
 * Samples a replayed book on a regular clock: at each boundary B (a multiple of the sample
 * interval) it takes the book as it stood after the last event at or before B (previous-tick
 * sampling, so nothing after B is seen), and the trades of the interval (B − step, B].
 * Invariant: a return is recorded only when both ends have a mid (both sides present, not
 * crossed); otherwise the interval is counted in `skipped`. The last, partial interval is dropped.
 */
export class TickSampler {
  private readonly cols = new SeriesColumns();
  private readonly stepNs: number;
  private readonly bufs: DepthBuffers;
  private nextNs = NaN;
  private lastTs = -Infinity;
  /** Book after the last event seen. */
  private mid = NaN;
  private spreadBps = NaN;
  private depth = NaN;
  /** Mid at the previous boundary. */
  private prevMid = NaN;
  private volume = 0;
  private flow = 0;
  private readonly sizeScale: number;

  constructor(
    readonly file: string,
    readonly sampleSec: number,
    private readonly depthLevels: number,
    sizeDecimals: number,
  ) {
    this.stepNs = Math.round(sampleSec * 1e9);
    if (!(this.stepNs > 0)) throw new RangeError(`sample interval must be at least 1 ns, got ${sampleSec} s`);
    const n = Math.max(1, depthLevels);
    this.bufs = { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
    this.sizeScale = 10 ** sizeDecimals;
  }

  /** Called after `ev` was applied to `book`. */
  onEvent(ev: MarketEvent, book: BookView): void {
    // Readers order events (a stamp that stepped back within the clock skew they accept counts at the latest time).
    const ts = ev.tsNs > this.lastTs ? ev.tsNs : this.lastTs;
    this.lastTs = ts;
    if (Number.isNaN(this.nextNs)) this.nextNs = (Math.floor(ts / this.stepNs) + 1) * this.stepNs;
    while (ts > this.nextNs) this.emit();
    if (ev.kind === EventKind.Execute) this.trade(ev.size, -ev.side);
    else if (ev.kind === EventKind.Trade) this.trade(ev.size, ev.side);
    else if (ev.kind === EventKind.Cross) this.trade(ev.size, 0);
    this.look(book);
  }

  finish(label: string, symbol: string): DaySeries {
    return this.cols.finish(label, 'ticks', symbol, this.sampleSec);
  }

  private trade(size: number, aggressor: number): void {
    const s = size / this.sizeScale;
    this.volume += s;
    this.flow += aggressor * s;
  }

  private look(book: BookView): void {
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (!(ask > bid)) {
      // An empty side (NaN) or a crossed book: no price this instant.
      this.mid = NaN;
      this.spreadBps = NaN;
      this.depth = NaN;
      return;
    }
    this.mid = (bid + ask) / 2;
    this.spreadBps = ((ask - bid) / this.mid) * 1e4;
    const [nb, na] = book.depth(this.depthLevels, this.bufs);
    let d = 0;
    for (let i = 0; i < nb; i++) d += this.bufs.bidSize[i]!;
    for (let i = 0; i < na; i++) d += this.bufs.askSize[i]!;
    this.depth = d / this.sizeScale;
  }

  private emit(): void {
    const t = this.nextNs / 1e9;
    const r = Math.log(this.mid / this.prevMid);
    if (this.mid > 0 && this.prevMid > 0 && Number.isFinite(r)) {
      this.cols.push(t, r, this.spreadBps, this.depth, this.volume, this.flow);
    } else if (!Number.isNaN(this.prevMid) || this.cols.t.length > 0) {
      this.cols.skipped++;
    }
    this.prevMid = this.mid;
    this.volume = 0;
    this.flow = 0;
    this.nextNs += this.stepNs;
  }
}
