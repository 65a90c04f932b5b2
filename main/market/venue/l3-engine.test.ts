import { describe, expect, it } from 'vitest';
import { EventKind as K } from '../events/market-event.js';
import { RESET_LEVEL } from '../replay/event-tape.js';
import type { OrderBook } from '../book/order-book.js';
import { at, brief, handInfo, handTape, limit, venueFor } from './test-support.js';

// Hand-made market-by-order days: every rule of L3Engine on a case small enough to check by eye.
// Times are ns; our requests arrive with zero latency at the times given.

describe('L3 replay venue: queue position is exact', () => {
  it('fills us only from executions of orders BEHIND us, and reduces those executions by what we took', () => {
    const tape = handTape([
      { kind: K.Add, tsNs: 10, orderId: 1, side: 1, priceUnits: 100, size: 50 },
      { kind: K.Add, tsNs: 30, orderId: 2, side: 1, priceUnits: 100, size: 30 },
      { kind: K.Execute, tsNs: 40, orderId: 1, side: 1, priceUnits: 100, size: 50 }, // ahead of us: no fill
      { kind: K.Execute, tsNs: 50, orderId: 2, side: 1, priceUnits: 100, size: 20 }, // behind us: we take 10 of it
      { kind: K.Delete, tsNs: 60, orderId: 2, side: 1, priceUnits: 100, size: 10 },
      { kind: K.Add, tsNs: 70, orderId: 3, side: -1, priceUnits: 105, size: 5 },
    ]);
    const { venue, scheduler, events } = venueFor('', { tape, info: handInfo('L3') });
    const book = venue.book as OrderBook;
    at(scheduler, 20, () => venue.submit(limit('a', 1, 100, 10)));
    at(scheduler, 45, () => {
      expect(venue.queueAhead('a')).toBe(0);
      expect(events.filter((e) => e.type === 'OrderFilled')).toEqual([]);
    });
    // History leaves order 2 with 30 − 20 = 10; in our book it keeps 20, because we filled first.
    at(scheduler, 55, () => expect(book.orderRemaining(2)).toBe(20));
    scheduler.run(Infinity);
    expect(brief(events)).toEqual(['a Accepted', 'a Filled 10@100 leaves 0 maker']);
    expect(events[1]!.tsNs).toBe(50);
    // The deletion removed order 2 whole, including the 10 it kept because we filled first.
    expect(book.orderRemaining(2)).toBeNaN();
    expect(venue.stats()).toMatchObject({ extraRemoved: 10, clippedEvents: 0, passiveSize: 10 });
    expect(book.sizeAt(1, 100)).toBe(0);
  });

  it('Databento F then C: our fill comes out of the fill report, the following cancel is reduced', () => {
    const tape = handTape([
      { kind: K.Add, tsNs: 10, orderId: 5, side: -1, priceUnits: 101, size: 20 },
      { kind: K.Add, tsNs: 30, orderId: 6, side: -1, priceUnits: 101, size: 10 },
      { kind: K.Fill, tsNs: 40, orderId: 6, side: -1, priceUnits: 101, size: 8 },
      { kind: K.Cancel, tsNs: 40, orderId: 6, side: -1, priceUnits: 101, size: 8 },
      { kind: K.Cancel, tsNs: 50, orderId: 6, side: -1, priceUnits: 101, size: 2 },
    ]);
    const { venue, scheduler, events } = venueFor('', { tape, info: handInfo('L3') });
    const book = venue.book as OrderBook;
    at(scheduler, 20, () => venue.submit(limit('s', -1, 101, 5)));
    at(scheduler, 45, () => expect(book.orderRemaining(6)).toBe(7));
    scheduler.run(Infinity);
    expect(brief(events)).toEqual(['s Accepted', 's Filled 5@101 leaves 0 maker']);
    expect(book.orderRemaining(6)).toBeNaN();
    expect(book.sizeAt(-1, 101)).toBe(20);
    expect(venue.stats().extraRemoved).toBe(5);
  });

  it('an execution at a worse price trades through our better-priced order first', () => {
    const tape = handTape([
      { kind: K.Add, tsNs: 10, orderId: 1, side: 1, priceUnits: 99, size: 40 },
      { kind: K.Execute, tsNs: 30, orderId: 1, side: 1, priceUnits: 99, size: 30 },
    ]);
    const { venue, scheduler, events } = venueFor('', { tape, info: handInfo('L3') });
    at(scheduler, 20, () => venue.submit(limit('b', 1, 100, 12)));
    scheduler.run(Infinity);
    expect(brief(events)).toEqual(['b Accepted', 'b Filled 12@100 leaves 0 maker']);
    expect((venue.book as OrderBook).orderRemaining(1)).toBe(40 - 18);
  });

  it('a historical add that crosses our resting order trades with it; the liquidity is then gone', () => {
    const tape = handTape([
      { kind: K.Add, tsNs: 10, orderId: 1, side: -1, priceUnits: 103, size: 9 },
      { kind: K.Add, tsNs: 30, orderId: 7, side: -1, priceUnits: 100, size: 4 },
      { kind: K.Execute, tsNs: 40, orderId: 7, side: -1, priceUnits: 100, size: 4 },
    ]);
    const { venue, scheduler, events } = venueFor('', { tape, info: handInfo('L3') });
    at(scheduler, 20, () => venue.submit(limit('b', 1, 100, 10)));
    scheduler.run(Infinity);
    expect(brief(events)).toEqual(['b Accepted', 'b Filled 4@100 leaves 6 maker', 'b Cancelled session-end']);
    expect(venue.stats()).toMatchObject({ consumedSize: 4, clippedEvents: 1, clippedSize: 4 });
    expect((venue.book as OrderBook).bestAsk()).toBe(103);
  });

  it('liquidity we take is clipped from later historical events (no double fill)', () => {
    const tape = handTape([
      { kind: K.Add, tsNs: 10, orderId: 8, side: -1, priceUnits: 102, size: 10 },
      { kind: K.Add, tsNs: 11, orderId: 9, side: -1, priceUnits: 102, size: 5 },
      { kind: K.Execute, tsNs: 30, orderId: 8, side: -1, priceUnits: 102, size: 10 },
      { kind: K.Execute, tsNs: 31, orderId: 9, side: -1, priceUnits: 102, size: 5 },
    ]);
    const { venue, scheduler, events } = venueFor('', { tape, info: handInfo('L3') });
    const book = venue.book as OrderBook;
    at(scheduler, 20, () => venue.submit(limit('t', 1, 102, 6, 'ioc')));
    at(scheduler, 30, () => expect(book.sizeAt(-1, 102)).toBe(4 + 5));
    scheduler.run(Infinity);
    expect(brief(events)).toEqual(['t Accepted', 't Filled 6@102 leaves 0 taker']);
    // Order 8's execution of 10 found 4: 6 clipped. Order 9 was untouched.
    expect(venue.stats()).toMatchObject({ consumedSize: 6, clippedEvents: 1, clippedSize: 6, takenSize: 6 });
    expect(book.sizeAt(-1, 102)).toBe(0);
    expect(book.orderCount()).toBe(0);
  });

  it('level corrections never remove our orders, and a reset puts history ahead of us', () => {
    const tape = handTape([
      { kind: K.Add, tsNs: 10, orderId: 1, side: 1, priceUnits: 100, size: 30 },
      { kind: K.Level, tsNs: 30, side: 1, priceUnits: 100, size: 10 }, // history: the level holds 10, not 30
      { kind: K.Level, tsNs: 40, side: 1, priceUnits: 100, size: 25, flags: RESET_LEVEL },
    ]);
    const { venue, scheduler } = venueFor('', { tape, info: handInfo('L3') });
    const book = venue.book as OrderBook;
    at(scheduler, 20, () => venue.submit(limit('b', 1, 100, 7)));
    at(scheduler, 35, () => {
      expect(book.sizeAt(1, 100)).toBe(10 + 7);
      expect(venue.queueAhead('b')).toBe(10);
    });
    scheduler.run(Infinity);
    // The session end removed our order; the reset left history's 25 as anonymous liquidity.
    expect(book.sizeAt(1, 100)).toBe(25);
    expect(book.anonymousAt(1, 100)).toBe(25);
  });
});

