import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import type { NewOrder, OrderRequest } from '../../domain/orders.js';
import { OrderManager } from '../../execution/order-manager.js';
import { Rng } from '../../kernel/rng.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { PerShareFees } from '../venue/fee-models.js';
import { ConstantLatency, LognormalLatency } from '../venue/latency-models.js';
import type { LatencyModel } from '../venue/venue.js';
import { Exchange } from './exchange.js';
import { GenerativeVenue } from './generative-venue.js';

function rig(latency: LatencyModel = new ConstantLatency(1000), tick = 1) {
  const sch = new Scheduler();
  const ex = new Exchange(sch, tick, 100);
  const lp = ex.addOwner({ onRestingFill: () => {} }, 1);
  const venue = new GenerativeVenue(ex, { rng: new Rng(1), latency, fees: new PerShareFees({ makerPerShareUnits: -2, takerPerShareUnits: 3 }) });
  const got: Array<OrderEvent & { at: number }> = [];
  venue.onOrderEvent((e) => got.push({ ...e, at: sch.now }));
  const oms = new OrderManager('T');
  venue.onOrderEvent((e) => oms.apply(e));
  const send = (o: Omit<NewOrder, 'clientOrderId'> & { clientOrderId?: string }) => {
    const order: NewOrder = { ...o, clientOrderId: o.clientOrderId ?? oms.nextId() } as NewOrder;
    if (!oms.get(order.clientOrderId)) oms.register(order, sch.now);
    venue.submit({ kind: 'new', ...order });
    return order.clientOrderId;
  };
  const req = (r: OrderRequest) => venue.submit(r);
  return { sch, ex, lp, venue, got, oms, send, req };
}

const brief = (e: OrderEvent) => {
  switch (e.type) {
    case 'OrderFilled': return `F ${e.clientOrderId} ${e.priceUnits}x${e.size} leaves ${e.leaves} ${e.aggressor ? 'take' : 'make'} fee ${e.fee}`;
    case 'OrderCancelled': return `X ${e.clientOrderId} ${e.reason}`;
    case 'OrderAccepted': return `A ${e.clientOrderId}`;
    case 'OrderReplaced': return `R ${e.clientOrderId} ${e.priceUnits} ${e.size} leaves ${e.leaves}`;
    case 'OrderRejected':
    case 'OrderCancelRejected': return `${e.type === 'OrderRejected' ? 'J' : 'CJ'} ${e.clientOrderId} ${e.reason}`;
    default: return e.type;
  }
};

