import { BookClockSampler } from './book-clock-sampler.js';
import { SeriesColumns, type DaySeries } from './returns.js';

/**
 * Samples a replayed book on a regular clock: at each boundary B (a multiple of the sample
 * interval) it takes the book as it stood after the last event at or before B (previous-tick
 * sampling, so nothing after B is seen), and the trades of the interval (B − step, B].
 * Invariant: a return is recorded only when both ends have a mid (both sides present, not
 * crossed); otherwise the interval is counted in `skipped`. The last, partial interval is dropped.
 */
export class TickSampler extends BookClockSampler {
  private readonly cols = new SeriesColumns();

  constructor(
    readonly file: string,
    sampleSec: number,
    depthLevels: number,
    sizeDecimals: number,
  ) {
    super(sampleSec, depthLevels, sizeDecimals);
  }

  finish(label: string, symbol: string): DaySeries {
    return this.cols.finish(label, 'ticks', symbol, this.sampleSec);
  }

  protected emit(): void {
    const t = this.nextNs / 1e9;
    const r = this.intervalReturn();
    if (this.mid > 0 && this.prevMid > 0 && Number.isFinite(r)) {
      this.cols.push(t, r, this.spreadBps, this.depth, this.volume, this.flow);
    } else if (!Number.isNaN(this.prevMid) || this.cols.t.length > 0) {
      this.cols.skipped++;
    }
    this.advance();
  }
}
