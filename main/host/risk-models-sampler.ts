import type { BookView, DepthBuffers } from '../market/book/book-types.js';
import { EventKind, type MarketEvent } from '../market/events/market-event.js';
import type { RiskSample } from './risk-models.js';

/**
 * Samples a replayed book for the live risk models on a regular clock, exactly as
 * `risk/returns-ticks.ts` samples a day for the batch models (test: same series): at each
 * boundary B (a multiple of `sampleSec`) the book as it stood after the last event at or before B
 * (previous-tick), the trades of (B − step, B]. A sample is handed on only when both ends have a
 * mid (both sides, not crossed). Invariant: samples leave in time order, each once; nothing after
 * B is seen; the last, partial interval is held until an event passes its end.
 */
export class BookSampler {
  private readonly stepNs: number;
  private readonly bufs: DepthBuffers;
  private readonly sizeScale: number;
  private nextNs = NaN;
  private lastTs = -Infinity;
  private mid = NaN;
  private spreadBps = NaN;
  private depth = NaN;
  private prevMid = NaN;
  private volume = 0;
  private flow = 0;

  constructor(
    private readonly onSample: (s: RiskSample) => void,
    sizeDecimals: number,
    readonly sampleSec = 1,
    private readonly depthLevels = 5,
  ) {
    this.stepNs = Math.round(sampleSec * 1e9);
    if (!(this.stepNs > 0)) throw new RangeError(`sample interval must be at least 1 ns, got ${sampleSec} s`);
    const n = Math.max(1, depthLevels);
    this.bufs = { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
    this.sizeScale = 10 ** sizeDecimals;
  }

  /** Called after `ev` was applied to `book`. */
  onEvent(ev: MarketEvent, book: BookView): void {
    const ts = ev.tsNs > this.lastTs ? ev.tsNs : this.lastTs;
    this.lastTs = ts;
    if (Number.isNaN(this.nextNs)) this.nextNs = (Math.floor(ts / this.stepNs) + 1) * this.stepNs;
    while (ts > this.nextNs) this.emit();
    if (ev.kind === EventKind.Execute) this.trade(ev.size, -ev.side);
    else if (ev.kind === EventKind.Trade) this.trade(ev.size, ev.side);
    else if (ev.kind === EventKind.Cross) this.trade(ev.size, 0);
    this.look(book);
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
    const s = this.mid > 0 && this.prevMid > 0 && Number.isFinite(r) ? { t, r, spreadBps: this.spreadBps, depth: this.depth, volume: this.volume, flow: this.flow } : null;
    this.prevMid = this.mid;
    this.volume = 0;
    this.flow = 0;
    this.nextNs += this.stepNs;
    if (s) this.onSample(s);
  }
}