describe('L3 replay venue: reset keeps our order behind the anonymous level', () => {
  it('queue ahead equals the reset size', () => {
    const tape = handTape([
      { kind: K.Add, tsNs: 10, orderId: 1, side: 1, priceUnits: 100, size: 30 },
      { kind: K.Level, tsNs: 40, side: 1, priceUnits: 100, size: 25, flags: RESET_LEVEL },
      { kind: K.Add, tsNs: 60, orderId: 2, side: -1, priceUnits: 110, size: 1 },
    ]);
    const { venue, scheduler } = venueFor('', { tape, info: handInfo('L3') });
    at(scheduler, 20, () => venue.submit(limit('b', 1, 100, 7)));
    at(scheduler, 50, () => {
      expect(venue.queueAhead('b')).toBe(25);
      expect(venue.book.sizeAt(1, 100)).toBe(32);
    });
    scheduler.run(Infinity);
  });
});

describe('L3 replay venue: anonymous liquidity we traded ahead of does not outlive history', () => {
  it('an execution of anonymous liquidity that fills us by trade-through leaves no phantom once history has emptied the level', () => {
    // A LOBSTER level-1 day: bid 100 enters by a correction (anonymous, 20), we bid 101 (better),
    // history executes the anonymous 20 at 100 (a sell that would have hit us first: we take 5),
    // then an ask arrives at 100 — in history the bid level is empty, so the book is not crossed.
    const tape = handTape([
      { kind: K.Level, tsNs: 10, side: 1, priceUnits: 100, size: 20, flags: RESET_LEVEL },
      { kind: K.Add, tsNs: 11, orderId: 7, side: -1, priceUnits: 104, size: 10 },
      { kind: K.Execute, tsNs: 40, orderId: 99, side: 1, priceUnits: 100, size: 20 },
      { kind: K.Add, tsNs: 60, orderId: 8, side: -1, priceUnits: 100, size: 10 },
    ]);
    const { venue, scheduler, events } = venueFor('', { tape, info: handInfo('L3') });
    const book = venue.book as OrderBook;
    at(scheduler, 20, () => venue.submit(limit('b', 1, 101, 5)));
    at(scheduler, 50, () => {
      expect(book.anonymousAt(1, 100)).toBe(0);
      expect(book.sizeAt(1, 100)).toBe(0);
    });
    scheduler.run(Infinity);
    expect(brief(events)).toEqual(['b Accepted', 'b Filled 5@101 leaves 0 maker']);
    expect(book.bestBid()).not.toBe(100);
    expect(book.isCrossed()).toBe(false);
    expect(venue.stats().extraRemoved).toBe(5);
  });

  it('keeps the extra while history still holds anonymous liquidity at the level', () => {
    const tape = handTape([
      { kind: K.Level, tsNs: 10, side: 1, priceUnits: 100, size: 30, flags: RESET_LEVEL },
      { kind: K.Execute, tsNs: 40, orderId: 99, side: 1, priceUnits: 100, size: 20 },
      { kind: K.Cancel, tsNs: 60, orderId: 98, side: 1, priceUnits: 100, size: 5 },
    ]);
    const { venue, scheduler } = venueFor('', { tape, info: handInfo('L3') });
    const book = venue.book as OrderBook;
    at(scheduler, 20, () => venue.submit(limit('b', 1, 101, 5)));
    // History: 30 − 20 = 10 left; ours: we took 5 of the 20, so 15 remain (10 history + 5 extra).
    at(scheduler, 50, () => expect(book.anonymousAt(1, 100)).toBe(15));
    // History cancels 5 of its 10: 5 left in history, 10 in our book.
    at(scheduler, 70, () => expect(book.anonymousAt(1, 100)).toBe(10));
    scheduler.run(Infinity);
  });
});
