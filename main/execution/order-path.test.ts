import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../domain/order-events.js';
import { Rng } from '../kernel/rng.js';
import { GenerativeVenue } from '../market/abm/generative-venue.js';
import { MarketSession } from '../market/abm/market-session.js';
import { loadScenario } from '../market/scenarios/index.js';
import { ZeroFees } from '../market/venue/fee-models.js';
import { ConstantLatency } from '../market/venue/latency-models.js';
import type { OrderRequest } from '../domain/orders.js';
import { Scheduler } from '../kernel/scheduler.js';
import type { BookView } from '../market/book/book-types.js';
import type { Venue } from '../market/venue/venue.js';
import { KillSwitch } from '../risk/kill-switch.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../risk/risk-limits.js';
import { OrderPath, type OrderPathOptions } from './order-path.js';

/** A seeded calm market with our venue (200 µs each way), every request to the venue recorded. */
function rig(limits: RiskLimits = DEFAULT_RISK_LIMITS, options: OrderPathOptions = {}, seed = 3) {
  const session = new MarketSession({ ...loadScenario('calm'), durationSec: 600 }, { seed, recordTrades: false });
  const venue = new GenerativeVenue(session.exchange, { rng: new Rng(seed).fork('our-venue'), latency: new ConstantLatency(200_000), fees: new ZeroFees() });
  const sent: OrderRequest[] = [];
  const submit = venue.submit.bind(venue);
  venue.submit = (req) => {
    sent.push(req);
    submit(req);
  };
  const path = new OrderPath(venue, session.scheduler, session.instrument, limits, 'T', options);
  const events: OrderEvent[] = [];
  path.onEvent((ev) => events.push(ev));
  session.start();
  const runTo = (sec: number) => session.scheduler.run(Math.round(sec * 1e9));
  runTo(5);
  return { session, venue, path, events, sent, runTo, tick: session.instrument.tickSizeUnits || 1 };
}

