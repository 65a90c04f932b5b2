import type { WhatIfResult } from '../../../main/contract/whatif.js';
import { formatSize } from '../format/numbers.js';
import { buildLadder, type LadderBook, type LadderModel } from '../market/ladder-model.js';
import type { Level } from '../store/market-accumulator.js';

/** One sampled moment of a what-if run (the book's top 10 and our working orders). */
export type WhatIfSnapshot = WhatIfResult['snapshots'][number];

/** One of our working orders at a snapshot, decoded from the wire tuple. */
export interface OwnOrder {
  readonly clientOrderId: string;
  /** +1 buy (rests on the bid), −1 sell (rests on the ask). */
  readonly side: 1 | -1;
  readonly priceUnits: number;
  readonly leaves: number;
  /** Size resting ahead of us in the level's queue. */
  readonly sizeAhead: number;
  /** Orders ahead of us, when the engine reports it (an optional sixth tuple element); null when not. */
  readonly ordersAhead: number | null;
}

/** What the ladder's Own column shows at one price: our leaves there and our best queue position. */
export interface OwnAtPrice {
  readonly priceUnits: number;
  readonly side: 1 | -1;
  readonly orders: readonly OwnOrder[];
  /** Sum of our leaves at this price. */
  readonly leaves: number;
  /** Queue position of our best-placed order: "#3, 1,200 ahead" (or "1,200 ahead" without an order count). */
  readonly queue: string;
  /** Every order at this price, one per line, for the tooltip. */
  readonly title: string;
}

/** A snapshot laid out as a ladder, with our orders by price and how many fall outside the visible levels. */
export interface SnapshotLadder {
  readonly model: LadderModel;
  readonly own: ReadonlyMap<number, OwnAtPrice>;
  /** Our working orders priced outside the ladder's visible levels. */
  readonly ownOutside: number;
}

/** Decodes a wire tuple `[clientOrderId, side, priceUnits, leaves, sizeAhead, ordersAhead?]`. */
export function decodeOwn(t: WhatIfSnapshot['own'][number]): OwnOrder {
  const raw = t as readonly unknown[];
  const ordersAhead = typeof raw[5] === 'number' && Number.isFinite(raw[5]) ? (raw[5] as number) : null;
  return { clientOrderId: t[0], side: t[1] < 0 ? -1 : 1, priceUnits: t[2], leaves: t[3], sizeAhead: t[4], ordersAhead };
}

/** Queue text per UI.md: "#3, 1,200 ahead"; without an order count just "1,200 ahead"; at the front "#1, first". */
export function queueText(o: Pick<OwnOrder, 'sizeAhead' | 'ordersAhead'>, sizeDecimals = 0): string {
  const size = formatSize(o.sizeAhead, sizeDecimals);
  if (o.ordersAhead !== null) return o.ordersAhead === 0 && o.sizeAhead === 0 ? '#1, first' : `#${o.ordersAhead + 1}, ${size} ahead`;
  return o.sizeAhead === 0 ? 'first' : `${size} ahead`;
}

function sortLevels(levels: readonly (readonly [number, number, number])[], descending: boolean): readonly Level[] {
  return [...levels].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
}

/** A snapshot as the ladder's book: bids high→low, asks low→high; no market trades are carried, so no last-trade mark. */
export function snapshotBook(s: WhatIfSnapshot): LadderBook {
  return { bids: sortLevels(s.bids, true), asks: sortLevels(s.asks, false), lastTradePriceUnits: null };
}

/** Groups our orders by price; the best-placed order (least size ahead) names the queue position. */
export function ownByPrice(own: readonly OwnOrder[], sizeDecimals = 0): Map<number, OwnAtPrice> {
  const groups = new Map<number, OwnOrder[]>();
  for (const o of own) {
    const g = groups.get(o.priceUnits);
    if (g) g.push(o);
    else groups.set(o.priceUnits, [o]);
  }
  const out = new Map<number, OwnAtPrice>();
  for (const [price, orders] of groups) {
    orders.sort((a, b) => a.sizeAhead - b.sizeAhead);
    const best = orders[0]!;
    const leaves = orders.reduce((s, o) => s + o.leaves, 0);
    const title = orders.map((o) => `${o.side > 0 ? 'B' : 'S'} ${o.clientOrderId}: ${formatSize(o.leaves, sizeDecimals)} working, ${queueText(o, sizeDecimals)}`).join('\n');
    out.set(price, { priceUnits: price, side: best.side, orders, leaves, queue: queueText(best, sizeDecimals), title });
  }
  return out;
}

/**
 * Builds the ladder (fixed `depth` rows per side) for a snapshot, with our orders on their price
 * rows; levels beyond `knownLevels` (the data's depth on a replayed day, 0 = full book) are marked rebuilt.
 */
export function snapshotLadder(s: WhatIfSnapshot | null, depth = 10, sizeDecimals = 0, knownLevels = 0): SnapshotLadder {
  if (!s) return { model: buildLadder(null, depth, knownLevels), own: new Map(), ownOutside: 0 };
  const model = buildLadder(snapshotBook(s), depth, knownLevels);
  const own = ownByPrice(s.own.map(decodeOwn), sizeDecimals);
  const shown = new Set(model.rows.map((r) => r.priceUnits).filter((p): p is number => p !== null));
  let ownOutside = 0;
  for (const [price, o] of own) if (!shown.has(price)) ownOutside += o.orders.length;
  return { model, own, ownOutside };
}

/** Index of the last snapshot at or before `tsNs` (0 when it precedes them all); `snapshots` ascend in time. */
export function snapshotAt(snapshots: readonly { tsNs: number }[], tsNs: number): number {
  let lo = 0;
  let hi = snapshots.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (snapshots[mid]!.tsNs <= tsNs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Clamps a replay index into `[0, count − 1]` (0 for an empty run). */
export function clampIndex(index: number, count: number): number {
  return count <= 0 ? 0 : Math.min(count - 1, Math.max(0, Math.round(index)));
}

/**
 * Where the replay opens after a run: the first snapshot with our orders working (so their queue
 * position shows at once), else the last snapshot at or before the order's start.
 */
export function initialReplayIndex(snapshots: readonly Pick<WhatIfSnapshot, 'tsNs' | 'own'>[], orderStartNs: number | null): number {
  const i = snapshots.findIndex((s) => s.own.length > 0);
  if (i >= 0) return i;
  return orderStartNs === null ? 0 : snapshotAt(snapshots, orderStartNs);
}
