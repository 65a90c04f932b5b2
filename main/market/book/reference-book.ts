import type { Side } from '../../domain/side.js';
import { BookResult, PriorityRule, isValidPrice, isValidSize } from './book-result.js';

/**
 * TEST ORACLE ONLY: a deliberately naive L3 book (Map of orders + Map of FIFO arrays, sorting
 * on every query) with the same semantics and the same result codes as `OrderBook`.
 */

interface RefOrder { side: Side; price: number; rem: number }
/** One fill as the oracle reports it (same fields as `FillCallback`'s arguments). */
export interface RefFill { id: number; price: number; size: number; left: number }

/** The oracle book; see the module comment. */
export class ReferenceBook {
  readonly orders = new Map<number, RefOrder>();
  /** "side:price" → ids in FIFO order. */
  readonly queues = new Map<string, number[]>();
  private nextAnon = -1;

  constructor(readonly rule: PriorityRule = PriorityRule.KeepOnSizeDecrease) {}

  private q(side: Side, price: number): number[] {
    const k = `${side}:${price}`;
    let a = this.queues.get(k);
    if (a === undefined) this.queues.set(k, (a = []));
    return a;
  }

  private drop(id: number): void {
    const o = this.orders.get(id)!;
    const k = `${o.side}:${o.price}`;
    const a = this.queues.get(k)!;
    a.splice(a.indexOf(id), 1);
    if (a.length === 0) this.queues.delete(k);
    this.orders.delete(id);
  }

  add(id: number, side: Side, price: number, size: number): BookResult {
    if (!isValidSize(size)) return BookResult.InvalidSize;
    if (!(Number.isSafeInteger(id) && id >= 0)) return BookResult.InvalidId;
    if (!isValidPrice(price)) return BookResult.InvalidPrice;
    if (side !== 1 && side !== -1) return BookResult.InvalidSide;
    if (this.orders.has(id)) return BookResult.DuplicateOrder;
    this.orders.set(id, { side, price, rem: size });
    this.q(side, price).push(id);
    return BookResult.Ok;
  }

  reduce(id: number, size: number): BookResult {
    const o = this.orders.get(id);
    if (o === undefined) return BookResult.UnknownOrder;
    if (!isValidSize(size)) return BookResult.InvalidSize;
    if (size > o.rem) return BookResult.ExceedsRemaining;
    o.rem -= size;
    if (o.rem === 0) this.drop(id);
    return BookResult.Ok;
  }

  delete(id: number): BookResult {
    if (!this.orders.has(id)) return BookResult.UnknownOrder;
    this.drop(id);
    return BookResult.Ok;
  }

  modify(id: number, price: number, size: number, rule: PriorityRule = this.rule): BookResult {
    const o = this.orders.get(id);
    if (o === undefined) return BookResult.UnknownOrder;
    if (!isValidSize(size)) return BookResult.InvalidSize;
    if (!isValidPrice(price)) return BookResult.InvalidPrice;
    const keep = price === o.price &&
      (rule === PriorityRule.KeepOnSamePrice || (rule === PriorityRule.KeepOnSizeDecrease && size <= o.rem));
    if (!keep) {
      const side = o.side;
      this.drop(id);
      this.orders.set(id, { side, price, rem: size });
      this.q(side, price).push(id);
    } else {
      o.rem = size;
    }
    return BookResult.Ok;
  }

  match(side: Side, limit: number, size: number, fills: RefFill[]): number {
    if (!isValidSize(size) || (side !== 1 && side !== -1)) return NaN;
    let left = size;
    while (left > 0) {
      const prices = this.prices(-side as Side);
      if (prices.length === 0) break;
      const price = prices[0]!;
      if (limit === limit && (side === 1 ? price > limit : price < limit)) break;
      const a = this.queues.get(`${-side}:${price}`)!;
      const id = a[0]!;
      const o = this.orders.get(id)!;
      const f = Math.min(left, o.rem);
      left -= f;
      o.rem -= f;
      fills.push({ id, price, size: f, left: o.rem });
      if (o.rem === 0) this.drop(id);
    }
    return left;
  }

  addAnonymous(side: Side, price: number, size: number): BookResult {
    if (!isValidSize(size)) return BookResult.InvalidSize;
    if (!isValidPrice(price)) return BookResult.InvalidPrice;
    if (side !== 1 && side !== -1) return BookResult.InvalidSide;
    const a = this.q(side, price);
    if (a.length > 0 && a[0]! < 0) {
      this.orders.get(a[0]!)!.rem += size;
      return BookResult.Ok;
    }
    const id = this.nextAnon--;
    this.orders.set(id, { side, price, rem: size });
    a.unshift(id);
    return BookResult.Ok;
  }

  reduceAnonymous(side: Side, price: number, size: number): BookResult {
    if (!isValidSize(size)) return BookResult.InvalidSize;
    if (side !== 1 && side !== -1) return BookResult.InvalidSide;
    const a = this.queues.get(`${side}:${price}`);
    if (a === undefined || !(a[0]! < 0)) return BookResult.NoAnonymous;
    const o = this.orders.get(a[0]!)!;
    if (size < o.rem) {
      o.rem -= size;
      return BookResult.Ok;
    }
    const r = o.rem;
    this.drop(a[0]!);
    return size === r ? BookResult.Ok : BookResult.PartiallyApplied;
  }

  clear(): void {
    this.orders.clear();
    this.queues.clear();
    this.nextAnon = -1;
  }

  /** Non-empty prices of a side, best first. */
  prices(side: Side): number[] {
    const out: number[] = [];
    for (const k of this.queues.keys()) {
      const [s, p] = k.split(':').map(Number) as [number, number];
      if (s === side) out.push(p);
    }
    return out.sort((a, b) => (side === 1 ? b - a : a - b));
  }

  sizeAt(side: Side, price: number): number {
    const a = this.queues.get(`${side}:${price}`);
    return a === undefined ? 0 : a.reduce((s, id) => s + this.orders.get(id)!.rem, 0);
  }

  best(side: Side): number {
    const p = this.prices(side);
    return p.length > 0 ? p[0]! : NaN;
  }

  queueAhead(id: number): number {
    const o = this.orders.get(id);
    if (o === undefined || id < 0) return NaN;
    const a = this.queues.get(`${o.side}:${o.price}`)!;
    let s = 0;
    for (const x of a) {
      if (x === id) break;
      s += this.orders.get(x)!.rem;
    }
    return s;
  }

  fifo(side: Side, price: number): number[] {
    return [...(this.queues.get(`${side}:${price}`) ?? [])];
  }

  realOrderCount(): number {
    let n = 0;
    for (const id of this.orders.keys()) if (id >= 0) n++;
    return n;
  }
}
