import { Buy, Sell } from '../../domain/side.js';
import type { BookView } from '../book/book-types.js';
import { LevelBook } from '../book/level-book.js';
import { OrderBook } from '../book/order-book.js';
import { EventFlag, EventKind, newMarketEvent, type MarketEvent } from '../events/market-event.js';
import type { LobsterOrderbookReader } from '../readers/lobster-orderbook-reader.js';
import { DataFormatError, type MarketDataReader, type ReaderAdjustments, type ReaderInfo } from '../readers/reader.js';
import { applyL2 } from './apply-l2.js';
import { applyL3 } from './apply-l3.js';
import { RESET_LEVEL, type EventTape } from './event-tape.js';
import { LobsterReconciler, type TouchedLevel } from './lobster-reconciler.js';
import { newReplayCounters, noteIssue, type ReplayCounters } from './replay-counters.js';
import { syncLevel } from './sync-level.js';

/** Options of a replay. Everything is optional; without them the replay just rebuilds the book. */
export interface ReplayOptions {
  /** LOBSTER orderbook file to reconcile against; levels entering from beyond its depth are taken from it. */
  reference?: LobsterOrderbookReader;
  /** Compare only levels 1..checkLevels of the reference (all are still synced). Default: all. */
  checkLevels?: number;
  /** Records every input event and every correction for playback. */
  tape?: EventTape;
  /** Called after each input event (and its corrections) is applied. */
  onEvent?: (index: number, ev: MarketEvent, book: BookView) => void;
}

/** Reconciliation figures against a reference book (null when none was given). */
export interface ReconciliationResult {
  checkedRows: number;
  /** Rows where a level determined by the messages differed from the file. */
  mismatches: number;
  mismatchedLevels: number;
  checkedLevels: number;
  /** Levels taken from the file (entering from beyond its depth) or adjusted to it. */
  syncedLevels: number;
  firstMismatches: string[];
}

/**
 * What a replay saw. Invariant: `counters.events` input events were applied, in order;
 * `firstTsNs`/`lastTsNs` are NaN when there were none.
 */
export interface ReplayResult {
  info: ReaderInfo;
  counters: ReplayCounters;
  /** What the reader accepted beyond the strict format (rounded timestamps, skipped stale rows...). */
  adjustments: ReaderAdjustments;
  reconciliation: ReconciliationResult | null;
  firstTsNs: number;
  lastTsNs: number;
  elapsedMs: number;
  book: OrderBook | LevelBook;
}

/** A fresh book of the kind the data rebuilds: L3 for market-by-order, L2 levels otherwise. */
export function bookFor(info: ReaderInfo): OrderBook | LevelBook {
  return info.bookKind === 'L3' ? new OrderBook({ tickUnits: info.instrument.tickSizeUnits }) : new LevelBook({ tickUnits: info.instrument.tickSizeUnits });
}

/**
 * Streams the events of a reader into a book, in order, a chunk at a time (`step`), so a host can
 * report progress and honour a cancel between chunks. Optionally reconciles with a LOBSTER
 * orderbook file and records a tape. Deterministic: the same input gives the same book at every
 * event. `step` throws `DataFormatError` from the reader, and also when the reference file and
 * the message file differ in length (naming the reference file's line).
 */
export class ReplayBuilder {
  readonly info: ReaderInfo;
  readonly counters: ReplayCounters = newReplayCounters();
  readonly book: OrderBook | LevelBook;
  private readonly l3: OrderBook | null;
  private readonly l2: LevelBook | null;
  private readonly reconciler: LobsterReconciler | null;
  private readonly touched: TouchedLevel = { side: 0, priceUnits: 0, changesBook: false, sizeDelta: 0 };
  private readonly synced = newMarketEvent();
  private first = NaN;
  private last = NaN;
  private started = false;
  private finished = false;
  private elapsedMs = 0;
  private pending: MarketEvent | null = null;
  private row0: Float64Array | null = null;

  constructor(
    private readonly reader: MarketDataReader,
    private readonly opts: ReplayOptions = {},
  ) {
    this.info = reader.info;
    this.book = bookFor(this.info);
    this.l3 = this.book instanceof OrderBook ? this.book : null;
    this.l2 = this.book instanceof LevelBook ? this.book : null;
    this.synced.kind = EventKind.Level;
    const ref = opts.reference;
    this.reconciler = ref && this.l3
      ? new LobsterReconciler(ref.levels, opts.checkLevels ?? ref.levels, (side, price, size, reset) => this.record(side, price, size, reset ? RESET_LEVEL : 0))
      : null;
  }

  get done(): boolean {
    return this.finished;
  }

  /** Bytes of input consumed so far, for progress bars. */
  progress(): { bytesRead: number; totalBytes: number } {
    return this.reader.progress();
  }

