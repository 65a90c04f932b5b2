import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { InstrumentSpec } from '../../domain/instrument.js';
import { BinanceDepthFeed } from './binance-depth-feed.js';

const INST: InstrumentSpec = { symbol: 'BTCUSDT', venue: 'BINANCE', priceDecimals: 2, sizeDecimals: 5, tickSizeUnits: 1 };

/**
 * A local Binance-style venue: a seeded book that changes one update id at a time, a snapshot
 * endpoint (`/depth`) and a diff stream (`/ws`). `drop` plants gaps: those update ids are never
 * sent on the stream (the book still changes, as when a message is lost).
 */
class FakeBinance {
  readonly bids = new Map<string, string>();
  readonly asks = new Map<string, string>();
  lastId = 1000;
  snapshotsServed = 0;
  private x = 99;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private clients: WebSocket[] = [];
  constructor(readonly drop: ReadonlySet<number>) {
    for (let i = 0; i < 10; i++) {
      this.bids.set((20000 - i).toFixed(2), '1.00000');
      this.asks.set((20001 + i).toFixed(2), '2.00000');
    }
    this.server = createServer((req, res) => {
      if (!req.url?.startsWith('/depth')) return res.writeHead(404).end();
      this.snapshotsServed++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ lastUpdateId: this.lastId, bids: [...this.bids], asks: [...this.asks] }));
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/ws' });
    this.wss.on('connection', (c) => this.clients.push(c));
  }
  listen(): Promise<number> {
    return new Promise((r) => this.server.listen(0, '127.0.0.1', () => r((this.server.address() as { port: number }).port)));
  }
  get connected(): number {
    return this.clients.length;
  }
  private rnd(n: number): number {
    this.x = (this.x * 1103515245 + 12345) % 2 ** 31;
    return Math.floor(this.x / 65536) % n;
  }
  /** One diff event of 1-3 update ids, each changing one level (size 0 removes it). */
  step(): void {
    const U = this.lastId + 1;
    const k = 1 + this.rnd(3);
    const b: Array<[string, string]> = [];
    const a: Array<[string, string]> = [];
    for (let i = 0; i < k; i++) {
      const bid = this.rnd(2) === 0;
      const px = (bid ? 19990 + this.rnd(11) : 20001 + this.rnd(11)).toFixed(2);
      const sz = this.rnd(4) === 0 ? '0.00000' : `${1 + this.rnd(9)}.${String(this.rnd(100000)).padStart(5, '0')}`;
      const side = bid ? this.bids : this.asks;
      if (sz === '0.00000') side.delete(px);
      else side.set(px, sz);
      (bid ? b : a).push([px, sz]);
    }
    this.lastId += k;
    if ([...Array(k).keys()].some((i) => this.drop.has(U + i))) return;
    const msg = JSON.stringify({ e: 'depthUpdate', E: 0, s: 'BTCUSDT', U, u: this.lastId, b, a });
    for (const c of this.clients) c.send(msg);
  }
  sendRaw(text: string): void {
    for (const c of this.clients) c.send(text);
  }
  close(): Promise<void> {
    for (const c of this.clients) c.terminate();
    this.wss.close();
    return new Promise((r) => this.server.close(() => r()));
  }
}

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sameBook(feed: BinanceDepthFeed, fake: FakeBinance): string | null {
  for (const [side, levels] of [[1, fake.bids], [-1, fake.asks]] as const) {
    if (feed.book.levelCount(side) !== levels.size) return `side ${side}: ${feed.book.levelCount(side)} levels, venue ${levels.size}`;
    for (const [p, q] of levels) {
      const got = feed.book.sizeAt(side, Math.round(Number(p) * 100));
      if (got !== Math.round(Number(q) * 1e5)) return `side ${side} ${p}: ${got} vs ${q}`;
    }
  }
  return null;
}

async function run(drop: number[], steps: number, between?: (i: number, fake: FakeBinance) => void) {
  const fake = new FakeBinance(new Set(drop));
  const port = await fake.listen();
  cleanup.push(() => fake.close());
  const log: string[] = [];
  const feed = new BinanceDepthFeed({ snapshotUrl: `http://127.0.0.1:${port}/depth?symbol=BTCUSDT`, streamUrl: `ws://127.0.0.1:${port}/ws`, instrument: INST, log: (l) => log.push(l) });
  cleanup.push(() => feed.stop());
  // Diffs already flow while the client fetches its first snapshot (the buffering path).
  const started = feed.start();
  for (let i = 0; i < 50 && fake.connected === 0; i++) await sleep(10);
  for (let i = 0; i < 5; i++) fake.step();
  await started;
  for (let i = 0; i < steps; i++) {
    fake.step();
    between?.(i, fake);
    if (i % 10 === 0) await sleep(2);
  }
  for (let i = 0; i < 200 && (feed.state !== 'live' || sameBook(feed, fake) !== null); i++) await sleep(10);
  return { fake, feed, log };
}

describe('BinanceDepthFeed against a local snapshot + diff server', () => {
  it('builds the venue book from snapshot and diffs, with no gap and one snapshot', async () => {
    const { fake, feed } = await run([], 300);
    expect(sameBook(feed, fake)).toBeNull();
    expect(feed.stats.gaps).toBe(0);
    expect(feed.stats.snapshots).toBe(1);
    expect(fake.snapshotsServed).toBe(1);
  });

  it('detects a planted gap, resyncs from a fresh snapshot and ends equal to the venue book', async () => {
    const { fake, feed, log } = await run([1200], 400);
    expect(feed.stats.gaps).toBe(1);
    expect(feed.stats.snapshots).toBe(2);
    expect(log.some((l) => /gap: expected update/.test(l))).toBe(true);
    expect(sameBook(feed, fake)).toBeNull();
  });

  it('treats a malformed message as a gap and recovers', async () => {
    const { fake, feed } = await run([], 200, (i, f) => {
      if (i === 100) f.sendRaw('{"e":"depthUpdate","U":"x"}');
    });
    expect(feed.stats.gaps).toBe(1);
    expect(feed.stats.snapshots).toBe(2);
    expect(sameBook(feed, fake)).toBeNull();
  });
});
