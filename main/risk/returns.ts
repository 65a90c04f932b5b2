import { basename } from 'node:path';
import { DataFormatError } from '../market/readers/reader.js';
import { openReplay } from '../market/replay/open-replay.js';
import { BarSampler } from './returns-bars.js';
import { TickSampler } from './returns-ticks.js';

/**
 * One day's return series on a regular clock, with the liquidity features sampled on the same
 * clock. Index i describes the interval (t[i] − sampleSec, t[i]]: `r[i]` is the log return of the
 * price over it (close-to-close for bars, mid-to-mid for tick data), `volume[i]` and `flow[i]` the
 * traded size and signed (aggressor) traded size in it, `spreadBps[i]` and `depth[i]` the book at
 * its end. Invariants: all arrays have the same length; `r` is finite; `t` strictly increases;
 * a feature the data cannot give (spread, depth and flow of bars) is NaN throughout.
 */
export interface DaySeries {
  /** The day's files, basenames joined with "+". */
  readonly label: string;
  readonly source: 'bars' | 'ticks';
  readonly symbol: string;
  /** Seconds between samples (for native bars: the bar interval). */
  readonly sampleSec: number;
  /** End of each interval, seconds since the day's midnight (the reader's base epoch). */
  readonly t: Float64Array;
  readonly r: Float64Array;
  readonly spreadBps: Float64Array;
  /** Size resting on the best `depthLevels` levels, both sides, in the instrument's size (decimal). */
  readonly depth: Float64Array;
  readonly volume: Float64Array;
  readonly flow: Float64Array;
  /** Intervals left out: no price at one end (an empty side, a crossed book, a halt). */
  readonly skipped: number;
}

/** How to sample. Invariant: sampleSec > 0 when given. */
export interface SeriesOptions {
  /** Seconds between samples; default 1 for tick data and the bar interval for bars (1 min for 1-min bars). */
  sampleSec?: number;
  /** Levels per side counted in `depth` (default 5). */
  depthLevels?: number;
}

/** The growable columns a sampler fills; `finish` turns them into a `DaySeries`. */
export class SeriesColumns {
  readonly t: number[] = [];
  readonly r: number[] = [];
  readonly spreadBps: number[] = [];
  readonly depth: number[] = [];
  readonly volume: number[] = [];
  readonly flow: number[] = [];
  skipped = 0;

  push(t: number, r: number, spreadBps: number, depth: number, volume: number, flow: number): void {
    this.t.push(t);
    this.r.push(r);
    this.spreadBps.push(spreadBps);
    this.depth.push(depth);
    this.volume.push(volume);
    this.flow.push(flow);
  }

  finish(label: string, source: 'bars' | 'ticks', symbol: string, sampleSec: number): DaySeries {
    return {
      label, source, symbol, sampleSec, skipped: this.skipped,
      t: Float64Array.from(this.t), r: Float64Array.from(this.r), spreadBps: Float64Array.from(this.spreadBps),
      depth: Float64Array.from(this.depth), volume: Float64Array.from(this.volume), flow: Float64Array.from(this.flow),
    };
  }
}

/**
 * Reads one day (its files, as `--data` gives them: a LOBSTER message file finds its orderbook
 * file beside it) into a `DaySeries`. Bars give close-to-close returns; every other format is
 * replayed into its book and the mid is sampled on the clock (previous-tick: the book as it was at
 * each boundary). Throws the reader's `DataFormatError` (file, line, column, field), and one of its
 * own for a bar whose close is not positive (no log return exists).
 */
export function loadDaySeries(files: readonly string[], opts: SeriesOptions = {}): DaySeries {
  if (opts.sampleSec !== undefined && !(opts.sampleSec > 0)) throw new RangeError(`sampleSec must be positive, got ${opts.sampleSec}`);
  const label = files.map((f) => basename(f)).join('+');
  let sampler: BarSampler | TickSampler | null = null;
  // The sampler needs the reader's info, known once the replay is open and before any event.
  const replay = openReplay(files, { onEvent: (_k, ev, book) => sampler!.onEvent(ev, book) });
  try {
    const info = replay.info;
    const file = info.files[0] ?? label;
    if (info.bookKind === 'bars') {
      const intervalSec = Number(/ohlcv-(\d+)s/.exec(info.variant)?.[1] ?? 60);
      sampler = new BarSampler(file, intervalSec, opts.sampleSec ?? intervalSec, info.instrument.priceDecimals, info.instrument.sizeDecimals);
    } else {
      sampler = new TickSampler(file, opts.sampleSec ?? 1, opts.depthLevels ?? 5, info.instrument.sizeDecimals);
    }
    replay.runToEnd();
    return sampler.finish(label, info.instrument.symbol);
  } finally {
    replay.close();
  }
}

/**
 * Parses `--data` as `backtest` does: days separated by commas, the files of one day joined with
 * "+". Throws an Error naming the empty day; existence is checked when a day is read.
 */
export function parseDataDays(data: string): string[][] {
  return data.split(',').map((day, i) => {
    const files = day.split('+').map((f) => f.trim()).filter((f) => f.length > 0);
    if (files.length === 0) throw new Error(`--data: day ${i + 1} in the list is empty`);
    return files;
  });
}

/** Reads every day; a day's errors name its file (see `loadDaySeries`). */
export function loadDays(days: readonly (readonly string[])[], opts: SeriesOptions = {}): DaySeries[] {
  return days.map((files) => loadDaySeries(files, opts));
}

/** Every day's returns end to end (models fit across days; the overnight return is never one of them). */
export function concatReturns(days: readonly DaySeries[]): Float64Array {
  const n = days.reduce((s, d) => s + d.r.length, 0);
  const out = new Float64Array(n);
  let o = 0;
  for (const d of days) {
    out.set(d.r, o);
    o += d.r.length;
  }
  return out;
}

export { DataFormatError };
