/*
 * Live use of the pre-trade gate's accumulating limits by the working parent orders — the
 * simulated ones (Order ticket, Agents screen) and those worked through a FIX session (`risk.usage`), and the log of recent gate denials the Risk screen lists. Computed from each
 * parent's snapshot (child orders, fills), in the same terms the gate checks: open orders, worst-case
 * position, orders accepted in the last second of the parent's own clock, and the loss marked at the mid.
 */
import type { ChildOrderRecord, FillRecord } from '../contract/orders.js';
import { RISK_USAGE_LIMITS, type RiskDenialRecord, type RiskLimits, type RiskUsage, type RiskUsageItem } from '../contract/risk.js';
import { TERMINAL_STATUSES } from '../domain/order-status.js';
import type { OrderStatus } from '../domain/order-status.js';

/** Most denials the log keeps (newest first). */
export const MAX_DENIALS = 100;

/**
 * What the usage needs to know of one working parent. `nowNs` is the parent's clock (the gate's
 * time); `midUnits` the mid now in price units (null without a two-sided market); quantities in
 * size units and prices in price units of the instrument (`sizeDecimals` / `priceDecimals`).
 */
export interface UsageSource {
  readonly parentId: string;
  readonly side: 1 | -1;
  readonly sizeDecimals: number;
  readonly priceDecimals: number;
  readonly nowNs: number;
  readonly midUnits: number | null;
  readonly children: readonly ChildOrderRecord[];
  readonly fills: readonly FillRecord[];
}

const isOpen = (c: ChildOrderRecord) => !TERMINAL_STATUSES.has(c.status as OrderStatus);

/** One parent's use of each limit, in display units. */
export function parentUse(s: UsageSource): Record<(typeof RISK_USAGE_LIMITS)[number], number> {
  const qs = 10 ** s.sizeDecimals;
  const ps = 10 ** s.priceDecimals;
  let open = 0;
  let openLeaves = 0;
  let recent = 0;
  for (const c of s.children) {
    if (isOpen(c)) {
      open++;
      openLeaves += Math.max(0, c.size - c.filled);
    }
    // The gate counts accepted orders in (t − 1 s, t]; a denied one never counted.
    if (c.status !== 'Denied' && c.createdNs > s.nowNs - 1e9 && c.createdNs <= s.nowNs) recent++;
  }
  let position = 0;
  let cash = 0;
  for (const f of s.fills) {
    position += f.side * f.size;
    cash -= f.side * f.size * f.priceUnits;
  }
  // Marked at the mid now, as the gate marks at its latest reference price (the last fill without one).
  const lastFill = s.fills.length > 0 ? s.fills[s.fills.length - 1]!.priceUnits : 0;
  const mark = s.midUnits ?? lastFill;
  const pnl = (cash + position * mark) / (qs * ps);
  return {
    maxOpenOrders: open,
    maxPosition: Math.abs(position + s.side * openLeaves) / qs,
    maxOrdersPerSec: recent,
    dailyLossLimit: Math.max(0, -pnl),
  };
}

/** The usage of every accumulating limit: the highest among the parents, against `limits`. */
export function measureUsage(sources: readonly UsageSource[], limits: RiskLimits, denials: readonly RiskDenialRecord[] = []): RiskUsage {
  const uses = sources.map((s) => ({ id: s.parentId, use: parentUse(s) }));
  const items: RiskUsageItem[] = RISK_USAGE_LIMITS.map((limit) => {
    let used = 0;
    let parentId: string | null = null;
    for (const u of uses) {
      if (parentId === null || u.use[limit] > used) {
        used = u.use[limit];
        parentId = u.id;
      }
    }
    const lv = limits[limit];
    const limitValue = lv === undefined ? null : lv;
    const fraction = limitValue === null ? null : limitValue === 0 ? 1 : used / limitValue;
    return { limit, used, limitValue, fraction, parentId };
  });
  let highest: number | null = null;
  for (const it of items) if (it.fraction !== null && (highest === null || it.fraction > highest)) highest = it.fraction;
  return { workingParents: sources.length, items, highest, denials: [...denials] };
}

/**
 * The gate denials seen in working parents' snapshots, newest first, each once, at most
 * MAX_DENIALS. Which children were seen is remembered per parent only while it works (`retain`),
 * so memory follows the working parents. Invariant: no two entries share a parent and child id.
 */
export class DenialLog {
  private readonly seen = new Map<string, Set<string>>();
  private entries: RiskDenialRecord[] = [];

  /** Adds every denied child of this parent not logged yet (in the parent's order, so the latest ends first). */
  record(parentId: string, children: readonly ChildOrderRecord[]): void {
    let seen = this.seen.get(parentId);
    if (!seen) this.seen.set(parentId, (seen = new Set()));
    const added: RiskDenialRecord[] = [];
    for (const c of children) {
      if (c.status !== 'Denied' || seen.has(c.clientOrderId)) continue;
      seen.add(c.clientOrderId);
      added.push({ parentId, clientOrderId: c.clientOrderId, message: c.reason ?? 'Denied by the pre-trade gate.' });
    }
    if (added.length === 0) return;
    this.entries = [...added.reverse(), ...this.entries].slice(0, MAX_DENIALS);
  }

  /** Forgets which children were seen of parents no longer working (their denials stay listed). */
  retain(working: ReadonlySet<string>): void {
    for (const id of this.seen.keys()) if (!working.has(id)) this.seen.delete(id);
  }

  list(): RiskDenialRecord[] {
    return [...this.entries];
  }
}

/** A parent order being worked, as the usage reads it (ParentOrderRun's public face). */
export interface WorkedParent {
  readonly ticket: { readonly side: 'buy' | 'sell' };
  readonly instrument: { readonly sizeDecimals: number; readonly priceDecimals: number };
  readonly nowNs: number;
  readonly midNow: number | null;
  snapshot(): { readonly children: readonly ChildOrderRecord[]; readonly fills: readonly FillRecord[] };
}

/** A parent worked through a FIX session (`FixSessions.supervised()`): it counts until its run has ended. */
export interface LiveWorkedParent {
  readonly run: WorkedParent & { readonly ended: boolean };
}

/** The simulated parents with the FIX parents still working (an ended FIX parent no longer uses any limit). */
export function workedParents(sim: ReadonlyMap<string, WorkedParent>, live: ReadonlyMap<string, LiveWorkedParent>): Map<string, WorkedParent> {
  const all = new Map<string, WorkedParent>(sim);
  for (const [id, p] of live) if (!p.run.ended) all.set(id, p.run);
  return all;
}

/** `risk.usage`: measures the parents being worked (simulated and FIX) and keeps the denial log across calls. */
export class RiskUsageMeter {
  private readonly log = new DenialLog();

  measure(sim: ReadonlyMap<string, WorkedParent>, limits: RiskLimits, live: ReadonlyMap<string, LiveWorkedParent> = new Map()): RiskUsage {
    const parents = workedParents(sim, live);
    const sources: UsageSource[] = [];
    for (const [parentId, run] of parents) {
      const snap = run.snapshot();
      this.log.record(parentId, snap.children);
      sources.push({
        parentId, side: run.ticket.side === 'buy' ? 1 : -1, sizeDecimals: run.instrument.sizeDecimals, priceDecimals: run.instrument.priceDecimals,
        nowNs: run.nowNs, midUnits: run.midNow, children: snap.children, fills: snap.fills,
      });
    }
    this.log.retain(new Set(parents.keys()));
    return measureUsage(sources, limits, this.log.list());
  }
}
