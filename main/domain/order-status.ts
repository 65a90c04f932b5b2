import type { OrderEvent, OrderEventType } from './order-events.js';

/** An order's life cycle. `PendingNew` = sent, not yet acknowledged. Terminal: Filled, Cancelled, Rejected, Denied. */
export type OrderStatus = 'PendingNew' | 'New' | 'PartiallyFilled' | 'Filled' | 'Cancelled' | 'Rejected' | 'Denied';

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['Filled', 'Cancelled', 'Rejected', 'Denied']);

/**
 * The transition table: the only way an order's status changes. A (status, event) pair not in the
 * table is an impossible transition, reported as an error event, never silently applied.
 * Fills move to PartiallyFilled or Filled depending on `leaves`; replace and cancel-reject keep
 * the status.
 */
const TABLE: Record<OrderStatus, Partial<Record<OrderEventType, OrderStatus | 'by-leaves' | 'same'>>> = {
  PendingNew: { OrderAccepted: 'New', OrderDenied: 'Denied', OrderRejected: 'Rejected', OrderFilled: 'by-leaves', OrderCancelled: 'Cancelled' },
  New: { OrderFilled: 'by-leaves', OrderCancelled: 'Cancelled', OrderReplaced: 'same', OrderCancelRejected: 'same' },
  PartiallyFilled: { OrderFilled: 'by-leaves', OrderCancelled: 'Cancelled', OrderReplaced: 'same', OrderCancelRejected: 'same' },
  Filled: { OrderCancelRejected: 'same' },
  Cancelled: { OrderCancelRejected: 'same' },
  Rejected: {},
  Denied: {},
};

/** The next status, or an error message naming the impossible transition. */
export function nextStatus(status: OrderStatus, event: OrderEvent): { ok: true; status: OrderStatus } | { ok: false; error: string } {
  const rule = TABLE[status][event.type];
  if (rule === undefined) return { ok: false, error: `order ${event.clientOrderId}: ${event.type} is impossible in status ${status}` };
  if (rule === 'same') return { ok: true, status };
  if (rule === 'by-leaves') return { ok: true, status: (event as { leaves: number }).leaves === 0 ? 'Filled' : 'PartiallyFilled' };
  return { ok: true, status: rule };
}
