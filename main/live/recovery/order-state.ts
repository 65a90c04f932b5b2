import type { NewOrder } from '../../domain/orders.js';
import type { AuditEntry } from '../../store/audit-log.js';
import type { EventRecord, RequestRecord, RiskRecord } from './audit-records.js';

/**
 * One of our orders as rebuilt from the audit log. Invariants: `fixId` is the ClOrdID the venue
 * knows it by now; `chain` counts its cancel/replace requests (the next one is `<id>~<chain+1>`);
 * `filled` is the sum of its audited fills; `done` once a terminal event was audited.
 */
export interface RestoredOrder {
  readonly order: NewOrder;
  fixId: string;
  chain: number;
  readonly cancelIds: string[];
  filled: number;
  done: boolean;
}

/** Everything the audit log says about the order flow, in log order. */
export interface RecoveredState {
  readonly orders: RestoredOrder[];
  /** ExecIDs already booked (any ExecType). */
  readonly execIds: string[];
  readonly requests: RequestRecord[];
  readonly events: EventRecord[];
  readonly risk: RiskRecord[];
}

/**
 * Rebuilds order state from audit records (as written by `FixGateway` and `auditRiskDecisions`).
 * A record of a known kind without the fields it needs is an error naming its seq and the field:
 * recovery never guesses.
 */
export function rebuildFromAudit(entries: readonly AuditEntry[]): RecoveredState {
  const byId = new Map<string, RestoredOrder>();
  const st: RecoveredState = { orders: [], execIds: [], requests: [], events: [], risk: [] };
  const seen = new Set<string>();
  for (const e of entries) {
    const bad = (field: string): Error => new Error(`audit record ${e.seq} (${e.kind}): ${field} missing or malformed`);
    if (e.kind === 'request') {
      const r = e.data as unknown as RequestRecord;
      if (typeof r.fixClOrdId !== 'string') throw bad('fixClOrdId');
      if (typeof r.request !== 'object' || r.request === null || typeof r.request.clientOrderId !== 'string') throw bad('request.clientOrderId');
      st.requests.push(r);
      const q = r.request;
      if (q.kind === 'new') {
        if (typeof q.size !== 'number' || (q.side !== 1 && q.side !== -1)) throw bad('request.size/side');
        const { kind: _k, ...order } = q;
        const o: RestoredOrder = { order, fixId: r.fixClOrdId, chain: 0, cancelIds: [], filled: 0, done: false };
        byId.set(q.clientOrderId, o);
        st.orders.push(o);
      } else {
        const o = byId.get(q.clientOrderId);
        if (o === undefined) continue; // a cancel of an order we never had: the venue refused it; nothing to restore
        o.chain++;
        if (q.kind === 'cancel') o.cancelIds.push(r.fixClOrdId);
      }
    } else if (e.kind === 'order-event') {
      const r = e.data as unknown as EventRecord;
      if (typeof r.event !== 'object' || r.event === null || typeof r.event.type !== 'string') throw bad('event');
      st.events.push(r);
      if (r.execId !== undefined) {
        if (typeof r.execId !== 'string') throw bad('execId');
        if (!seen.has(r.execId)) {
          seen.add(r.execId);
          st.execIds.push(r.execId);
        }
      }
      const o = byId.get(r.event.clientOrderId);
      if (o === undefined) continue;
      const ev = r.event;
      if (ev.type === 'OrderFilled') {
        if (typeof ev.size !== 'number' || typeof ev.leaves !== 'number') throw bad('event.size/leaves');
        o.filled += ev.size;
        if (ev.leaves === 0) o.done = true;
      } else if (ev.type === 'OrderRejected' || ev.type === 'OrderCancelled' || ev.type === 'OrderDenied') o.done = true;
      else if (ev.type === 'OrderReplaced' && typeof r.fixClOrdId === 'string') o.fixId = r.fixClOrdId;
    } else if (e.kind === 'risk-decision') {
      const r = e.data as unknown as RiskRecord;
      if (typeof r.clientOrderId !== 'string' || typeof r.reason !== 'string') throw bad('clientOrderId/reason');
      st.risk.push(r);
    }
  }
  return st;
}
