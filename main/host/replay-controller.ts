import { basename } from 'node:path';
import type { CommandResult, EventName, EventPayload } from '../contract/index.js';
import type { LevelBook } from '../market/book/level-book.js';
import type { OrderBook } from '../market/book/order-book.js';
import type { MarketEvent } from '../market/events/market-event.js';
import type { DataFormat } from '../market/readers/reader.js';
import { EventTape } from '../market/replay/event-tape.js';
import { openReplay } from '../market/replay/open-replay.js';
import { TapePlayer } from '../market/replay/tape-player.js';
import { EngineError } from './engine-error.js';
import { dataErrorMessage } from './file-access-excerpt.js';
import { FrameCollector } from './frame-collector.js';
import type { JobRegistry } from './job-registry.js';
import { ReplayRiskModels } from './risk-models-replay.js';

type Emit = <N extends EventName>(name: N, payload: EventPayload<N>) => void;
type OpenResult = CommandResult<'market.open'>;
type ReplayState = EventPayload<'replay.state'>['state'];
export type Speed = number | 'max';

const FRAME_MS = 33;
const TICK_MS = 16;
const MAX_BUDGET_MS = 12;
const LOAD_CHUNK = 32_768;
const BOOK_LEVELS = 10;

interface Session {
  id: string;
  open: OpenResult;
  player: TapePlayer;
}

/**
 * Drives market replay for the UI: loads a file into a tape (reporting progress, cancellable),
 * plays it at a speed (1x = the data's own clock, or as fast as possible), pauses, steps and
 * seeks, and pushes throttled frames (at most one per 33 ms). Wall time is read only here, in
 * the host layer; the book itself is rebuilt deterministically from the tape.
 */
export class ReplayController {
  private session: Session | null = null;
  private state: ReplayState = 'empty';
  private speed: Speed = 1;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private simTs = 0;
  private lastWall = 0;
  private lastFrameWall = -Infinity;
  private readonly collector = new FrameCollector();
  private rateWindowStart = 0;
  private rateWindowEvents = 0;
  private eventsPerSec = 0;
  private seq = 0;
  /** The risk models over the replayed market (tick data; null for bars or no session). */
  private risk: ReplayRiskModels | null = null;
  private readonly onEvent = (k: number, ev: MarketEvent, book: OrderBook | LevelBook): void => {
    this.collector.onEvent(k, ev, book);
    this.risk?.onEvent(k, ev, book);
  };

