import { describe, expect, it } from 'vitest';
import type { NewOrder } from '../domain/orders.js';
import { OrderManager } from './order-manager.js';

const order = (id: string, side: 1 | -1 = 1, size = 300): NewOrder => ({ clientOrderId: id, side, type: 'limit', tif: 'day', size, priceUnits: 1000 });
const fill = (id: string, size: number, price: number, leaves: number) => ({ type: 'OrderFilled' as const, tsNs: 5, clientOrderId: id, side: 1 as const, priceUnits: price, size, leaves, aggressor: false, fee: 0.5 });

describe('OrderManager', () => {
  it('tracks fills, leaves, average price, fees and position through the transition table', () => {
    const oms = new OrderManager('T');
    const id = oms.nextId();
    expect(id).toBe('T-1');
    oms.register(order(id), 0);
    oms.apply({ type: 'OrderAccepted', tsNs: 1, clientOrderId: id, venueOrderId: 'v9' });
    oms.apply(fill(id, 100, 1000, 200));
    const c = oms.apply(fill(id, 200, 1003, 0));
    expect(c).toMatchObject({ status: 'Filled', filled: 300, leaves: 0, avgPriceUnits: 1002, fees: 1, venueOrderId: 'v9' });
    expect(oms.position).toBe(300);
    expect(oms.working()).toHaveLength(0);
  });

  it('records impossible transitions and unknown ids as errors without applying them', () => {
    const oms = new OrderManager();
    oms.register(order('a', -1), 0);
    oms.apply({ type: 'OrderDenied', tsNs: 0, clientOrderId: 'a', reason: 'Quantity too large' });
    const r = oms.apply(fill('a', 10, 1000, 0));
    expect(r).toBe('order a: OrderFilled is impossible in status Denied');
    expect(oms.get('a')).toMatchObject({ status: 'Denied', filled: 0, reason: 'Quantity too large' });
    expect(oms.apply({ type: 'OrderCancelled', tsNs: 0, clientOrderId: 'zz', leaves: 0, reason: 'requested' })).toBe('order zz: OrderCancelled for an unknown order');
    expect(oms.errors).toHaveLength(2);
    expect(oms.position).toBe(0);
    expect(() => oms.register(order('a'), 1)).toThrow('duplicate client order id a');
  });
});