describe('OrderPath: every new order and every replace passes the gate', () => {
  it('refuses a replace that grows an order to 5,000,000 shares 50 % through the mid; the order works on unchanged (#7 item 3)', () => {
    const { path, venue, events, sent, runTo, tick } = rig();
    const bid = venue.book.bestBid();
    const id = path.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: bid - 10 * tick });
    runTo(6);
    expect(path.oms.get(id)!.status).toBe('New');
    const mid = venue.book.mid();
    const through = Math.round((mid * 1.5) / tick) * tick;
    const before = sent.length;
    path.replace(id, through, 5_000_000);
    // Denied at once, never sent: an OrderCancelRejected naming the limit, the order untouched.
    expect(sent.length).toBe(before);
    const ev = events.at(-1)!;
    expect(ev).toMatchObject({ type: 'OrderCancelRejected', clientOrderId: id });
    expect(ev.type === 'OrderCancelRejected' && ev.reason).toBe('maxOrderQty: Quantity 5,000,000 exceeds max order quantity 100,000 (Risk settings).');
    runTo(30);
    const c = path.oms.get(id)!;
    expect(c.order.size).toBe(100);
    expect(c.priceUnits).toBe(bid - 10 * tick);
    expect(c.filled).toBeLessThanOrEqual(100);
    expect(path.oms.position).toBeLessThanOrEqual(100);
    expect(path.oms.errors).toEqual([]);
    // The price alone 50 % through the mid is refused by the collar.
    path.replace(id, through, 100);
    expect(events.at(-1)!.type === 'OrderCancelRejected' && (events.at(-1) as { reason: string }).reason).toMatch(/^priceCollarBps: Limit price .* bp from the reference price .*, beyond the price collar of 500 bp \(Risk settings\)\.$/);
  });

  it('sends a replace within the limits to the venue', () => {
    const { path, venue, events, sent, runTo, tick } = rig();
    const bid = venue.book.bestBid();
    const id = path.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: bid - 10 * tick });
    runTo(6);
    path.replace(id, bid - 9 * tick, 200);
    expect(sent.at(-1)).toEqual({ kind: 'replace', clientOrderId: id, priceUnits: bid - 9 * tick, size: 200 });
    runTo(7);
    expect(events.some((e) => e.type === 'OrderReplaced' && e.clientOrderId === id)).toBe(true);
  });

  it('denies impossible new orders as OrderDenied events with the machine-readable reason (#7 item 4)', () => {
    const { path, venue, events, sent, tick } = rig();
    const bid = venue.book.bestBid();
    const cases: Array<[Parameters<OrderPath['place']>[0], string]> = [
      [{ side: 1, type: 'limit', tif: 'day', size: 0, priceUnits: bid }, 'invalidQty'],
      [{ side: 1, type: 'limit', tif: 'day', size: -100, priceUnits: bid }, 'invalidQty'],
      [{ side: 1, type: 'limit', tif: 'day', size: 10.5, priceUnits: bid }, 'invalidQty'],
      [{ side: 1, type: 'limit', tif: 'day', size: NaN, priceUnits: bid }, 'invalidQty'],
      [{ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: NaN }, 'invalidPrice'],
      [{ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: 0 }, 'invalidPrice'],
      [{ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: -bid }, 'invalidPrice'],
      [{ side: 1, type: 'limit', tif: 'day', size: 100 }, 'invalidPrice'],
      [{ side: -1, type: 'limit', tif: 'day', size: 100, priceUnits: bid * 2 + tick * 0 }, 'priceCollarBps'],
    ];
    for (const [intent, reason] of cases) {
      const id = path.place(intent);
      expect(events.at(-1)).toMatchObject({ type: 'OrderDenied', clientOrderId: id, field: reason });
      expect(path.oms.get(id)!.status).toBe('Denied');
    }
    expect(sent).toEqual([]);
    expect(path.oms.openCount).toBe(0);
    expect(path.oms.openBuyLeaves).toBe(0);
  });

  it('counts working orders in the worst-case position: 200 bids of 99,000 against 1,000,000 (#7 item 4)', () => {
    const { path, venue, events, sent, tick } = rig({ ...DEFAULT_RISK_LIMITS, maxOrdersPerSec: 1000, maxOpenOrders: 1000 });
    const px = venue.book.bestBid() - 50 * tick;
    for (let i = 0; i < 200; i++) path.place({ side: 1, type: 'limit', tif: 'day', size: 99_000, priceUnits: px });
    expect(sent).toHaveLength(10);
    const denied = events.filter((e) => e.type === 'OrderDenied');
    expect(denied).toHaveLength(190);
    expect(denied.every((e) => e.type === 'OrderDenied' && e.field === 'maxPosition')).toBe(true);
    // Sells are the other side: they do not add to the bids' worst case.
    path.place({ side: -1, type: 'limit', tif: 'day', size: 99_000, priceUnits: venue.book.bestAsk() + 50 * tick });
    expect(sent).toHaveLength(11);
  });

  it('passes exactly what the rate allows when 10,000 orders are attempted within one second', () => {
    const { path, venue, sent, session, tick } = rig({ maxOrdersPerSec: 37 });
    const px = venue.book.bestBid() - 100 * tick;
    const t0 = session.scheduler.now;
    // 10,000 attempts spread over one simulated second (100 µs apart), placed from scheduled tasks.
    for (let i = 0; i < 10_000; i++) session.scheduler.at(t0 + i * 100_000, { fire: () => void path.place({ side: 1, type: 'limit', tif: 'day', size: 1, priceUnits: px }) });
    session.scheduler.run(t0 + 999_999_999);
    expect(sent.filter((r) => r.kind === 'new')).toHaveLength(37);
  });
});

