import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import { nextStatus, type OrderStatus } from '../../domain/order-status.js';
import type { OrderBook } from '../book/order-book.js';
import { ConstantLatency, PerKindLatency } from './latency-models.js';
import { AMZN, at, brief, limit, venueFor } from './test-support.js';

// Order types, priority and rejects on the real AMZN day (times in seconds after midnight).

const SEC = 1e9;
const T = 45_000 * SEC;

/** Every client's events must follow the order-status transition table. */
function checkTransitions(events: readonly OrderEvent[]): void {
  const status = new Map<string, OrderStatus>();
  for (const ev of events) {
    const r = nextStatus(status.get(ev.clientOrderId) ?? 'PendingNew', ev);
    if (!r.ok) throw new Error(r.error);
    status.set(ev.clientOrderId, r.status);
  }
}

describe('ReplayVenue order types on the AMZN day', () => {
  it('IOC: fills what the ask holds at the limit and cancels the remainder', () => {
    const { venue, scheduler, events } = venueFor(AMZN, { startTsNs: T });
    let askSize = 0;
    let ask = NaN;
    at(scheduler, T, () => {
      ask = venue.book.bestAsk();
      askSize = venue.book.sizeAt(-1, ask);
      venue.submit(limit('i', 1, ask, askSize + 300, 'ioc'));
    });
    scheduler.run(T);
    expect(brief(events)).toEqual(['i Accepted', `i Filled ${askSize}@${ask} leaves 300 taker`, 'i Cancelled ioc']);
    expect(venue.order('i')).toMatchObject({ filled: askSize, leaves: 0, working: false });
    expect(venue.book.bestAsk()).toBeGreaterThan(ask);
    checkTransitions(events);
  });

  it('market order: sweeps levels (one fill per level) and never rests', () => {
    const { venue, scheduler, events } = venueFor(AMZN, { startTsNs: T });
    at(scheduler, T, () => {
      const ask = venue.book.bestAsk();
      venue.submit({ kind: 'new', clientOrderId: 'm', side: 1, type: 'market', tif: 'day', size: venue.book.sizeAt(-1, ask) + 1 });
    });
    scheduler.run(T);
    const fills = events.filter((e) => e.type === 'OrderFilled');
    expect(fills.length).toBe(2);
    expect(brief(events).at(-1)).toMatch(/^m Filled 1@\d+ leaves 0 taker$/);
    checkTransitions(events);
  });

  it('cancel-replace: same price and smaller size keeps queue priority; a larger size or a new price loses it', () => {
    const { venue, scheduler, events } = venueFor(AMZN, { startTsNs: T, latency: new ConstantLatency(1_000) });
    let bid = NaN;
    let ahead = NaN;
    at(scheduler, T, () => {
      bid = venue.book.bestBid();
      venue.submit(limit('q', 1, bid, 300));
      venue.submit(limit('r', 1, bid, 200)); // behind q
    });
    at(scheduler, T + 10_000, () => {
      ahead = venue.queueAhead('r');
      expect(ahead).toBe(venue.queueAhead('q') + 300);
      venue.submit({ kind: 'replace', clientOrderId: 'r', priceUnits: bid, size: 150 });
    });
    at(scheduler, T + 20_000, () => {
      expect(venue.queueAhead('r')).toBe(ahead); // kept
      venue.submit({ kind: 'replace', clientOrderId: 'q', priceUnits: bid, size: 100 });
    });
    at(scheduler, T + 30_000, () => {
      expect(venue.queueAhead('r')).toBe(ahead - 200); // q shrank in front of r
      venue.submit({ kind: 'replace', clientOrderId: 'q', priceUnits: bid, size: 400 });
    });
    at(scheduler, T + 40_000, () => {
      // q grew: it went to the back, behind r.
      expect(venue.queueAhead('q')).toBe(venue.queueAhead('r') + 150);
      venue.submit({ kind: 'replace', clientOrderId: 'r', priceUnits: bid - 100, size: 150 });
    });
    at(scheduler, T + 50_000, () => {
      const book = venue.book as OrderBook;
      expect(venue.order('r')!.priceUnits).toBe(bid - 100);
      // At its new price, r is at the back of the level.
      expect(venue.queueAhead('r')).toBe(book.sizeAt(1, bid - 100) - 150);
      expect(venue.order('q')!.queueAheadAtEntry).toBeGreaterThan(0);
    });
    scheduler.run(T + 60_000);
    expect(brief(events).filter((s) => s.includes('Replaced'))).toEqual([
      'r Replaced 150@' + bid + ' leaves 150', 'q Replaced 100@' + bid + ' leaves 100', 'q Replaced 400@' + bid + ' leaves 400', `r Replaced 150@${bid - 100} leaves 150`,
    ]);
    checkTransitions(events);
  });

  it('rejects name the offending field', () => {
    const { venue, scheduler, events } = venueFor(AMZN, { startTsNs: T });
    at(scheduler, T, () => {
      const bid = venue.book.bestBid();
      venue.submit(limit('ok', 1, bid, 100));
      venue.submit(limit('z', 1, bid, 0));
      venue.submit(limit('frac', 1, bid, 1.5));
      venue.submit({ kind: 'new', clientOrderId: 'np', side: 1, type: 'limit', tif: 'day', size: 100 });
      venue.submit(limit('tick', 1, bid + 1, 100));
      venue.submit({ kind: 'new', clientOrderId: 'mp', side: 1, type: 'market', tif: 'ioc', size: 100, priceUnits: bid });
      venue.submit({ kind: 'new', clientOrderId: 'sd', side: 0 as 1, type: 'limit', tif: 'day', size: 100, priceUnits: bid });
      venue.submit(limit('ok', 1, bid, 100));
      venue.submit(limit('self', -1, bid, 100));
      venue.submit({ kind: 'cancel', clientOrderId: 'nope' });
      venue.submit({ kind: 'replace', clientOrderId: 'ok', priceUnits: bid, size: 0 });
      venue.submit({ kind: 'replace', clientOrderId: 'ok', priceUnits: bid + 7, size: 100 });
      venue.submit({ kind: 'replace', clientOrderId: 'nope', priceUnits: bid, size: 100 });
    });
    scheduler.run(T);
    const reasons = events.filter((e) => e.type === 'OrderRejected' || e.type === 'OrderCancelRejected').map((e) => `${e.clientOrderId}: ${(e as { reason: string }).reason.split(':')[0]}`);
    expect(reasons).toEqual([
      'z: size', 'frac: size', 'np: priceUnits', 'tick: priceUnits', 'mp: priceUnits', 'sd: side', 'ok: clientOrderId',
      'self: priceUnits', 'nope: clientOrderId', 'ok: size', 'ok: priceUnits', 'nope: clientOrderId',
    ]);
    expect(events.find((e) => e.clientOrderId === 'self' && e.type === 'OrderRejected')).toMatchObject({ reason: expect.stringContaining('self-trade') });
    // The duplicate did not disturb the original order, which still works.
    expect(venue.order('ok')).toMatchObject({ working: true, leaves: 100 });
  });

  it('latency: requests arrive after the entry delay, events after the ack delay, the view lags by the market-data delay', () => {
    const latency = new PerKindLatency({ entry: new ConstantLatency(300_000), ack: new ConstantLatency(200_000), marketData: new ConstantLatency(5 * SEC) });
    const { venue, scheduler, events } = venueFor(AMZN, { startTsNs: T, latency });
    const view = venue.marketView(3);
    const seen = view.book; // kept, as an ExecutionContext keeps its book: it still follows the feed
    const updates: number[] = [];
    view.onUpdate((v) => updates.push(scheduler.now - v.asOfNs));
    const delivered: number[] = [];
    venue.onOrderEvent(() => delivered.push(scheduler.now));
    let ask = NaN;
    at(scheduler, T, () => {
      ask = venue.book.bestAsk();
      venue.submit(limit('i', 1, ask, venue.book.sizeAt(-1, ask), 'ioc'));
    });
    at(scheduler, T + 1 * SEC, () => {
      // The venue book lost its ask; the strategy's view does not know yet (5 s market-data lag).
      expect(venue.book.bestAsk()).toBeGreaterThan(ask);
      expect(seen.bestAsk()).toBe(ask);
      expect(view.asOfNs).toBeLessThan(T);
      expect(view.takeTrades()).toEqual([]);
    });
    at(scheduler, T + 6 * SEC, () => {
      expect(seen.bestAsk()).not.toBe(ask);
      // What is shown is the venue's book of at most 1 s ago (6 s − 5 s of lag), after our trade.
      expect(view.asOfNs).toBeGreaterThanOrEqual(T + 300_000);
      expect(view.asOfNs).toBeLessThanOrEqual(T + 1 * SEC);
      const own = view.takeTrades().filter((p) => p.own);
      expect(own).toEqual([expect.objectContaining({ tsNs: T + 300_000, priceUnits: ask, aggressor: 1, own: true })]);
    });
    scheduler.run(T + 7 * SEC);
    // Every update arrives exactly 5 s after the venue state it shows.
    expect(updates.length).toBeGreaterThan(0);
    expect(new Set(updates)).toEqual(new Set([5 * SEC]));
    // Accepted and one fill for the whole ask: venue time = arrival, delivery = arrival + ack.
    expect(events.map((e) => e.tsNs)).toEqual([T + 300_000, T + 300_000]);
    expect(delivered).toEqual([T + 500_000, T + 500_000]);
  });
});
