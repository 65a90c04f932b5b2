import type { ExecutionContext } from '../execution-context.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { cappedParticipation, PostureShortfall } from '../posture.js';
import type { TradeFeed } from './market-volume.js';
import { ParentExecutor, type ExecutorOptions } from './parent-executor.js';

/** Options of `PovExecutor`. Invariant: 0 < rate ≤ the parent's maxParticipation. */
export interface PovOptions extends ExecutorOptions {
  /** Market trades: POV needs them. */
  readonly tape: TradeFeed;
  /** Target participation: our filled quantity ≈ rate × market volume since startNs (our prints included). */
  readonly rate: number;
}

/**
 * POV (percentage of volume): keeps filled ≈ rate × V, V = market volume printed since startNs
 * (the tape, OUR OWN PRINTS INCLUDED, so rate is our share of all volume). Placement, exactly,
 * at startNs and every heartbeat (default 1 s) until endNs:
 * 1. cancel every working child and wait for the confirmations;
 * 2. CROSS the deficit floor(rate × V) − filled, if ≥ 1, with an IOC at the opposite best;
 * 3. POST passively round(rate × v) — a day limit at our touch (never through the limit price),
 *    not pegged: it is re-posted at the next heartbeat — v = the volume printed during the
 *    previous interval (the forecast of the next one), so passive fills keep pace with it.
 * Every size is capped by `capacity()` (unfilled quantity and the parent's max participation).
 * At endNs: cancel everything; NO clean-up crossing (the parent completes only if rate × V
 * reached its quantity; the rest stays in `parent.leaves`). Once filled = quantity it stops.
 * Tracking error: filled lags the target by at most one interval's rate × v plus what the touch
 * could not fill, and leads it by at most one interval's passive post.
 */
export class PovExecutor extends ParentExecutor {
  readonly rate: number;
  /** The volume the risk posture took from the rate (targets are floor(rate × V − this)). */
  private readonly rateShortfall: PostureShortfall;

  constructor(ctx: ExecutionContext, spec: ParentOrderSpec, opts: PovOptions) {
    super(ctx, spec, opts);
    if (!(opts.rate > 0) || !Number.isFinite(opts.rate)) throw new RangeError(`rate ${opts.rate} must be a number in (0, 1]`);
    if (opts.rate > spec.maxParticipation) throw new RangeError(`rate ${opts.rate} exceeds maxParticipation ${spec.maxParticipation}`);
    this.rate = opts.rate;
    this.rateShortfall = new PostureShortfall(opts.tape, spec.startNs, opts.rate, () => ctx.posture?.());
  }

  /** Market volume since start (size units). */
  get marketVolume(): number {
    return this.volume!.volume;
  }

  /** The rate in force: `rate`, tightened by the risk posture's max participation (never raised). */
  get effectiveRate(): number {
    return cappedParticipation(this.rate, this.ctx.posture?.());
  }

  /**
   * The target now: floor(rate × V − shortfall), the shortfall being what the risk posture took
   * from the rate print by print (0 without one: floor(rate × V)), so volume printed while the
   * posture was tight counts at the tight rate and relaxing it brings no catch-up burst.
   */
  get targetQuantity(): number {
    return Math.min(this.spec.quantity, Math.floor(this.rate * this.volume!.volume - this.rateShortfall.value + 1e-9));
  }

  protected onStart(): void {
    this.rebalance();
  }

  protected override onHeartbeat(): void {
    this.rebalance();
  }

  private rebalance(): void {
    if (this.parent.complete) return;
    this.settle(() => {
      if (this.state !== 'working') return;
      this.crossAtTouch(this.targetQuantity - this.parent.filled);
      const forecast = Math.round(this.effectiveRate * this.volume!.intervalVolume());
      const price = this.passivePrice();
      if (forecast >= 1 && Number.isFinite(price)) this.postAt(price, forecast);
    });
  }
}
