import { Rng } from '../../kernel/rng.js';
import { Scheduler } from '../../kernel/scheduler.js';
import type { ReaderInfo } from '../readers/reader.js';
import type { EventTape } from '../replay/event-tape.js';
import { ZeroFees } from './fee-models.js';
import type { HiddenTradeRule } from './l3-engine.js';
import { ConstantLatency } from './latency-models.js';
import { ReplayVenue, type VenueCheckpoint } from './replay-venue.js';

/** Options of `buildReplayCheckpoints`. */
export interface ReplayCheckpointOptions {
  /** About one checkpoint per this many seconds of the tape (> 0). */
  readonly everySec: number;
  /**
   * A checkpoint is taken only before a batch that follows the previous one by at least this
   * much, and is used only for a first target at least this far after it: set it ≥ the longest
   * market-data delay of the venues that resume from it (`LognormalLatency.maxDelayNs`), so that
   * everything the skipped history sent through a lagged view has arrived by then (> 0, finite).
   */
  readonly minGapNs: number;
  readonly tradeTape?: EventTape;
  readonly hiddenTradeRule?: HiddenTradeRule;
}

/**
 * Checkpoints of a recorded day for `ReplayVenue.resumeFrom`, taken once by replaying the day
 * through a venue without orders. Invariants: `atNs` strictly increasing; each checkpoint's
 * batch follows the previous batch by ≥ `minGapNs`; `nearest(t)` is the latest one with
 * atNs + minGapNs ≤ t (undefined: replay from the start).
 *
 * Why the gap: a venue that resumes has no trace of the skipped history in its market views;
 * with the gap, everything that history sent through a view (delayed ≤ minGapNs) has arrived
 * before the checkpoint's batch, so the view's arrival times from that batch on — and what it
 * shows from atNs + minGapNs on — are the full replay's.
 */
export class ReplayCheckpoints {
  constructor(
    readonly list: readonly VenueCheckpoint[],
    readonly minGapNs: number,
  ) {}

  get count(): number {
    return this.list.length;
  }

  /** The latest checkpoint usable for a venue first advanced to `tNs` (binary search). */
  nearest(tNs: number): VenueCheckpoint | undefined {
    const l = this.list;
    let lo = 0, hi = l.length; // first index whose atNs + gap > t
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (l[m]!.atNs + this.minGapNs <= tNs) lo = m + 1;
      else hi = m;
    }
    return lo > 0 ? l[lo - 1] : undefined;
  }
}

/** Replays `tape` once and keeps a checkpoint about every `everySec` (see `ReplayCheckpoints`). */
export function buildReplayCheckpoints(tape: EventTape, info: ReaderInfo, opts: ReplayCheckpointOptions): ReplayCheckpoints {
  if (!(opts.everySec > 0)) throw new RangeError(`buildReplayCheckpoints: everySec ${opts.everySec} must be > 0`);
  if (!(opts.minGapNs > 0 && Number.isFinite(opts.minGapNs))) throw new RangeError(`buildReplayCheckpoints: minGapNs ${opts.minGapNs} must be > 0 and finite`);
  const scheduler = new Scheduler();
  // No order and no view: nothing is drawn, so the seed, latency and fees do not matter here.
  const venue = new ReplayVenue({
    scheduler, rng: new Rng(0), latency: new ConstantLatency(0), fees: new ZeroFees(), tape, info,
    ...(opts.tradeTape ? { tradeTape: opts.tradeTape } : {}), ...(opts.hiddenTradeRule ? { hiddenTradeRule: opts.hiddenTradeRule } : {}),
  });
  const everyNs = opts.everySec * 1e9;
  const list: VenueCheckpoint[] = [];
  let prev = -Infinity;
  let due = -Infinity;
  for (let t = venue.nextHistoryTs(); t !== Infinity; t = venue.nextHistoryTs()) {
    if (t >= due && t - prev >= opts.minGapNs) {
      list.push(venue.checkpoint());
      due = t + everyNs;
    }
    scheduler.run(t);
    prev = t;
  }
  return new ReplayCheckpoints(list, opts.minGapNs);
}
