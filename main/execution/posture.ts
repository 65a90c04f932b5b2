import type { Scheduler } from '../kernel/scheduler.js';
import type { BookView } from '../market/book/book-types.js';
import type { PostureChange } from '../risk/posture/posture-tracker.js';
import type { TradeFeed } from './algorithms/market-volume.js';

/**
 * The risk posture in force for an agent, as the execution algorithms read it through
 * `ExecutionContext.posture()`. Invariants: 0 < maxParticipation ≤ 1; 0 ≤ aggressiveness ≤ 1;
 * it only ever TIGHTENS what the parent order allows (an executor uses min(parent's limit,
 * posture)), and it never replaces the pre-trade gate, which checks every order whatever it says.
 * `reason` names the verdicts that cut it (null at the trader's own limits).
 */
export interface ExecutionPosture {
  readonly maxParticipation: number;
  readonly aggressiveness: number;
  readonly reason: string | null;
}

/**
 * At or below this aggressiveness an algorithm does not cross the spread (no IOC at the opposite
 * best, no sweep): it works passively only. 0.5 is the middle of the scale "0 passive only … 1
 * crosses freely": with the trader's 1 (the ticket's), a volatile (× 0.7) or illiquid (× 0.6)
 * regime still crosses, an open stress alert (× 0.5) or a stressed regime (× 0.4) does not; with
 * the trader's 0.8, an illiquid regime (→ 0.48) does not either.
 */
export const CROSS_MIN_AGGRESSIVENESS = 0.5;

/** The participation cap in force: the parent's own, tightened by the posture (never loosened). */
export function cappedParticipation(parentMax: number, posture: ExecutionPosture | null | undefined): number {
  return posture ? Math.min(parentMax, posture.maxParticipation) : parentMax;
}

/** Whether the posture lets an algorithm cross the spread now: aggressiveness above the threshold (true without a posture). */
export function mayCross(posture: ExecutionPosture | null | undefined): boolean {
  return !posture || posture.aggressiveness > CROSS_MIN_AGGRESSIVENESS;
}

/** A posture from the tracker's audited change: its new limits and its reasons in words. */
export function postureOfChange(change: Pick<PostureChange, 'to' | 'reasons'>): ExecutionPosture {
  return {
    maxParticipation: change.to.maxParticipation,
    aggressiveness: change.to.aggressiveness,
    reason: change.reasons.length > 0 ? change.reasons.map((r) => r.detail).join('; ') : null,
  };
}

/** An order an executor did not send because of the posture. Invariant: `reason` is the posture's (never null). */
export interface PostureBlock {
  /** Scheduler ns of the decision. */
  readonly atNs: number;
  readonly action: 'cross' | 'sweep';
  /** The size it would have sent. */
  readonly size: number;
  readonly aggressiveness: number;
  readonly reason: string;
}

/** What a posture model may watch of a simulated run's market (read only; it sends no order). */
export interface PostureMarket {
  readonly scheduler: Scheduler;
  readonly book: BookView;
  /** The market's prints, where the path has a tape (volume and signed flow); absent = none seen. */
  readonly trades?: TradeFeed;
  readonly sizeDecimals: number;
  /** Scheduler ns of the run's start. */
  readonly startNs: number;
}

/**
 * A source of posture for one order run (the host's live risk models): `attach` is called once,
 * when the run's market exists; it feeds itself from it (timers on the scheduler, the tape) and
 * returns what `ExecutionContext.posture()` reads from then on. Invariant: it never places,
 * cancels or replaces an order, and its timers change nothing of the market, so a run with a
 * posture model differs from one without only by what the posture tightens.
 */
export interface PostureModel {
  attach(market: PostureMarket): () => ExecutionPosture | null;
}

/**
 * How much participation the posture took away, in size units: Σ over market prints since
 * `startNs` of (base − cap) × size, where cap = min(base, posture's maxParticipation) at the print.
 * A participation limit p then allows floor(p × V − shortfall): volume that printed while the
 * posture was tight counts at the tight rate FOREVER, so relaxing it does not let an algorithm
 * "catch up" on the stressed interval with a burst. Invariants: never decreases; exactly 0 while
 * no posture has cut below `base` (so a run without a posture is bit for bit what it was).
 */
export class PostureShortfall {
  private total = 0;

  constructor(feed: TradeFeed, startNs: number, private readonly base: number, private readonly posture: () => ExecutionPosture | null | undefined) {
    feed.onTrade((tsNs, _price, size) => {
      if (tsNs < startNs) return;
      const p = this.posture();
      if (p && p.maxParticipation < this.base) this.total += (this.base - p.maxParticipation) * size;
    });
  }

  get value(): number {
    return this.total;
  }
}
