import { Scheduler } from '../../kernel/scheduler.js';
import { QrMarket, type QrSnapshot } from './qr-market.js';
import type { QrParams } from './qr-params.js';
import { QrVenue } from './qr-venue.js';

/** Entry and acknowledgement latency of our orders at the training market: 200 µs each way (as the other venues). */
export const QR_LATENCY_NS = 200_000;

/**
 * A queue-reactive market with our venue on one scheduler. `advanceTo(t)` interleaves the
 * market's own events (exact times from `QrMarket`) with the scheduler's tasks (our messages):
 * at equal times the scheduler's tasks go first; a task that changes the market (our order
 * arriving) redraws its next event, which is then re-read. Invariant: after `advanceTo(t)`,
 * `scheduler.now === t` and every event due by t has been applied.
 */
export class QrSession {
  readonly market: QrMarket;
  readonly scheduler: Scheduler;
  readonly venue: QrVenue;

  /** A new market from `seed`; or, with `reuse`, the market and scheduler of a finished session (see `recycle`). */
  constructor(params: QrParams, seed: number, latencyNs = QR_LATENCY_NS, reuse?: { market: QrMarket; scheduler: Scheduler }) {
    this.market = reuse?.market ?? new QrMarket(params, seed);
    this.scheduler = reuse?.scheduler ?? new Scheduler();
    this.venue = new QrVenue(this.market, this.scheduler, latencyNs);
  }

  /**
   * The market and scheduler of this session for a new one (allocation-free resets), or null
   * while messages are still in flight (then they cannot be reused). The market's listeners are
   * dropped; this session must not be used afterwards.
   */
  recycle(): { market: QrMarket; scheduler: Scheduler } | null {
    if (this.scheduler.pending > 0) return null;
    this.market.clearListeners();
    return { market: this.market, scheduler: this.scheduler };
  }

  /** Restores the market to `snap` (with a new random stream from `seed`) and puts the clock at its time. Only with no message in flight. */
  startFrom(snap: QrSnapshot, seed: number): void {
    if (this.scheduler.pending > 0) throw new Error('QrSession.startFrom: messages are in flight; restore a fresh session');
    this.market.restore(snap, seed);
    // The scheduler is empty, so moving its clock (even back) cannot reorder anything.
    this.scheduler.now = this.market.nowNs;
  }

  advanceTo(tNs: number): void {
    const m = this.market;
    const sch = this.scheduler;
    for (;;) {
      const te = m.nextNs;
      if (te > tNs) {
        sch.run(tNs);
        m.nowNs = tNs; // the market's clock is the session's (its next event stays drawn: memoryless)
        return;
      }
      const g = m.gen;
      sch.run(te);
      if (m.gen !== g) continue;
      m.fire();
    }
  }
}

/**
 * Warmed-up market states, captured once and copied at each reset: one market runs `warmUpSec`
 * from its initial state, then a snapshot is taken every `everySec` until `count` are held.
 * Episode seed s starts from snapshot s mod count with its own random stream (seed s), so no
 * reset re-simulates a warm-up and different seeds on one snapshot diverge from the first event.
 * Invariant: the bank is a pure function of (params, seed, warmUpSec, everySec, count).
 */
export class QrSnapshotBank {
  readonly snapshots: QrSnapshot[] = [];

  constructor(readonly params: QrParams, readonly seed = 1, readonly warmUpSec = 300, readonly everySec = 60, readonly count = 64) {
    if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`QrSnapshotBank: count ${count} must be an integer ≥ 1`);
    if (!(warmUpSec >= 0 && everySec > 0)) throw new RangeError(`QrSnapshotBank: warmUpSec ${warmUpSec} must be ≥ 0 and everySec ${everySec} > 0`);
    const s = new QrSession(params, seed);
    let t = warmUpSec * 1e9;
    for (let i = 0; i < count; i++, t += everySec * 1e9) {
      s.advanceTo(t);
      this.snapshots.push(s.market.snapshot());
    }
  }

  /** The snapshot episode `seed` starts from. */
  pick(seed: number): QrSnapshot {
    const n = this.snapshots.length;
    return this.snapshots[((Math.floor(seed) % n) + n) % n]!;
  }
}
