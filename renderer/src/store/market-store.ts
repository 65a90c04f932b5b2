import { FrameBatcher, animationFrame, type FrameScheduler } from './frame-batcher.js';
import { MarketAccumulator, type BookSnapshot, type MarketFrame, type SeriesColumns } from './market-accumulator.js';
import { createStore, type Store } from './store.js';

/** What market components subscribe to; changes at most once per animation frame. */
export interface MarketView {
  readonly book: BookSnapshot | null;
  /** Changes when the history is cleared (open, seek). */
  readonly generation: number;
  readonly points: number;
  readonly trades: number;
  /** Increments on every applied batch. */
  readonly version: number;
  readonly framesApplied: number;
}

/**
 * Market frames → accumulator → view store, batched per animation frame. Components read the
 * full history through `columns` (mutable, read-only to them) when `version` changes.
 */
export class MarketStore {
  readonly view: Store<MarketView>;
  private readonly acc = new MarketAccumulator();
  private readonly batcher: FrameBatcher<MarketFrame>;

  constructor(schedule: FrameScheduler = animationFrame) {
    this.view = createStore<MarketView>({ book: null, generation: 0, points: 0, trades: 0, version: 0, framesApplied: 0 });
    this.batcher = new FrameBatcher((frames) => this.applyBatch(frames), schedule);
  }

  get columns(): SeriesColumns {
    return this.acc.columns;
  }

  /** Queues a frame; it is applied with the others on the next animation frame. */
  push(frame: MarketFrame): void {
    this.batcher.push(frame);
  }

  /** Forgets everything (a new file is opening). */
  clear(): void {
    this.batcher.discard();
    this.acc.clear();
    this.publish(0);
  }

  /** Applies queued frames now. */
  flushNow(): void {
    this.batcher.flushNow();
  }

  private applyBatch(frames: MarketFrame[]): void {
    this.acc.apply(frames);
    this.publish(frames.length);
  }

  private publish(applied: number): void {
    const c = this.acc.columns;
    this.view.setState((s) => ({
      book: this.acc.book,
      generation: this.acc.generation,
      points: c.tsNs.length,
      trades: c.tradeTsNs.length,
      version: s.version + 1,
      framesApplied: s.framesApplied + applied,
    }));
  }
}
