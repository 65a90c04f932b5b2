import type { EventLog } from '../../kernel/event-log.js';
import type { ReaderInfo } from '../readers/reader.js';
import type { EventTape } from '../replay/event-tape.js';
import type { EngineSnapshot } from './replay-engine.js';
import type { HiddenTradeRule } from './l3-engine.js';
import type { ImpactModel, QueueModel, VenueDeps } from './venue.js';

/** Configuration of a `ReplayVenue`. */
export interface ReplayVenueConfig extends VenueDeps {
  /** The recorded day (from `openReplay(files, { tape })`, corrections included). */
  tape: EventTape;
  /** The reader info of that replay (book kind, instrument, depth). */
  info: ReaderInfo;
  /** L2: a separate trade stream (e.g. Tardis trades), merged by timestamp (ties: `tape` first). */
  tradeTape?: EventTape;
  /** L2 queue-position model (default `ConservativeQueue`). */
  queue?: QueueModel;
  /** Replay with reaction: our trades shift the replayed prices (see `ReplayEngine.shiftUnits`). */
  impact?: ImpactModel;
  /** Also feed our passive fills to the impact model (default false: only the liquidity we take moves prices). */
  impactFromPassiveFills?: boolean;
  /** L3: whether hidden prints can fill us (default 'front-priority' for LOBSTER, else 'none'). */
  hiddenTradeRule?: HiddenTradeRule;
  /** History before this time is applied at construction, without scheduling (fast-forward). */
  startTsNs?: number;
  /** The session ends here (default: at the last event): history stops, working orders are cancelled. */
  endTsNs?: number;
  /** Every delivered OrderEvent is recorded here (determinism fingerprint). */
  log?: EventLog;
  name?: string;
}

/** What a replay venue counted. Invariant: every counter only grows. */
export interface ReplayVenueStats {
  requests: number;
  rejected: number;
  fills: number;
  filledSize: number;
  takenSize: number;
  passiveSize: number;
  /** Σ fees (price units × size units). */
  fees: number;
  historicalEvents: number;
  /** L3 ledger: liquidity we took, later historical reductions clipped, extra size removed. */
  consumedSize: number;
  clippedEvents: number;
  clippedSize: number;
  extraRemoved: number;
}

/**
 * The state of a `ReplayVenue` without orders just before its history batch at `atNs`:
 * engine (book, counters), tape cursors, message-rate meter, stats, and `fed`, the number of
 * batches before it. Everything in it is the same for every seed (history draws nothing but
 * market-data delays, which `resumeFrom` re-draws). Frozen: restorable any number of times.
 */
export interface VenueCheckpoint {
  readonly tape: EventTape;
  readonly atNs: number;
  readonly fed: number;
  readonly cursors: readonly number[];
  readonly engine: EngineSnapshot;
  readonly meter: { readonly level: number; readonly lastNs: number };
  readonly stats: Readonly<ReplayVenueStats>;
}