  constructor(
    private readonly emit: Emit,
    private readonly jobs: JobRegistry,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Loads data files into a new session (the previous one is closed only when this succeeds). */
  async open(files: string[], format?: DataFormat, levels?: number): Promise<OpenResult> {
    const previous = this.state;
    this.stopTimer();
    if (this.state === 'playing') this.state = 'paused';
    this.setState('loading');
    const job = this.jobs.start(`Loading ${basename(files[0]!)}`, 'events/s');
    const tape = new EventTape(1 << 16);
    let builder;
    try {
      builder = openReplay(files, { format, checkLevels: levels, tape });
    } catch (e) {
      this.jobs.end(job, 0);
      this.setState(previous === 'loading' ? 'empty' : previous);
      throw new EngineError('data-format', dataErrorMessage(e), 'files');
    }
    try {
      while (!builder.step(LOAD_CHUNK)) {
        const p = builder.progress();
        job.report(p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 0, builder.counters.events);
        // Yield so progress reaches the UI and a cancel can arrive.
        await new Promise<void>((r) => setImmediate(r));
        if (job.cancelled) throw new EngineError('cancelled', `Loading ${basename(files[0]!)} was cancelled`);
      }
    } catch (e) {
      builder.close();
      this.jobs.end(job, builder.counters.events);
      this.setState(this.session ? 'paused' : 'empty');
      if (e instanceof EngineError) throw e;
      throw new EngineError('data-format', dataErrorMessage(e), 'files');
    }
    builder.close();
    const r = builder.result();
    this.jobs.end(job, r.counters.events);
    const info = r.info;
    const id = `s${++this.seq}`;
    const open: OpenResult = {
      sessionId: id,
      format: info.format,
      variant: info.variant,
      instrument: { ...info.instrument },
      events: r.counters.events,
      firstTsNs: Number.isNaN(r.firstTsNs) ? 0 : r.firstTsNs,
      lastTsNs: Number.isNaN(r.lastTsNs) ? 0 : r.lastTsNs,
      baseEpochNs: info.baseEpochNs.toString(),
      clock: info.clock,
      checkedRows: r.reconciliation?.checkedRows ?? 0,
      mismatches: r.reconciliation?.mismatches ?? 0,
      depthLevels: info.depthLevels,
    };
    this.session = { id, open, player: new TapePlayer(tape, info) };
    this.collector.reset();
    this.risk = info.bookKind === 'bars' ? null : new ReplayRiskModels(this.emit, { sessionId: id, day: basename(files[0]!), sizeDecimals: info.instrument.sizeDecimals });
    this.simTs = open.firstTsNs;
    this.setState('ready');
    this.sendFrame(true);
    return open;
  }

  play(speed?: Speed): void {
    const s = this.requireSession();
    if (speed !== undefined) this.speed = speed;
    if (s.player.position >= s.player.total) this.seekTo(0);
    this.simTs = s.player.currentTs();
    this.lastWall = this.now();
    this.rateWindowStart = this.lastWall;
    this.rateWindowEvents = 0;
    this.setState('playing');
    this.schedule();
  }

  pause(): void {
    this.requireSession();
    this.stopTimer();
    if (this.state === 'playing') this.setState('paused');
    this.sendFrame(false);
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    if (this.session) this.simTs = this.session.player.currentTs();
    this.lastWall = this.now();
    this.emitState();
  }

  /** Moves to an input event index; returns the index reached. */
  seek(eventIndex: number | undefined, fraction: number | undefined): number {
    const s = this.requireSession();
    if (eventIndex === undefined && fraction === undefined) throw new EngineError('validation', 'replay.seek needs eventIndex or fraction', 'eventIndex');
    const k = eventIndex ?? Math.round(fraction! * s.player.total);
    return this.seekTo(Math.min(k, s.player.total));
  }

  /** Steps events forward (or back when negative) and pauses. */
  step(events: number): number {
    const s = this.requireSession();
    this.stopTimer();
    if (this.state === 'playing' || this.state === 'ready') this.state = 'paused';
    const target = Math.max(0, Math.min(s.player.total, s.player.position + events));
    if (target < s.player.position) return this.seekTo(target);
    s.player.advanceTo(target, this.onEvent);
    this.simTs = s.player.currentTs();
    this.afterMove();
    this.sendFrame(false);
    return s.player.position;
  }

  dispose(): void {
    this.stopTimer();
  }

  private seekTo(k: number): number {
    const s = this.requireSession();
    // The chart history is rebuilt along the way so it shows the path up to the new position.
    this.collector.reset();
    s.player.reset();
    if (this.risk) this.risk.rebuild(() => s.player.advanceTo(k, this.onEvent));
    else s.player.advanceTo(k, this.onEvent);
    this.simTs = s.player.currentTs();
    if (this.state !== 'playing') this.state = 'paused';
    this.afterMove();
    this.sendFrame(true);
    return s.player.position;
  }

  private afterMove(): void {
    const s = this.session!;
    if (s.player.position >= s.player.total && this.state === 'playing') {
      this.stopTimer();
      this.state = 'ended';
    }
    this.emitState();
  }

  private tick = (): void => {
    this.timer = null;
    const s = this.session;
    if (!s || this.state !== 'playing') return;
    const start = this.now();
    const p = s.player;
    const before = p.position;
    if (this.speed === 'max') {
      while (p.position < p.total && this.now() - start < MAX_BUDGET_MS) p.advanceTo(p.position + 2048, this.onEvent);
    } else {
      this.simTs += (start - this.lastWall) * 1e6 * this.speed;
      p.advanceUntilTs(this.simTs, 500_000, this.onEvent);
    }
    this.lastWall = start;
    this.rateWindowEvents += p.position - before;
    if (start - this.rateWindowStart >= 1000) {
      this.eventsPerSec = (this.rateWindowEvents * 1000) / (start - this.rateWindowStart);
      this.rateWindowStart = start;
      this.rateWindowEvents = 0;
    }
    const ended = p.position >= p.total;
    if (ended || start - this.lastFrameWall >= FRAME_MS) this.sendFrame(false);
    if (ended) {
      this.setState('ended');
      return;
    }
    this.schedule();
  };

  private schedule(): void {
    if (this.timer === null) this.timer = setTimeout(this.tick, TICK_MS);
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private requireSession(): Session {
    if (!this.session) throw new EngineError('state', 'No market data is open: open a file or the sample first');
    return this.session;
  }

  private setState(state: ReplayState): void {
    this.state = state;
    this.emitState();
  }

  private emitState(): void {
    const s = this.session;
    this.emit('replay.state', {
      sessionId: s?.id ?? null,
      state: this.state,
      speed: this.speed,
      eventIndex: s?.player.position ?? 0,
      totalEvents: s?.player.total ?? 0,
    });
  }

  private sendFrame(reset: boolean): void {
    const s = this.session;
    if (!s) return;
    this.lastFrameWall = this.now();
    this.risk?.flush();
    const book = s.player.book;
    const { trades, series } = this.collector.drain();
    const bid = book.bestBid();
    const ask = book.bestAsk();
    const mid = book.mid();
    const micro = book.microprice();
    this.emit('market.frame', {
      sessionId: s.id,
      eventIndex: s.player.position,
      tsNs: s.player.currentTs(),
      bids: levels(book, 1),
      asks: levels(book, -1),
      lastTradePriceUnits: this.collector.lastTradePrice,
      stats: {
        eventsPerSec: this.state === 'playing' ? this.eventsPerSec : 0,
        spreadUnits: Number.isNaN(bid) || Number.isNaN(ask) ? null : ask - bid,
        midUnits: Number.isNaN(mid) ? null : mid,
        microUnits: Number.isNaN(micro) ? null : micro,
        imbalance: book.imbalance(1),
        trades: s.player.counters.trades,
        volume: s.player.counters.volume,
      },
      trades,
      series,
      reset,
    });
  }
}

function levels(book: OrderBook | LevelBook, side: 1 | -1): Array<[number, number, number]> {
  return book.levels(side, BOOK_LEVELS).map((l) => [l.priceUnits, l.size, l.orderCount]);
}
