import type { Side } from '../../domain/side.js';
import { BookResult, PriorityRule, isValidPrice, isValidSize } from './book-result.js';
import {
  bestPrice, crossed, depthBoth, imbalanceOf, keyToPrice, levelSnapshots, micropriceOf, midOf, sizeAtKey,
} from './book-queries.js';
import type { BookView, DepthBuffers, LevelSnapshot } from './book-types.js';
import type { FillCallback, OrderBookOptions, OrderInfo } from './order-book-types.js';
import type { FieldSnapshot } from './book-snapshot.js';
import { IdIndex } from './id-index.js';
import { ANON, OrderPool } from './order-pool.js';
import { PriceLadder } from './price-ladder.js';

export type { FillCallback, OrderBookOptions, OrderInfo } from './order-book-types.js';

/** A frozen copy of an `OrderBook` (see `OrderBook.snapshot`); never mutated, restorable many times. */
export interface OrderBookSnapshot {
  readonly pool: FieldSnapshot;
  readonly ids: FieldSnapshot;
  readonly bids: FieldSnapshot;
  readonly asks: FieldSnapshot;
  readonly nextAnonId: number;
}

/**
 * L3 (market-by-order) limit order book with integer prices and sizes and price-time priority.
 *
 * Storage: one `PriceLadder` per side (dense typed-array window + sorted overflow, see there),
 * a FIFO per level as a doubly linked list of pooled order records (`OrderPool`), and an
 * `IdIndex` (typed-array hash) from external id to slot.
 *
 * Invariants (checked by `auditOrderBook` in the tests):
 *  - every resting order has an integer remaining > 0 and sits in exactly one level FIFO;
 *  - a level's size = Σ remaining of its orders, its count = their number; empty levels do not
 *    exist (`levelCount` counts non-empty levels);
 *  - FIFO order = time priority: new orders join the BACK; anonymous liquidity is only ever
 *    at the FRONT, at most one record per level, under a synthetic id −1, −2, … (unique while
 *    it rests; the sequence restarts at `clear`); anonymous records are not in `orderCount`;
 *  - real ids are integers in [0, 2^53 − 1] and unique among resting orders;
 *  - no operation matches implicitly: `add`/`modify` may leave the book crossed (`isCrossed`);
 *    only `match` trades;
 *  - a non-Ok `BookResult` (other than `PartiallyApplied`) leaves the book unchanged.
 *
 * Operation rules (priority = place in the level FIFO):
 *  - `add`: joins the BACK of its level; never matches.
 *  - `cancel`/`execute`: reduce the remaining in place (priority kept); exactly the remaining
 *    removes the order; more → `ExceedsRemaining`, no change. `delete` removes it whole.
 *  - `modify(id, price, size, rule)`: under the default `KeepOnSizeDecrease`, same price and
 *    size ≤ remaining → size changes in place (kept); otherwise the order moves to the BACK
 *    of the (new) level (lost). `AlwaysLose` / `KeepOnSamePrice`: see `PriorityRule`.
 *    `move(id, price)` = modify to `price` keeping the remaining size. Never matches.
 *  - `match(side, limit, size, onFill)`: the aggressor takes the opposite side best price
 *    first and FIFO within a level; each fill is min(left, resting remaining) at the RESTING
 *    price; a partially filled resting order keeps its place; stops when filled, when the
 *    side is empty or at the first level beyond the limit (the limit price itself trades;
 *    NaN = no limit). Returns the remainder; nothing rests.
 *  - `addAnonymous`: FRONT of the level (grows the existing anonymous record if any).
 *    `reduceAnonymous`: takes from it; fills consume it first like any front order.
 *  - `clear`: removes everything; capacity and the learned tick are kept.
 *
 * Errors are returned as `BookResult` codes, never thrown on the hot path (only the
 * constructor throws, for an invalid `maxWindowLevels`).
 */
