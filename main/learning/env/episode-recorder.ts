import { MEASURE_DELAY_NS, REVERSION_HORIZON_NS } from '../../backtest/job-run.js';
import type { PathSim } from '../../execution/what-if/path-sim.js';
import type { EnvPath } from './market-feed.js';

/** Mid samples over the order window, as a backtest run takes them (`JobRun`: horizon / 1000, clamped to [10 ms, 1 s]). */
const GRID_POINTS = 1000;

/**
 * Seconds a judged path must last so that an episode and a backtest build the SAME path: the
 * decision start + horizon + the 0.1 s measurement delay, rounded up, + 1 s, + the post-trade
 * reversion window (60 s) — exactly `scenarioDurationSec` of a backtest with one start. An
 * agent-based scenario's timeline is scaled to its duration, so `scenarioEnvFactory(name, s)`
 * and a backtest give the same market only when s is this number.
 */
export function judgedPathSec(startSec: number, horizonSec: number): number {
  return Math.ceil(startSec + horizonSec + MEASURE_DELAY_NS / 1e9) + 1 + REVERSION_HORIZON_NS / 1e9;
}

/**
 * The times a judged episode samples the mid at, the same as a backtest run's after its start:
 * every grid step from `startNs` to `measureNs` = order end + 100 ms (inclusive), then every
 * second for the 60 s reversion window as far as the path lasts. Ascending.
 */
export function judgeTimes(startNs: number, orderEndNs: number, pathEndNs: number): number[] {
  const measureNs = orderEndNs + MEASURE_DELAY_NS;
  const step = Math.min(1e9, Math.max(1e7, Math.round((measureNs - startNs) / GRID_POINTS)));
  const times: number[] = [];
  for (let t = startNs; t < measureNs; t += step) times.push(t);
  times.push(measureNs);
  for (let t = measureNs + 1e9; t <= measureNs + REVERSION_HORIZON_NS && t <= pathEndNs; t += 1e9) times.push(t);
  return times;
}

/** The path's mid as strategies are judged on it (a replayed day's includes our impact shift). */
export function pathMid(path: PathSim): number {
  return path.mid ? path.mid() : path.venue.book.mid();
}

/** One of our fills in the instrument's integer units. */
export interface RecordedFill {
  readonly tsNs: number;
  readonly size: number;
  readonly priceUnits: number;
  readonly fee: number;
  readonly passive: boolean;
}

/**
 * What an episode records for its TCA while it runs: the mid at each `judgeTimes` time (every
 * advance of the path goes through `advance`, so samples are taken in passing; splitting an
 * advance does not change a path), our fills, and the market's prints over [start, order end]
 * (ours included, where the path has a tape; a replayed day has none: volume and VWAP stay
 * unknown). Invariant: `mids[i]` is the mid at `times[i]` for i < `sampled`.
 */
export class EpisodeRecorder {
  readonly times: number[];
  readonly mids: number[] = [];
  readonly fills: RecordedFill[] = [];
  volume = 0;
  notional = 0;
  readonly hasTape: boolean;

  constructor(path: EnvPath, readonly startNs: number, readonly orderEndNs: number) {
    this.times = judgeTimes(startNs, orderEndNs, path.endNs);
    this.hasTape = path.trades !== undefined;
    path.trades?.onTrade((ts, price, size) => {
      if (ts < startNs || ts > orderEndNs) return;
      this.volume += size;
      this.notional += price * size;
    });
  }

  get sampled(): number {
    return this.mids.length;
  }

  /** Advances `path` to `tNs`, sampling every judge time on the way. */
  advance(path: EnvPath, tNs: number): void {
    const times = this.times;
    for (let k = this.mids.length; k < times.length && times[k]! <= tNs; k++) {
      path.advanceTo(times[k]!);
      this.mids.push(pathMid(path));
    }
    path.advanceTo(tNs);
  }

  /** Samples the rest of the judge times (after the episode). */
  complete(path: EnvPath): void {
    const last = this.times[this.times.length - 1]!;
    if (this.mids.length < this.times.length) this.advance(path, Math.min(last, path.endNs));
  }
}