describe('GenerativeVenue', () => {
  it('accepts, fills as taker, rests the remainder, fills as maker, cancels — after entry and ack latency', () => {
    const { sch, ex, lp, got, oms, send, req } = rig();
    ex.limit(lp, -1, 101, 5);
    ex.limit(lp, -1, 102, 5);
    const id = send({ side: 1, type: 'limit', tif: 'day', size: 8, priceUnits: 101 });
    sch.run(10_000);
    expect(got.map(brief)).toEqual([`A ${id}`, `F ${id} 101x5 leaves 3 take fee 15`]);
    expect(got.map((e) => [e.tsNs, e.at])).toEqual([[1000, 2000], [1000, 2000]]);
    expect(ex.book.bestBid()).toBe(101);
    sch.at(20_000, { fire: () => ex.market(lp, -1, 2) });
    sch.run(30_000);
    expect(brief(got[2]!)).toBe(`F ${id} 101x2 leaves 1 make fee -4`);
    expect(got[2]!.tsNs).toBe(20_000);
    req({ kind: 'cancel', clientOrderId: id });
    sch.run(40_000);
    expect(brief(got[3]!)).toBe(`X ${id} requested`);
    expect(ex.book.bestBid()).toBeNaN();
    expect(oms.get(id)).toMatchObject({ status: 'Cancelled', filled: 7 });
    expect(oms.errors).toEqual([]);
  });

  it('cancels the unfilled part of market and IOC orders (reason ioc)', () => {
    const { sch, ex, lp, got, send, venue } = rig();
    ex.limit(lp, -1, 101, 5);
    ex.limit(lp, 1, 99, 5);
    const m = send({ side: 1, type: 'market', tif: 'ioc', size: 7 });
    const i = send({ side: -1, type: 'limit', tif: 'ioc', size: 9, priceUnits: 99 });
    sch.run(10_000);
    expect(got.map(brief)).toEqual([
      `A ${m}`, `F ${m} 101x5 leaves 2 take fee 15`, `X ${m} ioc`,
      `A ${i}`, `F ${i} 99x5 leaves 4 take fee 15`, `X ${i} ioc`,
    ]);
    expect(ex.position[venue.agentIndex]).toBe(0);
  });

  it('rejects invalid requests with a reason naming the field', () => {
    const { sch, got, send, req } = rig(new ConstantLatency(10), 5);
    send({ side: 1, type: 'limit', tif: 'day', size: 0, priceUnits: 100, clientOrderId: 'a' });
    send({ side: 1, type: 'limit', tif: 'day', size: 10, priceUnits: 102, clientOrderId: 'b' });
    send({ side: 1, type: 'limit', tif: 'day', size: 10, clientOrderId: 'c' });
    send({ side: 0 as 1, type: 'limit', tif: 'day', size: 10, priceUnits: 100, clientOrderId: 'd' });
    send({ side: 1, type: 'market', tif: 'ioc', size: 10, priceUnits: 100, clientOrderId: 'e' });
    send({ side: 1, type: 'limit', tif: 'gtc' as 'day', size: 10, priceUnits: 100, clientOrderId: 'f' });
    send({ side: 1, type: 'limit', tif: 'day', size: 2.5, priceUnits: 100, clientOrderId: 'g' });
    send({ side: 1, type: 'limit', tif: 'day', size: 10, priceUnits: 100, clientOrderId: 'h' });
    send({ side: 1, type: 'limit', tif: 'day', size: 10, priceUnits: 100, clientOrderId: 'h' });
    req({ kind: 'cancel', clientOrderId: 'zz' });
    req({ kind: 'replace', clientOrderId: 'h', priceUnits: 100, size: -1 });
    req({ kind: 'replace', clientOrderId: 'h', priceUnits: 101, size: 5 });
    sch.run(1000);
    const reasons = got.filter((e) => e.type === 'OrderRejected' || e.type === 'OrderCancelRejected').map(brief);
    expect(reasons).toEqual([
      'J a size: expected a positive integer, got 0',
      'J b priceUnits: expected a positive multiple of the tick (5), got 102',
      'J c priceUnits: required for a limit order',
      'J d side: expected 1 (buy) or -1 (sell), got 0',
      'J e priceUnits: a market order takes no price, got 100',
      'J f tif: expected "day" or "ioc", got "gtc"',
      'J g size: expected a positive integer, got 2.5',
      'J h clientOrderId: duplicate "h"',
      'CJ zz clientOrderId: no working order "zz"',
      'CJ h size: expected a positive integer, got -1',
      'CJ h priceUnits: expected a positive multiple of the tick (5), got 101',
    ]);
    // The original "h" is unharmed by its duplicate.
    expect(got.filter((e) => e.clientOrderId === 'h').map((e) => e.type)).toEqual(['OrderAccepted', 'OrderRejected', 'OrderCancelRejected', 'OrderCancelRejected']);
  });

  it('replace: a smaller size at the same price keeps queue priority; a crossing price trades; size is the new total', () => {
    const { sch, ex, lp, got, send, req, oms, venue } = rig();
    const a = send({ side: 1, type: 'limit', tif: 'day', size: 10, priceUnits: 99 });
    sch.run(5000);
    ex.limit(lp, 1, 99, 10);
    ex.market(lp, -1, 4); // fills 4 of ours (front of the queue)
    req({ kind: 'replace', clientOrderId: a, priceUnits: 99, size: 8 });
    sch.run(10_000);
    expect(ex.ownerOf(ex.book.levelOrderIds(1, 99)[0]!)).toBe(venue.agentIndex); // still first in the queue
    expect(brief(got.at(-1)!)).toBe(`R ${a} 99 8 leaves 4`);
    expect(oms.get(a)!.leaves).toBe(4);
    expect(ex.book.levelOrderIds(1, 99)).toHaveLength(2);
    expect(ex.book.sizeAt(1, 99)).toBe(14);
    ex.limit(lp, -1, 101, 3);
    req({ kind: 'replace', clientOrderId: a, priceUnits: 101, size: 8 });
    sch.run(20_000);
    expect(got.slice(-2).map(brief)).toEqual([`R ${a} 101 8 leaves 4`, `F ${a} 101x3 leaves 1 take fee 9`]);
    expect(ex.book.bestBid()).toBe(101);
    req({ kind: 'replace', clientOrderId: a, priceUnits: 101, size: 7 });
    sch.run(30_000);
    expect(brief(got.at(-1)!)).toBe(`CJ ${a} size: the new total size must exceed the filled 7, got 7`);
    expect(oms.errors).toEqual([]);
  });

  it('keeps messages and events in FIFO order under random latency, and ends the session cleanly', () => {
    const { sch, ex, lp, got, send, venue, oms } = rig(new LognormalLatency({ medianNs: 5000, sigma: 1.5 }));
    for (let p = 90; p < 100; p++) ex.limit(lp, -1, p + 11, 3);
    const ids: string[] = [];
    for (let k = 0; k < 30; k++) {
      sch.at(k * 100, { fire: () => ids.push(send({ side: 1, type: 'limit', tif: 'day', size: 2, priceUnits: 95 + (k % 10) })) });
    }
    sch.run(1e9);
    const at = got.map((e) => e.at);
    expect(at).toEqual([...at].sort((x, y) => x - y));
    // Accepted events come in submission order.
    expect(got.filter((e) => e.type === 'OrderAccepted').map((e) => e.clientOrderId)).toEqual(ids);
    venue.endSession();
    sch.run(2e9);
    expect(oms.working()).toEqual([]);
    expect(oms.errors).toEqual([]);
    expect(ex.book.bestBid()).toBeNaN();
    expect(got.some((e) => e.type === 'OrderCancelled' && e.reason === 'session-end')).toBe(true);
  });
});
