import type { z } from 'zod';
import type { SupervisedParentSchema } from '../contract/supervision.js';
import type { ParentOrderRun } from '../execution/parent-order-run.js';
import { EngineError } from './engine-error.js';

/** A supervised parent as `supervision.state` returns it (main/contract/supervision.ts). */
export type SupervisedParent = z.infer<typeof SupervisedParentSchema>;

/** Off schedule by more than this share of the parent (and not paused): an alert. */
export const SCHEDULE_ALERT_FRACTION = 0.1;
/** The agent's decisions kept per parent (newest last). */
export const DECISIONS_KEPT = 8;

/**
 * Supervision of the parents the engine is working (`supervision.*`): their live state against a
 * linear schedule, pause, resume and hand-over to TWAP. Reads the OMS's runs through `runs` (the
 * Order ticket's `OrdersService.runs()`), so orders from any screen are supervised alike.
 * Invariants: a parent's last state is kept after its run drained (state `ended`), so the screen
 * still shows how it finished; `startedWith` is the algorithm seen first, before any fallback;
 * the agent's decisions survive a fallback (the last ones it made).
 */
export class SupervisionService {
  private readonly seen = new Map<string, SupervisedParent>();

  constructor(private readonly runs: () => ReadonlyMap<string, ParentOrderRun>) {}

  state(): SupervisedParent[] {
    const live = this.runs();
    for (const [id, run] of live) this.seen.set(id, stateOf(id, run, this.seen.get(id)));
    for (const [id, s] of this.seen) if (!live.has(id) && s.state !== 'ended') this.seen.set(id, { ...s, state: 'ended', alerts: [] });
    return [...this.seen.values()];
  }

  pause(parentId: string): { changed: boolean } {
    return { changed: this.run(parentId).pause() };
  }

  resume(parentId: string): { changed: boolean } {
    return { changed: this.run(parentId).resume() };
  }

  /** Hands the rest to TWAP over the rest of the horizon (the children are cancelled first, as for an amendment). */
  fallback(parentId: string): { changed: boolean } {
    const run = this.run(parentId);
    if (!run.working || run.ticket.algorithm === 'twap') return { changed: false };
    // Remember what it started with and the agent's last decisions before the executor is replaced.
    this.seen.set(parentId, stateOf(parentId, run, this.seen.get(parentId)));
    run.resume();
    run.amend({ ...run.ticket, algorithm: 'twap' });
    return { changed: true };
  }

  private run(parentId: string): ParentOrderRun {
    const run = this.runs().get(parentId);
    if (!run) throw new EngineError('state', `Parent ${parentId} is not being worked any more (it ended or was never started in this engine session)`, 'parentId');
    return run;
  }
}

/** One run's state now; `prev` carries what must outlive the current executor. */
export function stateOf(parentId: string, run: ParentOrderRun, prev?: SupervisedParent): SupervisedParent {
  const t = run.ticket;
  const snap = run.snapshot();
  const horizonNs = Math.max(1, t.horizonSec * 1e9);
  const elapsedFraction = Math.min(1, Math.max(0, (run.nowNs - run.orderStartNs) / horizonNs));
  const scheduleFilled = t.quantity * elapsedFraction;
  const deviation = t.quantity > 0 ? (snap.filled - scheduleFilled) / t.quantity : 0;
  const side = t.side === 'buy' ? 1 : -1;
  const mid = run.midNow;
  const arr = snap.arrivalPriceUnits;
  const left = Math.max(0, t.quantity - snap.filled);
  // The filled part at its average, the rest marked at the mid now: what the order would cost if the rest traded at mid.
  const estIsBps = arr !== null && mid !== null && t.quantity > 0
    ? ((side * (((snap.avgPriceUnits ?? 0) * snap.filled + mid * left) / t.quantity - arr)) / arr) * 10_000
    : null;
  // 'ended' only once the OMS let go of the run (drained and stored): SupervisionService.state().
  const state = run.paused ? 'paused' : run.working ? 'working' : 'draining';
  const alerts: SupervisedParent['alerts'] = [];
  if (state === 'working' && Math.abs(deviation) > SCHEDULE_ALERT_FRACTION) {
    const pct = Math.round(Math.abs(deviation) * 100);
    alerts.push(deviation < 0
      ? { kind: 'behind-schedule', message: `${pct}% of the order behind the linear schedule (${Math.round(snap.filled)} filled of ${Math.round(scheduleFilled)} due)` }
      : { kind: 'ahead-of-schedule', message: `${pct}% of the order ahead of the linear schedule (${Math.round(snap.filled)} filled of ${Math.round(scheduleFilled)} due)` });
  }
  const ex = run.explanations;
  return {
    parentId, state, algorithm: t.algorithm, startedWith: prev?.startedWith ?? t.algorithm, side: t.side, quantity: t.quantity, filled: snap.filled,
    elapsedFraction, scheduleFilled, deviation, arrivalPriceUnits: arr, avgPriceUnits: snap.avgPriceUnits, midUnits: mid, isBps: snap.isBps, estIsBps,
    nowNs: run.nowNs, venue: run.label, priceDecimals: run.instrument.priceDecimals, sizeDecimals: run.instrument.sizeDecimals,
    children: snap.children, fills: snap.fills,
    featureNames: ex ? [...ex.featureNames] : (prev?.featureNames ?? []),
    actionLabels: ex ? [...ex.actionLabels] : (prev?.actionLabels ?? []),
    decisions: ex ? ex.decisions.slice(-DECISIONS_KEPT).map((d) => ({ ...d, obs: [...d.obs] })) : (prev?.decisions ?? []),
    alerts,
  };
}
