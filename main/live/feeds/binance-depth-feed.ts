import WebSocket from 'ws';
import type { InstrumentSpec } from '../../domain/instrument.js';
import { LevelBook } from '../../market/book/level-book.js';
import { parseFixUnits } from '../fix/fix-codec.js';
import { newFeedStats, type FeedState, type MarketDataFeed } from './market-data-feed.js';

/** Where a Binance-style depth feed lives. */
export interface BinanceDepthOptions {
  /** The snapshot endpoint, e.g. `https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000`. */
  readonly snapshotUrl: string;
  /** The diff stream, e.g. `wss://stream.binance.com:9443/ws/btcusdt@depth@100ms`. */
  readonly streamUrl: string;
  readonly instrument: InstrumentSpec;
  /** Called for every gap or error (for logs); the feed resyncs by itself. */
  readonly log?: (line: string) => void;
}

/** One diff event of the stream (`depthUpdate`): first and last update ids, and absolute level sizes. */
interface DepthDiff {
  readonly U: number;
  readonly u: number;
  readonly b: ReadonlyArray<readonly [string, string]>;
  readonly a: ReadonlyArray<readonly [string, string]>;
}

interface DepthSnapshot {
  readonly lastUpdateId: number;
  readonly bids: ReadonlyArray<readonly [string, string]>;
  readonly asks: ReadonlyArray<readonly [string, string]>;
}

/**
 * Binance's "how to manage a local order book" procedure, for any venue that speaks it: open
 * the diff stream and buffer it; fetch a snapshot (`lastUpdateId`); drop buffered diffs with
 * `u ≤ lastUpdateId`; the first diff applied must straddle `lastUpdateId + 1` (`U ≤ id+1 ≤ u`);
 * from then on every diff's `U` must be the previous `u + 1`. A diff that breaks the chain is a
 * gap: the book is marked `syncing`, buffering restarts and a fresh snapshot is fetched (the
 * stream stays open). Sizes are absolute (0 removes the level).
 *
 * Invariants: while `live`, the book equals the venue's as of the last applied `u`; no diff is
 * applied twice or out of order; a malformed message is a gap (resync), never a crash.
 */