  /** Applies up to `maxEvents` more events; returns true when the input is exhausted. */
  step(maxEvents: number): boolean {
    if (this.finished) return true;
    const t0 = performance.now();
    if (!this.started) this.start();
    const c = this.counters;
    const ref = this.opts.reference;
    const tape = this.opts.tape;
    const onEvent = this.opts.onEvent;
    let ev = this.pending;
    for (let n = 0; ev !== null && n < maxEvents; n++) {
      const k = c.events;
      if (k === 0) this.first = ev.tsNs;
      this.last = ev.tsNs;
      c.events++;
      if (tape) tape.push(ev);
      if (this.l3) applyL3(this.l3, ev, c);
      else applyL2(this.l2!, ev, c);
      if (this.reconciler) {
        // Row 0 was read at the start to find the state before the first message.
        const row = k === 0 ? this.row0 : ref!.next();
        if (!row) {
          throw new DataFormatError(ref!.file, ref!.line + 1, 1, 'AskPrice1',
            `a row for message line ${ev.line} (one row per message; the file is truncated)`, 'end of file');
        }
        describeTouch(ev, this.touched);
        this.reconciler.check(this.l3!, row, this.touched, k);
      } else if ((ev.flags & EventFlag.BatchEnd) !== 0 && !c.halted && this.book.isCrossed()) {
        // LOBSTER events carry no BatchEnd: a level-N file leaves out what happens beyond depth N,
        // so its book alone may cross legitimately; the orderbook file is its check (above).
        c.crossedBooks++;
        const book = this.book;
        noteIssue(c, ev.line, () => `book crossed after this batch: best bid ${book.bestBid()} >= best ask ${book.bestAsk()}`);
      }
      if (onEvent) onEvent(k, ev, this.book);
      ev = this.reader.next();
    }
    this.pending = ev;
    if (ev === null) this.finish();
    this.elapsedMs += performance.now() - t0;
    return this.finished;
  }

  /** Runs to the end and returns the result. */
  runToEnd(): ReplayResult {
    while (!this.step(1 << 20));
    return this.result();
  }

  result(): ReplayResult {
    const r = this.reconciler;
    return {
      info: this.info,
      counters: this.counters,
      adjustments: this.reader.adjustments(),
      reconciliation: r
        ? {
          checkedRows: r.checkedRows, mismatches: r.mismatchedRows, mismatchedLevels: r.mismatchedLevels,
          checkedLevels: r.checkedLevels, syncedLevels: r.syncs, firstMismatches: r.firstMismatches,
        }
        : null,
      firstTsNs: this.first,
      lastTsNs: this.last,
      elapsedMs: this.elapsedMs,
      book: this.book,
    };
  }

  close(): void {
    this.reader.close();
    this.opts.reference?.close();
  }

  private start(): void {
    this.started = true;
    this.pending = this.reader.next();
    const ref = this.opts.reference;
    if (!this.reconciler || !ref || !this.pending) return;
    // The reference reader reuses one array: row 0 stays in it until the next call.
    this.row0 = ref.next();
    if (!this.row0) throw new DataFormatError(ref.file, 1, 1, 'AskPrice1', 'one row per message', 'empty file');
    describeTouch(this.pending, this.touched);
    this.last = this.pending.tsNs;
    for (const l of this.reconciler.initialLevels(this.row0, this.touched)) {
      syncLevel(this.l3!, l.side, l.priceUnits, l.size);
      this.record(l.side, l.priceUnits, l.size, 0);
    }
  }

  private finish(): void {
    this.finished = true;
    const ref = this.opts.reference;
    if (this.reconciler && ref && ref.next() !== null) {
      throw new DataFormatError(ref.file, ref.line, 1, 'AskPrice1',
        `no row past ${this.counters.events} (one row per message; the message file ends there)`, 'another row');
    }
  }

  private record(side: 1 | -1, price: number, size: number, flags: number): void {
    const tape = this.opts.tape;
    if (!tape) return;
    const s = this.synced;
    s.flags = flags;
    s.side = side;
    s.priceUnits = price;
    s.size = size;
    s.tsNs = this.last;
    tape.push(s, true);
  }
}

/** Replays a whole input synchronously (CLI, tests, benchmarks). */
export function runReplay(reader: MarketDataReader, opts: ReplayOptions = {}): ReplayResult {
  const b = new ReplayBuilder(reader, opts);
  return b.runToEnd();
}

/** Which level an event touched, and how (see `TouchedLevel`). */
function describeTouch(ev: MarketEvent, out: TouchedLevel): void {
  out.side = ev.side === 1 ? Buy : ev.side === -1 ? Sell : 0;
  out.priceUnits = ev.priceUnits;
  switch (ev.kind) {
    case EventKind.Add:
      out.changesBook = true;
      out.sizeDelta = ev.size;
      return;
    case EventKind.Cancel:
    case EventKind.Delete:
    case EventKind.Execute:
      out.changesBook = true;
      out.sizeDelta = -ev.size;
      return;
    default:
      out.changesBook = false;
      out.sizeDelta = 0;
  }
}
