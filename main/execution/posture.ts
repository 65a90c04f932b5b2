import type { PostureChange } from '../risk/posture/posture-tracker.js';

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
 * Below this aggressiveness an algorithm does not cross the spread (no IOC at the opposite best,
 * no sweep): it works passively only. 0.5 is the middle of the scale "0 passive only … 1 crosses
 * freely": with the trader's 0.8, a volatile regime (× 0.7 → 0.56) still crosses, an illiquid
 * (× 0.6 → 0.48) or stressed one (× 0.4 → 0.32), or an open stress alert (× 0.5 → 0.4), does not.
 */
export const CROSS_MIN_AGGRESSIVENESS = 0.5;

/** The participation cap in force: the parent's own, tightened by the posture (never loosened). */
export function cappedParticipation(parentMax: number, posture: ExecutionPosture | null | undefined): number {
  return posture ? Math.min(parentMax, posture.maxParticipation) : parentMax;
}

/** Whether the posture lets an algorithm cross the spread now (true without a posture). */
export function mayCross(posture: ExecutionPosture | null | undefined): boolean {
  return !posture || posture.aggressiveness >= CROSS_MIN_AGGRESSIVENESS;
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
