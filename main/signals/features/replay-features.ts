import type { BookView } from '../../market/book/book-types.js';
import { EventFlag, EventKind, type MarketEvent } from '../../market/events/market-event.js';
import { openReplay } from '../../market/replay/open-replay.js';
import type { FeatureConfig } from './feature-config.js';
import { FeatureEngine, type FeatureRows } from './feature-engine.js';

/**
 * Feeds one replayed event into a feature engine: trades first (an execution's print, a hidden
 * execution, a cross), then the book for every event that can change it.
 * Execute's `side` is the RESTING order's side, so its aggressor is the opposite one.
 *
 * `batched`: the source marks the last event of each atomic batch with `BatchEnd` (Databento MBO,
 * Binance, Tardis L2 and snapshots; not LOBSTER, whose every message is atomic). Then the book is
 * handed over only at a batch's end, so no row or mid is ever taken from a half-applied snapshot or
 * update, and a book event is one batch. A Quote (a whole top of book) is always atomic.
 */
export function feedReplayEvent(engine: FeatureEngine, ev: MarketEvent, book: BookView, batched = false): void {
  const bookReady = !batched || (ev.flags & EventFlag.BatchEnd) !== 0 || ev.kind === EventKind.Quote;
  switch (ev.kind) {
    case EventKind.Execute:
      if (ev.size > 0) engine.onTrade(ev.tsNs, ev.size, ev.side === 1 ? -1 : ev.side === -1 ? 1 : 0);
      if (bookReady) engine.onBook(ev.tsNs, book);
      return;
    case EventKind.Trade:
    case EventKind.Cross:
      if (ev.size > 0) engine.onTrade(ev.tsNs, ev.size, ev.kind === EventKind.Cross ? 0 : ev.side);
      // A print does not change the book, but in a batched source it may end a batch that did.
      if (batched && bookReady) engine.onBook(ev.tsNs, book);
      return;
    case EventKind.Add:
    case EventKind.Cancel:
    case EventKind.Delete:
    case EventKind.Modify:
    case EventKind.Clear:
    case EventKind.Level:
    case EventKind.Quote:
      if (bookReady) engine.onBook(ev.tsNs, book);
      return;
    default:
      // Status, Fill (the book changes through the following cancel), None, Bar: no book change;
      // but one may end a batch whose changes came before it.
      if (batched && bookReady && ev.kind !== EventKind.Bar) engine.onBook(ev.tsNs, book);
      return;
  }
}

/** The features of one recorded day and the tick they were measured in. */
export interface DayFeatures extends FeatureRows {
  files: readonly string[];
  tickUnits: number;
}

/**
 * Replays one day (`files` as `openReplay` takes them: a LOBSTER message file finds its orderbook file
 * beside it) and computes its features. Throws the readers' `DataFormatError` (file, line, field)
 * unchanged, and an Error naming the file for data without an order book (bars).
 */
export function featuresFromFiles(files: readonly string[], config: Partial<FeatureConfig> = {}): DayFeatures {
  let engine: FeatureEngine | null = null;
  let batched = false;
  const replay = openReplay(files, { onEvent: (_i, ev, book) => feedReplayEvent(engine!, ev, book, batched) });
  try {
    if (replay.info.bookKind === 'bars') {
      throw new Error(`${files.join('+')}: bars have no order book; signal features need book data (LOBSTER, Databento MBO, Binance depth, Tardis)`);
    }
    batched = replay.info.format !== 'lobster';
    const tickUnits = replay.info.instrument.tickSizeUnits;
    engine = new FeatureEngine(config, tickUnits);
    replay.runToEnd();
    return { ...engine.finish(), files, tickUnits };
  } finally {
    replay.close();
  }
}
