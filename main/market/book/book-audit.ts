import type { LevelBook } from './level-book.js';
import type { OrderBook } from './order-book.js';
import { ANON } from './order-pool.js';
import type { PriceLadder } from './price-ladder.js';

/**
 * Full O(levels + orders) consistency checks of the book internals, for tests and debugging.
 * Each returns a list of violated invariants (empty = consistent).
 */

export function auditLadder(l: PriceLadder, name: string, queued: boolean): string[] {
  const bad: string[] = [];
  const err = (m: string): void => { if (bad.length < 20) bad.push(`${name}: ${m}`); };
  const n = l.cap + l.ovCap;
  if ((l.cap & (l.cap - 1)) !== 0 || l.cap > l.maxCap) err(`cap ${l.cap}`);
  if (l.size.length !== n || l.count.length !== n) err('column length');
  if (queued && (l.head.length !== n || l.tail.length !== n)) err('queue column length');
  let best = -1;
  let active = 0;
  for (let i = 0; i < l.cap; i++) {
    const on = ((l.bits[i >> 5]! >>> (i & 31)) & 1) === 1;
    if (on) {
      active++;
      best = i;
      if (!(l.size[i]! > 0)) err(`active level ${i} has size ${l.size[i]}`);
      if (queued && !(l.count[i]! > 0)) err(`active level ${i} has count ${l.count[i]}`);
      if (l.tick === 0 && i !== 0) err(`tick 0 but level at ${i}`);
    } else if (l.size[i] !== 0 || l.count[i] !== 0 || (queued && (l.head[i] !== -1 || l.tail[i] !== -1))) {
      err(`inactive level ${i} not cleared`);
    }
  }
  for (let w = 0; w < l.bits.length; w++) {
    const s = ((l.summary[w >> 5]! >>> (w & 31)) & 1) === 1;
    if (s !== (l.bits[w] !== 0)) err(`summary bit ${w}`);
  }
  if (best !== l.best) err(`best ${l.best} expected ${best}`);
  if (active !== l.windowLevels) err(`windowLevels ${l.windowLevels} expected ${active}`);
  if (active + l.ovLen !== l.levels) err(`levels ${l.levels} expected ${active + l.ovLen}`);
  if (active === 0 && l.ovLen > 0) err('window empty but overflow not');
  const seen = new Set<number>();
  let prev = Infinity;
  for (let j = 0; j < l.ovLen; j++) {
    const slot = l.ovSorted[j]!;
    const k = l.ovKey[slot]!;
    if (seen.has(slot)) err(`overflow slot ${slot} twice`);
    seen.add(slot);
    if (!(k < prev)) err('overflow not strictly descending');
    if (!(k < l.origin)) err(`overflow key ${k} ≥ origin ${l.origin}`);
    prev = k;
    if (!(l.size[l.cap + slot]! > 0)) err(`overflow level ${k} size ${l.size[l.cap + slot]}`);
  }
  for (let j = 0; j < l.ovFreeLen; j++) {
    const slot = l.ovFree[j]!;
    if (seen.has(slot)) err(`overflow slot ${slot} both used and free`);
    seen.add(slot);
  }
  if (seen.size !== l.ovCap) err(`overflow slots leak: ${seen.size} of ${l.ovCap}`);
  return bad;
}

export function auditLevelBook(b: LevelBook): string[] {
  return [...auditLadder(b.bids, 'bids', false), ...auditLadder(b.asks, 'asks', false)];
}

export function auditOrderBook(b: OrderBook): string[] {
  const bad = [...auditLadder(b.bids, 'bids', true), ...auditLadder(b.asks, 'asks', true)];
  const p = b.pool;
  let walked = 0;
  let real = 0;
  for (const [l, side] of [[b.bids, 1], [b.asks, -1]] as const) {
    for (let h = l.best; h >= 0; h = l.nextWorse(h)) {
      let sum = 0;
      let cnt = 0;
      let pv = -1;
      for (let o = l.head[h]!; o >= 0; o = p.next[o]!) {
        walked++;
        cnt++;
        if (p.prev[o] !== pv) bad.push(`order slot ${o}: prev link`);
        if (p.lvl[o] !== h) bad.push(`order slot ${o}: level ${p.lvl[o]} expected ${h}`);
        if (p.side[o] !== side) bad.push(`order slot ${o}: side`);
        const r = p.rem[o]!;
        if (!(r > 0) || Math.floor(r) !== r) bad.push(`order slot ${o}: remaining ${r}`);
        sum += r;
        if ((p.flags[o]! & ANON) !== 0) {
          if (o !== l.head[h]) bad.push(`anonymous slot ${o} not at the front`);
          if (!(p.ext[o]! < 0)) bad.push(`anonymous slot ${o} id ${p.ext[o]}`);
        } else {
          real++;
          if (b.ids.get(p.ext[o]!) !== o) bad.push(`order ${p.ext[o]} not indexed at slot ${o}`);
        }
        pv = o;
        if (cnt > p.cap) { bad.push('queue cycle'); break; }
      }
      if (l.tail[h] !== pv) bad.push(`level ${h}: tail`);
      if (sum !== l.size[h]) bad.push(`level ${h}: size ${l.size[h]} ≠ Σ orders ${sum}`);
      if (cnt !== l.count[h]) bad.push(`level ${h}: count ${l.count[h]} ≠ ${cnt}`);
      if (bad.length > 20) return bad;
    }
  }
  if (walked !== p.used) bad.push(`pool used ${p.used} but ${walked} orders in queues`);
  if (real !== b.ids.size) bad.push(`id index has ${b.ids.size} entries, ${real} real orders rest`);
  return bad;
}
