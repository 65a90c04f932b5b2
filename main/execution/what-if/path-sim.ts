import type { InstrumentSpec } from '../../domain/instrument.js';
import type { Scheduler } from '../../kernel/scheduler.js';
import type { Venue } from '../../market/venue/venue.js';
import type { ImpactKernel } from '../../market/impact/propagator.js';
import type { TradeFeed } from '../algorithms/market-volume.js';

/**
 * One market path a what-if trades on: a scheduler, a venue on it, and a way to advance time.
 * Built twice from the same seed and config (with and without our order), so the two runs
 * differ only by what our orders caused. Invariant: `advanceTo(t)` leaves `scheduler.now === t`
 * (or the path's end) with every market event due by then applied.
 */
export interface PathSim {
  readonly label: string;
  readonly instrument: InstrumentSpec;
  /** Epoch ns of the path's time 0 (scheduler time 0), and whether that clock is UTC or exchange-local. */
  readonly baseEpochNs: bigint;
  readonly clock: 'utc' | 'exchange-local';
  readonly scheduler: Scheduler;
  readonly venue: Venue;
  /** Scheduler times the path covers. */
  readonly startNs: number;
  readonly endNs: number;
  advanceTo(tNs: number): void;
  /** The path's mid now (default: the venue book's mid; a replayed day adds its impact shift). */
  mid?(): number;
  /** The market's trade prints (volume, signed flow), where the path has a tape of its own. */
  readonly trades?: TradeFeed;
  /** Levels per side the data itself gives on a replayed day (LOBSTER level N, a top-N snapshot); absent or 0 = the full book. */
  readonly depthLevels?: number;
  /** The propagator kernel our trades move this path's prices by (recorded days with impact), for cost models. */
  readonly impactKernel?: ImpactKernel;
  /** Market events processed so far. */
  events(): number;
  /** SHA-256 of the path's event log (call once, at the end). */
  finish(): string;
}
