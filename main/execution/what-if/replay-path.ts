import { EventLog } from '../../kernel/event-log.js';
import { Rng } from '../../kernel/rng.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { calibratePropagator } from '../../market/impact/calibrate-impact.js';
import type { ReaderInfo } from '../../market/readers/reader.js';
import { EventTape } from '../../market/replay/event-tape.js';
import { openReplay } from '../../market/replay/open-replay.js';
import { LognormalLatency } from '../../market/venue/latency-models.js';
import { ProbabilisticQueue } from '../../market/venue/queue-models.js';
import { ZeroFees } from '../../market/venue/fee-models.js';
import { ReplayVenue } from '../../market/venue/replay-venue.js';
import type { PathSim } from './path-sim.js';

/**
 * Entry/ack/market-data latency of our orders against a replayed day: lognormal, median 200 µs,
 * σ = 0.5 (about 90 to 450 µs), clipped to [50 µs, 5 ms] — drawn from the path's seed, so two
 * seeds on the same start are two different paths for our orders.
 */
export const REPLAY_LATENCY = new LognormalLatency({ medianNs: 200_000, sigma: 0.5, minNs: 50_000, maxNs: 5_000_000 });

interface Recorded {
  tape: EventTape;
  info: ReaderInfo;
  firstTsNs: number;
  lastTsNs: number;
}

/** The last day recorded, so the with/without pair (and repeated runs) parse the files once. */
let cache: { key: string; rec: Recorded } | null = null;

function record(files: readonly string[]): Recorded {
  const key = files.join('\n');
  if (cache?.key === key) return cache.rec;
  const tape = new EventTape(1 << 16);
  const b = openReplay(files, { tape });
  try {
    const r = b.runToEnd();
    if (r.counters.events === 0) throw new Error(`${files[0]}: no events to trade against`);
    const rec = { tape, info: r.info, firstTsNs: r.firstTsNs, lastTsNs: r.lastTsNs };
    cache = { key, rec };
    return rec;
  } finally {
    b.close();
  }
}

/**
 * A real day as a what-if path: the recorded replay (reconciled for LOBSTER) fed through a
 * `ReplayVenue`, with our orders in its book (exact queue position for L3, a queue model for L2).
 * With `impact`, a linear propagator calibrated on the day (square-root law from the day's
 * volatility and volume, `calibratePropagator`) shifts the replayed prices after every fill of
 * ours (aggressive and passive); the path's mid then includes that shift. Without our orders the
 * path is the historical mid exactly. The seed drives latency (`REPLAY_LATENCY`) and, on L2
 * data, the queue model's draws; the start time on the day is chosen by the caller.
 */
export function replayPath(files: readonly string[], seed: number, impact: boolean, withOrders: boolean): PathSim {
  const rec = record(files);
  const scheduler = new Scheduler();
  const log = new EventLog();
  const propagator = impact && withOrders ? calibratePropagator(rec.tape, rec.info).impact : undefined;
  const venue = new ReplayVenue({
    scheduler,
    rng: new Rng(seed).fork('replay-venue'),
    latency: REPLAY_LATENCY,
    fees: new ZeroFees(),
    tape: rec.tape,
    info: rec.info,
    // L2 days: where our order stands in the queue is drawn from the seed (L3 days know it exactly).
    queue: new ProbabilisticQueue({ attribution: 'sampled' }),
    impact: propagator,
    // The propagator acts on the whole signed flow of our trades, passive fills included.
    impactFromPassiveFills: true,
    log,
  });
  const name = files[0]!.split(/[\\/]/).pop()!;
  return {
    label: `${rec.info.instrument.symbol} ${name}${impact ? ' (with impact)' : ''}, seed ${seed}`,
    instrument: rec.info.instrument,
    baseEpochNs: rec.info.baseEpochNs,
    clock: rec.info.clock,
    depthLevels: rec.info.depthLevels,
    scheduler,
    venue,
    ...(propagator ? { impactKernel: propagator.kernel } : {}),
    startNs: rec.firstTsNs,
    endNs: rec.lastTsNs,
    advanceTo: (t) => {
      scheduler.run(t);
    },
    mid: () => venue.book.mid() + venue.impactShiftUnits(),
    events: () => venue.stats().historicalEvents,
    finish: () => log.hash(),
  };
}