export class OrderBook implements BookView {
  /** @internal Bid ladder (key = price). */
  readonly bids: PriceLadder;
  /** @internal Ask ladder (key = −price). */
  readonly asks: PriceLadder;
  /** @internal Order records. */
  readonly pool: OrderPool;
  /** @internal External id → pool slot (real orders only; an open-addressing hash on typed arrays). */
  readonly ids: IdIndex;
  readonly priorityRule: PriorityRule;
  private nextAnonId = -1;

  constructor(opts: OrderBookOptions = {}) {
    this.pool = new OrderPool(opts.initialOrders ?? 1024);
    this.ids = new IdIndex(2 * (opts.initialOrders ?? 1024));
    const tick = opts.tickUnits ?? 0;
    const maxCap = opts.maxWindowLevels ?? 1 << 18;
    const initial = opts.initialLevels ?? 1024;
    this.bids = new PriceLadder(this.pool, tick, maxCap, initial);
    this.asks = new PriceLadder(this.pool, tick, maxCap, initial);
    this.priorityRule = opts.priorityRule ?? PriorityRule.KeepOnSizeDecrease;
  }

  /** Rests a limit order at the back of its level. Never matches. */
  add(orderId: number, side: Side, priceUnits: number, size: number): BookResult {
    if (!isValidSize(size)) return BookResult.InvalidSize;
    if (!(orderId >= 0 && orderId <= Number.MAX_SAFE_INTEGER && Math.floor(orderId) === orderId)) return BookResult.InvalidId;
    if (!isValidPrice(priceUnits)) return BookResult.InvalidPrice;
    let l: PriceLadder;
    if (side === 1) l = this.bids;
    else if (side === -1) l = this.asks;
    else return BookResult.InvalidSide;
    if (this.ids.has(orderId)) return BookResult.DuplicateOrder;
    const h = l.acquire(side === 1 ? priceUnits : 0 - priceUnits);
    const p = this.pool;
    const s = p.alloc();
    p.ext[s] = orderId;
    p.rem[s] = size;
    p.side[s] = side;
    p.flags[s] = 0;
    this.append(l, h, s);
    l.size[h]! += size;
    l.count[h]!++;
    this.ids.set(orderId, s);
    return BookResult.Ok;
  }

  /** Removes `size` from a resting order (keeps priority); removes the order when it reaches 0. */
  cancel(orderId: number, size: number): BookResult {
    return this.reduce(orderId, size);
  }

  /** A resting order traded `size` (keeps priority while anything remains). Same rules as cancel. */
  execute(orderId: number, size: number): BookResult {
    return this.reduce(orderId, size);
  }

  /**
   * Removes a resting order entirely and returns the size it had (NaN when it is not resting):
   * `orderRemaining` + `delete` with one index lookup (the exchange's cancel path).
   */
  remove(orderId: number): number {
    const s = this.ids.get(orderId);
    if (s < 0) return NaN;
    const p = this.pool;
    const rem = p.rem[s]!;
    this.removeSlot(p.side[s] === 1 ? this.bids : this.asks, p.lvl[s]!, s);
    return rem;
  }

  /** Removes a resting order entirely. */
  delete(orderId: number): BookResult {
    const s = this.ids.get(orderId);
    if (s < 0) return BookResult.UnknownOrder;
    const p = this.pool;
    this.removeSlot(p.side[s] === 1 ? this.bids : this.asks, p.lvl[s]!, s);
    return BookResult.Ok;
  }

  /**
   * Changes a resting order's price and/or size under `rule` (default: the book's rule).
   * Never matches, even when the new price crosses.
   */
  modify(orderId: number, newPriceUnits: number, newSize: number, rule: PriorityRule = this.priorityRule): BookResult {
    const s = this.ids.get(orderId);
    if (s < 0) return BookResult.UnknownOrder;
    if (!isValidSize(newSize)) return BookResult.InvalidSize;
    if (!isValidPrice(newPriceUnits)) return BookResult.InvalidPrice;
    return this.change(s, newPriceUnits, newSize, rule);
  }

