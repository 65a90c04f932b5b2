import { IMMUTABLE_STATE } from '../../kernel/object-snapshot.js';
import type { Rng } from '../../kernel/rng.js';
import type { Scheduler, Task } from '../../kernel/scheduler.js';
import type { SizeDist } from './market-config.js';
import { sizeTable, type SizeTable } from './size-table.js';

export { AliasTable } from './alias-table.js';

const byDist = new WeakMap<SizeDist, SizeTable>();

/**
 * A size from `d`: round(exp(logMean + logSigma·Z)) clamped to [1, max] (integer size units),
 * drawn from the distribution's `SizeTable` with one uniform (the same law; see size-table.ts),
 * or the direct way when the distribution is too wide for a table.
 */
export function drawSize(rng: Rng, d: SizeDist): number {
  let t = byDist.get(d);
  if (t === undefined) {
    t = sizeTable(d);
    byDist.set(d, t);
  }
  return t.exact ? t.draw(rng) : drawSizeDirect(rng, d);
}

/** The size rule drawn the direct way: a normal, an exponential, a rounding. */
export function drawSizeDirect(rng: Rng, d: SizeDist): number {
  const s = Math.round(Math.exp(d.logMean + d.logSigma * rng.normal()));
  return s < 1 ? 1 : s > d.max ? d.max : s;
}

/** Delay in integer ns of an exponential wait with rate `ratePerSec` (Infinity when rate ≤ 0). */
export function exponentialDelayNs(rng: Rng, ratePerSec: number): number {
  if (!(ratePerSec > 0)) return Infinity;
  return Math.ceil(rng.exponential(ratePerSec) * 1e9);
}

/** A population of agents that the scheduler wakes by index. */
export interface Wakeable {
  /** Agent `i` acts at `nowNs`; `timer` = its own clock fired (so it schedules its next wake-up). */
  wake(i: number, nowNs: number, timer: boolean): void;
}

/**
 * An agent's wake-up as a scheduler task, preallocated once per agent (no allocation per
 * event). `timer` tells the population whether this is the agent's own clock (which it re-arms)
 * or an extra wake-up (after a fill, a regime event), which must not start a second clock.
 */
export class AgentWake implements Task {
  /** Never changes after construction: a session snapshot need not copy it. */
  static readonly [IMMUTABLE_STATE] = true;
  constructor(
    private readonly pop: Wakeable,
    private readonly i: number,
    private readonly timer: boolean,
  ) {}
  fire(nowNs: number, _scheduler: Scheduler): void {
    this.pop.wake(this.i, nowNs, this.timer);
  }
}
