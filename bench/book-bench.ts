/**
 * L3 order-book benchmark: the exchange-core order-flow mix (see book-stream.ts) replayed on
 * our `OrderBook` and on the npm package `nodejs-order-book`, same op stream, same process.
 *
 * Honesty checks: both books must end in the same state (identical full depth checksum and
 * order count), and the result reports fill counts/volume so the work cannot be optimised away.
 *
 * Run alone: `npm run bench -- --only book [--ops N] [--seed S] [--reps R] [--theirs-ops N]`
 * (prints JSON). `runBookBench()` is aggregated by bench/run.ts.
 */
import { OrderBook as TheirBook, Side as TheirSide } from 'nodejs-order-book';
import { OrderBook } from '../main/market/book/order-book.js';
import type { DepthBuffers } from '../main/market/book/book-types.js';
import {
  OP_CANCEL, OP_IOC, OP_MOVE, OP_NEW, type FillTally, type OpStream, generateStream, makeFillSink, stepOurs,
} from './book-stream.js';

export interface BookBenchOptions {
  /** Measured ops (after a 1,000-order prefill). Default 5,000,000. */
  ops?: number;
  seed?: number;
  /** Timed repetitions for our book (fresh book each); the median is reported. Default 5. */
  reps?: number;
  /** Ops replayed on nodejs-order-book (a prefix of the same stream; default min(ops, 1,000,000)). */
  theirsOps?: number;
}

const CHUNK = 1 << 16;

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

/** FNV-1a style hash over (price, size) pairs of the full depth, bids then asks. */
function hashDepth(bids: ArrayLike<number>[], asks: ArrayLike<number>[]): number {
  let h = 0x811c9dc5;
  const mix = (x: number): void => {
    h = Math.imul(h ^ (x | 0), 16777619);
    h = Math.imul(h ^ ((x / 4294967296) | 0), 16777619);
  };
  for (const side of [bids, asks]) {
    mix(side.length);
    for (const [p, s] of side as [number, number][]) {
      mix(p);
      mix(s);
    }
  }
  return h >>> 0;
}

/** Final-state fingerprint: full-depth hash, order and level counts, touch. */
interface Checksum { hash: number; orders: number; levels: number; bestBid: number; bestAsk: number }

