import { describe, expect, it } from 'vitest';
import { Buy, Sell } from '../../domain/side.js';
import { auditOrderBook } from './book-audit.js';
import { BookResult, PriorityRule, bookResultName } from './book-result.js';
import type { DepthBuffers } from './book-types.js';
import { OrderBook } from './order-book.js';

function bufs(n: number): DepthBuffers {
  return { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
}

function fills(book: OrderBook, side: 1 | -1, limit: number, size: number): { left: number; fills: number[][] } {
  const out: number[][] = [];
  const left = book.match(side, limit, size, (id, p, s, r) => out.push([id, p, s, r]));
  return { left, fills: out };
}

function sample(): OrderBook {
  const b = new OrderBook();
  b.add(1, Buy, 100, 10);
  b.add(2, Buy, 100, 5);
  b.add(3, Buy, 99, 7);
  b.add(4, Sell, 102, 4);
  b.add(5, Sell, 103, 6);
  return b;
}

describe('OrderBook operations', () => {
  it('add rests orders FIFO per level and answers the BookView queries', () => {
    const b = sample();
    expect(b.bestBid()).toBe(100);
    expect(b.bestAsk()).toBe(102);
    expect(b.sizeAt(Buy, 100)).toBe(15);
    expect(b.sizeAt(Sell, 100)).toBe(0);
    expect(b.mid()).toBe(101);
    expect(b.microprice()).toBeCloseTo((100 * 4 + 102 * 15) / 19);
    expect(b.imbalance()).toBeCloseTo((15 - 4) / 19);
    expect(b.imbalance(2)).toBeCloseTo((22 - 10) / 32);
    expect(b.levelCount(Buy)).toBe(2);
    expect(b.levelCount(Sell)).toBe(2);
    expect(b.orderCount()).toBe(5);
    expect(b.queueAhead(1)).toBe(0);
    expect(b.queueAhead(2)).toBe(10);
    expect(b.levelOrderIds(Buy, 100)).toEqual([1, 2]);
    expect(b.orderInfo(3)).toEqual({ side: Buy, priceUnits: 99, remaining: 7 });
    expect(b.orderInfo(42)).toBeUndefined();
    expect(b.queueAhead(42)).toBeNaN();
    expect(b.levels(Sell, 5)).toEqual([{ priceUnits: 102, size: 4, orderCount: 1 }, { priceUnits: 103, size: 6, orderCount: 1 }]);
    const out = bufs(3);
    expect(b.depth(3, out)).toEqual([2, 2]);
    expect([...out.bidPrice]).toEqual([100, 99, NaN]);
    expect([...out.bidSize]).toEqual([15, 7, 0]);
    expect([...out.askPrice]).toEqual([102, 103, NaN]);
    expect(b.isCrossed()).toBe(false);
    expect(auditOrderBook(b)).toEqual([]);
  });

  it('add reports errors without changing the book', () => {
    const b = sample();
    expect(b.add(1, Buy, 100, 1)).toBe(BookResult.DuplicateOrder);
    expect(b.add(9, Buy, 100, 0)).toBe(BookResult.InvalidSize);
    expect(b.add(9, Buy, 100, -1)).toBe(BookResult.InvalidSize);
    expect(b.add(9, Buy, 100, 1.5)).toBe(BookResult.InvalidSize);
    expect(b.add(9, Buy, 100.5, 1)).toBe(BookResult.InvalidPrice);
    expect(b.add(9, Buy, NaN, 1)).toBe(BookResult.InvalidPrice);
    expect(b.add(9, Buy, Infinity, 1)).toBe(BookResult.InvalidPrice);
    expect(b.add(-1, Buy, 100, 1)).toBe(BookResult.InvalidId);
    expect(b.add(0.5, Buy, 100, 1)).toBe(BookResult.InvalidId);
    expect(b.add(2 ** 53, Buy, 100, 1)).toBe(BookResult.InvalidId);
    expect(b.add(9, 0 as never, 100, 1)).toBe(BookResult.InvalidSide);
    expect(b.orderCount()).toBe(5);
    expect(b.sizeAt(Buy, 100)).toBe(15);
    expect(bookResultName(BookResult.DuplicateOrder)).toBe('DuplicateOrder');
    expect(auditOrderBook(b)).toEqual([]);
  });

  it('adds never match: a crossing add leaves the book crossed', () => {
    const b = sample();
    expect(b.add(9, Buy, 103, 1)).toBe(BookResult.Ok);
    expect(b.isCrossed()).toBe(true);
    expect(b.sizeAt(Sell, 102)).toBe(4);
  });

  it('remove takes a resting order whole and returns the size it had (NaN when not resting)', () => {
    const b = sample();
    const before = b.sizeAt(Buy, 100);
    expect(b.remove(1)).toBe(10);
    expect(b.orderInfo(1)).toBeUndefined();
    expect(b.sizeAt(Buy, 100)).toBe(before - 10);
    expect(b.remove(1)).toBeNaN();
    expect(b.remove(77)).toBeNaN();
    expect(auditOrderBook(b)).toEqual([]);
  });

  it('cancel / execute reduce in place (priority kept) and remove at zero', () => {
    const b = sample();
    expect(b.cancel(1, 4)).toBe(BookResult.Ok);
    expect(b.levelOrderIds(Buy, 100)).toEqual([1, 2]);
    expect(b.orderRemaining(1)).toBe(6);
    expect(b.sizeAt(Buy, 100)).toBe(11);
    expect(b.execute(1, 6)).toBe(BookResult.Ok);
    expect(b.orderInfo(1)).toBeUndefined();
    expect(b.levelOrderIds(Buy, 100)).toEqual([2]);
    expect(b.cancel(2, 6)).toBe(BookResult.ExceedsRemaining);
    expect(b.execute(2, 0)).toBe(BookResult.InvalidSize);
    expect(b.cancel(77, 1)).toBe(BookResult.UnknownOrder);
    expect(b.sizeAt(Buy, 100)).toBe(5);
    expect(b.execute(2, 5)).toBe(BookResult.Ok);
    expect(b.bestBid()).toBe(99);
    expect(b.levelCount(Buy)).toBe(1);
    expect(auditOrderBook(b)).toEqual([]);
  });

  it('delete removes whole orders; the best price follows', () => {
    const b = sample();
    expect(b.delete(4)).toBe(BookResult.Ok);
    expect(b.bestAsk()).toBe(103);
    expect(b.delete(4)).toBe(BookResult.UnknownOrder);
    expect(b.delete(5)).toBe(BookResult.Ok);
    expect(b.bestAsk()).toBeNaN();
    expect(b.mid()).toBeNaN();
    expect(b.microprice()).toBeNaN();
    expect(b.imbalance()).toBe(1);
    expect(auditOrderBook(b)).toEqual([]);
  });

  it('modify: default rule keeps priority only for a same-price size decrease', () => {
    const b = sample();
    b.add(6, Buy, 100, 3);
    expect(b.modify(1, 100, 8)).toBe(BookResult.Ok); // decrease: keeps
    expect(b.levelOrderIds(Buy, 100)).toEqual([1, 2, 6]);
    expect(b.modify(1, 100, 8)).toBe(BookResult.Ok); // unchanged: keeps
    expect(b.levelOrderIds(Buy, 100)).toEqual([1, 2, 6]);
    expect(b.modify(1, 100, 9)).toBe(BookResult.Ok); // increase: loses
    expect(b.levelOrderIds(Buy, 100)).toEqual([2, 6, 1]);
    expect(b.sizeAt(Buy, 100)).toBe(17);
    expect(b.modify(2, 99, 5)).toBe(BookResult.Ok); // price change: back of new level
    expect(b.levelOrderIds(Buy, 99)).toEqual([3, 2]);
    expect(b.queueAhead(2)).toBe(7);
    expect(b.modify(2, 99, 0)).toBe(BookResult.InvalidSize);
    expect(b.modify(2, 99.5, 1)).toBe(BookResult.InvalidPrice);
    expect(b.modify(99, 99, 1)).toBe(BookResult.UnknownOrder);
    expect(b.modify(4, 95, 4)).toBe(BookResult.Ok); // a sell moved through the bids: no match
    expect(b.isCrossed()).toBe(true);
    expect(auditOrderBook(b)).toEqual([]);
  });

  it('modify: AlwaysLose and KeepOnSamePrice rules, per call or per book', () => {
    const b = sample();
    expect(b.modify(1, 100, 3, PriorityRule.AlwaysLose)).toBe(BookResult.Ok);
    expect(b.levelOrderIds(Buy, 100)).toEqual([2, 1]);
    expect(b.modify(2, 100, 50, PriorityRule.KeepOnSamePrice)).toBe(BookResult.Ok);
    expect(b.levelOrderIds(Buy, 100)).toEqual([2, 1]);
    const c = new OrderBook({ priorityRule: PriorityRule.AlwaysLose });
    c.add(1, Sell, 10, 1);
    c.add(2, Sell, 10, 1);
    c.modify(1, 10, 1);
    expect(c.levelOrderIds(Sell, 10)).toEqual([2, 1]);
    expect(c.move(2, 11)).toBe(BookResult.Ok);
    expect(c.orderInfo(2)).toEqual({ side: Sell, priceUnits: 11, remaining: 1 });
    expect(c.move(2, NaN)).toBe(BookResult.InvalidPrice);
    expect(c.move(3, 11)).toBe(BookResult.UnknownOrder);
  });

  it('match walks the opposite side by price then FIFO, at resting prices, up to the limit', () => {
    const b = sample();
    b.add(6, Sell, 102, 2);
    let r = fills(b, Buy, 102, 5);
    expect(r.left).toBe(0);
    expect(r.fills).toEqual([[4, 102, 4, 0], [6, 102, 1, 1]]);
    expect(b.levelOrderIds(Sell, 102)).toEqual([6]);
    r = fills(b, Buy, 102, 5); // only 1 left at 102; 103 is beyond the limit
    expect(r).toEqual({ left: 4, fills: [[6, 102, 1, 0]] });
    r = fills(b, Sell, NaN, 30); // market sell sweeps all bids
    expect(r.fills).toEqual([[1, 100, 10, 0], [2, 100, 5, 0], [3, 99, 7, 0]]);
    expect(r.left).toBe(8);
    expect(b.bestBid()).toBeNaN();
    expect(b.match(Sell, NaN, 0)).toBeNaN();
    expect(b.match(0 as never, NaN, 1)).toBeNaN();
    expect(b.match(Buy, 50, 3)).toBe(3); // nothing at or under 50
    expect(auditOrderBook(b)).toEqual([]);
  });

  it('anonymous liquidity sits at the front, fills first and is reduced separately', () => {
    const b = sample();
    expect(b.addAnonymous(Buy, 100, 20)).toBe(BookResult.Ok);
    expect(b.addAnonymous(Buy, 100, 5)).toBe(BookResult.Ok); // grows in place
    const ids = b.levelOrderIds(Buy, 100);
    expect(ids[0]!).toBeLessThan(0);
    expect(ids.slice(1)).toEqual([1, 2]);
    expect(b.anonymousAt(Buy, 100)).toBe(25);
    expect(b.queueAhead(1)).toBe(25);
    expect(b.orderCount()).toBe(5);
    expect(b.levelCount(Buy)).toBe(2);
    expect(b.reduceAnonymous(Buy, 100, 5)).toBe(BookResult.Ok);
    expect(b.sizeAt(Buy, 100)).toBe(35);
    const r = fills(b, Sell, 100, 22);
    expect(r.fills).toEqual([[ids[0]!, 100, 20, 0], [1, 100, 2, 8]]);
    expect(b.reduceAnonymous(Buy, 100, 1)).toBe(BookResult.NoAnonymous);
    expect(b.reduceAnonymous(Buy, 98, 1)).toBe(BookResult.NoAnonymous);
    expect(b.addAnonymous(Sell, 110, 3)).toBe(BookResult.Ok);
    expect(b.reduceAnonymous(Sell, 110, 5)).toBe(BookResult.PartiallyApplied);
    expect(b.sizeAt(Sell, 110)).toBe(0);
    expect(b.addAnonymous(Sell, 110, 0)).toBe(BookResult.InvalidSize);
    expect(b.addAnonymous(Sell, 1.5, 1)).toBe(BookResult.InvalidPrice);
    expect(b.addAnonymous(2 as never, 1, 1)).toBe(BookResult.InvalidSide);
    expect(b.reduceAnonymous(2 as never, 1, 1)).toBe(BookResult.InvalidSide);
    expect(b.reduceAnonymous(Buy, 1, -1)).toBe(BookResult.InvalidSize);
    expect(auditOrderBook(b)).toEqual([]);
  });

  it('clear empties the book and keeps working', () => {
    const b = sample();
    b.addAnonymous(Sell, 104, 1);
    b.clear();
    expect(b.orderCount()).toBe(0);
    expect(b.levelCount(Buy) + b.levelCount(Sell)).toBe(0);
    expect(b.bestBid()).toBeNaN();
    expect(auditOrderBook(b)).toEqual([]);
    expect(b.add(1, Buy, 5, 1)).toBe(BookResult.Ok);
    expect(b.bestBid()).toBe(5);
  });

  it('handles zero, negative and huge prices and ids', () => {
    const b = new OrderBook();
    expect(b.add(2 ** 53 - 1, Sell, 0, 1)).toBe(BookResult.Ok);
    expect(Object.is(b.bestAsk(), 0)).toBe(true);
    expect(b.add(7, Buy, -5, 1)).toBe(BookResult.Ok);
    expect(b.add(8, Buy, 2 ** 50, 1)).toBe(BookResult.Ok);
    expect(b.add(9, Buy, 2 ** 50 + 1, 1)).toBe(BookResult.InvalidPrice);
    expect(b.bestBid()).toBe(2 ** 50);
    expect(b.delete(8)).toBe(BookResult.Ok);
    expect(b.bestBid()).toBe(-5);
    expect(b.orderInfo(2 ** 53 - 1)).toEqual({ side: Sell, priceUnits: 0, remaining: 1 });
    expect(auditOrderBook(b)).toEqual([]);
  });

  it('re-grids to the gcd tick and grows the window while preserving contents', () => {
    const b = new OrderBook({ tickUnits: 100, maxWindowLevels: 256, initialLevels: 64 });
    b.add(1, Buy, 10_000, 1);
    b.add(2, Buy, 10_050, 2); // off-tick → tick 50
    expect(b.bids.tick).toBe(50);
    b.add(3, Buy, 10_051, 3); // → tick 1
    expect(b.bids.tick).toBe(1);
    b.add(4, Buy, 5_000, 4); // far below: overflow
    expect(b.bids.ovLen).toBe(1);
    expect(b.levels(Buy, 10).map((l) => l.priceUnits)).toEqual([10_051, 10_050, 10_000, 5_000]);
    b.delete(1);
    b.delete(2);
    b.delete(3); // window empties → overflow migrates into the window
    expect(b.bids.ovLen).toBe(0);
    expect(b.bestBid()).toBe(5_000);
    expect(b.sizeAt(Buy, 5_000)).toBe(4);
    expect(auditOrderBook(b)).toEqual([]);
  });
});
