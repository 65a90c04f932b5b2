import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import type { OrderRequest } from '../../domain/orders.js';
import { OrderManager } from '../../execution/order-manager.js';
import { OrderPath } from '../../execution/order-path.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { LevelBook } from '../../market/book/level-book.js';
import type { OrderEventListener, Venue } from '../../market/venue/venue.js';
import { DEFAULT_RISK_LIMITS } from '../../risk/risk-limits.js';
import type { AuditEntry } from '../../store/audit-log.js';
import { auditRiskDecisions, replayIntoOms } from './audit-path.js';

const instrument = { symbol: 'XYZ', venue: 'T', priceDecimals: 2, sizeDecimals: 0, tickSizeUnits: 1 };

/** A venue that accepts every new order at once and remembers what it was sent. */
function venue(): Venue & { sent: OrderRequest[]; emit(ev: OrderEvent): void } {
  const book = new LevelBook();
  book.setLevel(1, 9_999, 500);
  book.setLevel(-1, 10_001, 500);
  const ls: OrderEventListener[] = [];
  const sent: OrderRequest[] = [];
  return {
    name: 'T', book, sent,
    submit: (r) => sent.push(r),
    onOrderEvent: (l) => ls.push(l),
    emit: (ev) => ls.forEach((l) => l(ev)),
  };
}

describe('auditRiskDecisions', () => {
  it('a denial and a refused replace are audited before any later listener sees them; allowed orders are not', () => {
    const v = venue();
    const path = new OrderPath(v, new Scheduler(), instrument, { ...DEFAULT_RISK_LIMITS, maxOrderQty: 1_000 }, 'A');
    const records: Array<{ kind: string; data: Record<string, unknown> }> = [];
    auditRiskDecisions(path, { append: (kind, data) => records.push({ kind, data: { ...data } }) });
    const seenWith: number[] = [];
    path.onEvent(() => seenWith.push(records.length));
    const denied = path.place({ side: 1, type: 'limit', tif: 'day', size: 5_000, priceUnits: 10_000, strategy: 'P' });
    expect(records).toEqual([{ kind: 'risk-decision', data: expect.objectContaining({ clientOrderId: denied, decision: 'denied', field: 'maxOrderQty', strategy: 'P' }) }]);
    expect(seenWith).toEqual([1]); // the listener after it saw the denial with its record already written
    const ok = path.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: 10_000 });
    expect(v.sent.map((r) => r.clientOrderId)).toEqual([ok]);
    v.emit({ type: 'OrderAccepted', tsNs: 0, clientOrderId: ok, venueOrderId: 'V1' });
    expect(records).toHaveLength(1);
    path.replace(ok, 10_000, 9_000);
    expect(records[1]).toMatchObject({ kind: 'risk-decision', data: { clientOrderId: ok, decision: 'replace-refused', field: 'maxOrderQty' } });
    v.emit({ type: 'OrderCancelRejected', tsNs: 0, clientOrderId: ok, reason: 'OrigClOrdID: unknown order "x"' }); // the venue's, not a risk decision
    expect(records).toHaveLength(2);
  });
});

describe('replayIntoOms', () => {
  it('rebuilds the OMS from audited requests and events, reporting impossible transitions', () => {
    let seq = 0;
    const e = (kind: AuditEntry['kind'], data: Record<string, unknown>): AuditEntry => ({ seq: ++seq, tsMs: 0, kind, data });
    const oms = new OrderManager('P.2');
    const problems = replayIntoOms([
      e('request', { request: { kind: 'new', clientOrderId: 'P.1-1', side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: 10 }, fixClOrdId: 'P.1-1' }),
      e('order-event', { event: { type: 'OrderAccepted', tsNs: 1, clientOrderId: 'P.1-1', venueOrderId: 'V' }, execId: 'E1' }),
      e('order-event', { event: { type: 'OrderFilled', tsNs: 2, clientOrderId: 'P.1-1', side: 1, priceUnits: 10, size: 30, leaves: 70, aggressor: false, fee: 0 }, execId: 'E2' }),
      e('order-event', { event: { type: 'OrderAccepted', tsNs: 3, clientOrderId: 'P.1-9', venueOrderId: 'V' }, execId: 'E3' }),
    ], oms);
    expect(oms.get('P.1-1')).toMatchObject({ status: 'PartiallyFilled', filled: 30, leaves: 70 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^audit record 4: /);
  });
});
