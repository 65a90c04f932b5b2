import { describe, expect, it } from 'vitest';
import { auditLevelBook, auditOrderBook } from '../book/book-audit.js';
import type { BookView } from '../book/book-types.js';
import { LevelBook } from '../book/level-book.js';
import { OrderBook } from '../book/order-book.js';
import { buildReplayCheckpoints } from './replay-checkpoints.js';
import { AMZN, dataPath, limit, recorded, venueFor } from './test-support.js';

const BINANCE_L2 = dataPath('binance/BTCUSDT_depth10_20230109.jsonl.gz');
const DATABENTO_L3 = dataPath('databento/ARL_XNAS_mbo_2025-07-17_head1500.csv');

/** Every level of both sides (price, size, order count), and for an L3 book every level's FIFO of order ids. */
function fullBook(b: OrderBook | LevelBook | BookView): unknown {
  if (!(b instanceof OrderBook || b instanceof LevelBook)) throw new Error('not a replay book');
  const sides = [1, -1] as const;
  const levels = sides.map((s) => b.levels(s, 100_000));
  if (!(b instanceof OrderBook)) return levels;
  return { levels, fifo: sides.map((s, i) => levels[i]!.map((l) => b.levelOrderIds(s, l.priceUnits))) };
}

function audit(b: BookView): string[] {
  return b instanceof OrderBook ? auditOrderBook(b) : auditLevelBook(b as LevelBook);
}

describe('ReplayVenue checkpoints', () => {
  it.each([
    { name: 'LOBSTER AMZN (L3)', file: AMZN, everySec: 120 },
    { name: 'Databento MBO (L3)', file: DATABENTO_L3, everySec: 600 },
    { name: 'Binance depth10 (L2)', file: BINANCE_L2, everySec: 600 },
  ])('$name: the book resumed from a checkpoint equals the book replayed from the start, level by level', ({ file, everySec }) => {
    const { tape, info } = recorded(file);
    const bank = buildReplayCheckpoints(tape, info, { everySec, minGapNs: 5e6 });
    expect(bank.count).toBeGreaterThan(4);
    const picks = [1, Math.floor(bank.count / 2), bank.count - 1].map((i) => bank.list[i]!);
    for (const cp of picks) {
      expect(cp.fed).toBeGreaterThan(0);
      const ref = venueFor(file);
      ref.scheduler.run(cp.atNs - 1); // every batch before the checkpoint's
      const res = venueFor(file);
      res.venue.resumeFrom(cp);
      expect(audit(res.venue.book)).toEqual([]);
      expect(fullBook(res.venue.book)).toEqual(fullBook(ref.venue.book));
      expect(res.venue.stats()).toEqual(ref.venue.stats());
      expect(res.venue.engine.counters).toEqual(ref.venue.engine.counters);
      // And both go on identically (the next batches, the tape cursors).
      const later = cp.atNs + everySec * 0.5e9;
      ref.scheduler.run(later);
      res.scheduler.run(later);
      expect(fullBook(res.venue.book)).toEqual(fullBook(ref.venue.book));
      expect(res.venue.stats()).toEqual(ref.venue.stats());
      expect(res.venue.nextHistoryTs()).toBe(ref.venue.nextHistoryTs());
    }
  });

  it('a checkpoint is restorable again after a path traded on it (it is never shared with the book)', () => {
    const { tape, info } = recorded(AMZN);
    const bank = buildReplayCheckpoints(tape, info, { everySec: 300, minGapNs: 5e6 });
    const cp = bank.list[3]!;
    const before = venueFor(AMZN);
    before.venue.resumeFrom(cp);
    const snapshotOfFresh = fullBook(before.venue.book);
    const used = venueFor(AMZN);
    used.venue.resumeFrom(cp);
    used.scheduler.run(cp.atNs);
    const bid = used.venue.book.bestBid();
    used.venue.submit(limit('a', -1, bid, 300, 'ioc')); // takes historical liquidity
    used.venue.submit(limit('b', 1, bid, 200)); // rests in the queue
    used.scheduler.run(cp.atNs + 60e9);
    expect(used.venue.stats().fills).toBeGreaterThan(0);
    const again = venueFor(AMZN);
    again.venue.resumeFrom(cp);
    expect(fullBook(again.venue.book)).toEqual(snapshotOfFresh);
    expect(() => used.venue.checkpoint()).toThrow(/without orders/);
    expect(() => again.venue.resumeFrom(cp)).toThrow(/before the first history batch/);
  });

  it('nearest(t) is the latest checkpoint at least minGap before t; the gap before each checkpoint holds', () => {
    const { tape, info } = recorded(AMZN);
    const gap = 5e6;
    const bank = buildReplayCheckpoints(tape, info, { everySec: 60, minGapNs: gap });
    const l = bank.list;
    for (let i = 1; i < l.length; i++) {
      expect(l[i]!.atNs).toBeGreaterThan(l[i - 1]!.atNs);
      // The batch before the checkpoint's (the last input before it) is at least the gap earlier.
      const k = l[i]!.cursors[0]!;
      expect(l[i]!.atNs - tape.inputTs(k - 1)).toBeGreaterThanOrEqual(gap);
    }
    expect(bank.nearest(l[0]!.atNs + gap - 1)).toBeUndefined();
    expect(bank.nearest(l[5]!.atNs + gap)).toBe(l[5]);
    expect(bank.nearest(l[6]!.atNs + gap - 1)).toBe(l[5]);
    expect(() => buildReplayCheckpoints(tape, info, { everySec: 0, minGapNs: gap })).toThrow(/everySec/);
  });
});

describe('book snapshot / restore', () => {
  it('OrderBook: restore brings back the exact book (FIFOs, anonymous liquidity, ids) after further changes and growth', () => {
    const b = new OrderBook({ initialOrders: 16, initialLevels: 64 });
    for (let i = 0; i < 40; i++) b.add(i, i % 2 === 0 ? 1 : -1, i % 2 === 0 ? 1000 - (i % 7) : 1010 + (i % 5), 10 + i);
    b.addAnonymous(1, 1000, 7);
    b.cancel(4, 3);
    const s = b.snapshot();
    const want = fullBook(b);
    // Grow the pool, index and ladder far past the snapshot's capacity, then restore.
    for (let i = 100; i < 3000; i++) b.add(i, 1, 500 + (i % 400), 1);
    b.delete(6);
    b.match(-1, 990, 500);
    b.restore(s);
    expect(audit(b)).toEqual([]);
    expect(fullBook(b)).toEqual(want);
    // The same snapshot into a fresh book, twice.
    const c = new OrderBook();
    c.restore(s);
    c.add(5000, 1, 1000, 1);
    c.restore(s);
    expect(fullBook(c)).toEqual(want);
    expect(c.add(40, 1, 999, 1)).toBe(0); // the id index knows 0..39 only
    expect(c.add(39, 1, 999, 1)).not.toBe(0);
  });

  it('LevelBook: restore brings back every level', () => {
    const b = new LevelBook();
    for (let i = 0; i < 30; i++) b.setLevel(i % 2 === 0 ? 1 : -1, i % 2 === 0 ? 100 - i : 200 + i, 5 + i);
    const s = b.snapshot();
    const want = fullBook(b);
    for (let i = 0; i < 500; i++) b.setLevel(1, 10_000 + 3 * i, 1);
    b.setLevel(1, 100, 0);
    b.restore(s);
    expect(auditLevelBook(b)).toEqual([]);
    expect(fullBook(b)).toEqual(want);
  });
});
