import type { BookView, DepthBuffers } from '../market/book/book-types.js';
import { EventKind, type MarketEvent } from '../market/events/market-event.js';

/**
 * The clock and book state shared by the regular-clock samplers (`TickSampler` for the batch
 * models, the host's `BookSampler` for the live ones, so both see the same series): at each
 * boundary B (a multiple of `sampleSec`) the book as it stood after the last event at or before B
 * (previous-tick, nothing after B is seen) and the trades of (B − step, B]. A subclass's
 * `emit` reads `mid`, `prevMid`, `spreadBps`, `depth`, `volume`, `flow` at `nextNs`, then calls
 * `advance()`. Invariant: boundaries are visited in order, each once.
 */
export abstract class BookClockSampler {
  protected readonly stepNs: number;
  private readonly bufs: DepthBuffers;
  private readonly sizeScale: number;
  protected nextNs = NaN;
  private lastTs = -Infinity;
  /** Book after the last event seen (NaN: an empty side or a crossed book). */
  protected mid = NaN;
  protected spreadBps = NaN;
  protected depth = NaN;
  /** Mid at the previous boundary. */
  protected prevMid = NaN;
  protected volume = 0;
  protected flow = 0;

  constructor(
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

  /** Hands on (or counts) the interval ending at `nextNs`, then calls `advance()`. */
  protected abstract emit(): void;

  /** The log return over the interval ending at `nextNs` (NaN or ±Infinity when an end has no mid). */
  protected intervalReturn(): number {
    return Math.log(this.mid / this.prevMid);
  }

  /** Starts the next interval. */
  protected advance(): void {
    this.prevMid = this.mid;
    this.volume = 0;
    this.flow = 0;
    this.nextNs += this.stepNs;
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
}
