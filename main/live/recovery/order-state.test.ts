import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../store/audit-log.js';
import { rebuildFromAudit } from './order-state.js';

let seq = 0;
const rec = (kind: AuditEntry['kind'], data: Record<string, unknown>): AuditEntry => ({ seq: ++seq, tsMs: seq, kind, data });
const newReq = (id: string, size = 100) => rec('request', { request: { kind: 'new', clientOrderId: id, side: 1, type: 'limit', tif: 'day', size, priceUnits: 1000 }, fixClOrdId: id });

describe('rebuildFromAudit', () => {
  it('rebuilds open and finished orders, their ClOrdID chain, fills and booked ExecIDs', () => {
    const s = rebuildFromAudit([
      rec('session', { type: 'start', incarnation: 1 }),
      newReq('A'),
      newReq('B'),
      rec('order-event', { event: { type: 'OrderAccepted', tsNs: 1, clientOrderId: 'A', venueOrderId: 'V1' }, execId: 'E1', fixClOrdId: 'A' }),
      rec('order-event', { event: { type: 'OrderFilled', tsNs: 2, clientOrderId: 'A', side: 1, priceUnits: 1000, size: 40, leaves: 60, aggressor: false, fee: 0 }, execId: 'E2', fixClOrdId: 'A' }),
      rec('request', { request: { kind: 'replace', clientOrderId: 'A', priceUnits: 1001, size: 100 }, fixClOrdId: 'A~1' }),
      rec('order-event', { event: { type: 'OrderReplaced', tsNs: 3, clientOrderId: 'A', priceUnits: 1001, size: 100, leaves: 60 }, execId: 'E3', fixClOrdId: 'A~1' }),
      rec('request', { request: { kind: 'cancel', clientOrderId: 'B' }, fixClOrdId: 'B~1' }),
      rec('order-event', { event: { type: 'OrderCancelled', tsNs: 4, clientOrderId: 'B', leaves: 0, reason: 'requested' }, execId: 'E4', fixClOrdId: 'B~1' }),
      rec('order-event', { event: { type: 'OrderCancelled', tsNs: 4, clientOrderId: 'B', leaves: 0, reason: 'requested' }, execId: 'E4', fixClOrdId: 'B~1' }),
      rec('risk-decision', { clientOrderId: 'C', decision: 'denied', reason: 'maxOrderQty', field: 'maxOrderQty' }),
    ]);
    expect(s.orders.map((o) => [o.order.clientOrderId, o.fixId, o.chain, o.filled, o.done, o.cancelIds])).toEqual([
      ['A', 'A~1', 1, 40, false, []],
      ['B', 'B', 1, 0, true, ['B~1']],
    ]);
    expect(s.execIds).toEqual(['E1', 'E2', 'E3', 'E4']);
    expect(s.risk).toHaveLength(1);
    expect(s.orders[0]!.order).toEqual({ clientOrderId: 'A', side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: 1000 });
  });

  it('a record without the fields it needs is an error naming its seq and field', () => {
    seq = 0;
    expect(() => rebuildFromAudit([newReq('A'), rec('request', { request: { kind: 'new', clientOrderId: 'B' } })])).toThrow('audit record 2 (request): fixClOrdId missing or malformed');
    seq = 0;
    expect(() => rebuildFromAudit([rec('order-event', { execId: 'E1' })])).toThrow('audit record 1 (order-event): event missing or malformed');
  });
});
