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

  it('keeps the open-order count and unfilled size per side through every event', () => {
    const oms = new OrderManager();
    oms.register(order('b1', 1, 300), 0);
    oms.register(order('b2', 1, 200), 0);
    oms.register(order('s1', -1, 50), 0);
    expect([oms.openCount, oms.openBuyLeaves, oms.openSellLeaves]).toEqual([3, 500, 50]);
    oms.apply({ type: 'OrderAccepted', tsNs: 1, clientOrderId: 'b1', venueOrderId: 'v1' });
    oms.apply(fill('b1', 100, 1000, 200));
    expect([oms.openCount, oms.openBuyLeaves]).toEqual([3, 400]);
    oms.apply({ type: 'OrderReplaced', tsNs: 2, clientOrderId: 'b1', priceUnits: 1001, size: 600, leaves: 500 });
    expect(oms.openBuyLeaves).toBe(700);
    expect(oms.openLeaves(1, oms.get('b1'))).toBe(200);
    oms.apply({ type: 'OrderDenied', tsNs: 2, clientOrderId: 'b2', reason: 'no' });
    oms.apply({ type: 'OrderCancelled', tsNs: 3, clientOrderId: 's1', leaves: 0, reason: 'requested' });
    expect([oms.openCount, oms.openBuyLeaves, oms.openSellLeaves]).toEqual([1, 500, 0]);
    // An order with an impossible size counts as open until denied, without poisoning the sums.
    oms.register({ ...order('bad', 1, 0), size: NaN }, 4);
    oms.apply({ type: 'OrderDenied', tsNs: 4, clientOrderId: 'bad', reason: 'Quantity NaN is not a number.' });
    expect([oms.openCount, oms.openBuyLeaves]).toEqual([1, 500]);
    expect(oms.openCount).toBe(oms.working().length);
  });
});