  /** `modify` to a new price keeping the remaining size (an exchange "move"). */
  move(orderId: number, newPriceUnits: number, rule: PriorityRule = this.priorityRule): BookResult {
    const s = this.ids.get(orderId);
    if (s < 0) return BookResult.UnknownOrder;
    if (!isValidPrice(newPriceUnits)) return BookResult.InvalidPrice;
    return this.change(s, newPriceUnits, this.pool.rem[s]!, rule);
  }

  private change(s: number, newPriceUnits: number, newSize: number, rule: PriorityRule): BookResult {
    const p = this.pool;
    const side = p.side[s]!;
    const l = side === 1 ? this.bids : this.asks;
    const h = p.lvl[s]!;
    const key = side === 1 ? newPriceUnits : 0 - newPriceUnits;
    const rem = p.rem[s]!;
    if (key === l.keyOf(h)) {
      if (rule === PriorityRule.AlwaysLose || (rule === PriorityRule.KeepOnSizeDecrease && newSize > rem)) {
        this.unlink(l, h, s);
        this.append(l, h, s);
      }
      l.size[h]! += newSize - rem;
      p.rem[s] = newSize;
      return BookResult.Ok;
    }
    this.unlink(l, h, s);
    l.size[h]! -= rem;
    if (--l.count[h]! === 0) l.release(h);
    const h2 = l.acquire(key);
    p.rem[s] = newSize;
    this.append(l, h2, s);
    l.size[h2]! += newSize;
    l.count[h2]!++;
    return BookResult.Ok;
  }

  /**
   * Aggressive order of `side` for `size` against the opposite side, down to
   * `limitPriceUnits` inclusive (NaN = market, no limit). Fills are reported to `onFill` in
   * execution order (price priority, then FIFO). Returns the unfilled remainder (the caller
   * decides whether to rest it), or NaN for an invalid side or size (nothing happens).
   */
  match(side: Side, limitPriceUnits: number, size: number, onFill?: FillCallback): number {
    if (!isValidSize(size)) return NaN;
    let l: PriceLadder;
    if (side === 1) l = this.asks;
    else if (side === -1) l = this.bids;
    else return NaN;
    // Opposite keys: a buy crosses asks with −ask ≥ −limit, a sell crosses bids with bid ≥ limit.
    const limitKey = limitPriceUnits !== limitPriceUnits ? -Infinity : side === 1 ? -limitPriceUnits : limitPriceUnits;
    const p = this.pool;
    let left = size;
    while (left > 0) {
      const h = l.best;
      if (h < 0) break;
      const key = l.origin + h * l.tick;
      if (key < limitKey) break;
      const price = side === 1 ? 0 - key : key + 0;
      const o = l.head[h]!;
      const r = p.rem[o]!;
      const id = p.ext[o]!;
      if (r <= left) {
        left -= r;
        this.removeSlot(l, h, o);
        if (onFill !== undefined) onFill(id, price, r, 0);
      } else {
        p.rem[o] = r - left;
        l.size[h]! -= left;
        if (onFill !== undefined) onFill(id, price, left, r - left);
        left = 0;
      }
    }
    return left;
  }

  /**
   * Liquidity that rested before the data began: added at the FRONT of the level's queue as
   * one anonymous record per level (id < 0); adding again at a level with anonymous liquidity
   * grows that record in place (still at the front).
   */
  addAnonymous(side: Side, priceUnits: number, size: number): BookResult {
    if (!isValidSize(size)) return BookResult.InvalidSize;
    if (!isValidPrice(priceUnits)) return BookResult.InvalidPrice;
    let l: PriceLadder;
    if (side === 1) l = this.bids;
    else if (side === -1) l = this.asks;
    else return BookResult.InvalidSide;
    const h = l.acquire(side === 1 ? priceUnits : 0 - priceUnits);
    const p = this.pool;
    const first = l.head[h]!;
    if (first >= 0 && (p.flags[first]! & ANON) !== 0) {
      p.rem[first]! += size;
      l.size[h]! += size;
      return BookResult.Ok;
    }
    const s = p.alloc();
    p.ext[s] = this.nextAnonId--;
    p.rem[s] = size;
    p.side[s] = side;
    p.flags[s] = ANON;
    p.lvl[s] = h;
    p.prev[s] = -1;
    p.next[s] = first;
    if (first >= 0) p.prev[first] = s;
    else l.tail[h] = s;
    l.head[h] = s;
    l.size[h]! += size;
    l.count[h]!++;
    return BookResult.Ok;
  }

