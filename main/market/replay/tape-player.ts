import { LevelBook } from '../book/level-book.js';
import { OrderBook } from '../book/order-book.js';
import { newMarketEvent, type MarketEvent } from '../events/market-event.js';
import type { ReaderInfo } from '../readers/reader.js';
import { applyL2 } from './apply-l2.js';
import { applyL3 } from './apply-l3.js';
import type { EventTape } from './event-tape.js';
import { newReplayCounters, type ReplayCounters } from './replay-counters.js';
import { bookFor } from './replay-runner.js';

/** Called after each input event is applied during playback (trades, chart sampling). */
export type PlayListener = (inputIndex: number, ev: MarketEvent, book: OrderBook | LevelBook) => void;

/**
 * Plays a recorded tape into a book: forward event by event, and backwards by rebuilding from
 * the start (the tape holds the state before the first event and every correction, so the book
 * after input event k is always the same). Invariant: after `advanceTo(k)` or `seek(k)` the book
 * holds exactly input events 0..k−1 applied, and `position === k`.
 */
export class TapePlayer {
  book: OrderBook | LevelBook;
  counters: ReplayCounters = newReplayCounters();
  /** Number of input events applied. */
  position = 0;
  private readonly ev = newMarketEvent();
  /** Tape position of the next event to apply. */
  private cursor = 0;

  constructor(
    readonly tape: EventTape,
    readonly info: ReaderInfo,
  ) {
    this.book = bookFor(info);
    this.reset();
  }

  get total(): number {
    return this.tape.inputCount;
  }

  /** Back to the state before the first input event. */
  reset(): void {
    this.book.clear();
    this.counters = newReplayCounters();
    this.position = 0;
    this.cursor = 0;
    const start = this.tape.inputCount > 0 ? this.tape.inputStart[0] : this.tape.length;
    this.applyRange(start);
  }

  /** Applies input events until `position === k` (k is clamped to the tape). Forward only. */
  advanceTo(k: number, listener?: PlayListener): void {
    const target = Math.min(Math.max(k, 0), this.total);
    while (this.position < target) {
      const end = this.tape.endOfInput(this.position);
      const input = this.cursor;
      this.applyRange(end);
      if (listener) listener(this.position, this.tape.read(input, this.ev), this.book);
      this.position++;
    }
  }

  /** Applies input events while their timestamp is ≤ `tsNs`, at most `maxEvents`; returns how many. */
  advanceUntilTs(tsNs: number, maxEvents: number, listener?: PlayListener): number {
    let n = 0;
    while (this.position < this.total && n < maxEvents && this.tape.inputTs(this.position) <= tsNs) {
      this.advanceTo(this.position + 1, listener);
      n++;
    }
    return n;
  }

  /** Moves to input position k, rebuilding from the start when k is behind. */
  seek(k: number, listener?: PlayListener): void {
    if (k < this.position) this.reset();
    this.advanceTo(k, listener);
  }

  /** Timestamp of the last applied event (or of the first event before any). */
  currentTs(): number {
    if (this.total === 0) return 0;
    return this.tape.inputTs(Math.max(0, Math.min(this.position, this.total) - 1));
  }

  private applyRange(end: number): void {
    const ev = this.ev;
    const c = this.counters;
    const book = this.book;
    for (; this.cursor < end; this.cursor++) {
      this.tape.read(this.cursor, ev);
      if (book instanceof OrderBook) applyL3(book, ev, c);
      else applyL2(book as LevelBook, ev, c);
    }
  }
}