function ourChecksum(book: OrderBook): Checksum {
  const n = Math.max(book.levelCount(1), book.levelCount(-1), 1);
  const out: DepthBuffers = { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
  const [nb, na] = book.depth(n, out);
  const bids: [number, number][] = [];
  const asks: [number, number][] = [];
  for (let i = 0; i < nb; i++) bids.push([out.bidPrice[i]!, out.bidSize[i]!]);
  for (let i = 0; i < na; i++) asks.push([out.askPrice[i]!, out.askSize[i]!]);
  return { hash: hashDepth(bids, asks), orders: book.orderCount(), levels: nb + na, bestBid: book.bestBid(), bestAsk: book.bestAsk() };
}

function theirChecksum(ob: TheirBook, orders: number): Checksum {
  const [asks, bids] = ob.depth();
  return {
    hash: hashDepth(bids, asks), orders, levels: bids.length + asks.length,
    bestBid: bids.length > 0 ? bids[0]![0] : NaN, bestAsk: asks.length > 0 ? asks[0]![0] : NaN,
  };
}

/** Replays ops [from, to) on our book; returns elapsed ns and samples peak heap per chunk. */
function runOurs(book: OrderBook, st: OpStream, from: number, to: number, onFill: (id: number, p: number, s: number, l: number) => void, mem: { peakHeap: number }): number {
  const { type, side, id, price, size } = st;
  const t0 = process.hrtime.bigint();
  for (let c = from; c < to; c += CHUNK) {
    const end = Math.min(to, c + CHUNK);
    for (let k = c; k < end; k++) stepOurs(book, type[k]!, side[k] as 1 | -1, id[k]!, price[k]!, size[k]!, onFill);
    const h = process.memoryUsage().heapUsed;
    if (h > mem.peakHeap) mem.peakHeap = h;
  }
  return Number(process.hrtime.bigint() - t0);
}

/** Replays ops [from, to) on nodejs-order-book (string ids pre-built; the op objects are its API). */
function runTheirs(ob: TheirBook, st: OpStream, ids: string[], from: number, to: number, tally: FillTally, mem: { peakHeap: number }): number {
  const { type, side, id, price, size } = st;
  const t0 = process.hrtime.bigint();
  for (let c = from; c < to; c += CHUNK) {
    const end = Math.min(to, c + CHUNK);
    for (let k = c; k < end; k++) {
      const t = type[k]!;
      const s = side[k] === 1 ? TheirSide.BUY : TheirSide.SELL;
      const oid = ids[id[k]!]!;
      if (t === OP_MOVE) ob.modify(oid, { price: price[k]! });
      else if (t === OP_CANCEL) ob.cancel(oid);
      else if (t === OP_NEW) ob.limit({ side: s, id: oid, size: size[k]!, price: price[k]! });
      else {
        const r = ob.limit({ side: s, id: oid, size: size[k]!, price: price[k]!, timeInForce: 'IOC' as never });
        tally.count++;
        tally.volume += size[k]! - r.quantityLeft;
      }
    }
    const h = process.memoryUsage().heapUsed;
    if (h > mem.peakHeap) mem.peakHeap = h;
  }
  return Number(process.hrtime.bigint() - t0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const mb = (b: number): number => Math.round(b / 1048576 * 10) / 10;

export async function runBookBench(opts: BookBenchOptions = {}): Promise<object> {
  const ops = opts.ops ?? 5_000_000;
  const reps = opts.reps ?? 5;
  const theirsOps = Math.min(ops, opts.theirsOps ?? 1_000_000);
  const tg = process.hrtime.bigint();
  const st = generateStream({ ops, seed: opts.seed ?? 12345 });
  const warm = generateStream({ ops: Math.min(ops, 500_000), seed: (opts.seed ?? 12345) ^ 0x5eed });
  const genMs = Number(process.hrtime.bigint() - tg) / 1e6;
  const mix = [0, 0, 0, 0];
  for (let k = st.prefill; k < st.n; k++) mix[st.type[k]!]!++;

  // ---- ours -----------------------------------------------------------------------------
  const tally: FillTally = { count: 0, volume: 0, notional: 0 };
  const sink = makeFillSink(tally);
  const memOurs = { peakHeap: 0 };
  for (let w = 0; w < 3; w++) {
    const b = new OrderBook();
    runOurs(b, warm, 0, warm.n, sink, memOurs);
  }
  const times: number[] = [];
  let ours: Checksum | undefined;
  let oursPrefix: Checksum | undefined;
  let repsConsistent = true;
  for (let r = 0; r < reps; r++) {
    gc();
    const b = new OrderBook();
    runOurs(b, st, 0, st.prefill, sink, memOurs);
    tally.count = tally.volume = tally.notional = 0;
    if (r === 0) {
      // Same prefix as nodejs-order-book replays, for the state cross-check.
      const bp = new OrderBook();
      runOurs(bp, st, 0, st.prefill + theirsOps, sink, memOurs);
      oursPrefix = ourChecksum(bp);
      tally.count = tally.volume = tally.notional = 0;
    }
    times.push(runOurs(b, st, st.prefill, st.n, sink, memOurs));
    const c = ourChecksum(b);
    if (ours !== undefined && c.hash !== ours.hash) repsConsistent = false;
    ours = c;
  }
  const oursNs = median(times);
  const rssAfterOurs = process.memoryUsage().rss;

  // ---- nodejs-order-book ------------------------------------------------------------------
  const ids: string[] = new Array<string>(Math.max(st.maxId, warm.maxId));
  for (let i = 0; i < ids.length; i++) ids[i] = String(i);
  const theirTally: FillTally = { count: 0, volume: 0, notional: 0 };
  const memTheirs = { peakHeap: 0 };
  gc();
  const heapBeforeTheirs = process.memoryUsage().heapUsed;
  runTheirs(new TheirBook(), warm, ids, 0, Math.min(warm.n, 200_000), theirTally, memTheirs);
  gc();
  const ob = new TheirBook();
  runTheirs(ob, st, ids, 0, st.prefill, theirTally, memTheirs);
  theirTally.count = theirTally.volume = 0;
  const theirsNs = runTheirs(ob, st, ids, st.prefill, st.prefill + theirsOps, theirTally, memTheirs);
  const theirs = theirChecksum(ob, Object.keys((ob as unknown as { orders: object }).orders).length);

  const oursOpsPerSec = ops / (oursNs / 1e9);
  const theirsOpsPerSec = theirsOps / (theirsNs / 1e9);
  const statesMatch = repsConsistent && oursPrefix !== undefined && oursPrefix.hash === theirs.hash && oursPrefix.orders === theirs.orders;
  const ru = process.resourceUsage();
  return {
    name: 'book-exchange-core-mix',
    node: process.version,
    stream: {
      measuredOps: ops, prefillOrders: st.prefill, seed: opts.seed ?? 12345, generateMs: Math.round(genMs),
      mixPct: { new: pct(mix[OP_NEW]!, ops), ioc: pct(mix[OP_IOC]!, ops), cancel: pct(mix[OP_CANCEL]!, ops), move: pct(mix[OP_MOVE]!, ops) },
      avgLiveOrders: Math.round(st.avgOrders), avgNonEmptyLevels: Math.round(st.avgLevels),
    },
    ours: {
      opsPerSec: Math.round(oursOpsPerSec), nsPerOp: round2(oursNs / ops), reps, repOpsPerSec: times.map((t) => Math.round(ops / (t / 1e9))),
      fills: tally.count, fillVolume: tally.volume, final: ours, peakHeapUsedMB: mb(memOurs.peakHeap),
    },
    nodejsOrderBook: {
      measuredOps: theirsOps, opsPerSec: Math.round(theirsOpsPerSec), nsPerOp: round2(theirsNs / theirsOps),
      iocCount: theirTally.count, iocFillVolume: theirTally.volume, final: theirs, peakHeapUsedMB: mb(memTheirs.peakHeap),
      heapUsedBeforeMB: mb(heapBeforeTheirs),
    },
    speedup: round2(oursOpsPerSec / theirsOpsPerSec),
    /** Every rep of ours ended identically AND ours equals nodejs-order-book after the same prefix. */
    statesMatch,
    oursOnSamePrefix: oursPrefix,
    memory: { rssAfterOursMB: mb(rssAfterOurs), peakRssMB: mb(ru.maxRSS * 1024), heapUsedEndMB: mb(process.memoryUsage().heapUsed) },
  };
}

const pct = (a: number, b: number): number => Math.round((a / b) * 1000) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;
