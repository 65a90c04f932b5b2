import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Side } from '../../domain/side.js';
import { auditOrderBook } from './book-audit.js';
import { PriorityRule } from './book-result.js';
import type { DepthBuffers } from './book-types.js';
import { OrderBook } from './order-book.js';
import { ReferenceBook, type RefFill } from './reference-book.js';

type Op =
  | { t: 'add'; id: number; side: Side; price: number; size: number }
  | { t: 'cancel' | 'execute'; id: number; size: number }
  | { t: 'delete'; id: number }
  | { t: 'modify'; id: number; price: number; size: number; rule: PriorityRule }
  | { t: 'match'; side: Side; limit: number; size: number }
  | { t: 'anon'; side: Side; price: number; size: number }
  | { t: 'unanon'; side: Side; price: number; size: number }
  | { t: 'clear' };

const side = fc.constantFrom<Side>(1, -1);
const id = fc.integer({ min: 0, max: 40 });
const size = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom(0, -3, 1.5, 200));
/** BOOK_PROP_SCALE=10 for a longer soak. */
const SCALE = Number(process.env['BOOK_PROP_SCALE'] ?? 1);
const runs = (n: number): number => Math.round(n * SCALE);
const rule = fc.constantFrom<PriorityRule>(PriorityRule.KeepOnSizeDecrease, PriorityRule.AlwaysLose, PriorityRule.KeepOnSamePrice);

/** Prices: a tight cluster on a 10-unit grid, off-grid ones, a wide range, and junk. */
function priceArb(wide: boolean): fc.Arbitrary<number> {
  const near = fc.integer({ min: 95, max: 105 }).map((x) => x * 10);
  const arbs: fc.Arbitrary<number>[] = [near, near, near, fc.integer({ min: 900, max: 1100 })];
  if (wide) {
    arbs.push(fc.integer({ min: -2_000_000, max: 2_000_000 }), fc.integer({ min: -100, max: 100 }).map((x) => x * 1000 + 1000));
    arbs.push(fc.constantFrom(2 ** 50, -(2 ** 50), 2 ** 50 - 10, 0, -1));
  }
  return fc.oneof(...arbs, fc.constantFrom(NaN, 10.5));
}

function opArb(wide: boolean): fc.Arbitrary<Op> {
  const price = priceArb(wide);
  return fc.oneof(
    { weight: 120, arbitrary: fc.record({ t: fc.constant('add' as const), id, side, price, size }) },
    { weight: 40, arbitrary: fc.record({ t: fc.constantFrom('cancel' as const, 'execute' as const), id, size }) },
    { weight: 20, arbitrary: fc.record({ t: fc.constant('delete' as const), id }) },
    { weight: 60, arbitrary: fc.record({ t: fc.constant('modify' as const), id, price, size, rule }) },
    { weight: 40, arbitrary: fc.record({ t: fc.constant('match' as const), side, limit: fc.oneof(price, fc.constant(NaN)), size }) },
    { weight: 20, arbitrary: fc.record({ t: fc.constant('anon' as const), side, price, size }) },
    { weight: 20, arbitrary: fc.record({ t: fc.constant('unanon' as const), side, price, size }) },
    { weight: 1, arbitrary: fc.constant({ t: 'clear' as const }) },
  );
}

