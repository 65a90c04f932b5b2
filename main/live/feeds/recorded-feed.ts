import type { BookView } from '../../market/book/book-types.js';
import type { MarketEvent } from '../../market/events/market-event.js';
import type { ReaderInfo } from '../../market/readers/reader.js';
import { EventTape } from '../../market/replay/event-tape.js';
import { openReplay } from '../../market/replay/open-replay.js';
import { TapePlayer } from '../../market/replay/tape-player.js';
import { systemClock, type WallClock } from '../wall-driver.js';
import { newFeedStats, type FeedState, type MarketDataFeed } from './market-data-feed.js';

/** Options of a recorded feed. Invariant: speed > 0. */
export interface RecordedFeedOptions {
  /** The day's files, as `backtest --data` takes one day (any reader's format; LOBSTER reconciled with its orderbook file). */
  readonly files: readonly string[];
  /** Recorded seconds per wall second (1 = real time; tests use more). */
  readonly speed?: number;
  /** Start this many recorded seconds after the first event. */
  readonly startSec?: number;
  readonly clock?: WallClock;
  /** How often the feed catches up with the clock (default 10 ms). */
  readonly periodMs?: number;
}

/**
 * A recorded day replayed as a live feed at wall-clock speed: event i is applied once the wall
 * clock has run (tsNs_i − ts_start) / speed since `start()`. Invariants: events are applied in
 * file order, each once; after `pump()` the book holds exactly the events whose recorded time is
 * ≤ the recorded time the clock stands at (so a paused host catches up in one batch, never
 * skipping); the day is parsed and checked whole before the first event is played (a malformed
 * file fails `start()` with the reader's file:line message, not mid-session).
 */
export class RecordedFeed implements MarketDataFeed {
  readonly name: string;
  state: FeedState = 'idle';
  readonly stats = newFeedStats();
  private player: TapePlayer | null = null;
  private info: ReaderInfo | null = null;
  private readonly listeners: Array<() => void> = [];
  private readonly tradeListeners: Array<(ev: MarketEvent) => void> = [];
  private timer: NodeJS.Timeout | null = null;
  private t0Ms = 0;
  private ts0Ns = 0;
  private readonly clock: WallClock;
  private readonly speed: number;

  constructor(private readonly opts: RecordedFeedOptions) {
    this.speed = opts.speed ?? 1;
    if (!(this.speed > 0)) throw new RangeError(`speed: must be > 0, got ${this.speed}`);
    this.clock = opts.clock ?? systemClock;
    this.name = `recorded ${opts.files.map((f) => f.split(/[\\/]/).pop()).join('+')}${this.speed !== 1 ? ` ×${this.speed}` : ''}`;
  }

  /** The replayed book (valid after `start()`). */
  get book(): BookView {
    if (this.player === null) throw new Error(`${this.name}: not started`);
    return this.player.book;
  }

  get instrument() {
    return this.info?.instrument;
  }

  /** Events applied so far, and the recorded time the feed stands at. */
  get position(): { events: number; tsNs: number } {
    return { events: this.player?.position ?? 0, tsNs: this.player?.currentTs() ?? 0 };
  }

  start(): Promise<void> {
    try {
      const tape = new EventTape(1 << 16);
      const b = openReplay(this.opts.files, { tape });
      try {
        const r = b.runToEnd();
        if (r.counters.events === 0) throw new Error(`${this.opts.files[0]}: no events to replay`);
        this.info = r.info;
        this.ts0Ns = r.firstTsNs + (this.opts.startSec ?? 0) * 1e9;
      } finally {
        b.close();
      }
      this.player = new TapePlayer(tape, this.info);
    } catch (e) {
      this.state = 'stopped';
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    this.t0Ms = this.clock.nowMs();
    this.state = 'live';
    this.pump();
    if (this.opts.periodMs !== 0) this.timer = setInterval(() => this.pump(), this.opts.periodMs ?? 10);
    return Promise.resolve();
  }

  /** Applies every event due by now (the timer calls it; tests with a fake clock call it directly). */
  pump(): void {
    const p = this.player;
    if (p === null || this.state !== 'live') return;
    const due = this.ts0Ns + (this.clock.nowMs() - this.t0Ms) * 1e6 * this.speed;
    const n = p.advanceUntilTs(due, Number.MAX_SAFE_INTEGER, (_i, ev) => {
      for (const l of this.tradeListeners) l(ev);
    });
    this.stats.updates += n;
    if (n > 0) for (const l of this.listeners) l();
    if (p.position >= p.total) {
      this.state = 'ended';
      this.stopTimer();
    }
  }

  stop(): void {
    this.state = 'stopped';
    this.stopTimer();
  }

  onUpdate(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Every replayed event as it is applied (trade prints for volume-driven strategies); the record is reused. */
  onEvent(listener: (ev: MarketEvent) => void): void {
    this.tradeListeners.push(listener);
  }

  private stopTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
