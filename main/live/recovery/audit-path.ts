import { RISK_REASONS } from '../../contract/risk.js';
import type { ChildOrder, OrderManager } from '../../execution/order-manager.js';
import type { OrderPath } from '../../execution/order-path.js';
import type { AuditEntry } from '../../store/audit-log.js';
import type { AuditSink, EventRecord, RequestRecord, RiskRecord } from './audit-records.js';

/**
 * Audits the risk gate's decisions on an order path: a denied order (`OrderDenied`) and a refused
 * replace (an `OrderCancelRejected` the path raised itself, its reason starting with the limit's
 * field) are written as `risk-decision` records. Register it FIRST on the path, so the record is
 * durable before any later listener (strategy, UI) sees the decision. (Allowed orders are audited
 * by the gateway as `request` records before they are sent.)
 */
export function auditRiskDecisions(path: OrderPath, audit: AuditSink): void {
  path.onEvent((ev, order: ChildOrder | undefined) => {
    if (ev.type === 'OrderDenied') {
      const r: RiskRecord = { clientOrderId: ev.clientOrderId, decision: 'denied', reason: ev.reason, ...(ev.field !== undefined ? { field: ev.field } : {}), ...strategyOf(order) };
      audit.append('risk-decision', { ...r });
    } else if (ev.type === 'OrderCancelRejected') {
      // The path words a refused replace `<RiskReason>: <sentence>`; a venue's refusal never starts so.
      const field = ev.reason.slice(0, Math.max(0, ev.reason.indexOf(':')));
      if (REASONS.has(field)) audit.append('risk-decision', { clientOrderId: ev.clientOrderId, decision: 'replace-refused', reason: ev.reason, field, ...strategyOf(order) });
    }
  });
}

const REASONS = new Set<string>(RISK_REASONS);

function strategyOf(order: ChildOrder | undefined): { strategy?: string } {
  return order?.order.strategy !== undefined ? { strategy: order.order.strategy } : {};
}

/**
 * Replays audited requests and events into a fresh OMS (in log order), so the engine's order
 * state after a restart is what it was before the crash; resent reports then apply to known
 * orders. Returns the OMS's complaints (an impossible transition in the log), which the caller
 * reports.
 */
export function replayIntoOms(entries: readonly AuditEntry[], oms: OrderManager): string[] {
  const problems: string[] = [];
  for (const e of entries) {
    if (e.kind === 'request') {
      const r = e.data as unknown as RequestRecord;
      if (r.request.kind !== 'new') continue;
      const { kind: _k, ...order } = r.request;
      oms.register(order, 0);
    } else if (e.kind === 'order-event') {
      const r = e.data as unknown as EventRecord;
      const res = oms.apply(r.event);
      if (typeof res === 'string') problems.push(`audit record ${e.seq}: ${res}`);
    }
  }
  return problems;
}
