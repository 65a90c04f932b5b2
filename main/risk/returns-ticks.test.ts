import { describe, expect, it } from 'vitest';
import type { BookView, DepthBuffers } from '../market/book/book-types.js';
import { EventKind, newMarketEvent } from '../market/events/market-event.js';
import { TickSampler } from './returns-ticks.js';

/** A book whose touch the test sets by hand (one level a side, size 10). */
function fakeBook(): BookView & { set(bid: number, ask: number): void } {
  let b = NaN;
  let a = NaN;
  return {
    set(bid: number, ask: number) {
      b = bid;
      a = ask;
    },
    bestBid: () => b,
    bestAsk: () => a,
    sizeAt: () => 10,
    depth(_n: number, out: DepthBuffers): [number, number] {
      out.bidSize[0] = 10;
      out.askSize[0] = 10;
      return [Number.isNaN(b) ? 0 : 1, Number.isNaN(a) ? 0 : 1];
    },
    mid: () => (b + a) / 2,
    microprice: () => (b + a) / 2,
    imbalance: () => 0,
    levelCount: () => 1,
  };
}

describe('tick sampling on a regular clock', () => {
  it('takes the book as of each boundary (an event exactly at it counts, later ones do not) and the trades of the interval', () => {
    const s = new TickSampler('f', 1, 1, 0);
    const book = fakeBook();
    const ev = newMarketEvent();
    const at = (sec: number, bid: number, ask: number, trade?: { size: number; aggressor: -1 | 1 }): void => {
      ev.tsNs = sec * 1e9;
      ev.kind = trade ? EventKind.Trade : EventKind.Level;
      ev.size = trade?.size ?? 0;
      ev.side = trade?.aggressor ?? 0;
      book.set(bid, ask);
      s.onEvent(ev, book);
    };
    at(0.5, 99, 101); // mid 100
    at(1.0, 100, 102); // mid 101, exactly on the boundary: part of (0, 1]
    at(1.5, 101, 103, { size: 7, aggressor: 1 }); // mid 102; a buy of 7 in (1, 2]
    at(3.2, 102, 104); // mid 103: the boundaries 2 and 3 see 102
    at(3.4, NaN, 104); // bid side empty
    at(4.5, 102, 104); // boundary 4 saw no mid
    const d = s.finish('f', 'X');
    // Boundary 1 is the first with a price (no return yet); then 2 and 3; 4 had no mid (skipped); the
    // partial interval after it is dropped.
    expect(Array.from(d.t)).toEqual([2, 3]);
    expect(Array.from(d.r)).toEqual([Math.log(102 / 101), 0]);
    expect(Array.from(d.volume)).toEqual([7, 0]);
    expect(Array.from(d.flow)).toEqual([7, 0]);
    expect(d.spreadBps[0]).toBeCloseTo((2 / 102) * 1e4, 12);
    expect(d.skipped).toBe(1);
  });
});
