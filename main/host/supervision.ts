import type { z } from 'zod';
import type { ORDER_ALGORITHMS } from '../contract/orders.js';
import type { SupervisedParentSchema } from '../contract/supervision.js';
import type { InstrumentSpec } from '../domain/instrument.js';
import type { AgentExplanations } from '../execution/agent/agent-explanation.js';
import { agentPolicyFor } from '../execution/agent/agent-policies.js';
import { defaultAgentModelDir } from '../execution/agent/default-agent.js';
import type { ParentOrderRun, ParentProgress } from '../execution/parent-order-run.js';
import { EngineError } from './engine-error.js';

/** A supervised parent as `supervision.state` returns it (main/contract/supervision.ts). */
export type SupervisedParent = z.infer<typeof SupervisedParentSchema>;
type Alert = SupervisedParent['alerts'][number];

/** What supervision reads of a parent being worked, simulated (`ParentOrderRun`) or live (`LiveParentRun`). */
export interface SupervisableRun {
  /** `agentModel`: the agent's model folder of a simulated parent (absent: the shipped agent). */
  readonly ticket: { readonly algorithm: (typeof ORDER_ALGORITHMS)[number]; readonly side: 'buy' | 'sell'; readonly quantity: number; readonly horizonSec: number; readonly agentModel?: string | undefined };
  readonly nowNs: number;
  readonly orderStartNs: number;
  readonly midNow: number | null;
  readonly paused: boolean;
  readonly working: boolean;
  readonly explanations: AgentExplanations | null;
  readonly label: string;
  readonly instrument: Pick<InstrumentSpec, 'priceDecimals' | 'sizeDecimals'>;
  snapshot(): ParentProgress;
}

/** A parent worked through a FIX session, with the controls the screen has. Invariant: `run.ended` once drained (then it is reported `ended`). */
export interface LiveSupervised {
  readonly sessionId: string;
  /** The agent's model folder when it was started with one (absent or null: the shipped agent). */
  readonly agentDir?: string | null;
  readonly run: SupervisableRun & { readonly ended: boolean; pause(): boolean; resume(): boolean; fallback(): boolean; kill(): boolean };
  /** Drift alerts (simulation against the venue) to show with the schedule alerts. */
  alerts(): Alert[];
}

/** Off schedule by more than this share of the parent (and not paused): an alert. */
export const SCHEDULE_ALERT_FRACTION = 0.1;
/** The agent's decisions kept per parent (newest last). */
export const DECISIONS_KEPT = 8;

/**
 * Supervision of the parents the engine is working (`supervision.*`): their live state against a
 * linear schedule, pause, resume, hand-over to TWAP and kill. Reads the OMS's runs through `runs`
 * (the Order ticket's `OrdersService.runs()`), so orders from any screen are supervised alike,
 * and the FIX parents through `fix` (`FixSessions.supervised()`), shown and steered the same way
 * (venue = the session, `sessionId` set, drift alerts with the schedule's).
 * Invariants: a parent's last state is kept after its run drained (state `ended`), so the screen
 * still shows how it finished; `startedWith` is the algorithm seen first, before any fallback;
 * the agent's decisions survive a fallback (the last ones it made).
 */
export class SupervisionService {
  private readonly seen = new Map<string, SupervisedParent>();

  constructor(
    private readonly runs: () => ReadonlyMap<string, ParentOrderRun>,
    private readonly fix: () => ReadonlyMap<string, LiveSupervised> = () => new Map(),
  ) {}

  state(): SupervisedParent[] {
    const live = this.runs();
    for (const [id, run] of live) this.seen.set(id, stateOf(id, run, this.seen.get(id)));
    for (const [id, s] of this.seen) if (!live.has(id) && s.sessionId === null && s.state !== 'ended') this.seen.set(id, { ...s, state: 'ended', alerts: [] });
    for (const [id, f] of this.fix()) {
      const prev = this.seen.get(id);
      if (prev?.state === 'ended') continue;
      const s = stateOf(id, f.run, prev, f.sessionId, f.agentDir ?? undefined);
      this.seen.set(id, f.run.ended ? { ...s, state: 'ended', alerts: [] } : { ...s, alerts: [...s.alerts, ...f.alerts()] });
    }
    return [...this.seen.values()];
  }

  pause(parentId: string): { changed: boolean } {
    const f = this.fix().get(parentId);
    return { changed: f ? f.run.pause() : this.run(parentId).pause() };
  }

  resume(parentId: string): { changed: boolean } {
    const f = this.fix().get(parentId);
    return { changed: f ? f.run.resume() : this.run(parentId).resume() };
  }

  /** Kills a parent: no new children, the working ones cancelled (a simulated one as `orders.cancel`). */
  kill(parentId: string): { changed: boolean } {
    const f = this.fix().get(parentId);
    return { changed: f ? f.run.kill() : this.run(parentId).cancel() };
  }

  /** Hands the rest to TWAP over the rest of the horizon (the children are cancelled first, as for an amendment); a FIX parent's TWAP works on the same session. */
  fallback(parentId: string): { changed: boolean } {
    const f = this.fix().get(parentId);
    if (f) {
      this.seen.set(parentId, stateOf(parentId, f.run, this.seen.get(parentId), f.sessionId, f.agentDir ?? undefined));
      return { changed: f.run.fallback() };
    }
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

/**
 * The model of a parent started with the agent: its folder (`dir`, else the shipped agent's), name
 * and weights hash as the loaded policy reports them (the same cache the executor used, so no
 * second read); null when it cannot be read (the run itself then failed to start).
 */
export function agentModelOf(dir: string | undefined): NonNullable<SupervisedParent['model']> | null {
  try {
    const folder = dir ?? defaultAgentModelDir();
    const m = agentPolicyFor(folder).model;
    const path = m.path ?? folder;
    return { path, name: path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || path, version: m.version ?? 'unversioned', weightsSha256: m.weightsSha256 ?? 'none' };
  } catch {
    return null;
  }
}

/**
 * One run's state now; `prev` carries what must outlive the current executor; `sessionId` the FIX
 * session it trades through; `agentDir` a FIX agent parent's model folder (a simulated parent's is
 * its ticket's `agentModel`).
 */
export function stateOf(parentId: string, run: SupervisableRun, prev?: SupervisedParent, sessionId: string | null = null, agentDir?: string): SupervisedParent {
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
  const startedWith = prev?.startedWith ?? t.algorithm;
  // Read once, when first seen: a fallback to TWAP keeps saying which model the agent was.
  const model = prev !== undefined && prev.model !== undefined ? prev.model : startedWith === 'agent' ? agentModelOf(agentDir ?? t.agentModel) : null;
  return {
    parentId, state, algorithm: t.algorithm, startedWith, side: t.side, quantity: t.quantity, filled: snap.filled,
    elapsedFraction, scheduleFilled, deviation, arrivalPriceUnits: arr, avgPriceUnits: snap.avgPriceUnits, midUnits: mid, isBps: snap.isBps, estIsBps,
    nowNs: run.nowNs, venue: run.label, sessionId, priceDecimals: run.instrument.priceDecimals, sizeDecimals: run.instrument.sizeDecimals,
    children: snap.children, fills: snap.fills,
    featureNames: ex ? [...ex.featureNames] : (prev?.featureNames ?? []),
    actionLabels: ex ? [...ex.actionLabels] : (prev?.actionLabels ?? []),
    decisions: ex ? ex.decisions.slice(-DECISIONS_KEPT).map((d) => ({ ...d, obs: [...d.obs] })) : (prev?.decisions ?? []),
    alerts,
    model,
  };
}
