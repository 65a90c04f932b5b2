import { BookClockSampler } from '../risk/book-clock-sampler.js';
import type { RiskSample } from './risk-models.js';

/**
 * Samples a replayed book for the live risk models on a regular clock, exactly as
 * `risk/returns-ticks.ts` samples a day for the batch models (test: same series): at each
 * boundary B (a multiple of `sampleSec`) the book as it stood after the last event at or before B
 * (previous-tick), the trades of (B − step, B]. A sample is handed on only when both ends have a
 * mid (both sides, not crossed). Invariant: samples leave in time order, each once; nothing after
 * B is seen; the last, partial interval is held until an event passes its end.
 */
export class BookSampler extends BookClockSampler {
  constructor(
    private readonly onSample: (s: RiskSample) => void,
    sizeDecimals: number,
    sampleSec = 1,
    depthLevels = 5,
  ) {
    super(sampleSec, depthLevels, sizeDecimals);
  }

  protected emit(): void {
    const t = this.nextNs / 1e9;
    const r = this.intervalReturn();
    const s = this.mid > 0 && this.prevMid > 0 && Number.isFinite(r) ? { t, r, spreadBps: this.spreadBps, depth: this.depth, volume: this.volume, flow: this.flow } : null;
    this.advance();
    if (s) this.onSample(s);
  }
}
