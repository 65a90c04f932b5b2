import { describe, expect, it } from 'vitest';
import { nextStatus } from './order-status.js';

const fill = (leaves: number) => ({ type: 'OrderFilled' as const, tsNs: 1, clientOrderId: 'c1', side: 1 as const, priceUnits: 100, size: 5, leaves, aggressor: false, fee: 0 });

describe('order status transition table', () => {
  it('walks the normal life cycle', () => {
    expect(nextStatus('PendingNew', { type: 'OrderAccepted', tsNs: 0, clientOrderId: 'c1', venueOrderId: 'v1' })).toEqual({ ok: true, status: 'New' });
    expect(nextStatus('New', fill(5))).toEqual({ ok: true, status: 'PartiallyFilled' });
    expect(nextStatus('PartiallyFilled', fill(0))).toEqual({ ok: true, status: 'Filled' });
    expect(nextStatus('PendingNew', { type: 'OrderDenied', tsNs: 0, clientOrderId: 'c1', reason: 'limit' })).toEqual({ ok: true, status: 'Denied' });
  });
  it('refuses impossible transitions with a message naming them', () => {
    expect(nextStatus('Filled', fill(0))).toEqual({ ok: false, error: 'order c1: OrderFilled is impossible in status Filled' });
    expect(nextStatus('Denied', { type: 'OrderAccepted', tsNs: 0, clientOrderId: 'c1', venueOrderId: 'v' }).ok).toBe(false);
  });
});
