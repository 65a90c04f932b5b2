import type { OrderEvent } from '../../domain/order-events.js';
import type { OrderRequest } from '../../domain/orders.js';

/**
 * Where the order path writes its audit records. `append` must return only once the record is
 * durable (write-ahead) and throw when it could not write it: callers append BEFORE they send,
 * apply or show, so a throw stops the action (`AuditLog` from `main/store/audit-log.ts` is one).
 */
export interface AuditSink {
  append(kind: 'request' | 'order-event' | 'risk-decision' | 'session', data: Readonly<Record<string, unknown>>): unknown;
}

/** A request as audited, written before it goes on the wire. `fixClOrdId` is the ClOrdID sent (a cancel/replace gets a fresh one). */
export interface RequestRecord {
  readonly request: OrderRequest;
  readonly fixClOrdId: string;
}

/**
 * An order event as audited, written before the OMS or any listener sees it. `execId` is the
 * venue's ExecID for events from ExecutionReports (fills always have one); `fixClOrdId` the
 * ClOrdID the venue knows the order by after the event (changes on OrderReplaced).
 */
export interface EventRecord {
  readonly event: OrderEvent;
  readonly execId?: string;
  readonly fixClOrdId?: string;
}

/** A risk decision as audited (a denial from the pre-trade gate, or a refused replace). */
export interface RiskRecord {
  readonly clientOrderId: string;
  readonly decision: 'denied' | 'replace-refused';
  readonly reason: string;
  readonly field?: string;
}

/** What a reconciliation with the venue found for one order (OrderStatusRequest answer). */
export interface ReconcileResult {
  readonly clientOrderId: string;
  /** OrdStatus (39) the venue reported ('8' with `unknown` = the venue never received the order). */
  readonly venueOrdStatus: string;
  readonly venueCumQty: number;
  readonly ourCumQty: number;
  readonly unknownAtVenue: boolean;
  /** true when the venue's cumulative quantity equals what we booked. */
  readonly match: boolean;
}