export class BinanceDepthFeed implements MarketDataFeed {
  readonly name: string;
  readonly book = new LevelBook();
  state: FeedState = 'idle';
  readonly stats = newFeedStats();
  private readonly listeners: Array<() => void> = [];
  private ws: WebSocket | null = null;
  /** Diffs received while waiting for a snapshot. */
  private buffer: DepthDiff[] = [];
  private lastU = -1;
  /** Increments on every resync, so a stale snapshot answer is ignored. */
  private epoch = 0;
  private firstLive: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: BinanceDepthOptions) {
    this.name = `Binance-style depth ${opts.instrument.symbol}`;
    this.log = opts.log ?? (() => {});
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstLive = { resolve, reject };
      const ws = new WebSocket(this.opts.streamUrl);
      this.ws = ws;
      ws.on('open', () => this.resync('start'));
      ws.on('message', (data) => this.onMessage(String(data)));
      ws.on('error', (e) => this.fail(new Error(`${this.name}: ${this.opts.streamUrl}: ${e.message}`)));
      ws.on('close', () => {
        if (this.state !== 'stopped') {
          this.log(`${this.name}: stream closed`);
          this.state = 'ended';
        }
      });
    });
  }

  stop(): void {
    this.state = 'stopped';
    this.epoch++;
    this.ws?.close();
  }

  onUpdate(listener: () => void): void {
    this.listeners.push(listener);
  }

  private onMessage(text: string): void {
    if (this.state === 'stopped') return;
    const diff = parseDiff(text);
    if (diff === null) {
      this.log(`${this.name}: malformed diff ${text.slice(0, 80)}`);
      this.stats.gaps++;
      return this.resync('malformed diff');
    }
    if (this.state === 'syncing') {
      this.buffer.push(diff);
      return;
    }
    this.applyDiff(diff);
    this.notify();
  }

  /** Applies a diff in the chain; a break in the chain starts a resync. */
  private applyDiff(d: DepthDiff): void {
    if (d.u <= this.lastU) {
      this.stats.dropped++;
      return;
    }
    if (d.U !== this.lastU + 1 && !(d.U <= this.lastU + 1 && d.u >= this.lastU + 1)) {
      this.stats.gaps++;
      this.log(`${this.name}: gap: expected update ${this.lastU + 1}, got ${d.U}..${d.u}; resyncing`);
      this.buffer = [d];
      this.resync('gap');
      return;
    }
    if (!this.applyLevels(d.b, 1) || !this.applyLevels(d.a, -1)) {
      this.stats.gaps++;
      this.buffer = [];
      this.resync(`unreadable level in update ${d.U}..${d.u}`);
      return;
    }
    this.lastU = d.u;
  }

  private resync(why: string): void {
    if (this.state === 'stopped') return;
    this.state = 'syncing';
    const epoch = ++this.epoch;
    this.log(`${this.name}: fetching snapshot (${why})`);
    fetch(this.opts.snapshotUrl)
      .then(async (r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return (await r.json()) as unknown;
      })
      .then((json) => {
        if (epoch !== this.epoch) return; // a newer resync superseded this one
        const snap = parseSnapshot(json);
        if (snap === null) throw new Error('snapshot is not { lastUpdateId, bids, asks }');
        this.book.clear();
        if (!this.applyLevels(snap.bids, 1) || !this.applyLevels(snap.asks, -1)) throw new Error('snapshot has an unreadable price or size');
        this.stats.snapshots++;
        this.lastU = snap.lastUpdateId;
        this.state = 'live';
        const buffered = this.buffer;
        this.buffer = [];
        for (const d of buffered) {
          if (this.state !== 'live') {
            this.buffer.push(d); // a gap inside the buffer started another resync: keep the rest for it
            continue;
          }
          this.applyDiff(d);
        }
        if (this.state === 'live') {
          this.firstLive?.resolve();
          this.firstLive = null;
          this.notify();
        }
      })
      .catch((e: unknown) => {
        if (epoch !== this.epoch) return;
        const err = new Error(`${this.name}: snapshot ${this.opts.snapshotUrl}: ${e instanceof Error ? e.message : String(e)}`);
        this.log(err.message);
        if (this.firstLive !== null) this.fail(err);
        else setTimeout(() => this.resync('snapshot failed'), 1000);
      });
  }

  private applyLevels(levels: ReadonlyArray<readonly [string, string]>, side: 1 | -1): boolean {
    const inst = this.opts.instrument;
    for (const [p, q] of levels) {
      const px = parseFixUnits(p, inst.priceDecimals);
      const sz = parseFixUnits(q, inst.sizeDecimals);
      if (px === null || sz === null) return false;
      this.book.setLevel(side, px, sz);
      this.stats.updates++;
    }
    return true;
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  private fail(e: Error): void {
    if (this.firstLive !== null) this.firstLive.reject(e);
    this.firstLive = null;
    this.stop();
  }
}

const isLevels = (x: unknown): x is Array<[string, string]> =>
  Array.isArray(x) && x.every((l) => Array.isArray(l) && l.length >= 2 && typeof l[0] === 'string' && typeof l[1] === 'string');

function parseDiff(text: string): DepthDiff | null {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return null;
  }
  // Combined streams wrap the event as { stream, data }.
  const o = (typeof j === 'object' && j !== null && 'data' in j ? (j as { data: unknown }).data : j) as Record<string, unknown> | null;
  if (o === null || typeof o !== 'object') return null;
  const { U, u, b, a } = o;
  if (!Number.isSafeInteger(U) || !Number.isSafeInteger(u) || (U as number) > (u as number) || !isLevels(b) || !isLevels(a)) return null;
  return { U: U as number, u: u as number, b, a };
}

function parseSnapshot(j: unknown): DepthSnapshot | null {
  if (typeof j !== 'object' || j === null) return null;
  const { lastUpdateId, bids, asks } = j as Record<string, unknown>;
  if (!Number.isSafeInteger(lastUpdateId) || !isLevels(bids) || !isLevels(asks)) return null;
  return { lastUpdateId: lastUpdateId as number, bids, asks };
}
