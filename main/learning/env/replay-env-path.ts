import { EventLog } from '../../kernel/event-log.js';
import { Rng } from '../../kernel/rng.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { calibratePropagator } from '../../market/impact/calibrate-impact.js';
import { PropagatorImpact } from '../../market/impact/propagator.js';
import type { ReaderInfo } from '../../market/readers/reader.js';
import { EventTape } from '../../market/replay/event-tape.js';
import { openReplay } from '../../market/replay/open-replay.js';
import { ConstantLatency } from '../../market/venue/latency-models.js';
import { ZeroFees } from '../../market/venue/fee-models.js';
import { ReplayVenue } from '../../market/venue/replay-venue.js';
import type { EnvPathFactory } from './execution-env.js';
import type { EnvPath } from './market-feed.js';

/** Entry/ack/market-data latency against a replayed day: 200 µs (as `replayPath`). */
const LATENCY_NS = 200_000;

/** Options of `fastReplayEnvFactory`. */
export interface FastReplayOptions {
  /** Our trades move the replayed prices (the day-calibrated propagator, fitted once per factory). */
  readonly impact?: boolean;
  /**
   * Seconds after the day's first event where each episode's path starts: the history before it
   * is applied to the book at construction, without scheduling (the venue's fast-forward). The
   * env's `startSec` then counts from here (leave room for the volatility look-back).
   */
  readonly fromSec: number;
}

/**
 * Episodes on a replayed real day, fast-forwarded: the day is parsed once per factory; each
 * `factory(seed)` builds a `ReplayVenue` whose book is brought to `fromSec` without scheduling
 * (a reset costs the book updates up to there, not a scheduled replay with market-data draws).
 * The seed drives the venue's random streams, as in `replayEnvFactory`.
 *
 * Limit: the venue's random streams are not drawn during the fast-forward, so after it the path
 * is the backtest's `replayPath` in its book but NOT in its random draws; train on it, and judge
 * with `replayEnvFactory` (identical to the backtests' paths).
 */
export function fastReplayEnvFactory(files: readonly string[], opts: FastReplayOptions): EnvPathFactory {
  if (!(opts.fromSec >= 0)) throw new RangeError(`fastReplayEnvFactory: fromSec ${opts.fromSec} must be ≥ 0`);
  const tape = new EventTape(1 << 16);
  const b = openReplay(files, { tape });
  let info: ReaderInfo, firstTsNs: number, lastTsNs: number;
  try {
    const r = b.runToEnd();
    if (r.counters.events === 0) throw new Error(`${files[0]}: no events to trade against`);
    info = r.info;
    firstTsNs = r.firstTsNs;
    lastTsNs = r.lastTsNs;
  } finally {
    b.close();
  }
  const kernel = opts.impact ? calibratePropagator(tape, info).impact.kernel : null;
  const startNs = firstTsNs + Math.round(opts.fromSec * 1e9);
  if (startNs >= lastTsNs) throw new RangeError(`fastReplayEnvFactory: fromSec ${opts.fromSec} is after the day's last event (${((lastTsNs - firstTsNs) / 1e9).toFixed(1)} s)`);
  const name = files[0]!.split(/[\\/]/).pop()!;
  return (seed: number): EnvPath => {
    const scheduler = new Scheduler();
    const log = new EventLog();
    const venue = new ReplayVenue({
      scheduler, rng: new Rng(seed).fork('replay-venue'), latency: new ConstantLatency(LATENCY_NS), fees: new ZeroFees(),
      tape, info, impact: kernel ? new PropagatorImpact({ kernel }) : undefined, log, startTsNs: startNs,
    });
    scheduler.now = startNs;
    return {
      label: `${info.instrument.symbol} ${name} from ${opts.fromSec} s${kernel ? ' (with impact)' : ''}, seed ${seed}`,
      instrument: info.instrument,
      baseEpochNs: info.baseEpochNs,
      clock: info.clock,
      scheduler,
      venue,
      startNs,
      endNs: lastTsNs,
      advanceTo: (t) => {
        scheduler.run(t);
      },
      mid: () => venue.book.mid() + venue.impactShiftUnits(),
      events: () => venue.stats().historicalEvents,
      finish: () => log.hash(),
    };
  };
}