  /**
   * Removes `size` of anonymous liquidity at a level (for cancels/executions of unknown ids).
   * More than is there removes all of it and returns `PartiallyApplied`; none there →
   * `NoAnonymous` (no change).
   */
  reduceAnonymous(side: Side, priceUnits: number, size: number): BookResult {
    if (!isValidSize(size)) return BookResult.InvalidSize;
    if (side !== 1 && side !== -1) return BookResult.InvalidSide;
    const l = side === 1 ? this.bids : this.asks;
    const h = l.find(side === 1 ? priceUnits : 0 - priceUnits);
    const p = this.pool;
    const o = h < 0 ? -1 : l.head[h]!;
    if (o < 0 || (p.flags[o]! & ANON) === 0) return BookResult.NoAnonymous;
    const r = p.rem[o]!;
    if (size < r) {
      p.rem[o] = r - size;
      l.size[h]! -= size;
      return BookResult.Ok;
    }
    this.removeSlot(l, h, o);
    return size === r ? BookResult.Ok : BookResult.PartiallyApplied;
  }

  /** Anonymous size resting at a level (0 if none). */
  anonymousAt(side: Side, priceUnits: number): number {
    const l = side === 1 ? this.bids : this.asks;
    const h = l.find(side === 1 ? priceUnits : 0 - priceUnits);
    const o = h < 0 ? -1 : l.head[h]!;
    return o >= 0 && (this.pool.flags[o]! & ANON) !== 0 ? this.pool.rem[o]! : 0;
  }

  /** Removes every order (keeps capacity and the learned tick). */
  clear(): void {
    this.ids.clear();
    this.pool.clear();
    this.bids.clear();
    this.asks.clear();
    this.nextAnonId = -1;
  }

  /**
   * A checkpoint of the whole book (typed-array columns of the pool, id index and both
   * ladders, plus the anonymous-id sequence): `restore` on any `OrderBook` built with the same
   * options brings back exactly this state, level by level and order by order.
   */
  snapshot(): OrderBookSnapshot {
    return { pool: this.pool.snapshot(), ids: this.ids.snapshot(), bids: this.bids.snapshot(), asks: this.asks.snapshot(), nextAnonId: this.nextAnonId };
  }

  /** Back to the state of `s` (copied in: `s` stays valid for further restores). */
  restore(s: OrderBookSnapshot): void {
    this.pool.restore(s.pool);
    this.ids.restore(s.ids);
    this.bids.restore(s.bids);
    this.asks.restore(s.asks);
    this.nextAnonId = s.nextAnonId;
  }

  // ---- queries ------------------------------------------------------------------------------

  bestBid(): number { return bestPrice(this.bids, 1); }
  bestAsk(): number { return bestPrice(this.asks, -1); }
  sizeAt(side: Side, priceUnits: number): number {
    return side === 1 ? sizeAtKey(this.bids, priceUnits) : sizeAtKey(this.asks, 0 - priceUnits);
  }
  depth(n: number, out: DepthBuffers): [number, number] { return depthBoth(this.bids, this.asks, n, out); }
  mid(): number { return midOf(this.bids, this.asks); }
  microprice(): number { return micropriceOf(this.bids, this.asks); }
  imbalance(levels = 1): number { return imbalanceOf(this.bids, this.asks, levels); }
  levelCount(side: Side): number { return side === 1 ? this.bids.levels : this.asks.levels; }
  /** True when both sides are non-empty and best bid ≥ best ask (possible: adds never match). */
  isCrossed(): boolean { return crossed(this.bids, this.asks); }
  /** Number of resting real (non-anonymous) orders. */
  orderCount(): number { return this.ids.size; }
  /** Up to `n` levels of a side, best first, with order counts (allocates). */
  levels(side: Side, n: number): LevelSnapshot[] {
    return levelSnapshots(side === 1 ? this.bids : this.asks, side, n);
  }