function buffers(n: number): DepthBuffers {
  return { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
}

function apply(book: OrderBook, ref: ReferenceBook, op: Op): void {
  let a: number;
  let b: number;
  switch (op.t) {
    case 'add': a = book.add(op.id, op.side, op.price, op.size); b = ref.add(op.id, op.side, op.price, op.size); break;
    case 'cancel': a = book.cancel(op.id, op.size); b = ref.reduce(op.id, op.size); break;
    case 'execute': a = book.execute(op.id, op.size); b = ref.reduce(op.id, op.size); break;
    case 'delete': a = book.delete(op.id); b = ref.delete(op.id); break;
    case 'modify': a = book.modify(op.id, op.price, op.size, op.rule); b = ref.modify(op.id, op.price, op.size, op.rule); break;
    case 'anon': a = book.addAnonymous(op.side, op.price, op.size); b = ref.addAnonymous(op.side, op.price, op.size); break;
    case 'unanon': a = book.reduceAnonymous(op.side, op.price, op.size); b = ref.reduceAnonymous(op.side, op.price, op.size); break;
    case 'clear': book.clear(); ref.clear(); a = b = 0; break;
    case 'match': {
      const got: RefFill[] = [];
      const want: RefFill[] = [];
      a = book.match(op.side, op.limit, op.size, (id, price, size, left) => got.push({ id, price, size, left }));
      b = ref.match(op.side, op.limit, op.size, want);
      expect(got).toEqual(want);
      break;
    }
  }
  expect(a).toBe(b);
}

function compare(book: OrderBook, ref: ReferenceBook, probe: number[]): void {
  expect(auditOrderBook(book)).toEqual([]);
  expect(book.bestBid()).toBe(ref.best(1));
  expect(book.bestAsk()).toBe(ref.best(-1));
  const bp = ref.prices(1);
  const ap = ref.prices(-1);
  expect(book.levelCount(1)).toBe(bp.length);
  expect(book.levelCount(-1)).toBe(ap.length);
  const n = Math.max(bp.length, ap.length, 1) + 2;
  const out = buffers(n);
  expect(book.depth(n, out)).toEqual([bp.length, ap.length]);
  for (const [prices, s, px, sz] of [[bp, 1, out.bidPrice, out.bidSize], [ap, -1, out.askPrice, out.askSize]] as const) {
    for (let i = 0; i < n; i++) {
      const p = prices[i];
      expect(px[i]).toBe(p ?? NaN);
      expect(sz[i]).toBe(p === undefined ? 0 : ref.sizeAt(s, p));
      if (p !== undefined) {
        const fifo = ref.fifo(s, p);
        expect(book.levelOrderIds(s, p)).toEqual(fifo);
        expect(book.levels(s, i + 1)[i]).toEqual({ priceUnits: p, size: ref.sizeAt(s, p), orderCount: fifo.length });
        expect(book.anonymousAt(s, p)).toBe(fifo[0]! < 0 ? ref.orders.get(fifo[0]!)!.rem : 0);
      }
    }
  }
  for (const p of probe) {
    expect(book.sizeAt(1, p)).toBe(ref.sizeAt(1, p));
    expect(book.sizeAt(-1, p)).toBe(ref.sizeAt(-1, p));
  }
  expect(book.orderCount()).toBe(ref.realOrderCount());
  for (const [oid, o] of ref.orders) {
    if (oid < 0) continue;
    expect(book.orderInfo(oid)).toEqual({ side: o.side, priceUnits: o.price, remaining: o.rem });
    expect(book.queueAhead(oid)).toBe(ref.queueAhead(oid));
  }
  expect(book.isCrossed()).toBe(bp.length > 0 && ap.length > 0 && bp[0]! >= ap[0]!);
}

/** How often the slow paths ran (so the tests prove they exercise them). */
const seen = { rebuilds: 0, overflow: 0, regrid: 0, poolGrowth: 0 };

function run(ops: Op[], opts: ConstructorParameters<typeof OrderBook>[0]): void {
  const book = new OrderBook(opts);
  const ref = new ReferenceBook();
  const tick0 = opts?.tickUnits ?? 0;
  const cap0 = book.pool.cap;
  for (const op of ops) {
    apply(book, ref, op);
    for (const l of [book.bids, book.asks]) {
      if (l.ovLen > 0) seen.overflow++;
      if (tick0 > 0 && l.tick < tick0) seen.regrid++;
    }
    if (book.pool.cap > cap0) seen.poolGrowth++;
    const probe = op.t === 'add' || op.t === 'modify' || op.t === 'anon' ? [op.price, op.price + 1] : [];
    compare(book, ref, probe);
  }
  seen.rebuilds += book.bids.rebuilds + book.asks.rebuilds;
}

describe('OrderBook vs reference model (property)', () => {
  it('tight prices, default window', () => {
    fc.assert(fc.property(fc.array(opArb(false), { maxLength: 150 * Math.min(SCALE, 3), size: 'max' }), (ops) => run(ops, {})), { numRuns: runs(60) });
  }, 60_000 * SCALE);
  it('wide and off-tick prices with a tiny window (re-grid, growth, overflow)', () => {
    fc.assert(
      fc.property(fc.array(opArb(true), { maxLength: 150 * Math.min(SCALE, 3), size: 'max' }), fc.constantFrom(0, 10, 1000), (ops, tick) =>
        run(ops, { maxWindowLevels: 64, initialLevels: 64, tickUnits: tick, initialOrders: 16 })),
      { numRuns: runs(100) },
    );
    expect(seen.rebuilds).toBeGreaterThan(100);
    expect(seen.overflow).toBeGreaterThan(100);
    expect(seen.regrid).toBeGreaterThan(100);
    expect(seen.poolGrowth).toBeGreaterThan(10);
  }, 60_000 * SCALE);
  it('wide prices, large window', () => {
    fc.assert(fc.property(fc.array(opArb(true), { maxLength: 150 * Math.min(SCALE, 3), size: 'max' }), (ops) => run(ops, { maxWindowLevels: 1 << 12 })), { numRuns: runs(40) });
  }, 60_000 * SCALE);
  it('sizes never go negative and matching never leaves a crossed book behind the aggressor', () => {
    // Uncrossed generator: bids below 1000, asks above; after any match the touch stays uncrossed.
    const op = fc.oneof(
      fc.record({ t: fc.constant('add' as const), id, side, off: fc.integer({ min: 1, max: 30 }), size: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ t: fc.constant('match' as const), side, off: fc.integer({ min: -30, max: 30 }), size: fc.integer({ min: 1, max: 60 }) }),
      fc.record({ t: fc.constant('delete' as const), id }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 150, size: 'max' }), (ops) => {
      const book = new OrderBook();
      for (const o of ops) {
        if (o.t === 'add') book.add(o.id, o.side, 1000 - o.side * o.off, o.size);
        else if (o.t === 'delete') book.delete(o.id);
        else {
          const left = book.match(o.side, 1000 + o.off, o.size);
          expect(left).toBeGreaterThanOrEqual(0);
        }
        expect(book.isCrossed()).toBe(false);
        const out = buffers(64);
        book.depth(64, out);
        for (let i = 0; i < 64; i++) expect(out.bidSize[i]! >= 0 && out.askSize[i]! >= 0).toBe(true);
        expect(auditOrderBook(book)).toEqual([]);
      }
    }), { numRuns: runs(60) });
  }, 60_000 * SCALE);
});
