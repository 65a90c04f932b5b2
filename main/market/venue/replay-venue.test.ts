import { describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import { EventLog } from '../../kernel/event-log.js';
import { Rng } from '../../kernel/rng.js';
import type { DepthBuffers } from '../book/book-types.js';
import type { OrderBook } from '../book/order-book.js';
import { EventKind } from '../events/market-event.js';
import { TapePlayer } from '../replay/tape-player.js';
import { ConstantLatency, LognormalLatency, PerKindLatency } from './latency-models.js';
import { PerShareFees } from './fee-models.js';
import { AMZN, at, dataPath, limit, recorded, venueFor } from './test-support.js';

// The real AMZN day (LOBSTER level 1, reconciled with its orderbook file) with our orders in it.

const SEC = 1e9;

function depthText(book: { depth(n: number, out: DepthBuffers): [number, number] }, n = 50): string {
  const out: DepthBuffers = { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
  const [nb, na] = book.depth(n, out);
  return `${Array.from(out.bidPrice.subarray(0, nb))}|${Array.from(out.bidSize.subarray(0, nb))}|${Array.from(out.askPrice.subarray(0, na))}|${Array.from(out.askSize.subarray(0, na))}`;
}

describe('ReplayVenue on the AMZN day: L3 queue position', () => {
  it('a passive buy at the best bid fills only after the size ahead of it was traded or cancelled', () => {
    const { tape } = recorded(AMZN);
    for (const T of [36_000, 39_600, 45_000]) {
      const { venue, scheduler, events } = venueFor(AMZN, { startTsNs: T * SEC - 1, latency: new ConstantLatency(1_000) });
      at(scheduler, T * SEC, () => venue.submit(limit('b', 1, venue.book.bestBid(), 100)));
      scheduler.run(Infinity);
      const o = venue.order('b')!;
      const fill = events.find((e): e is Extract<OrderEvent, { type: 'OrderFilled' }> => e.type === 'OrderFilled');
      expect(fill, `T=${T}`).toBeDefined();
      expect(o.restedAtNs).toBe(T * SEC + 1_000);
      expect(o.queueAheadAtEntry).toBeGreaterThan(0);
      // From the tape: when had cancels + deletions + executions at our price (bid side) since we
      // joined first added up to the size that was ahead of us?
      let removed = 0;
      let reachedNs = NaN;
      for (let i = 0; i < tape.length && tape.ts[i]! <= fill!.tsNs; i++) {
        if (tape.ts[i]! < o.restedAtNs || tape.side[i] !== 1 || tape.price[i] !== o.priceUnits) continue;
        const k = tape.kind[i];
        if (k === EventKind.Cancel || k === EventKind.Delete || k === EventKind.Execute) {
          removed += tape.size[i]!;
          if (removed >= o.queueAheadAtEntry && reachedNs !== reachedNs) reachedNs = tape.ts[i]!;
        }
      }
      expect(reachedNs, `T=${T}: queue ahead ${o.queueAheadAtEntry}, removed ${removed} before the fill`).toBeLessThanOrEqual(fill!.tsNs);
      expect(fill!.aggressor).toBe(false);
      expect(fill!.priceUnits).toBe(o.priceUnits);
    }
  });

  it('a marketable buy consumes the ask; the later historical execution of that order is clipped', () => {
    const { tape, info } = recorded(AMZN);
    // Find a moment where the best ask's front order is a known order that history later executes.
    const player = new TapePlayer(tape, info);
    let T = 0;
    let H = -1;
    let size = 0;
    let ask = NaN;
    for (let t = 36_000; t < 55_000 && H < 0; t += 300) {
      player.advanceUntilTs(t * SEC, Number.MAX_SAFE_INTEGER);
      const book = player.book as OrderBook;
      ask = book.bestAsk();
      const front = book.levelOrderIds(-1, ask)[0]!;
      if (front >= 0 && book.levelOrderIds(-1, ask).length === 1) {
        for (let i = 0; i < tape.length; i++) {
          if (tape.ts[i]! > t * SEC && tape.orderId[i] === front && tape.kind[i] === EventKind.Execute) {
            T = t;
            H = front;
            size = book.orderRemaining(front);
            break;
          }
        }
      }
    }
    expect(H).toBeGreaterThan(0);
    let laterOnH = 0;
    for (let i = 0; i < tape.length; i++) {
      const k = tape.kind[i];
      if (tape.ts[i]! > T * SEC && tape.orderId[i] === H && (k === EventKind.Execute || k === EventKind.Cancel || k === EventKind.Delete)) laterOnH += tape.size[i]!;
    }
    const { venue, scheduler, events } = venueFor(AMZN, { startTsNs: T * SEC, fees: new PerShareFees({ makerPerShareUnits: -20, takerPerShareUnits: 30 }) });
    at(scheduler, T * SEC, () => venue.submit(limit('t', 1, ask, size, 'ioc')));
    scheduler.run(Infinity);
    const fills = events.filter((e) => e.type === 'OrderFilled');
    expect(fills).toEqual([expect.objectContaining({ size, priceUnits: ask, leaves: 0, aggressor: true, fee: 30 * size })]);
    const s = venue.stats();
    expect(s.consumedSize).toBe(size);
    // Every later historical reduction of H found nothing: all of it clipped, nothing filled twice.
    expect(s.clippedSize).toBe(laterOnH);
    expect(s.clippedEvents).toBeGreaterThanOrEqual(1);
    // Once history itself has removed H, the book is history's again.
    player.advanceTo(player.total);
    expect(depthText(venue.book)).toBe(depthText(player.book));
  });

  it.each([
    ['AMZN level 1 (LOBSTER)', AMZN, 900],
    ['MSFT level 50 (LOBSTER)', dataPath('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv'), 0.001],
    ['ARL (Databento MBO)', dataPath('databento/ARL_XNAS_mbo_2025-07-17_head1500.csv'), 60],
  ])('%s: a replay with no orders of ours leaves the book exactly as the plain replay, at every check', (_name, file, stepSec) => {
    const { tape, info } = recorded(file);
    const { venue, scheduler } = venueFor(file);
    const player = new TapePlayer(tape, info);
    const mismatches: string[] = [];
    const t0 = tape.inputTs(0);
    const t1 = tape.inputTs(tape.inputCount - 1);
    for (let t = t0; t <= t1; t += stepSec * SEC) {
      at(scheduler, t, () => {
        player.advanceUntilTs(t, Number.MAX_SAFE_INTEGER);
        if (depthText(venue.book) !== depthText(player.book)) mismatches.push(`t=${t}`);
        if ((venue.book as OrderBook).orderCount() !== (player.book as OrderBook).orderCount()) mismatches.push(`orders t=${t}`);
      });
    }
    scheduler.run(Infinity);
    player.advanceTo(player.total);
    expect(mismatches).toEqual([]);
    expect(depthText(venue.book)).toBe(depthText(player.book));
    expect(venue.engine.counters).toEqual(player.counters);
    expect(venue.stats().historicalEvents).toBe(tape.inputCount);
  });
});

describe('ReplayVenue on Databento MBO (fills reported as F, then C)', () => {
  it('our ask ahead of an order that history fills takes the fill; the following cancel is reduced', () => {
    const file = dataPath('databento/ARL_XNAS_mbo_2025-07-17_head1500.csv');
    // Order 68625181 joins the 13.40 ask at 13:39:08.714284059; F of 1 and C of 1 at 13:39:39.996, then C 23.
    const addNs = (13 * 3600 + 39 * 60 + 8) * SEC + 714_284_059;
    const { venue, scheduler, events } = venueFor(file, { startTsNs: addNs - 1_000 });
    at(scheduler, addNs - 1_000, () => venue.submit(limit('a', -1, 134_000, 5)));
    at(scheduler, addNs + 1, () => expect(venue.queueAhead('a')).toBeLessThan((venue.book as OrderBook).queueAhead(68_625_181)));
    scheduler.run(Infinity);
    const fills = events.filter((e) => e.type === 'OrderFilled');
    expect(fills).toEqual([
      // The F of 1 at 13:39:39.996436857: the aggressor reached us first.
      expect.objectContaining({ tsNs: (13 * 3600 + 39 * 60 + 39) * SEC + 996_436_857, size: 1, priceUnits: 134_000, leaves: 4, aggressor: false }),
      // 15:32:28.644335983: a bid for 10 at 13.55 is added, crossing our 13.40 ask: we trade as maker.
      expect.objectContaining({ tsNs: (15 * 3600 + 32 * 60 + 28) * SEC + 644_335_983, size: 4, priceUnits: 134_000, leaves: 0, aggressor: false }),
    ]);
    // History cancelled the order's last 1 + 23; our book had 1 more (we filled first): removed with it.
    expect(venue.stats()).toMatchObject({ extraRemoved: 1, consumedSize: 4 });
    expect((venue.book as OrderBook).orderRemaining(68_625_181)).toBeNaN();
  });
});

describe('ReplayVenue determinism', () => {
  /** A TWAP-like child-order stream: every 60 s a buy at the best bid, the previous one cancelled. */
  function run(seed: number): { hash: string; events: number } {
    const log = new EventLog();
    const latency = new PerKindLatency({
      entry: new LognormalLatency({ medianNs: 200_000, sigma: 0.5 }),
      ack: new LognormalLatency({ medianNs: 100_000, sigma: 0.5 }),
      marketData: new ConstantLatency(50_000),
    });
    const { venue, scheduler, events } = venueFor(AMZN, { rng: new Rng(seed), latency, log, startTsNs: 36_000 * SEC, endTsNs: 43_200 * SEC });
    const view = venue.marketView(5);
    let n = 0;
    const tick = (): void => {
      if (n > 0) venue.submit({ kind: 'cancel', clientOrderId: `c${n - 1}` });
      const bid = view.book.bestBid();
      if (bid === bid) venue.submit(limit(`c${n++}`, 1, bid, 100));
      if (scheduler.now + 60 * SEC < 43_200 * SEC) scheduler.after(60 * SEC, { fire: tick });
    };
    at(scheduler, 36_000 * SEC, tick);
    scheduler.run(Infinity);
    return { hash: log.hash(), events: events.length };
  }

  it('same seed, data and config give the same OrderEvent hash; another seed differs', () => {
    const a = run(7);
    const b = run(7);
    const c = run(8);
    expect(a.events).toBeGreaterThan(200);
    expect(b).toEqual(a);
    expect(c.hash).not.toBe(a.hash);
  });
});
