import { describe, expect, it } from 'vitest';
import { EventLog } from '../../kernel/event-log.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { Exchange, type OrderOwner } from './exchange.js';

interface Fill { agent: number; id: number; price: number; size: number; rem: number }

function setup() {
  const sch = new Scheduler();
  const log = new EventLog(true);
  const ex = new Exchange(sch, 1, 100, log);
  const fills: Fill[] = [];
  const owner: OrderOwner = { onRestingFill: (agent, id, price, size, rem) => fills.push({ agent, id, price, size, rem }) };
  const base = ex.addOwner(owner, 3);
  return { sch, log, ex, fills, a: base, b: base + 1, c: base + 2 };
}

describe('Exchange', () => {
  it('rests non-crossing limits and trades crossing ones at the resting price, price then time priority', () => {
    const { ex, fills, a, b, c } = setup();
    const s1 = ex.limit(a, -1, 101, 5);
    const s2 = ex.limit(b, -1, 101, 5);
    const s3 = ex.limit(a, -1, 102, 5);
    expect([s1, s2, s3].every((id) => id >= 0)).toBe(true);
    const taken: Array<[number, number]> = [];
    const rid = ex.limit(c, 1, 102, 12, Infinity, (p, s) => taken.push([p, s]));
    expect(rid).toBe(-1);
    expect(taken).toEqual([[101, 5], [101, 5], [102, 2]]);
    expect(fills.map((f) => [f.id, f.agent, f.rem])).toEqual([[s1, a, 0], [s2, b, 0], [s3, a, 3]]);
    expect(ex.book.bestAsk()).toBe(102);
    expect(ex.position[c]).toBe(12);
    expect(ex.position[a]! + ex.position[b]!).toBe(-12);
    expect(ex.trades).toBe(3);
    expect(ex.volume).toBe(12);
    expect(ex.lastPriceUnits).toBe(102);
    // A crossing limit rests what it could not fill.
    const r2 = ex.limit(c, 1, 103, 10);
    expect(ex.book.orderRemaining(r2)).toBe(7);
    expect(ex.book.isCrossed()).toBe(false);
  });

  it('market and IOC orders never rest; cancel removes; replace keeps or loses priority and trades when crossing', () => {
    const { ex, a, b, c } = setup();
    ex.limit(a, 1, 99, 10);
    expect(ex.market(b, -1, 25)).toBe(10);
    expect(ex.book.bestBid()).toBeNaN();
    const x = ex.limit(a, 1, 98, 10);
    const y = ex.limit(b, 1, 98, 10);
    expect(ex.ioc(c, -1, 99, 5)).toBe(0);
    expect(ex.replace(x, 98, 4)).toBe(4); // size decrease at the same price keeps priority
    expect(ex.book.levelOrderIds(1, 98)).toEqual([x, y]);
    expect(ex.replace(x, 98, 8)).toBe(8); // size increase loses it
    expect(ex.book.levelOrderIds(1, 98)).toEqual([y, x]);
    const z = ex.limit(c, -1, 100, 3);
    expect(ex.replace(y, 101, 5)).toBe(2); // crosses: trades 3 at 100, rests 2 at 101
    expect(ex.book.orderRemaining(z)).toBeNaN();
    expect(ex.book.bestBid()).toBe(101);
    expect(ex.cancel(y)).toBe(2);
    expect(ex.cancel(y)).toBe(0);
    expect(ex.replace(y, 90, 1)).toBe(-1);
    expect(ex.book.isCrossed()).toBe(false);
    let sum = 0;
    for (const p of ex.position) sum += p;
    expect(sum).toBe(0);
  });

  it('expires an order at the end of its lifetime, unless it left the book earlier', () => {
    const { sch, ex, a } = setup();
    const x = ex.limit(a, 1, 90, 5, 1_000);
    const y = ex.limit(a, 1, 91, 5, 2_000);
    ex.cancel(y);
    const z = ex.limit(a, 1, 92, 5); // may reuse y's slot: y's stale expiry must not cancel it
    sch.run(10_000);
    expect(ex.book.orderRemaining(x)).toBeNaN();
    expect(ex.book.orderRemaining(z)).toBe(5);
    expect(ex.cancels).toBe(2);
  });

  it('gives unique ids across slot reuse and logs every message and trade', () => {
    const { ex, log, a, b } = setup();
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) {
      const id = ex.limit(a, 1, 95, 1);
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      ex.cancel(id);
    }
    ex.limit(a, -1, 105, 2);
    ex.market(b, 1, 1);
    const lines = log.text();
    expect(lines.at(-3)).toMatch(/^N,0,\d+,0,-1,105,2$/);
    expect(lines.at(-2)).toMatch(/^M,0,\d+,1,1,1$/);
    expect(lines.at(-1)).toMatch(/^T,0,\d+,\d+,1,105,1$/);
    expect(log.count).toBe(ex.events);
  });

  it('publishes trades and top-of-book changes only when the top changes', () => {
    const { ex, a, b } = setup();
    const quotes: number[][] = [];
    const trades: number[][] = [];
    ex.onQuote((t, bp, bs, ap, as) => quotes.push([bp, bs, ap, as]));
    ex.onTrade((t, p, s, side) => trades.push([p, s, side]));
    ex.limit(a, 1, 99, 10);
    ex.limit(a, 1, 98, 10); // below the top: no quote
    ex.limit(a, -1, 101, 5);
    ex.market(b, -1, 4);
    expect(quotes).toEqual([[99, 10, NaN, 0], [99, 10, 101, 5], [99, 6, 101, 5]]);
    expect(trades).toEqual([[99, 4, -1]]);
  });
});
