import { OrderBook } from '../main/market/book/order-book.js';

/**
 * The exchange-core style order-flow mix for the book benchmark, pre-generated from a seeded
 * RNG so that every book under test replays exactly the same operations.
 *
 * Mix: 9 % new resting limit order (GTC: matches first if it crosses, the rest rests),
 * 3 % IOC (matches up to its limit, the rest is discarded), 6 % cancel (delete),
 * 82 % move (new price, same remaining size, loses priority; matches first if it crosses).
 * About 1,000 live orders over about 750 price levels; the centre price random-walks slowly.
 */

export const OP_NEW = 0;
export const OP_IOC = 1;
export const OP_CANCEL = 2;
export const OP_MOVE = 3;

export interface OpStream {
  /** Ops [0, prefill) only build the initial book (untimed); [prefill, n) are measured. */
  readonly n: number;
  readonly prefill: number;
  readonly type: Uint8Array;
  readonly side: Int8Array;
  readonly id: Int32Array;
  readonly price: Int32Array;
  readonly size: Int32Array;
  /** Ids are 0..maxId. */
  readonly maxId: number;
  /** Average non-empty levels (both sides) and live orders, sampled while generating. */
  readonly avgLevels: number;
  readonly avgOrders: number;
}

/** mulberry32: tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fill statistics gathered by `stepOurs` (a plain object; the callback is created once). */
export interface FillTally { count: number; volume: number; notional: number }

export function makeFillSink(t: FillTally): (id: number, price: number, size: number) => void {
  return (_id, price, size) => {
    t.count++;
    t.volume += size;
    t.notional += price * size;
  };
}

/**
 * Applies one stream op to our book with exchange semantics built from the book's primitives
 * (the book itself never auto-matches): NEW/MOVE that cross are matched first and the rest
 * rests (under the same id), IOC is matched and its rest discarded, CANCEL deletes.
 */
export function stepOurs(
  book: OrderBook, type: number, side: 1 | -1, id: number, price: number, size: number,
  onFill: (id: number, price: number, size: number, left: number) => void,
): void {
  if (type === OP_MOVE) {
    if (side === 1 ? price >= book.bestAsk() : price <= book.bestBid()) {
      const rem = book.orderRemaining(id);
      book.delete(id);
      const left = book.match(side, price, rem, onFill);
      if (left > 0) book.add(id, side, price, left);
    } else {
      book.move(id, price);
    }
  } else if (type === OP_CANCEL) {
    book.delete(id);
  } else if (type === OP_NEW) {
    if (side === 1 ? price >= book.bestAsk() : price <= book.bestBid()) {
      const left = book.match(side, price, size, onFill);
      if (left > 0) book.add(id, side, price, left);
    } else {
      book.add(id, side, price, size);
    }
  } else {
    book.match(side, price, size, onFill);
  }
}

export interface StreamOptions {
  ops: number;
  seed?: number;
  liveOrders?: number;
  /** Price offsets from the centre are uniform in [0, halfWidth) ticks per side. */
  halfWidth?: number;
}

/** Generates the stream, using an `OrderBook` as the shadow book to know live orders. */
export function generateStream(o: StreamOptions): OpStream {
  const rnd = mulberry32(o.seed ?? 12345);
  const target = o.liveOrders ?? 1000;
  const half = o.halfWidth ?? 700;
  const n = target + o.ops;
  const type = new Uint8Array(n);
  const side = new Int8Array(n);
  const idA = new Int32Array(n);
  const priceA = new Int32Array(n);
  const sizeA = new Int32Array(n);
  const book = new OrderBook();
  const live: number[] = [];
  const pos = new Map<number, number>();
  const sideOf = new Map<number, 1 | -1>();
  const drop = (id: number): void => {
    const i = pos.get(id)!;
    const last = live.pop()!;
    if (last !== id) {
      live[i] = last;
      pos.set(last, i);
    }
    pos.delete(id);
  };
  const onFill = (rid: number, _p: number, _s: number, left: number): void => {
    if (left === 0) drop(rid);
  };
  let center = 1_000_000;
  let nextId = 0;
  let levelSum = 0;
  let orderSum = 0;
  let samples = 0;
  const newPrice = (s: 1 | -1): number => center - s * (1 + Math.floor(rnd() * half));
  for (let k = 0; k < n; k++) {
    if (rnd() < 1 / 256) center += rnd() < 0.5 ? -1 : 1;
    let t: number;
    if (k < target) t = OP_NEW;
    else {
      const r = rnd();
      t = r < 0.09 ? OP_NEW : r < 0.12 ? OP_IOC : r < 0.18 ? OP_CANCEL : OP_MOVE;
      if (live.length < 2 && t !== OP_IOC) t = OP_NEW;
    }
    let s: 1 | -1;
    let id: number;
    let price: number;
    let size: number;
    if (t === OP_NEW) {
      s = rnd() < 0.5 ? 1 : -1;
      id = nextId++;
      price = newPrice(s);
      size = 1 + Math.floor(rnd() * 100);
    } else if (t === OP_IOC) {
      s = rnd() < 0.5 ? 1 : -1;
      id = nextId++;
      const touch = s === 1 ? book.bestAsk() : book.bestBid();
      price = (touch === touch ? touch : center) + s * Math.floor(rnd() * 4);
      // Feedback keeps the live count near the target: bigger IOCs when above it.
      size = live.length > target ? 50 + Math.floor(rnd() * 200) : 1 + Math.floor(rnd() * 40);
    } else {
      id = live[Math.floor(rnd() * live.length)]!;
      s = sideOf.get(id)!;
      size = 0;
      price = 0;
      if (t === OP_MOVE) {
        const cur = book.orderInfo(id)!.priceUnits;
        price = newPrice(s);
        if (price === cur) price = cur - s;
      }
    }
    type[k] = t;
    side[k] = s;
    idA[k] = id;
    priceA[k] = price;
    sizeA[k] = size;
    if (t === OP_CANCEL) drop(id);
    stepOurs(book, t, s, id, price, size, onFill);
    if (t === OP_MOVE && !(book.orderRemaining(id) > 0)) drop(id); // filled as the aggressor
    else if (t === OP_NEW && book.orderRemaining(id) > 0) {
      pos.set(id, live.length);
      live.push(id);
      sideOf.set(id, s);
    }
    if ((k & 1023) === 0 && k >= target) {
      levelSum += book.levelCount(1) + book.levelCount(-1);
      orderSum += book.orderCount();
      samples++;
    }
  }
  return {
    n, prefill: target, type, side, id: idA, price: priceA, size: sizeA, maxId: nextId,
    avgLevels: levelSum / Math.max(1, samples), avgOrders: orderSum / Math.max(1, samples),
  };
}
