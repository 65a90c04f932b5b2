import { join } from 'node:path';
import type { InstrumentSpec } from '../../domain/instrument.js';
import type { OrderEvent } from '../../domain/order-events.js';
import type { OrderType } from '../../domain/orders.js';
import { OrderPath } from '../../execution/order-path.js';
import { Scheduler } from '../../kernel/scheduler.js';
import type { BookView } from '../../market/book/book-types.js';
import { DEFAULT_RISK_LIMITS } from '../../risk/risk-limits.js';
import { AuditLog, type AuditEntry, type TailRepair } from '../../store/audit-log.js';
import { FileSessionStore } from '../fix/session-store-file.js';
import { FixGateway } from '../fix-gateway.js';
import { WallDriver, systemClock } from '../wall-driver.js';
import type { AuditSink, EventRecord, ReconcileResult, RequestRecord } from './audit-records.js';
import { auditRiskDecisions, replayIntoOms } from './audit-path.js';
import { rebuildFromAudit } from './order-state.js';

/** One child of a parent plan. Invariant: size > 0; priceUnits set for a limit. */
export interface ChildPlan {
  readonly type: OrderType;
  readonly size: number;
  readonly priceUnits?: number;
}

/** A parent order worked as a fixed list of children, one every `intervalMs`. Invariant: parentId non-empty. */
export interface ParentPlan {
  readonly parentId: string;
  readonly side: 1 | -1;
  readonly children: readonly ChildPlan[];
  readonly intervalMs: number;
  /** After the last child, how long resting children may work before the rest is cancelled. */
  readonly settleMs: number;
}

/** Where and how a recoverable run trades. */
export interface RecoverableRunOptions {
  /** Folder of `audit.log` and `session.log` (one engine per folder). */
  readonly dir: string;
  readonly host: string;
  readonly port: number;
  readonly senderCompId: string;
  readonly targetCompId: string;
  readonly instrument: InstrumentSpec;
  /** Reference prices for the risk gate (a market-data feed). */
  readonly book: BookView;
  readonly plan: ParentPlan;
  /** fdatasync every audit and session record (default true). */
  readonly fsync?: boolean;
  readonly log?: (line: Record<string, unknown>) => void;
}

/** What a run did, from the audit log (this run's records and every earlier one's). */
export interface RecoverableRunResult {
  readonly incarnation: number;
  readonly repair: TailRepair | null;
  readonly childrenPlaced: number;
  readonly fills: Array<{ execId: string; clientOrderId: string; size: number }>;
  readonly filledQty: number;
  readonly reconciles: ReconcileResult[];
  readonly duplicateFills: number;
  readonly omsProblems: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Works a parent order over FIX so that a crash at any point loses nothing and books nothing
 * twice: every request, event and risk decision is audited write-ahead; on start the audit log
 * is read back (a torn tail cut off and reported), the OMS and the gateway's orders and ExecIDs
 * are rebuilt from it, the session resumes its sequence numbers (no reset) so the venue's
 * missed reports are resent, every open order is reconciled with an OrderStatusRequest, and only
 * the children not yet placed are placed. Child ids carry the run's incarnation
 * (`<parent>.<n>-<k>`), so ids never repeat across restarts.
 */
export async function runRecoverableParent(opts: RecoverableRunOptions): Promise<RecoverableRunResult> {
  const log = opts.log ?? (() => {});
  const audit = AuditLog.open(join(opts.dir, 'audit.log'), { fsync: opts.fsync ?? true });
  if (audit.repair !== null) log({ type: 'audit-repair', ...audit.repair });
  const entries: AuditEntry[] = [...audit.recovered];
  const sink: AuditSink = {
    append: (kind, data) => {
      const e = audit.append(kind, data);
      entries.push(e);
      return e;
    },
  };
  const state = rebuildFromAudit(entries);
  const incarnation = 1 + entries.filter((e) => e.kind === 'session' && e.data.type === 'start').length;
  sink.append('session', { type: 'start', incarnation });
  const store = new FileSessionStore(join(opts.dir, 'session.log'), { fsync: opts.fsync ?? true });
  if (store.repair !== null) log({ type: 'session-store-repair', ...store.repair });

  const scheduler = new Scheduler();
  const driver = new WallDriver(scheduler);
  const reconciles: ReconcileResult[] = [];
  const gw = new FixGateway({
    host: opts.host, port: opts.port, senderCompId: opts.senderCompId, targetCompId: opts.targetCompId, heartBtIntSec: 30,
    resetOnLogon: false, store, audit: sink, reconnectDelayMs: 200, instrument: opts.instrument, book: opts.book, scheduler,
    onReconcile: (r) => {
      reconciles.push(r);
      log({ type: 'reconcile', ...r });
    },
    onSessionEvent: (e) => log({ ...e, type: 'session', event: e.type }),
  });
  gw.restore(state);
  const path = new OrderPath(gw, scheduler, opts.instrument, DEFAULT_RISK_LIMITS, `${opts.plan.parentId}.${incarnation}`);
  auditRiskDecisions(path, sink);
  const omsProblems = replayIntoOms(entries, path.oms);
  path.onEvent((ev: OrderEvent) => log({ type: 'event', ev }));

  const mine = (id: string) => id.startsWith(`${opts.plan.parentId}.`);
  let placed = state.requests.filter((r) => r.request.kind === 'new' && mine(r.request.clientOrderId)).length + state.risk.filter((r) => r.decision === 'denied' && mine(r.clientOrderId)).length;
  driver.start();
  try {
    await gw.connect().catch(() => {}); // refused or dropped: the gateway keeps reconnecting
    while (placed < opts.plan.children.length) {
      if (!gw.isLoggedOn) {
        await sleep(50);
        continue;
      }
      const c = opts.plan.children[placed]!;
      const id = path.place({ side: opts.plan.side, type: c.type, tif: 'day', size: c.size, ...(c.priceUnits !== undefined ? { priceUnits: c.priceUnits } : {}), strategy: opts.plan.parentId });
      placed++;
      log({ type: 'placed', clientOrderId: id, n: placed });
      await sleep(opts.plan.intervalMs);
    }
    const settleEnd = systemClock.nowMs() + opts.plan.settleMs;
    while (systemClock.nowMs() < settleEnd && gw.openOrders().length > 0) await sleep(50);
    for (let tries = 0; gw.openOrders().length > 0 && tries < 200; tries++) {
      if (gw.isLoggedOn && tries % 20 === 0) for (const o of gw.openOrders()) gw.submit({ kind: 'cancel', clientOrderId: o.order.clientOrderId });
      await sleep(50);
    }
  } finally {
    await gw.disconnect();
    driver.stop();
  }
  audit.close();
  store.close();
  const fills: RecoverableRunResult['fills'] = [];
  for (const e of entries) {
    if (e.kind !== 'order-event') continue;
    const r = e.data as unknown as EventRecord;
    if (r.event.type === 'OrderFilled') fills.push({ execId: r.execId ?? '', clientOrderId: r.event.clientOrderId, size: r.event.size });
  }
  return {
    incarnation, repair: audit.repair, childrenPlaced: entries.filter((e) => e.kind === 'request' && (e.data as unknown as RequestRecord).request.kind === 'new').length,
    fills, filledQty: fills.reduce((s, f) => s + f.size, 0), reconciles, duplicateFills: gw.duplicateFills, omsProblems,
  };
}
