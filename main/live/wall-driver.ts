import type { Scheduler } from '../kernel/scheduler.js';

/** The wall clock live code reads. Invariant: nowMs() never decreases by more than clock adjustments. */
export interface WallClock {
  nowMs(): number;
}

/** The host's wall clock: the one place in main/live that reads `Date.now()`. */
export const systemClock: WallClock = { nowMs: () => Date.now() };

/**
 * Advances a kernel `Scheduler` with the wall clock: scheduler time = wall ms since `start()`
 * × 1e6, so simulated markets, strategy timers and venue latencies run in real time on paper and
 * live. `advance` defaults to `scheduler.run(t)`; a path simulation passes its own `advanceTo`.
 * Invariant: the scheduler never runs ahead of the wall clock.
 */
export class WallDriver {
  private t0 = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly clock: WallClock = systemClock,
    private readonly advance: (tNs: number) => void = (t) => {
      scheduler.run(t);
    },
  ) {}

  /** Scheduler ns the wall clock is at now. */
  nowNs(): number {
    return Math.max(this.scheduler.now, (this.clock.nowMs() - this.t0) * 1e6);
  }

  start(periodMs = 1): void {
    this.t0 = this.clock.nowMs() - this.scheduler.now / 1e6;
    this.timer = setInterval(() => this.step(), periodMs);
  }

  /** Runs everything due now (also called after network input so replies are not held a tick). */
  step(): void {
    this.advance(this.nowNs());
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