  /** Remaining size of a resting order, NaN if unknown. */
  orderRemaining(orderId: number): number {
    const s = this.ids.get(orderId);
    return s < 0 ? NaN : this.pool.rem[s]!;
  }

  /** Size resting ahead of the order in its level's FIFO (anonymous liquidity included); NaN if unknown. */
  queueAhead(orderId: number): number {
    const s = this.ids.get(orderId);
    if (s < 0) return NaN;
    const p = this.pool;
    const l = p.side[s] === 1 ? this.bids : this.asks;
    let ahead = 0;
    for (let o = l.head[p.lvl[s]!]!; o !== s; o = p.next[o]!) ahead += p.rem[o]!;
    return ahead;
  }

  /** Side, price and remaining size of a resting order, or undefined. Fills `out` when given. */
  orderInfo(orderId: number, out?: OrderInfo): OrderInfo | undefined {
    const s = this.ids.get(orderId);
    if (s < 0) return undefined;
    const p = this.pool;
    const side = p.side[s] as Side;
    const l = side === 1 ? this.bids : this.asks;
    const r = out ?? { side, priceUnits: 0, remaining: 0 };
    r.side = side;
    r.priceUnits = keyToPrice(side, l.keyOf(p.lvl[s]!));
    r.remaining = p.rem[s]!;
    return r;
  }

  /** Ids in FIFO order at a level (anonymous first, negative). For tests and UIs; allocates. */
  levelOrderIds(side: Side, priceUnits: number): number[] {
    const l = side === 1 ? this.bids : this.asks;
    const h = l.find(side === 1 ? priceUnits : 0 - priceUnits);
    const ids: number[] = [];
    if (h < 0) return ids;
    for (let o = l.head[h]!; o >= 0; o = this.pool.next[o]!) ids.push(this.pool.ext[o]!);
    return ids;
  }

  // ---- internals ----------------------------------------------------------------------------

  private reduce(orderId: number, size: number): BookResult {
    const s = this.ids.get(orderId);
    if (s < 0) return BookResult.UnknownOrder;
    if (!isValidSize(size)) return BookResult.InvalidSize;
    const p = this.pool;
    const r = p.rem[s]!;
    if (size > r) return BookResult.ExceedsRemaining;
    const l = p.side[s] === 1 ? this.bids : this.asks;
    const h = p.lvl[s]!;
    if (size === r) {
      this.removeSlot(l, h, s);
    } else {
      p.rem[s] = r - size;
      l.size[h]! -= size;
    }
    return BookResult.Ok;
  }

  /** Appends slot `s` at the back of level `h` (sets its level handle). */
  private append(l: PriceLadder, h: number, s: number): void {
    const p = this.pool;
    const t = l.tail[h]!;
    p.lvl[s] = h;
    p.prev[s] = t;
    p.next[s] = -1;
    if (t < 0) l.head[h] = s;
    else p.next[t] = s;
    l.tail[h] = s;
  }

  private unlink(l: PriceLadder, h: number, s: number): void {
    const p = this.pool;
    const pv = p.prev[s]!;
    const nx = p.next[s]!;
    if (pv < 0) l.head[h] = nx;
    else p.next[pv] = nx;
    if (nx < 0) l.tail[h] = pv;
    else p.prev[nx] = pv;
  }

  /** Removes slot `s` (at level `h` of `l`) from the book and frees it. */
  private removeSlot(l: PriceLadder, h: number, s: number): void {
    const p = this.pool;
    this.unlink(l, h, s);
    l.size[h]! -= p.rem[s]!;
    const c = l.count[h]! - 1;
    l.count[h] = c;
    if ((p.flags[s]! & ANON) === 0) this.ids.delete(p.ext[s]!);
    p.free(s);
    if (c === 0) l.release(h);
  }
}
