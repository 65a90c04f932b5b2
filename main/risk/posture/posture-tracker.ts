import { computePosture, DEFAULT_POSTURE_POLICY, type PostureBounds, type PostureInputs, type PostureLimits, type PosturePolicy, type PostureReason } from './posture.js';

/**
 * One audited change of an agent's posture. Invariants: `seq` counts from 1 per tracker without
 * gaps; `to` ≠ `from`; `to` is within the trader's bounds; `reasons` are every verdict that asked
 * for a cut when it was made (empty when the posture went back to the trader's limits).
 */
export interface PostureChange {
  readonly seq: number;
  readonly agent: string;
  /** Model time of the inputs (seconds since the day's midnight, or the caller's clock). */
  readonly at: number;
  readonly from: PostureLimits;
  readonly to: PostureLimits;
  readonly factor: number;
  readonly bounds: PostureBounds;
  readonly reasons: readonly PostureReason[];
}

/**
 * Keeps an agent's posture and records every change as an audited event (the caller forwards it:
 * the engine as `risk.posture`). Starts at the trader's limits. Tightens at once; relaxes only
 * after the models have called for a looser posture `relaxAfter` updates in a row (default 3), so a
 * verdict that flickers between reviews does not flip the agent's limits back and forth. Changing
 * the bounds (the trader edits them) applies at once; an unchanged posture records nothing.
 */
export class PostureTracker {
  private limits: PostureLimits;
  private seq = 0;
  private inputs: PostureInputs = { regime: null, volRatio: null, alerts: [] };
  private looser = 0;
  readonly log: PostureChange[] = [];

  constructor(
    readonly agent: string,
    private bounds: PostureBounds,
    private readonly policy: PosturePolicy = DEFAULT_POSTURE_POLICY,
    private readonly onChange: (c: PostureChange) => void = () => undefined,
    private readonly relaxAfter = 3,
  ) {
    if (!(Number.isInteger(relaxAfter) && relaxAfter >= 1)) throw new RangeError(`relaxAfter must be an integer ≥ 1, got ${relaxAfter}`);
    this.limits = computePosture(bounds, this.inputs, policy).limits;
  }

  get current(): PostureLimits {
    return this.limits;
  }

  /** New model outputs at time `at`; returns the change, or null when the posture stays. */
  update(at: number, inputs: PostureInputs): PostureChange | null {
    this.inputs = inputs;
    return this.apply(at, false);
  }

  /** The trader changed the bounds: the posture is recomputed against the new ones. */
  setBounds(at: number, bounds: PostureBounds): PostureChange | null {
    this.bounds = bounds;
    return this.apply(at, true);
  }

  private apply(at: number, now: boolean): PostureChange | null {
    const next = computePosture(this.bounds, this.inputs, this.policy);
    const cur = this.limits;
    if (next.limits.maxParticipation === cur.maxParticipation && next.limits.aggressiveness === cur.aggressiveness) {
      this.looser = 0;
      return null;
    }
    const loosens = next.limits.maxParticipation >= cur.maxParticipation && next.limits.aggressiveness >= cur.aggressiveness;
    if (loosens && !now && ++this.looser < this.relaxAfter) return null;
    this.looser = 0;
    const change: PostureChange = { seq: ++this.seq, agent: this.agent, at, from: this.limits, to: next.limits, factor: next.factor, bounds: this.bounds, reasons: next.reasons };
    this.limits = next.limits;
    this.log.push(change);
    this.onChange(change);
    return change;
  }
}
