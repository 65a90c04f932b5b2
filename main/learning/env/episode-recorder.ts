import { MEASURE_DELAY_NS, REVERSION_HORIZON_NS } from '../../backtest/job-run.js';
import type { PathSim } from '../../execution/what-if/path-sim.js';
import { ReplayVenue } from '../../market/venue/replay-venue.js';
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
 * advance does not change a path), our fills, and the market's prints over [start, order end],
 * ours included — as a backtest counts them: the path's tape where it has one (our trades are
 * prints there), else a replay venue's historical prints (as shifted by our impact; make the
 * recorder after the env's market view, which sets the venue's print sink) plus our fills.
 * Without either, volume and VWAP stay unknown. Invariant: `mids[i]` is the mid at `times[i]`
 * for i < `sampled`.
 */
export class EpisodeRecorder {
  readonly times: number[];
  readonly mids: number[] = [];
  readonly fills: RecordedFill[] = [];
  volume = 0;
  notional = 0;
  readonly hasTape: boolean;
  private ownFillsNotOnTape = false;
  private readonly countFill: (ts: number, price: number, size: number) => void;

  constructor(path: EnvPath, readonly startNs: number, readonly orderEndNs: number) {
    this.times = judgeTimes(startNs, orderEndNs, path.endNs);
    const count = (ts: number, price: number, size: number) => {
      if (ts < startNs || ts > orderEndNs) return;
      this.volume += size;
      this.notional += price * size;
    };
    if (path.trades !== undefined) {
      this.hasTape = true;
      path.trades.onTrade(count);
    } else if (path.venue instanceof ReplayVenue) {
      this.hasTape = true;
      this.ownFillsNotOnTape = true;
      const engine = path.venue.engine;
      const prev = engine.print;
      const sch = path.scheduler;
      engine.print = (price, size, aggressor, own) => {
        prev?.(price, size, aggressor, own);
        count(sch.now, price, size);
      };
    } else this.hasTape = false;
    this.countFill = count;
  }

  /** Records one of our fills (and counts it in the market's volume where the tape leaves it out). */
  addFill(f: RecordedFill): void {
    this.fills.push(f);
    if (this.ownFillsNotOnTape) this.countFill(f.tsNs, f.priceUnits, f.size);
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