describe('OrderPath: kill switch', () => {
  it('cancels every open order, leaves none on the simulated venue, and refuses new orders and replaces at once', () => {
    const ks = new KillSwitch();
    const { path, venue, events, sent, runTo, tick } = rig(DEFAULT_RISK_LIMITS, { killSwitch: ks, agentId: 'PO-1' });
    const bid = venue.book.bestBid();
    const ids = [1, 2, 3, 4, 5].map((k) => path.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: bid - k * tick }));
    runTo(6);
    // One more still in flight (PendingNew) when the switch is thrown.
    const pending = path.place({ side: -1, type: 'limit', tif: 'day', size: 100, priceUnits: venue.book.bestAsk() + 3 * tick });
    expect(venue.restingOrders!().length).toBeGreaterThan(0);
    ks.set({ agent: 'PO-2' }, true); // another agent: nothing happens here
    expect(path.gate.killed).toBe(false);
    const before = sent.length;
    ks.set({ agent: 'PO-1' }, true);
    expect(sent.slice(before).map((r) => r.kind)).toEqual(['cancel', 'cancel', 'cancel', 'cancel', 'cancel', 'cancel']);
    const late = path.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: bid });
    expect(events.at(-1)).toMatchObject({ type: 'OrderDenied', clientOrderId: late, field: 'killSwitch' });
    path.replace(ids[0]!, bid, 200);
    expect(events.at(-1)).toMatchObject({ type: 'OrderCancelRejected', clientOrderId: ids[0] });
    runTo(8);
    expect(venue.restingOrders!()).toEqual([]);
    expect(path.oms.working()).toEqual([]);
    expect(path.oms.openCount).toBe(0);
    expect(path.oms.get(pending)!.status === 'Cancelled' || path.oms.get(pending)!.status === 'Filled').toBe(true);
    expect(path.oms.errors).toEqual([]);
    // Off again: orders pass.
    ks.set({ agent: 'PO-1' }, false);
    path.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: bid - tick });
    expect(sent.at(-1)!.kind).toBe('new');
  });

  it('the global switch stops every path attached to it', () => {
    const ks = new KillSwitch();
    const a = rig(DEFAULT_RISK_LIMITS, { killSwitch: ks, agentId: 'A' }, 5);
    const b = rig(DEFAULT_RISK_LIMITS, { killSwitch: ks, agentId: 'B' }, 6);
    for (const r of [a, b]) r.path.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: r.venue.book.bestBid() - 5 * r.tick });
    a.runTo(6);
    b.runTo(6);
    expect(ks.set('global', true)).toEqual({ global: true, agents: [] });
    a.runTo(7);
    b.runTo(7);
    for (const r of [a, b]) {
      expect(r.venue.restingOrders!()).toEqual([]);
      expect(r.path.gate.killed).toBe(true);
    }
  });

  it('holds a path of its own switch without a WeakRef (a WeakRef keeps its target alive until the synchronous job ends: a training loop leaked every episode, #9), a shared switch weakly; both still obey', () => {
    const book = { mid: () => 1_000_000, bestBid: () => 999_900, bestAsk: () => 1_000_100 } as unknown as BookView;
    const venue: Venue = { name: 'fake', book, submit: () => {}, onOrderEvent: () => {} };
    const instrument = { symbol: 'X', venue: 'V', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 100 };
    const Real = globalThis.WeakRef;
    let weakRefs = 0;
    globalThis.WeakRef = class<T extends WeakKey> extends Real<T> {
      constructor(target: T) {
        super(target);
        weakRefs++;
      }
    };
    try {
      const own = new OrderPath(venue, new Scheduler(), instrument, DEFAULT_RISK_LIMITS, 'O');
      expect(weakRefs).toBe(0);
      const ks = new KillSwitch();
      const shared = new OrderPath(venue, new Scheduler(), instrument, DEFAULT_RISK_LIMITS, 'S', { killSwitch: ks });
      expect(weakRefs).toBe(1);
      own.killSwitch.set('global', true);
      ks.set('global', true);
      expect([own.gate.killed, shared.gate.killed]).toEqual([true, true]);
      expect(() => own.killSwitch.attachOwner(shared)).toThrow(/already has its owner/);
    } finally {
      globalThis.WeakRef = Real;
    }
  });

  it('asks again, a bounded number of times, when the venue refuses a kill-switch cancel of a working order', () => {
    const sent: OrderRequest[] = [];
    let emit: (ev: OrderEvent) => void = () => {};
    const book = { mid: () => 1_000_000, bestBid: () => 999_900, bestAsk: () => 1_000_100 } as unknown as BookView;
    const venue: Venue = { name: 'fake', book, submit: (r) => void sent.push(r), onOrderEvent: (l) => void (emit = l) };
    const path = new OrderPath(venue, new Scheduler(), { symbol: 'X', venue: 'V', priceDecimals: 4, sizeDecimals: 0, tickSizeUnits: 100 }, DEFAULT_RISK_LIMITS, 'K');
    const id = path.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: 999_900 });
    emit({ type: 'OrderAccepted', tsNs: 1, clientOrderId: id, venueOrderId: 'v1' });
    path.killSwitch.set('global', true);
    const cancels = () => sent.filter((r) => r.kind === 'cancel').length;
    expect(cancels()).toBe(1);
    for (let i = 0; i < 5; i++) emit({ type: 'OrderCancelRejected', tsNs: 2 + i, clientOrderId: id, reason: 'raced a replace' });
    expect(cancels()).toBe(3);
    emit({ type: 'OrderCancelled', tsNs: 9, clientOrderId: id, leaves: 0, reason: 'requested' });
    expect(path.oms.working()).toEqual([]);
    expect(path.oms.errors).toEqual([]);
  });
});
