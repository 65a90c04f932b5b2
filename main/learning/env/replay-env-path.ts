import { EventLog } from '../../kernel/event-log.js';
import { Rng } from '../../kernel/rng.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { calibratePropagator } from '../../market/impact/calibrate-impact.js';
import { PropagatorImpact } from '../../market/impact/propagator.js';
import type { ReaderInfo } from '../../market/readers/reader.js';
import { EventTape } from '../../market/replay/event-tape.js';
import { openReplay } from '../../market/replay/open-replay.js';
import { REPLAY_LATENCY } from '../../execution/what-if/replay-path.js';
import { ProbabilisticQueue } from '../../market/venue/queue-models.js';
import { ZeroFees } from '../../market/venue/fee-models.js';
import { buildReplayCheckpoints } from '../../market/venue/replay-checkpoints.js';
import { ReplayVenue } from '../../market/venue/replay-venue.js';
import type { EnvPathFactory } from './execution-env.js';
import type { EnvPath } from './market-feed.js';

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

/** A day parsed once into a tape, with its reader info and first/last timestamps; refuses an empty day. */
function loadDay(files: readonly string[]): { tape: EventTape; info: ReaderInfo; firstTsNs: number; lastTsNs: number } {
  const tape = new EventTape(1 << 16);
  const b = openReplay(files, { tape });
  try {
    const r = b.runToEnd();
    if (r.counters.events === 0) throw new Error(`${files[0]}: no events to trade against`);
    return { tape, info: r.info, firstTsNs: r.firstTsNs, lastTsNs: r.lastTsNs };
  } finally {
    b.close();
  }
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
  const { tape, info, firstTsNs, lastTsNs } = loadDay(files);
  const kernel = opts.impact ? calibratePropagator(tape, info).impact.kernel : null;
  const startNs = firstTsNs + Math.round(opts.fromSec * 1e9);
  if (startNs >= lastTsNs) throw new RangeError(`fastReplayEnvFactory: fromSec ${opts.fromSec} is after the day's last event (${((lastTsNs - firstTsNs) / 1e9).toFixed(1)} s)`);
  const name = files[0]!.split(/[\\/]/).pop()!;
  return (seed: number): EnvPath => {
    const scheduler = new Scheduler();
    const log = new EventLog();
    const venue = new ReplayVenue({
      // The venue exactly as `replayPath` makes it (latency, L2 queue model, impact on all our fills), fast-forwarded.
      scheduler, rng: new Rng(seed).fork('replay-venue'), latency: REPLAY_LATENCY, fees: new ZeroFees(),
      tape, info, queue: new ProbabilisticQueue({ attribution: 'sampled' }),
      impact: kernel ? new PropagatorImpact({ kernel }) : undefined, impactFromPassiveFills: true, log, startTsNs: startNs,
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

/** Options of `checkpointReplayEnvFactory`. */
export interface CheckpointReplayOptions {
  /** Our trades move the replayed prices (the day-calibrated propagator, as `replayPath` fits it; fitted once per factory). */
  readonly impact?: boolean;
  /** About one checkpoint per this many seconds of the day (default 60): a reset replays at most about this much. */
  readonly everySec?: number;
}

/**
 * Episodes on a replayed real day that are EXACTLY the backtests' paths (`replayPath(files, seed,
 * impact, true)`, what `replayEnvFactory` gives) at a fraction of the reset cost: the day is
 * parsed and checkpointed once per factory (`buildReplayCheckpoints`, one about every
 * `everySec`); each path's first `advanceTo(t)` resumes its venue from the latest checkpoint
 * usable for t (`ReplayVenue.resumeFrom`: the book restored, the skipped market-data delay
 * draws re-drawn) and replays only the history after it. `factory.checkpoints` is the bank.
 */
export function checkpointReplayEnvFactory(files: readonly string[], opts: CheckpointReplayOptions = {}): EnvPathFactory & { readonly checkpoints: ReturnType<typeof buildReplayCheckpoints> } {
  const { tape, info, firstTsNs, lastTsNs } = loadDay(files);
  // Everything a view shows from the skipped history has arrived REPLAY_LATENCY's longest delay later.
  const checkpoints = buildReplayCheckpoints(tape, info, { everySec: opts.everySec ?? 60, minGapNs: REPLAY_LATENCY.maxDelayNs });
  const kernel = opts.impact ? calibratePropagator(tape, info).impact.kernel : null;
  const name = files[0]!.split(/[\\/]/).pop()!;
  const factory = (seed: number): EnvPath => {
    const scheduler = new Scheduler();
    const log = new EventLog();
    // The venue exactly as `replayPath` makes it (with our orders).
    const venue = new ReplayVenue({
      scheduler, rng: new Rng(seed).fork('replay-venue'), latency: REPLAY_LATENCY, fees: new ZeroFees(),
      tape, info, queue: new ProbabilisticQueue({ attribution: 'sampled' }),
      impact: kernel ? new PropagatorImpact({ kernel }) : undefined, impactFromPassiveFills: true, log,
    });
    let started = false;
    return {
      label: `${info.instrument.symbol} ${name}${kernel ? ' (with impact)' : ''}, seed ${seed}`,
      instrument: info.instrument,
      baseEpochNs: info.baseEpochNs,
      clock: info.clock,
      depthLevels: info.depthLevels,
      scheduler,
      venue,
      ...(kernel ? { impactKernel: kernel } : {}),
      startNs: firstTsNs,
      endNs: lastTsNs,
      advanceTo: (t) => {
        if (!started) {
          started = true;
          const cp = checkpoints.nearest(t);
          if (cp !== undefined) venue.resumeFrom(cp);
        }
        scheduler.run(t);
      },
      mid: () => venue.book.mid() + venue.impactShiftUnits(),
      events: () => venue.stats().historicalEvents,
      finish: () => log.hash(),
    };
  };
  return Object.assign(factory, { checkpoints });
}
